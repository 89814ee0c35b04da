#include "ward/runtime/errors.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ward::runtime {
namespace {

using HK = HostError::Kind;
using MK = MethodResolutionError::Kind;
using FK = FunctionCallError::Kind;

FunctionCallError host_error(HostError error) {
  FunctionCallError wrapped;
  wrapped.kind = FK::HostError;
  wrapped.host = std::move(error);
  return wrapped;
}

FunctionCallError method_error(MethodResolutionError error) {
  FunctionCallError wrapped;
  wrapped.kind = FK::MethodResolutionError;
  wrapped.method = std::move(error);
  return wrapped;
}

FunctionCallError trap_error(WasmTrap trap) {
  FunctionCallError wrapped;
  wrapped.kind = FK::WasmTrap;
  wrapped.trap = trap;
  return wrapped;
}

MethodResolutionError named(MK kind, std::string name) {
  MethodResolutionError error;
  error.kind = kind;
  error.name = std::move(name);
  return error;
}

MethodResolutionError invalid_character(std::string name, char32_t character, uint64_t position) {
  MethodResolutionError error = named(MK::InvalidMethodNameCharacter, std::move(name));
  error.character = character;
  error.position = position;
  return error;
}

// The examples of §9.3, verbatim.
TEST(ErrorJson, SpecExamples) {
  EXPECT_EQ(
      to_json(method_error(named(MK::MethodNotFound, "bar"))),
      R"({"type":"MethodResolutionError","data":{"type":"MethodNotFound","data":{"name":"bar"}}})");
  EXPECT_EQ(to_json(method_error(MethodResolutionError{})),
            R"({"type":"MethodResolutionError","data":{"type":"EmptyMethodName"}})");
  EXPECT_EQ(to_json(trap_error(WasmTrap::StackOverflow)),
            R"({"type":"WasmTrap","data":"StackOverflow"})");
  EXPECT_EQ(to_json(host_error(HostError::of(HK::InvalidMemoryAccess))),
            R"({"type":"HostError","data":{"type":"InvalidMemoryAccess"}})");
  EXPECT_EQ(
      to_json(host_error(HostError::panic(PanicContext::Guest, "explicit panic"))),
      R"({"type":"HostError","data":{"type":"Panic","data":{"context":"Guest","message":"explicit panic"}}})");

  FunctionCallError gas;
  gas.kind = FK::GasExhausted;
  gas.max = 1'000'000'000;
  EXPECT_EQ(to_json(gas), R"({"type":"GasExhausted","data":{"limit":1000000000}})");

  FunctionCallError execution;
  execution.kind = FK::ExecutionError;
  execution.bytes = {34, 110, 111, 34};
  EXPECT_EQ(to_json(execution), R"({"type":"ExecutionError","data":[34,110,111,34]})");
}

struct WasmTrapCase {
  WasmTrap trap;
  const char* name;
  const char* display;
};

TEST(WasmTrapText, EveryVariant) {
  const std::vector<WasmTrapCase> cases = {
      {WasmTrap::StackOverflow, "StackOverflow", "stack overflow"},
      {WasmTrap::MemoryOutOfBounds, "MemoryOutOfBounds", "memory out of bounds"},
      {WasmTrap::HeapMisaligned, "HeapMisaligned", "heap misaligned"},
      {WasmTrap::TableAccessOutOfBounds, "TableAccessOutOfBounds", "table access out of bounds"},
      {WasmTrap::IndirectCallToNull, "IndirectCallToNull", "indirect call to null"},
      {WasmTrap::BadSignature, "BadSignature", "bad signature"},
      {WasmTrap::IllegalArithmetic, "IllegalArithmetic", "illegal arithmetic operation"},
      {WasmTrap::Unreachable, "Unreachable", "unreachable code reached"},
      {WasmTrap::UnalignedAtomic, "UnalignedAtomic", "unaligned atomic operation"},
      {WasmTrap::Indeterminate, "Indeterminate", "indeterminate trap"},
  };
  for (const WasmTrapCase& c : cases) {
    EXPECT_EQ(variant_name(c.trap), std::string(c.name));
    EXPECT_EQ(to_string(c.trap), c.display);
    EXPECT_EQ(to_string(trap_error(c.trap)), c.display);
    EXPECT_EQ(to_json(trap_error(c.trap)),
              std::string(R"({"type":"WasmTrap","data":")") + c.name + "\"}");
  }
}

struct HostErrorCase {
  HostError error;
  const char* display;
  const char* data_json;  // the inner HostError JSON
};

std::vector<HostErrorCase> every_host_error() {
  return {
      {HostError::of(HK::InvalidRegisterId, 42), "invalid register id: 42",
       R"({"type":"InvalidRegisterId","data":{"id":42}})"},
      {HostError::of(HK::InvalidMemoryAccess), "invalid memory access",
       R"({"type":"InvalidMemoryAccess"})"},
      {HostError::panic(PanicContext::Guest, "boom"), "guest panicked: boom",
       R"({"type":"Panic","data":{"context":"Guest","message":"boom"}})"},
      {HostError::of(HK::BadUTF8), "invalid UTF-8 string", R"({"type":"BadUTF8"})"},
      {HostError::of(HK::DeserializationError), "deserialization error",
       R"({"type":"DeserializationError"})"},
      {HostError::of(HK::SerializationError), "serialization error",
       R"({"type":"SerializationError"})"},
      {HostError::of(HK::IntegerOverflow), "integer overflow", R"({"type":"IntegerOverflow"})"},
      {HostError::of(HK::KeyLengthOverflow), "key length overflow",
       R"({"type":"KeyLengthOverflow"})"},
      {HostError::of(HK::ValueLengthOverflow), "value length overflow",
       R"({"type":"ValueLengthOverflow"})"},
      {HostError::of(HK::StorageWriteCountExceeded, 100000),
       "storage write count budget exceeded (max: 100000)",
       R"({"type":"StorageWriteCountExceeded","data":{"max":100000}})"},
      {HostError::of(HK::StorageWriteBytesExceeded, 134217729, 134217728),
       "storage write byte budget exceeded (attempted: 134217729, max: 134217728)",
       R"({"type":"StorageWriteBytesExceeded","data":{"attempted":134217729,"max":134217728}})"},
      {HostError::of(HK::ReturnValueSizeOverflow, 17, 16),
       "return value too large (size: 17, max: 16)",
       R"({"type":"ReturnValueSizeOverflow","data":{"size":17,"max":16}})"},
      {HostError::of(HK::EventHandlerSizeOverflow, 300, 256),
       "event handler name too large (size: 300, max: 256)",
       R"({"type":"EventHandlerSizeOverflow","data":{"size":300,"max":256}})"},
      {HostError::of(HK::LogLengthOverflow), "log size overflow",
       R"({"type":"LogLengthOverflow"})"},
      {HostError::of(HK::LogsOverflow), "logs overflow", R"({"type":"LogsOverflow"})"},
      {HostError::of(HK::EventsOverflow), "events overflow", R"({"type":"EventsOverflow"})"},
      {HostError::of(HK::EventKindSizeOverflow), "event kind size overflow",
       R"({"type":"EventKindSizeOverflow"})"},
      {HostError::of(HK::EventDataSizeOverflow), "event data size overflow",
       R"({"type":"EventDataSizeOverflow"})"},
      {HostError::of(HK::XCallsOverflow), "xcalls overflow", R"({"type":"XCallsOverflow"})"},
      {HostError::of(HK::XCallFunctionSizeOverflow), "xcall function size overflow",
       R"({"type":"XCallFunctionSizeOverflow"})"},
      {HostError::of(HK::XCallParamsSizeOverflow), "xcall params size overflow",
       R"({"type":"XCallParamsSizeOverflow"})"},
      {HostError::of(HK::ArtifactSizeOverflow, 16777217, 16777216),
       "commit artifact size overflow (size: 16777217, max: 16777216)",
       R"({"type":"ArtifactSizeOverflow","data":{"size":16777217,"max":16777216}})"},
      {HostError::of(HK::BlobsNotSupported),
       "blob operations not supported (NodeClient not available)",
       R"({"type":"BlobsNotSupported"})"},
      {HostError::of(HK::InvalidBlobHandle), "invalid blob handle",
       R"({"type":"InvalidBlobHandle"})"},
      {HostError::of(HK::TooManyBlobHandles, 100), "too many blob handles (max: 100)",
       R"({"type":"TooManyBlobHandles","data":{"max":100}})"},
      {HostError::of(HK::BlobBufferTooLarge, 11, 10), "blob buffer too large (size: 11, max: 10)",
       R"({"type":"BlobBufferTooLarge","data":{"size":11,"max":10}})"},
      {HostError::of(HK::TotalBlobMemoryExceeded, 600, 512),
       "total blob memory exceeded (current: 600, max: 512)",
       R"({"type":"TotalBlobMemoryExceeded","data":{"current":600,"max":512}})"},
      {HostError::of(HK::BlobWriteTooLarge, 9, 8), "blob write too large (size: 9, max: 8)",
       R"({"type":"BlobWriteTooLarge","data":{"size":9,"max":8}})"},
      {HostError::of(HK::BlobWriteFailed), "blob write failed (writer task unavailable)",
       R"({"type":"BlobWriteFailed"})"},
      {HostError::of(HK::BlobContextMismatch),
       "context does not have permission to access this blob handle",
       R"({"type":"BlobContextMismatch"})"},
      {HostError::of(HK::BlobHandleLimitExceeded), "too many blob handles open",
       R"({"type":"BlobHandleLimitExceeded"})"},
      {HostError::of(HK::BlobMemoryLimitExceeded), "total blob memory usage exceeds limit",
       R"({"type":"BlobMemoryLimitExceeded"})"},
      {HostError::of(HK::Ed25519IncorrectPublicKey), "incorrect ed25519 public key",
       R"({"type":"Ed25519IncorrectPublicKey"})"},
      {HostError{HK::AliasAlreadyExists, 0, 0, "my \"alias\"", {}, {}},
       "alias already exists: my \"alias\"",
       R"({"type":"AliasAlreadyExists","data":"my \"alias\""})"},
      {HostError::of(HK::AliasTooLong, 51), "alias too long: 51",
       R"({"type":"AliasTooLong","data":51})"},
      {HostError::of(HK::NodeClientNotAvailable), "node client is not available",
       R"({"type":"NodeClientNotAvailable"})"},
  };
}

