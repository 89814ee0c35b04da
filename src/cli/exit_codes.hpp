// Process exit codes shared by every subcommand (documented in each command's --help).
#pragma once

namespace ward::cli::exit_code {

inline constexpr int kOk = 0;
inline constexpr int kUsage = 1;        // bad arguments, unreadable input files
inline constexpr int kModuleError = 2;  // the module failed to compile, link or instantiate
inline constexpr int kTrap = 3;         // the wasm code trapped (including running out of gas)

}  // namespace ward::cli::exit_code
