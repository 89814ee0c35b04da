// Argument parsing shared by the application commands (run, validate, inspect, state, blob):
// their exit codes (calimero-abi.md §9.4), identities in hex, numbers, output formats, and the
// handling of arguments CLI11 could not place.
//
// These commands parse option values themselves rather than through CLI11 validators, so that
// every argument error is reported the same way: one line naming the argument and what was
// expected, and exit code 2.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ward/engine/error.hpp"
#include "ward/runtime/context.hpp"

namespace ward::cli {

namespace app_exit {
inline constexpr int kOk = 0;      // returns is ok / the command did what it was asked
inline constexpr int kFailed = 1;  // returns is an error, a compile error, a key not found, ...
inline constexpr int kUsage = 2;   // usage, I/O or storage error: nothing was produced
}  // namespace app_exit

// An argument error: the message names the argument, e.g.
// `--context: expected 64 hex digits (32 bytes), got "abc"`.
struct ArgumentError {
  std::string message;
};

template <typename T>
using Parsed = engine::Result<T, ArgumentError>;

// A 32-byte identity written as 64 hex digits (either case).
Parsed<runtime::Id32> parse_id32(std::string_view argument, std::string_view text);
// A non-negative decimal integer that fits in 64 bits.
Parsed<uint64_t> parse_u64(std::string_view argument, std::string_view text);
// Bytes written as hex digits (even count, either case).
Parsed<runtime::Bytes> parse_hex_bytes(std::string_view argument, std::string_view text);
// `text` if it is one of `choices`.
Parsed<std::string> parse_choice(std::string_view argument, std::string_view text,
                                 std::initializer_list<std::string_view> choices);

std::string to_hex(const runtime::Bytes& bytes);
std::string to_hex(const runtime::Id32& id);
// `text` in double quotes with control characters, quotes and backslashes escaped, for error
// messages and text listings.
std::string quote_text(std::string_view text);

// Prints "error: <message>" and the --help hint on stderr; returns app_exit::kUsage.
int report_usage_error(const std::string& message);
// Prints "error: <message>" on stderr; returns app_exit::kUsage (I/O and storage failures).
int report_failure(const std::string& message);

// Lets CLI11 pass arguments it cannot place (unknown options, surplus positionals) to the
// command instead of failing the parse, so that check_leftovers reports them with exit code 2.
void collect_leftovers(CLI::App& app);
// An ArgumentError for the first leftover argument of `app`, if any.
std::optional<ArgumentError> check_leftovers(const CLI::App& app);

// Enforces a required positional argument (CLI11's own check would exit with 1). An empty
// string given on the command line counts as present.
std::optional<ArgumentError> require_positional(const CLI::Option& positional);

// Reads a whole file; the error names `argument` and the path.
Parsed<runtime::Bytes> read_argument_file(std::string_view argument, const std::string& path);

}  // namespace ward::cli
