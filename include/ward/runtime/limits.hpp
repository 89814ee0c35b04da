// VMLimits (calimero-abi.md §5.1): every field with the reference default.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ward::runtime {

struct VMLimits {
  uint32_t max_memory_pages = 1024;
  uint64_t max_stack_size = 204'800;
  uint64_t max_registers = 100;
  uint64_t max_register_size = 104'857'600;
  uint64_t max_registers_capacity = 1'073'741'824;
  uint64_t max_logs = 1024;
  uint64_t max_log_size = 16'384;
  uint64_t max_events = 100;
  uint64_t max_event_kind_size = 100;
  uint64_t max_event_data_size = 16'384;
  uint64_t max_xcalls = 8;
  uint64_t max_xcall_function_size = 100;
  uint64_t max_xcall_params_size = 16'384;
  uint64_t max_storage_key_size = 1'048'576;
  uint64_t max_storage_value_size = 10'485'760;
  uint64_t max_storage_writes = 100'000;
  uint64_t max_storage_write_bytes = 134'217'728;
  uint64_t max_blob_handles = 100;
  uint64_t max_blob_chunk_size = 10'485'760;
  uint64_t max_blob_total_size = 536'870'912;
  uint64_t max_storage_index_scan_limit = 100'000;
  uint64_t max_return_value_size = 16'777'216;
  uint64_t max_method_name_length = 256;
  uint64_t max_module_size = 20'971'520;
  uint64_t max_artifact_size = 16'777'216;
  uint64_t max_precompiled_module_size = 268'435'456;
  uint64_t max_gas = 1'000'000'000;

  // A description of the first invalid combination (e.g. a zero max_gas), or nullopt.
  std::optional<std::string> validate() const;
};

}  // namespace ward::runtime
