// Errors of compilation and linking. Compilation errors name the byte offset and the reason.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace ward::engine {

enum class CompileErrorKind : uint8_t {
  Malformed,     // the bytes are not a well-formed binary module
  Invalid,       // well-formed but fails validation
  LimitExceeded, // exceeds one of the module-validation limits in `Limits`
};

struct CompileError {
  CompileErrorKind kind = CompileErrorKind::Malformed;
  uint64_t offset = 0;  // byte offset in the module where the problem was found
  std::string message;  // the reason, e.g. "unexpected end of section or function"
  std::string to_string() const;
};

// Failure to link imports or to instantiate (segment out of bounds is a trap, see trap.hpp).
struct LinkError {
  std::string message;
};

// A value-or-error result used across the public API (no exceptions in the engine).
template <typename T, typename E>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(E error) : v_(std::move(error)) {}
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  E& error() { return std::get<1>(v_); }
  const E& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, E> v_;
};

}  // namespace ward::engine
