// Human-readable names of engine types, traps and errors.
#include <cinttypes>
#include <cstdio>
#include <string>

#include "ward/engine/error.hpp"
#include "ward/engine/module.hpp"
#include "ward/engine/trap.hpp"
#include "ward/engine/types.hpp"

namespace ward::engine {

const char* to_string(ValType type) {
  switch (type) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "unknown";
}

std::string to_string(const FuncType& type) {
  std::string s = "(";
  for (size_t i = 0; i < type.params.size(); ++i) {
    if (i) s += ", ";
    s += to_string(type.params[i]);
  }
  s += ") -> (";
  for (size_t i = 0; i < type.results.size(); ++i) {
    if (i) s += ", ";
    s += to_string(type.results[i]);
  }
  return s + ")";
}

const char* to_string(ExternKind kind) {
  switch (kind) {
    case ExternKind::Func: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "unknown";
}

static std::string limits_string(const Limits32& l) {
  std::string s = std::to_string(l.min);
  if (l.has_max) s += ".." + std::to_string(l.max);
  return s;
}

std::string to_string(const ExternType& type) {
  switch (type.kind) {
    case ExternKind::Func: return "func " + to_string(type.func);
    case ExternKind::Table:
      return std::string("table ") + limits_string(type.table.limits) + " " +
             to_string(type.table.elem);
    case ExternKind::Memory: return "memory " + limits_string(type.memory.limits);
    case ExternKind::Global:
      return std::string("global ") + (type.global.mutable_ ? "mut " : "") +
             to_string(type.global.type);
  }
  return "unknown";
}

std::string to_string(const Value& value) {
  char buf[64];
  switch (value.type) {
    case ValType::I32:
      std::snprintf(buf, sizeof buf, "%" PRId32, static_cast<int32_t>(value.as_i32()));
      return buf;
    case ValType::I64:
      std::snprintf(buf, sizeof buf, "%" PRId64, static_cast<int64_t>(value.as_i64()));
      return buf;
    case ValType::F32:
      std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(value.as_f32()));
      return buf;
    case ValType::F64:
      std::snprintf(buf, sizeof buf, "%.17g", value.as_f64());
      return buf;
    case ValType::FuncRef:
    case ValType::ExternRef:
      if (value.is_null()) return std::string("null ") + to_string(value.type);
      std::snprintf(buf, sizeof buf, "%s:%" PRIx64, to_string(value.type), value.bits);
      return buf;
    case ValType::V128: return "v128";
  }
  return "?";
}

const char* to_string(TrapKind kind) {
  switch (kind) {
    case TrapKind::Unreachable: return "unreachable";
    case TrapKind::MemoryOutOfBounds: return "out of bounds memory access";
    case TrapKind::TableOutOfBounds: return "out of bounds table access";
    case TrapKind::UndefinedElement: return "undefined element";
    case TrapKind::UninitializedElement: return "uninitialized element";
    case TrapKind::IndirectCallTypeMismatch: return "indirect call type mismatch";
    case TrapKind::IntegerDivideByZero: return "integer divide by zero";
    case TrapKind::IntegerOverflow: return "integer overflow";
    case TrapKind::InvalidConversionToInteger: return "invalid conversion to integer";
    case TrapKind::CallStackExhausted: return "call stack exhausted";
    case TrapKind::OutOfGas: return "out of gas";
    case TrapKind::HostError: return "host error";
  }
  return "unknown trap";
}

std::string Trap::to_string() const {
  std::string s = engine::to_string(kind);
  if (kind == TrapKind::HostError && host_payload) s += ": " + host_payload->message();
  s += " (function " + std::to_string(func_index) + ", offset " + std::to_string(code_offset) + ")";
  return s;
}

std::string CompileError::to_string() const {
  const char* what = kind == CompileErrorKind::Malformed ? "malformed module"
                     : kind == CompileErrorKind::Invalid ? "invalid module"
                                                         : "module exceeds a limit";
  return std::string(what) + " at offset " + std::to_string(offset) + ": " + message;
}

}  // namespace ward::engine
