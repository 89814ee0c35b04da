#include "wast/spec_value.hpp"

#include <charconv>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

namespace ward::spec {
namespace {

using engine::Result;
using engine::ValType;
using engine::Value;

std::optional<ValType> type_from_name(const std::string& name) {
  if (name == "i32") return ValType::I32;
  if (name == "i64") return ValType::I64;
  if (name == "f32") return ValType::F32;
  if (name == "f64") return ValType::F64;
  if (name == "v128") return ValType::V128;
  if (name == "funcref") return ValType::FuncRef;
  if (name == "externref") return ValType::ExternRef;
  return std::nullopt;
}

std::optional<uint64_t> parse_u64(const std::string& text) {
  uint64_t result = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), result);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return result;
}

ValueError malformed(const nlohmann::json& value, const std::string& what) {
  return ValueError{false, what + " in " + value.dump()};
}

// The parts every value shares: its type, and its "value" string when present.
struct RawValue {
  ValType type = ValType::I32;
  std::optional<std::string> text;
};

Result<RawValue, ValueError> read_raw(const nlohmann::json& value) {
  if (!value.is_object() || !value.contains("type") || !value["type"].is_string()) {
    return malformed(value, "missing \"type\"");
  }
  std::optional<ValType> type = type_from_name(value["type"].get<std::string>());
  if (!type) return malformed(value, "unknown value type");
  if (*type == ValType::V128) {
    return ValueError{true, "v128 values (SIMD) are not supported by the engine"};
  }
  RawValue raw{*type, std::nullopt};
  if (value.contains("value")) {
    if (!value["value"].is_string()) return malformed(value, "\"value\" is not a string");
    raw.text = value["value"].get<std::string>();
  }
  return raw;
}

// Numbers are written as the unsigned decimal of their bits; references as "null" or a number.
Result<Value, ValueError> value_from_text(const nlohmann::json& json, ValType type,
                                          const std::string& text) {
  if (is_ref(type)) {
    if (text == "null") return Value::null_ref(type);
    std::optional<uint64_t> number = parse_u64(text);
    if (!number) return malformed(json, "bad reference value");
    if (type == ValType::FuncRef) {
      return ValueError{true, "funcref constants other than null cannot be passed in"};
    }
    return Value::externref(externref_payload(*number));
  }
  std::optional<uint64_t> bits = parse_u64(text);
  if (!bits) return malformed(json, "bad number");
  const bool is_32_bit = type == ValType::I32 || type == ValType::F32;
  if (is_32_bit && *bits > UINT32_MAX) return malformed(json, "number out of range");
  return Value{type, *bits};
}

bool is_canonical_nan(const Value& value) {
  if (value.type == ValType::F32) return (value.bits & 0x7fff'ffffu) == 0x7fc0'0000u;
  return (value.bits & 0x7fff'ffff'ffff'ffffu) == 0x7ff8'0000'0000'0000u;
}

bool is_arithmetic_nan(const Value& value) {
  if (value.type == ValType::F32) return (value.bits & 0x7fc0'0000u) == 0x7fc0'0000u;
  return (value.bits & 0x7ff8'0000'0000'0000u) == 0x7ff8'0000'0000'0000u;
}

std::string format(const char* pattern, auto... args) {
  char buffer[128];
  std::snprintf(buffer, sizeof buffer, pattern, args...);
  return buffer;
}

}  // namespace

Result<Value, ValueError> parse_argument(const nlohmann::json& json) {
  Result<RawValue, ValueError> raw = read_raw(json);
  if (!raw) return raw.error();
  if (!raw->text) return malformed(json, "argument without \"value\"");
  return value_from_text(json, raw->type, *raw->text);
}

Result<ExpectedValue, ValueError> parse_expected(const nlohmann::json& json) {
  Result<RawValue, ValueError> raw = read_raw(json);
  if (!raw) return raw.error();
  ExpectedValue expected;
  expected.value = Value{raw->type, 0};
  const bool is_float = raw->type == ValType::F32 || raw->type == ValType::F64;
  if (!raw->text) {
    // wast2json writes `(ref.func)` without an index as a bare type.
    if (raw->type != ValType::FuncRef) return malformed(json, "expected value without \"value\"");
    expected.kind = ExpectedValue::Kind::NonNullRef;
  } else if (is_float && *raw->text == "nan:canonical") {
    expected.kind = ExpectedValue::Kind::CanonicalNan;
  } else if (is_float && *raw->text == "nan:arithmetic") {
    expected.kind = ExpectedValue::Kind::ArithmeticNan;
  } else if (raw->type == ValType::FuncRef && *raw->text != "null") {
    expected.kind = ExpectedValue::Kind::NonNullRef;
  } else {
    Result<Value, ValueError> value = value_from_text(json, raw->type, *raw->text);
    if (!value) return value.error();
    expected.value = *value;
  }
  return expected;
}

bool ExpectedValue::matches(const Value& actual) const {
  if (actual.type != value.type) return false;
  switch (kind) {
    case Kind::Exact:
      return actual.bits == value.bits;
    case Kind::CanonicalNan:
      return is_canonical_nan(actual);
    case Kind::ArithmeticNan:
      return is_arithmetic_nan(actual);
    case Kind::NonNullRef:
      return !actual.is_null();
  }
  return false;
}

std::string ExpectedValue::to_string() const {
  const char* type_name = engine::to_string(value.type);
  switch (kind) {
    case Kind::Exact:
      return describe(value);
    case Kind::CanonicalNan:
      return std::string(type_name) + ":nan:canonical";
    case Kind::ArithmeticNan:
      return std::string(type_name) + ":nan:arithmetic";
    case Kind::NonNullRef:
      return std::string(type_name) + ":non-null";
  }
  return type_name;
}

std::string describe(const Value& value) {
  switch (value.type) {
    case ValType::I32:
      return format("i32:%" PRId32, static_cast<int32_t>(value.as_i32()));
    case ValType::I64:
      return format("i64:%" PRId64, static_cast<int64_t>(value.as_i64()));
    case ValType::F32:
      return format("f32:%.9g (0x%08" PRIx32 ")", static_cast<double>(value.as_f32()),
                    value.as_i32());
    case ValType::F64:
      return format("f64:%.17g (0x%016" PRIx64 ")", value.as_f64(), value.as_i64());
    case ValType::FuncRef:
      return value.is_null() ? "funcref:null" : "funcref:non-null";
    case ValType::ExternRef:
      return value.is_null() ? "externref:null" : format("externref:%" PRIu64, value.bits - 1);
    case ValType::V128:
      return "v128";
  }
  return "?";
}

}  // namespace ward::spec
