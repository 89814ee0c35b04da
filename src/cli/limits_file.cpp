#include "cli/limits_file.hpp"

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

#include "cli/read_file.hpp"

namespace ward::cli {
namespace {

using runtime::VMLimits;

struct LimitField {
  const char* name;
  uint64_t VMLimits::*u64 = nullptr;
  uint32_t VMLimits::*u32 = nullptr;
};

// Every field of VMLimits, in declaration order.
constexpr LimitField kLimitFields[] = {
    {"max_memory_pages", nullptr, &VMLimits::max_memory_pages},
    {"max_stack_size", &VMLimits::max_stack_size},
    {"max_registers", &VMLimits::max_registers},
    {"max_register_size", &VMLimits::max_register_size},
    {"max_registers_capacity", &VMLimits::max_registers_capacity},
    {"max_logs", &VMLimits::max_logs},
    {"max_log_size", &VMLimits::max_log_size},
    {"max_events", &VMLimits::max_events},
    {"max_event_kind_size", &VMLimits::max_event_kind_size},
    {"max_event_data_size", &VMLimits::max_event_data_size},
    {"max_xcalls", &VMLimits::max_xcalls},
    {"max_xcall_function_size", &VMLimits::max_xcall_function_size},
    {"max_xcall_params_size", &VMLimits::max_xcall_params_size},
    {"max_storage_key_size", &VMLimits::max_storage_key_size},
    {"max_storage_value_size", &VMLimits::max_storage_value_size},
    {"max_storage_writes", &VMLimits::max_storage_writes},
    {"max_storage_write_bytes", &VMLimits::max_storage_write_bytes},
    {"max_blob_handles", &VMLimits::max_blob_handles},
    {"max_blob_chunk_size", &VMLimits::max_blob_chunk_size},
    {"max_blob_total_size", &VMLimits::max_blob_total_size},
    {"max_storage_index_scan_limit", &VMLimits::max_storage_index_scan_limit},
    {"max_return_value_size", &VMLimits::max_return_value_size},
    {"max_method_name_length", &VMLimits::max_method_name_length},
    {"max_module_size", &VMLimits::max_module_size},
    {"max_artifact_size", &VMLimits::max_artifact_size},
    {"max_precompiled_module_size", &VMLimits::max_precompiled_module_size},
    {"max_gas", &VMLimits::max_gas},
};

const LimitField* find_field(const std::string& name) {
  for (const LimitField& field : kLimitFields) {
    if (name == field.name) return &field;
  }
  return nullptr;
}

}  // namespace

engine::Result<VMLimits, std::string> apply_limits_json(const std::string& text, VMLimits limits) {
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    return std::string("not valid JSON: ") + error.what();
  }
  if (!document.is_object()) {
    return std::string("expected a JSON object of VMLimits fields, got a JSON ") +
           document.type_name();
  }
  for (const auto& [name, value] : document.items()) {
    const LimitField* field = find_field(name);
    if (field == nullptr) {
      return "unknown field \"" + name + "\" (the fields are: " + limit_field_names() + ")";
    }
    const uint64_t max =
        field->u32 ? std::numeric_limits<uint32_t>::max() : std::numeric_limits<uint64_t>::max();
    // nlohmann keeps integers that fit in u64 exact; anything else (negative, fractional,
    // larger, not a number) is rejected.
    if (!value.is_number_unsigned() || value.get<uint64_t>() > max) {
      return "field \"" + name + "\": expected an integer from 0 to " + std::to_string(max) +
             ", got " + value.dump();
    }
    if (field->u32) {
      limits.*(field->u32) = static_cast<uint32_t>(value.get<uint64_t>());
    } else {
      limits.*(field->u64) = value.get<uint64_t>();
    }
  }
  return limits;
}

engine::Result<VMLimits, std::string> load_limits_file(const std::string& path, VMLimits limits) {
  auto bytes = read_file_bytes(path);
  if (!bytes) return bytes.error();
  auto applied = apply_limits_json(std::string(bytes->begin(), bytes->end()), limits);
  if (!applied) return "\"" + path + "\": " + applied.error();
  return applied.value();
}

std::string limit_field_names() {
  std::string names;
  for (const LimitField& field : kLimitFields) {
    names += (names.empty() ? "" : ", ") + std::string(field.name);
  }
  return names;
}

}  // namespace ward::cli
