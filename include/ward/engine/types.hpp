// Core WebAssembly value and type definitions shared by every engine component.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace ward::engine {

// Encoded as in the binary format, so decoding is a range check.
enum class ValType : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

const char* to_string(ValType type);
inline bool is_ref(ValType type) { return type == ValType::FuncRef || type == ValType::ExternRef; }
inline bool is_num(ValType type) {
  return type == ValType::I32 || type == ValType::I64 || type == ValType::F32 || type == ValType::F64;
}

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};
std::string to_string(const FuncType& type);

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3 };
const char* to_string(ExternKind kind);

struct Limits32 {
  uint64_t min = 0;
  bool has_max = false;
  uint64_t max = 0;
};

struct TableType {
  ValType elem = ValType::FuncRef;
  Limits32 limits;
};

struct MemoryType {
  Limits32 limits;  // in 64 KiB pages
};

struct GlobalType {
  ValType type = ValType::I32;
  bool mutable_ = false;
};

// Opaque reference to a function instance (funcref payload).
struct FunctionInstance;

// A wasm value tagged with its type. References: funcref holds a FunctionInstance pointer,
// externref holds an embedder-chosen pointer-sized payload; null is `ref_null == true`.
struct Value {
  ValType type = ValType::I32;
  uint64_t bits = 0;  // i32/i64/f32/f64 raw bits; ref payload (0 = null)

  static Value i32(uint32_t v) { return {ValType::I32, v}; }
  static Value i64(uint64_t v) { return {ValType::I64, v}; }
  static Value f32_bits(uint32_t v) { return {ValType::F32, v}; }
  static Value f64_bits(uint64_t v) { return {ValType::F64, v}; }
  static Value f32(float v) {
    uint32_t b;
    std::memcpy(&b, &v, 4);
    return f32_bits(b);
  }
  static Value f64(double v) {
    uint64_t b;
    std::memcpy(&b, &v, 8);
    return f64_bits(b);
  }
  static Value null_ref(ValType type) { return {type, 0}; }
  static Value funcref(const FunctionInstance* f) {
    return {ValType::FuncRef, reinterpret_cast<uintptr_t>(f)};
  }
  // Externref payloads are any non-zero pointer-sized value; zero means null.
  static Value externref(uintptr_t payload) { return {ValType::ExternRef, payload}; }

  uint32_t as_i32() const { return static_cast<uint32_t>(bits); }
  uint64_t as_i64() const { return bits; }
  float as_f32() const {
    float f;
    uint32_t b = static_cast<uint32_t>(bits);
    std::memcpy(&f, &b, 4);
    return f;
  }
  double as_f64() const {
    double d;
    std::memcpy(&d, &bits, 8);
    return d;
  }
  bool is_null() const { return bits == 0; }
  const FunctionInstance* as_funcref() const {
    return reinterpret_cast<const FunctionInstance*>(bits);
  }
  bool operator==(const Value&) const = default;
};
std::string to_string(const Value& value);

}  // namespace ward::engine
