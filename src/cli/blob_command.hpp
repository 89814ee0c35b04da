// `ward blob put FILE` / `ward blob get ID`: the blob store `ward run` gives applications.
#pragma once

#include <memory>

#include "cli/command.hpp"

namespace ward::cli {

std::unique_ptr<Command> make_blob_command();

}  // namespace ward::cli
