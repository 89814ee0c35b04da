// `ward wast FILE.wast... [--keep-json DIR] [--verbose]`: run WebAssembly spec-suite scripts and
// print a per-file table of passed / failed / skipped commands.
#pragma once

#include <memory>

#include "cli/command.hpp"

namespace ward::cli {

std::unique_ptr<Command> make_wast_command();

}  // namespace ward::cli
