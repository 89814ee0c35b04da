// Runs WebAssembly spec-suite scripts (.wast) against Ward's engine: converts each script with
// wabt's `wast2json`, then executes its commands in order against one store and reports
// passed / failed / skipped counts. Used by `ward wast` and, through it, by the CTest spec tests.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ward::spec {

struct RunOptions {
  // Write wast2json's output (the .json script and its modules) here and keep it; otherwise a
  // fresh temporary directory is used and removed afterwards.
  std::optional<std::filesystem::path> keep_json_dir;
  // Compile modules with gas metering (with an unlimited budget), to exercise the metered code.
  bool gas_metering = false;
};

struct CommandFailure {
  uint32_t line = 0;    // line of the command in the .wast file
  std::string command;  // e.g. "assert_return"
  std::string reason;
};

struct FileReport {
  std::filesystem::path wast_file;
  uint32_t passed = 0;
  uint32_t failed = 0;
  uint32_t skipped = 0;
  std::vector<CommandFailure> failures;
  // Why commands were skipped, with how many were skipped for each reason.
  std::map<std::string, uint32_t> skip_reasons;
};

// Converts and runs one script. Problems with the script as a whole (wast2json missing or
// failing, unreadable JSON) are reported as a single failure at line 0.
FileReport run_wast_file(const std::filesystem::path& wast_file, const RunOptions& options = {});

// Runs a script that `wast2json` already converted; module files are looked up next to it.
FileReport run_json_script(const std::filesystem::path& json_file, const RunOptions& options = {});

}  // namespace ward::spec
