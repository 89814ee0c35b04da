// Values as wast2json writes them ({"type": "i32", "value": "42"}): arguments become engine
// values, expected results become patterns (exact bits, NaN classes, non-null references).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "ward/engine/error.hpp"
#include "ward/engine/types.hpp"

namespace ward::spec {

// Why a JSON value could not be used. `unsupported` marks values the engine cannot represent
// (v128), which make the command skipped rather than failed.
struct ValueError {
  bool unsupported = false;
  std::string message;
};

// Externref payloads are the script's number plus one, so that `ref.extern 0` is not null.
inline uintptr_t externref_payload(uint64_t script_number) { return script_number + 1; }

engine::Result<engine::Value, ValueError> parse_argument(const nlohmann::json& value);

struct ExpectedValue {
  enum class Kind : uint8_t {
    Exact,          // same type and bits
    CanonicalNan,   // nan:canonical — sign bit free, quiet bit set, rest of payload zero
    ArithmeticNan,  // nan:arithmetic — any NaN with the quiet bit set
    NonNullRef,     // ref.func without an index: any non-null funcref
  };
  Kind kind = Kind::Exact;
  engine::Value value;  // Exact: the value; otherwise only the type is meaningful

  bool matches(const engine::Value& actual) const;
  std::string to_string() const;
};

engine::Result<ExpectedValue, ValueError> parse_expected(const nlohmann::json& value);

// "i32:42", "f32:0x7fc00000 (nan)", "externref:3", "funcref:null" — for failure messages.
std::string describe(const engine::Value& value);

}  // namespace ward::spec
