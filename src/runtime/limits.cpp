#include "ward/runtime/limits.hpp"

#include <string>

namespace ward::runtime {
namespace {

// Bounds the reference node puts on its operator-overridable limits (§5.1).
constexpr uint64_t kMaxLogsBound = 1'000'000;
constexpr uint64_t kMaxLogSizeBound = 10ull << 20;               // 10 MiB
constexpr uint64_t kMaxPrecompiledModuleSizeBound = 1ull << 30;  // 1 GiB
// §5.1: register lengths stay clear of the top of the u64 range (register_len answers u64::MAX
// for a missing register).
constexpr uint64_t kRegisterSizeBound = UINT64_MAX - 1;  // 2^64 - 2, exclusive

std::string must_be_at_most(const char* field, uint64_t value, uint64_t bound) {
  return std::string(field) + " must be at most " + std::to_string(bound) + " (got " +
         std::to_string(value) + ")";
}

}  // namespace

std::optional<std::string> VMLimits::validate() const {
  if (max_register_size >= kRegisterSizeBound) {
    return "max_register_size must be less than 2^64 - 2 (got " +
           std::to_string(max_register_size) + ")";
  }
  if (max_registers_capacity < max_register_size) {
    return "max_registers_capacity (" + std::to_string(max_registers_capacity) +
           ") must be at least max_register_size (" + std::to_string(max_register_size) + ")";
  }
  if (max_logs > kMaxLogsBound) return must_be_at_most("max_logs", max_logs, kMaxLogsBound);
  if (max_log_size > kMaxLogSizeBound) {
    return must_be_at_most("max_log_size", max_log_size, kMaxLogSizeBound);
  }
  if (max_storage_key_size == 0) return std::string("max_storage_key_size must be non-zero");
  if (max_storage_value_size == 0) return std::string("max_storage_value_size must be non-zero");
  if (max_precompiled_module_size > kMaxPrecompiledModuleSizeBound) {
    return must_be_at_most("max_precompiled_module_size", max_precompiled_module_size,
                           kMaxPrecompiledModuleSizeBound);
  }
  if (max_gas == 0) return std::string("max_gas must be non-zero");
  return std::nullopt;
}

}  // namespace ward::runtime
