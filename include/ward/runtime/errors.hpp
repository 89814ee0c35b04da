// The error taxonomy of calimero-abi.md §9: FunctionCallError and its nested HostError,
// MethodResolutionError and WasmTrap, with the reference's Display texts and JSON shapes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ward::runtime {

enum class WasmTrap : uint8_t {
  StackOverflow,
  MemoryOutOfBounds,
  HeapMisaligned,
  TableAccessOutOfBounds,
  IndirectCallToNull,
  BadSignature,
  IllegalArithmetic,
  Unreachable,
  UnalignedAtomic,
  Indeterminate,
};

enum class PanicContext : uint8_t { Guest, Host };

struct Location {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
  bool operator==(const Location&) const = default;
};

struct HostError {
  enum class Kind : uint8_t {
    InvalidRegisterId,          // a = id
    InvalidMemoryAccess,
    Panic,                      // panic_context, text = message, location
    BadUTF8,
    DeserializationError,
    SerializationError,
    IntegerOverflow,
    KeyLengthOverflow,
    ValueLengthOverflow,
    StorageWriteCountExceeded,  // a = max
    StorageWriteBytesExceeded,  // a = attempted, b = max
    ReturnValueSizeOverflow,    // a = size, b = max
    EventHandlerSizeOverflow,   // a = size, b = max
    LogLengthOverflow,
    LogsOverflow,
    EventsOverflow,
    EventKindSizeOverflow,
    EventDataSizeOverflow,
    XCallsOverflow,
    XCallFunctionSizeOverflow,
    XCallParamsSizeOverflow,
    ArtifactSizeOverflow,       // a = size, b = max
    BlobsNotSupported,
    InvalidBlobHandle,
    TooManyBlobHandles,         // a = max
    BlobBufferTooLarge,         // a = size, b = max
    TotalBlobMemoryExceeded,    // a = current, b = max
    BlobWriteTooLarge,          // a = size, b = max
    BlobWriteFailed,
    BlobContextMismatch,
    BlobHandleLimitExceeded,
    BlobMemoryLimitExceeded,
    Ed25519IncorrectPublicKey,
    AliasAlreadyExists,         // text = alias
    AliasTooLong,               // a = length
    NodeClientNotAvailable,
  };
  Kind kind = Kind::InvalidMemoryAccess;
  uint64_t a = 0;
  uint64_t b = 0;
  std::string text;
  PanicContext panic_context = PanicContext::Guest;
  std::optional<Location> location;

  static HostError of(Kind k, uint64_t a = 0, uint64_t b = 0) { return {k, a, b, {}, {}, {}}; }
  static HostError panic(PanicContext ctx, std::string message,
                         std::optional<Location> where = std::nullopt) {
    return {Kind::Panic, 0, 0, std::move(message), ctx, std::move(where)};
  }
  bool operator==(const HostError&) const = default;
};

struct MethodResolutionError {
  enum class Kind : uint8_t {
    InvalidSignature,            // name
    MethodNotFound,              // name
    MethodNameTooLong,           // name, length, max
    InvalidMethodNameCharacter,  // name, character, position
    EmptyMethodName,
  };
  Kind kind = Kind::EmptyMethodName;
  std::string name;
  uint64_t length = 0;   // MethodNameTooLong
  uint64_t max = 0;      // MethodNameTooLong
  char32_t character = 0;  // InvalidMethodNameCharacter
  uint64_t position = 0;   // InvalidMethodNameCharacter (character index)
  bool operator==(const MethodResolutionError&) const = default;
};

struct FunctionCallError {
  enum class Kind : uint8_t {
    CompilationError,         // message: engine text (not serialized)
    LinkError,                // message: engine text (not serialized)
    MethodResolutionError,    // method
    WasmTrap,                 // trap
    HostError,                // host
    ExecutionError,           // bytes
    ModuleSizeLimitExceeded,  // size, max
    ModuleValidationError,    // message = reason
    GasExhausted,             // max = limit
  };
  Kind kind = Kind::WasmTrap;
  std::string message;
  MethodResolutionError method;
  WasmTrap trap = WasmTrap::Indeterminate;
  HostError host;
  std::vector<uint8_t> bytes;
  uint64_t size = 0;
  uint64_t max = 0;
  bool operator==(const FunctionCallError&) const = default;
};

// Display texts exactly as §9.1 gives them.
std::string to_string(WasmTrap trap);           // e.g. "stack overflow"
const char* variant_name(WasmTrap trap);        // e.g. "StackOverflow"
std::string to_string(const HostError& error);
std::string to_string(const MethodResolutionError& error);
std::string to_string(const FunctionCallError& error);
// Compact JSON in the reference's adjacently tagged serde shape (§9.3).
std::string to_json(const FunctionCallError& error);

}  // namespace ward::runtime
