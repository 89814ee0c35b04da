#include "cli/value_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <system_error>

namespace ward::cli {
namespace {

using engine::ValType;
using engine::Value;

// Accepts signed decimal, unsigned decimal up to the type's width, and 0x-prefixed hex bits,
// so both -1 and 4294967295 (and 0xffffffff) give the i32 with all bits set.
bool parse_integer_bits(std::string_view text, unsigned bit_width, uint64_t& bits) {
  const uint64_t max_unsigned = bit_width == 64 ? UINT64_MAX : (uint64_t{1} << bit_width) - 1;
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (text.starts_with("0x") || text.starts_with("0X")) {
    auto [ptr, error] = std::from_chars(begin + 2, end, bits, 16);
    return text.size() > 2 && error == std::errc() && ptr == end && bits <= max_unsigned;
  }
  if (text.starts_with("-")) {
    int64_t value = 0;
    auto [ptr, error] = std::from_chars(begin, end, value);
    const int64_t min_signed = bit_width == 64 ? INT64_MIN : -(int64_t{1} << (bit_width - 1));
    if (error != std::errc() || ptr != end || value < min_signed) return false;
    bits = static_cast<uint64_t>(value) & max_unsigned;
    return true;
  }
  if (text.starts_with("+")) ++begin;
  auto [ptr, error] = std::from_chars(begin, end, bits);
  return begin != end && error == std::errc() && ptr == end && bits <= max_unsigned;
}

// Decimal or scientific notation, "inf", "-inf", "nan" (any case); a leading '+' is allowed.
template <typename Float>
bool parse_float(std::string_view text, Float& value) {
  if (text.starts_with("+")) text.remove_prefix(1);
  if (text.empty()) return false;
  auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  // Out-of-range literals are rejected rather than silently becoming infinity or zero.
  return error == std::errc() && ptr == text.data() + text.size();
}

// Writes the shortest round-trip digits in positional notation, padding with zeros rather than
// showing the exact binary value: 1e30f prints as 1000000000000000000000000000000, as Rust's
// Display (and so wasmtime) prints it. std::to_chars' fixed format would pick the exact digits.
template <typename Float>
std::string format_float(Float value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  char buffer[64];
  auto [end, error] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  if (error != std::errc()) return "?";
  std::string_view scientific(buffer, end - buffer);  // e.g. "-1.2345e+03"

  std::string text;
  if (scientific.starts_with("-")) {
    text = "-";
    scientific.remove_prefix(1);
  }
  const size_t exponent_at = scientific.find('e');
  std::string digits;
  for (char c : scientific.substr(0, exponent_at)) {
    if (c != '.') digits += c;
  }
  int exponent = 0;
  std::string_view exponent_text = scientific.substr(exponent_at + 1);
  if (exponent_text.starts_with("+")) exponent_text.remove_prefix(1);
  std::from_chars(exponent_text.data(), exponent_text.data() + exponent_text.size(), exponent);

  // The decimal point goes after `point` digits of `digits`.
  const int point = exponent + 1;
  if (point <= 0) {
    text += "0." + std::string(static_cast<size_t>(-point), '0') + digits;
  } else if (static_cast<size_t>(point) >= digits.size()) {
    text += digits + std::string(static_cast<size_t>(point) - digits.size(), '0');
  } else {
    text += digits.substr(0, point) + "." + digits.substr(point);
  }
  return text;
}

}  // namespace

engine::Result<Value, std::string> parse_value(ValType type, std::string_view text) {
  switch (type) {
    case ValType::I32: {
      uint64_t bits = 0;
      if (parse_integer_bits(text, 32, bits)) return Value::i32(static_cast<uint32_t>(bits));
      return std::string("a 32-bit integer (-2147483648 to 4294967295, or 0x hex)");
    }
    case ValType::I64: {
      uint64_t bits = 0;
      if (parse_integer_bits(text, 64, bits)) return Value::i64(bits);
      return std::string(
          "a 64-bit integer (-9223372036854775808 to 18446744073709551615, or 0x hex)");
    }
    case ValType::F32: {
      float value = 0;
      if (parse_float(text, value)) return Value::f32(value);
      return std::string("a 32-bit float (e.g. 1.5, -2e10, inf, nan) within f32 range");
    }
    case ValType::F64: {
      double value = 0;
      if (parse_float(text, value)) return Value::f64(value);
      return std::string("a 64-bit float (e.g. 1.5, -2e10, inf, nan) within f64 range");
    }
    case ValType::FuncRef:
    case ValType::ExternRef:
      if (text == "null") return Value::null_ref(type);
      return std::string("null (only null references can be passed from the command line)");
    case ValType::V128:
      break;
  }
  return std::string("a value of a type the command line cannot express (v128)");
}

std::string format_value(const Value& value) {
  switch (value.type) {
    case ValType::I32:
      return std::to_string(static_cast<int32_t>(value.as_i32()));
    case ValType::I64:
      return std::to_string(static_cast<int64_t>(value.as_i64()));
    case ValType::F32:
      return format_float(value.as_f32());
    case ValType::F64:
      return format_float(value.as_f64());
    case ValType::FuncRef:
      return value.is_null() ? "<null funcref>" : "<funcref>";
    case ValType::ExternRef:
      return value.is_null() ? "<null externref>" : "<externref>";
    case ValType::V128:
      break;
  }
  return "<v128>";
}

}  // namespace ward::cli
