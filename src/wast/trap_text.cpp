#include "wast/trap_text.hpp"

namespace ward::spec {
namespace {

using engine::TrapKind;

struct TrapMessage {
  std::string_view message;  // as written in the spec suite's assert_trap / assert_exhaustion
  TrapKind kind;
};

// Every trap message of the Wasm 2.0 core suite, with the one kind the engine must raise for
// it. call_indirect has its own two: "undefined element" (index past the end of the table) and
// "uninitialized element" (null entry); table.get/set/copy/init use "out of bounds table access".
constexpr TrapMessage kTrapMessages[] = {
    {"unreachable", TrapKind::Unreachable},
    {"out of bounds memory access", TrapKind::MemoryOutOfBounds},
    {"out of bounds table access", TrapKind::TableOutOfBounds},
    {"undefined element", TrapKind::UndefinedElement},
    {"uninitialized element", TrapKind::UninitializedElement},
    {"indirect call type mismatch", TrapKind::IndirectCallTypeMismatch},
    {"integer divide by zero", TrapKind::IntegerDivideByZero},
    {"integer overflow", TrapKind::IntegerOverflow},
    {"invalid conversion to integer", TrapKind::InvalidConversionToInteger},
    {"call stack exhausted", TrapKind::CallStackExhausted},
};

}  // namespace

std::optional<TrapKind> trap_kind_for_message(std::string_view expected_message) {
  for (const TrapMessage& entry : kTrapMessages) {
    if (expected_message.starts_with(entry.message)) return entry.kind;
  }
  return std::nullopt;
}

bool trap_matches(std::string_view expected_message, TrapKind actual) {
  if (std::optional<TrapKind> expected = trap_kind_for_message(expected_message)) {
    return *expected == actual;
  }
  std::string_view engine_message = engine::to_string(actual);
  return !expected_message.empty() && (engine_message.starts_with(expected_message) ||
                                       expected_message.starts_with(engine_message));
}

}  // namespace ward::spec
