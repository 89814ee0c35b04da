// Reading a whole input file (a module, a script) with an error message that names the file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ward/engine/error.hpp"

namespace ward::cli {

engine::Result<std::vector<uint8_t>, std::string> read_file_bytes(const std::string& path);

}  // namespace ward::cli
