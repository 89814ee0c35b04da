// The command-line text form of wasm values: parsing arguments by parameter type, and printing
// results the way `wasmtime run --invoke` does (integers in signed decimal, floats in the
// shortest decimal that reads back to the same value).
#pragma once

#include <string>
#include <string_view>

#include "ward/engine/error.hpp"
#include "ward/engine/types.hpp"

namespace ward::cli {

// On failure, the error says what a value of `type` looks like (for "expected ..." messages).
engine::Result<engine::Value, std::string> parse_value(engine::ValType type, std::string_view text);

std::string format_value(const engine::Value& value);

}  // namespace ward::cli
