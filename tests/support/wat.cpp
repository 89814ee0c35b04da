#include "support/wat.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

extern char** environ;

namespace ward::test {

std::vector<uint8_t> wat_to_wasm(std::string_view wat) {
  namespace fs = std::filesystem;
  std::string dir_template = (fs::temp_directory_path() / "ward-wat-XXXXXX").string();
  if (mkdtemp(dir_template.data()) == nullptr) return {};
  fs::path dir = dir_template;
  fs::path in = dir / "m.wat", out = dir / "m.wasm";
  std::ofstream(in) << wat;
  std::string in_s = in.string(), out_s = out.string();
  const char* argv[] = {"wat2wasm", in_s.c_str(), "-o", out_s.c_str(), nullptr};
  pid_t pid;
  std::vector<uint8_t> bytes;
  if (posix_spawnp(&pid, "wat2wasm", nullptr, nullptr, const_cast<char* const*>(argv),
                   environ) == 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
      std::ifstream f(out, std::ios::binary);
      bytes.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    }
  } else {
    std::fprintf(stderr, "wat2wasm not found: run scripts/setup.sh\n");
  }
  fs::remove_all(dir);
  return bytes;
}

}  // namespace ward::test
