// Every resource limit the engine enforces, in one struct. Defaults follow the Calimero runtime
// where it has one (memory pages, stack bytes); the module-validation limits are generous bounds
// far above what real applications use, so that a hostile module cannot make compilation costly.
#pragma once

#include <cstdint>

namespace ward::engine {

struct Limits {
  // Runtime limits.
  uint32_t max_memory_pages = 1024;     // 64 MiB; a real cap on initial size and on memory.grow
  uint64_t max_stack_bytes = 204'800;   // explicit wasm stack: value slots plus frame records
  uint32_t max_table_elements = 1'000'000;  // cap on initial size and on table.grow

  // Module-validation limits (checked while decoding; each has its own error).
  uint32_t max_types = 100'000;
  uint32_t max_functions = 100'000;
  uint32_t max_imports = 100'000;
  uint32_t max_exports = 100'000;
  uint32_t max_globals = 100'000;
  uint32_t max_tables = 100;
  uint32_t max_data_segments = 100'000;
  uint32_t max_element_segments = 100'000;
  uint32_t max_params = 1'000;         // per function type (params and results each)
  uint32_t max_locals_per_function = 50'000;
  uint64_t max_module_locals = 1'000'000;  // declared locals summed over all function bodies
  uint32_t max_function_body_size = 7'654'321;  // bytes
  uint32_t max_nesting_depth = 1'024;  // nested block/loop/if
  uint32_t max_br_table_size = 65'520;  // targets in one br_table
  uint32_t max_segment_elements = 10'000'000;  // entries in one element segment
};

}  // namespace ward::engine
