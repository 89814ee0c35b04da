// Test helper: assembles WebAssembly text into a binary module with wabt's wat2wasm.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace ward::test {

// Aborts the test (via a fatal GoogleTest failure in the caller) when assembly fails: returns
// an empty vector and prints wat2wasm's message.
std::vector<uint8_t> wat_to_wasm(std::string_view wat);

}  // namespace ward::test
