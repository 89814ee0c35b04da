// `ward run APP.wasm METHOD [options]`: compile a Calimero application, run one method against
// a context's state in the persistent store, and print the Outcome JSON (calimero-abi.md §9.4).
#pragma once

#include <memory>

#include "cli/command.hpp"

namespace ward::cli {

std::unique_ptr<Command> make_run_command();

}  // namespace ward::cli
