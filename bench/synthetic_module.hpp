// Generators for the modules the benchmark builds in-process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ward::bench {

// A large valid module of `target_bytes` or a little more: thousands of functions whose bodies
// look like compiled code (locals, arithmetic on all integer widths and f64, loads and stores,
// nested blocks, counted loops, if/else, br_table, direct and indirect calls, a stack-pointer
// global). Deterministic for a given seed. Used to measure Module::compile throughput.
struct SyntheticModule {
  std::vector<uint8_t> bytes;
  uint32_t functions = 0;
};
SyntheticModule make_synthetic_module(size_t target_bytes, uint64_t seed);

// A typical small module: one page of memory, a stack-pointer global, a table with an element
// segment, a data segment and three exported functions; `entry` returns i32 42. Without memory
// (and so without the data segment) it shows what instantiation costs apart from the memory.
std::vector<uint8_t> make_small_module(bool with_memory);

// Imports `env.inc: (i64) -> i64` and exports `with_call(n: i32) -> i64` and
// `without_call(n: i32) -> i64`. Both loop n times over `acc = f(acc + i)`: with_call calls the
// import for f, without_call adds 1 inline. With an import that adds 1, both return the same.
std::vector<uint8_t> make_host_call_module();

}  // namespace ward::bench
