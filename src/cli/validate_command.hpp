// `ward validate APP.wasm`: the compile-time checks of `ward run` (module size, WebAssembly
// validation, calimero-abi.md §2.1) and the link check of §2.2, without running anything.
#pragma once

#include <memory>

#include "cli/command.hpp"

namespace ward::cli {

std::unique_ptr<Command> make_validate_command();

}  // namespace ward::cli
