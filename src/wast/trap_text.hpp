// Matching the trap message a spec script expects ("integer divide by zero") against the kind
// of trap the engine raised.
#pragma once

#include <optional>
#include <string_view>

#include "ward/engine/trap.hpp"

namespace ward::spec {

// The trap kind that a script's message stands for, or nullopt when the message is unknown.
// Messages are matched by prefix: the suite sometimes appends detail ("uninitialized element 2").
std::optional<engine::TrapKind> trap_kind_for_message(std::string_view expected_message);

// True when `actual` is the trap `expected_message` describes. Messages missing from the table
// fall back to comparing them with the engine's own wording of the trap kind, by prefix.
bool trap_matches(std::string_view expected_message, engine::TrapKind actual);

}  // namespace ward::spec