TEST(HostErrorText, EveryVariantDisplayAndJson) {
  const std::vector<HostErrorCase> cases = every_host_error();
  ASSERT_EQ(cases.size(), 36u);
  for (size_t i = 0; i < cases.size(); ++i) {
    const HostErrorCase& c = cases[i];
    EXPECT_EQ(static_cast<size_t>(c.error.kind), i) << "cases follow the declaration order";
    EXPECT_EQ(to_string(c.error), c.display);
    EXPECT_EQ(to_string(host_error(c.error)), c.display);
    EXPECT_EQ(to_json(host_error(c.error)),
              std::string(R"({"type":"HostError","data":)") + c.data_json + "}");
  }
}

TEST(HostErrorText, PanicWithLocation) {
  const HostError located =
      HostError::panic(PanicContext::Host, "bad state", Location{"src/lib.rs", 12, 5});
  EXPECT_EQ(to_string(located), "host panicked: bad state at src/lib.rs:12:5");
  EXPECT_EQ(
      to_json(host_error(located)),
      R"({"type":"HostError","data":{"type":"Panic","data":{"context":"Host","message":"bad state","location":{"file":"src/lib.rs","line":12,"column":5}}}})");
}

TEST(HostErrorText, ErrorsCompareByValue) {
  const Location where{"src/lib.rs", 1, 2};
  EXPECT_EQ(HostError::panic(PanicContext::Guest, "m", where),
            HostError::panic(PanicContext::Guest, "m", where));
  EXPECT_NE(HostError::panic(PanicContext::Guest, "m", where),
            HostError::panic(PanicContext::Guest, "m"));
  EXPECT_EQ(host_error(HostError::of(HK::AliasTooLong, 51)),
            host_error(HostError::of(HK::AliasTooLong, 51)));
}

