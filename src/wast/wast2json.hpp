// Converting a .wast script into wast2json's JSON script plus one binary (or text) file per
// module, by running wabt's `wast2json` as a child process.
#pragma once

#include <filesystem>
#include <string>

#include "ward/engine/error.hpp"

namespace ward::spec {

// A fresh, uniquely named directory under the system temp directory, removed with everything
// in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  bool ok() const { return !path_.empty(); }

 private:
  std::filesystem::path path_;
};

// Runs `wast2json WAST -o OUT_DIR/<stem>.json` and returns the JSON file's path, or a message
// saying why the conversion failed (including wast2json's own output).
engine::Result<std::filesystem::path, std::string> convert_wast(
    const std::filesystem::path& wast_file, const std::filesystem::path& out_dir);

}  // namespace ward::spec
