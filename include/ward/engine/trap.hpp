// Traps are values: a kind plus where it happened, returned to the caller of an execution.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace ward::engine {

enum class TrapKind : uint8_t {
  Unreachable,
  MemoryOutOfBounds,
  TableOutOfBounds,
  UndefinedElement,        // call_indirect index past the end of the table
  UninitializedElement,    // call_indirect to a null table element
  IndirectCallTypeMismatch,
  IntegerDivideByZero,
  IntegerOverflow,
  InvalidConversionToInteger,
  CallStackExhausted,
  OutOfGas,
  HostError,               // a host function failed; see Trap::host_payload
};

// The spec-suite wording of each trap ("integer divide by zero", ...).
const char* to_string(TrapKind kind);

// Anything a host function wants to hand back through a trap.
struct HostPayload {
  virtual ~HostPayload() = default;
  virtual std::string message() const = 0;
};

struct Trap {
  TrapKind kind = TrapKind::Unreachable;
  uint32_t func_index = 0;   // function index (module index space) where the trap happened
  uint32_t code_offset = 0;  // byte offset in the module of the trapping instruction
  std::shared_ptr<HostPayload> host_payload;  // only for TrapKind::HostError
  std::string to_string() const;
};

}  // namespace ward::engine