TEST(HostErrorText, PanicMessageIsNotEscapedInDisplayButIsInJson) {
  const HostError panic = HostError::panic(PanicContext::Guest, "line 1\n\"quoted\" \xC3\xA9\t\\",
                                           Location{"a\"b.rs", 4294967295u, 0});
  EXPECT_EQ(to_string(panic),
            "guest panicked: line 1\n\"quoted\" \xC3\xA9\t\\ at a\"b.rs:4294967295:0");
  EXPECT_EQ(to_json(host_error(panic)),
            "{\"type\":\"HostError\",\"data\":{\"type\":\"Panic\",\"data\":{\"context\":\"Guest\","
            "\"message\":\"line 1\\n\\\"quoted\\\" \xC3\xA9\\t\\\\\",\"location\":{\"file\":"
            "\"a\\\"b.rs\",\"line\":4294967295,\"column\":0}}}}");
}

TEST(HostErrorText, FullU64RangeIsExact) {
  const HostError error = HostError::of(HK::StorageWriteBytesExceeded, UINT64_MAX, UINT64_MAX - 1);
  EXPECT_EQ(to_string(error),
            "storage write byte budget exceeded (attempted: 18446744073709551615, "
            "max: 18446744073709551614)");
  EXPECT_EQ(
      to_json(host_error(error)),
      R"({"type":"HostError","data":{"type":"StorageWriteBytesExceeded","data":{"attempted":18446744073709551615,"max":18446744073709551614}}})");
}

