#include "cli/arguments.hpp"

#include <charconv>
#include <cstdio>

#include "cli/read_file.hpp"
#include "runtime/encoding.hpp"

namespace ward::cli {

Parsed<runtime::Id32> parse_id32(std::string_view argument, std::string_view text) {
  std::optional<runtime::Bytes> bytes = runtime::hex_decode(text);
  if (!bytes || bytes->size() != 32) {
    return ArgumentError{std::string(argument) + ": expected 64 hex digits (32 bytes), got " +
                         quote_text(text)};
  }
  runtime::Id32 id;
  std::copy(bytes->begin(), bytes->end(), id.begin());
  return id;
}

Parsed<uint64_t> parse_u64(std::string_view argument, std::string_view text) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return ArgumentError{std::string(argument) +
                         ": expected a non-negative decimal integer below 2^64, got " +
                         quote_text(text)};
  }
  return value;
}

Parsed<runtime::Bytes> parse_hex_bytes(std::string_view argument, std::string_view text) {
  std::optional<runtime::Bytes> bytes = runtime::hex_decode(text);
  if (!bytes) {
    return ArgumentError{std::string(argument) + ": expected hex digits (two per byte), got " +
                         quote_text(text)};
  }
  return std::move(*bytes);
}

Parsed<std::string> parse_choice(std::string_view argument, std::string_view text,
                                 std::initializer_list<std::string_view> choices) {
  std::string listed;
  for (std::string_view choice : choices) {
    if (choice == text) return std::string(text);
    listed += (listed.empty() ? "" : " or ") + std::string(choice);
  }
  return ArgumentError{std::string(argument) + ": expected " + listed + ", got " +
                       quote_text(text)};
}

std::string to_hex(const runtime::Bytes& bytes) { return runtime::hex_encode(bytes); }
std::string to_hex(const runtime::Id32& id) { return runtime::hex_encode(id); }

std::string quote_text(std::string_view text) {
  static constexpr char kHexDigits[] = "0123456789abcdef";
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += kHexDigits[byte >> 4];
      out += kHexDigits[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

int report_usage_error(const std::string& message) {
  std::fprintf(stderr, "error: %s\nRun with --help for more information.\n", message.c_str());
  return app_exit::kUsage;
}

int report_failure(const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return app_exit::kUsage;
}

void collect_leftovers(CLI::App& app) { app.allow_extras(); }

std::optional<ArgumentError> check_leftovers(const CLI::App& app) {
  std::vector<std::string> leftovers = app.remaining();
  if (leftovers.empty()) return std::nullopt;
  const std::string& first = leftovers.front();
  if (first.size() > 1 && first[0] == '-') {
    return ArgumentError{first +
                         ": unknown option (put `--` before arguments that start with "
                         "'-' but are not options)"};
  }
  return ArgumentError{"unexpected extra argument " + quote_text(first)};
}

std::optional<ArgumentError> require_positional(const CLI::Option& positional) {
  if (positional.count() > 0) return std::nullopt;
  return ArgumentError{positional.get_name() + ": required argument missing"};
}

Parsed<runtime::Bytes> read_argument_file(std::string_view argument, const std::string& path) {
  auto bytes = read_file_bytes(path);
  if (!bytes) return ArgumentError{std::string(argument) + ": " + bytes.error()};
  return std::move(bytes.value());
}

}  // namespace ward::cli
