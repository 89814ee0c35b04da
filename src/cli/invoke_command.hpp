// `ward invoke MODULE.wasm FUNC [ARGS...] [--gas N]`: instantiate a module without imports, call
// one exported function with arguments parsed by its parameter types, and print its results.
#pragma once

#include <memory>

#include "cli/command.hpp"

namespace ward::cli {

std::unique_ptr<Command> make_invoke_command();

}  // namespace ward::cli
