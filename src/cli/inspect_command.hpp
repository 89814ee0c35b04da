// `ward inspect APP.wasm [--format json|text]`: describe a module's imports, exports, ABI
// flavour, WebAssembly features, memories, tables, globals and custom sections.
#pragma once

#include <memory>

#include "cli/command.hpp"

namespace ward::cli {

std::unique_ptr<Command> make_inspect_command();

}  // namespace ward::cli
