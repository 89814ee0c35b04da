// `ward state list|get|contexts`: show the contexts, keys and values `ward run` has stored.
#pragma once

#include <memory>

#include "cli/command.hpp"

namespace ward::cli {

std::unique_ptr<Command> make_state_command();

}  // namespace ward::cli