TEST(MethodResolutionErrorText, EveryVariant) {
  const MethodResolutionError signature = named(MK::InvalidSignature, "init");
  EXPECT_EQ(to_string(signature),
            R"(method "init" has invalid signature: expected no arguments and no return value)");
  EXPECT_EQ(
      to_json(method_error(signature)),
      R"({"type":"MethodResolutionError","data":{"type":"InvalidSignature","data":{"name":"init"}}})");

  const MethodResolutionError missing = named(MK::MethodNotFound, "bar");
  EXPECT_EQ(to_string(missing), R"(method "bar" not found)");

  MethodResolutionError too_long = named(MK::MethodNameTooLong, std::string(300, 'a'));
  too_long.length = 300;
  too_long.max = 256;
  EXPECT_EQ(to_string(too_long), "method name too long: 300 bytes (max: 256)");
  EXPECT_EQ(
      to_json(method_error(too_long)),
      R"({"type":"MethodResolutionError","data":{"type":"MethodNameTooLong","data":{"name":")" +
          std::string(300, 'a') + R"(","length":300,"max":256}}})");

  const MethodResolutionError bad_character = invalid_character("get-value", U'-', 3);
  EXPECT_EQ(to_string(bad_character), "method name contains invalid character at position 3: '-'");
  EXPECT_EQ(
      to_json(method_error(bad_character)),
      R"({"type":"MethodResolutionError","data":{"type":"InvalidMethodNameCharacter","data":{"name":"get-value","character":"-","position":3}}})");

  const MethodResolutionError empty{};
  EXPECT_EQ(to_string(empty), "method name is empty");
  EXPECT_EQ(to_string(method_error(empty)), "method name is empty");
}

// Names are shown with Rust's `{:?}`: quotes, backslashes and control characters escaped,
// printable non-ASCII kept, combining marks and non-printables as \u{...}.
TEST(MethodResolutionErrorText, NamesAreDebugEscaped) {
  const std::string name =
      "say \"hi\"\\\n\t\xC3\xA9\xCC\x81\x1B\x7F\xC2\xA0\xE6\x97\xA5\xE6\x9C\xAC\xF0\x9F\xA6\x80'x";
  const std::string escaped = R"("say \"hi\"\\\n\t)"
                              "\xC3\xA9"
                              R"(\u{301}\u{1b}\u{7f}\u{a0})"
                              "\xE6\x97\xA5\xE6\x9C\xAC\xF0\x9F\xA6\x80'x\"";
  EXPECT_EQ(to_string(named(MK::MethodNotFound, name)), "method " + escaped + " not found");
  EXPECT_EQ(
      to_string(named(MK::InvalidSignature, name)),
      "method " + escaped + " has invalid signature: expected no arguments and no return value");
  EXPECT_EQ(to_string(named(MK::MethodNotFound, std::string("a\0b", 3))),
            R"(method "a\0b" not found)");
  EXPECT_EQ(to_string(named(MK::MethodNotFound, "\r\xE2\x80\x8B\xE2\x80\xA8\xEF\xBB\xBF")),
            R"(method "\r\u{200b}\u{2028}\u{feff}" not found)");
  // Invalid UTF-8 is shown as U+FFFD, as after a lossy conversion.
  EXPECT_EQ(to_string(named(MK::MethodNotFound,
                            "a\xFF"
                            "b")),
            "method \"a\xEF\xBF\xBD"
            "b\" not found");

  // JSON carries the name with JSON escaping only.
  EXPECT_EQ(to_json(method_error(named(MK::MethodNotFound, "q\"\xC3\xA9\n\x1B"))),
            "{\"type\":\"MethodResolutionError\",\"data\":{\"type\":\"MethodNotFound\",\"data\":"
            "{\"name\":\"q\\\"\xC3\xA9\\n\\u001b\"}}}");
}

TEST(MethodResolutionErrorText, CharactersAreDebugEscaped) {
  const auto display = [](char32_t character) {
    return to_string(invalid_character("x", character, 7));
  };
  const std::string prefix = "method name contains invalid character at position 7: ";
  EXPECT_EQ(display(U'\''), prefix + R"('\'')");
  EXPECT_EQ(display(U'"'), prefix + R"('"')");
  EXPECT_EQ(display(U'\\'), prefix + R"('\\')");
  EXPECT_EQ(display(U'\n'), prefix + R"('\n')");
  EXPECT_EQ(display(U'\0'), prefix + R"('\0')");
  EXPECT_EQ(display(U' '), prefix + "' '");
  EXPECT_EQ(display(U'\u00E9'), prefix + "'\xC3\xA9'");
  EXPECT_EQ(display(U'\U0001F980'), prefix + "'\xF0\x9F\xA6\x80'");
  EXPECT_EQ(display(U'\u0301'), prefix + R"('\u{301}')");
  EXPECT_EQ(display(U'\u00A0'), prefix + R"('\u{a0}')");
  EXPECT_EQ(display(U'\uE000'), prefix + R"('\u{e000}')");
  EXPECT_EQ(display(U'\U0010FFFF'), prefix + R"('\u{10ffff}')");
  EXPECT_EQ(display(U'\uFFFD'), prefix + "'\xEF\xBF\xBD'");
}

TEST(MethodResolutionErrorText, CharacterJsonIsAOneCharacterString) {
  const auto json = [](char32_t character) {
    return to_json(method_error(invalid_character("n", character, 0)));
  };
  const std::string head =
      R"({"type":"MethodResolutionError","data":{"type":"InvalidMethodNameCharacter","data":{"name":"n","character":)";
  const std::string tail = R"(,"position":0}}})";
  EXPECT_EQ(json(U'\u00E9'), head + "\"\xC3\xA9\"" + tail);
  EXPECT_EQ(json(U'"'), head + R"("\"")" + tail);
  EXPECT_EQ(json(U'\n'), head + R"("\n")" + tail);
  EXPECT_EQ(json(U'\x01'), head + R"("\u0001")" + tail);
  EXPECT_EQ(json(U'\U0001F980'), head + "\"\xF0\x9F\xA6\x80\"" + tail);
}

TEST(FunctionCallErrorText, EveryVariantDisplayAndJson) {
  FunctionCallError compilation;
  compilation.kind = FK::CompilationError;
  compilation.message = "unexpected end of section";
  EXPECT_EQ(to_string(compilation), "compilation error: unexpected end of section");
  EXPECT_EQ(to_json(compilation), R"({"type":"CompilationError","data":{}})");

  FunctionCallError link;
  link.kind = FK::LinkError;
  link.message = "unknown import env.foo";
  EXPECT_EQ(to_string(link), "link error: unknown import env.foo");
  EXPECT_EQ(to_json(link), R"({"type":"LinkError","data":{}})");

  EXPECT_EQ(to_string(method_error(named(MK::MethodNotFound, "bar"))), R"(method "bar" not found)");
  EXPECT_EQ(to_string(trap_error(WasmTrap::Unreachable)), "unreachable code reached");
  EXPECT_EQ(to_string(host_error(HostError::of(HK::BadUTF8))), "invalid UTF-8 string");

  FunctionCallError execution;
  execution.kind = FK::ExecutionError;
  execution.bytes = {34, 110, 111, 34};
  EXPECT_EQ(to_string(execution), "the method call returned an error: [34, 110, 111, 34]");
  execution.bytes = {};
  EXPECT_EQ(to_string(execution), "the method call returned an error: []");
  EXPECT_EQ(to_json(execution), R"({"type":"ExecutionError","data":[]})");
  execution.bytes = {0, 255};
  EXPECT_EQ(to_string(execution), "the method call returned an error: [0, 255]");
  EXPECT_EQ(to_json(execution), R"({"type":"ExecutionError","data":[0,255]})");

  FunctionCallError module_size;
  module_size.kind = FK::ModuleSizeLimitExceeded;
  module_size.size = 20971521;
  module_size.max = 20971520;
  EXPECT_EQ(to_string(module_size),
            "module size limit (max_module_size) exceeded: 20971521 bytes > 20971520 bytes limit");
  EXPECT_EQ(to_json(module_size),
            R"({"type":"ModuleSizeLimitExceeded","data":{"size":20971521,"max":20971520}})");

  FunctionCallError validation;
  validation.kind = FK::ModuleValidationError;
  validation.message = "missing \"memory\" export";
  EXPECT_EQ(to_string(validation), "module rejected by validation: missing \"memory\" export");
  EXPECT_EQ(to_json(validation),
            R"({"type":"ModuleValidationError","data":{"reason":"missing \"memory\" export"}})");

  FunctionCallError gas;
  gas.kind = FK::GasExhausted;
  gas.max = UINT64_MAX;
  EXPECT_EQ(to_string(gas), "execution exhausted its gas limit of 18446744073709551615 points");
  EXPECT_EQ(to_json(gas), R"({"type":"GasExhausted","data":{"limit":18446744073709551615}})");
}

}  // namespace
}  // namespace ward::runtime
