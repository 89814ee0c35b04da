#include "wast/wast2json.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

extern char** environ;

namespace ward::spec {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& file) {
  std::ifstream in(file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Closes the spawn attributes however the function returns.
struct SpawnFileActions {
  posix_spawn_file_actions_t actions;
  SpawnFileActions() { posix_spawn_file_actions_init(&actions); }
  ~SpawnFileActions() { posix_spawn_file_actions_destroy(&actions); }
};

}  // namespace

TempDir::TempDir() {
  std::error_code error;
  fs::path base = fs::temp_directory_path(error);
  if (error) base = "/tmp";
  std::string pattern = (base / "ward-wast-XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) != nullptr) path_ = buffer.data();
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

engine::Result<fs::path, std::string> convert_wast(const fs::path& wast_file,
                                                   const fs::path& out_dir) {
  const fs::path json_file = out_dir / (wast_file.stem().string() + ".json");
  const fs::path log_file = out_dir / (wast_file.stem().string() + ".wast2json.log");
  const std::string wast_arg = wast_file.string();
  const std::string json_arg = json_file.string();

  // wast2json's diagnostics go to a log file so they can be quoted in the error.
  SpawnFileActions file_actions;
  posix_spawn_file_actions_addopen(&file_actions.actions, STDOUT_FILENO, log_file.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&file_actions.actions, STDOUT_FILENO, STDERR_FILENO);

  std::vector<char*> argv = {const_cast<char*>("wast2json"), const_cast<char*>(wast_arg.c_str()),
                             const_cast<char*>("-o"), const_cast<char*>(json_arg.c_str()), nullptr};
  pid_t child = 0;
  const int spawn_error =
      posix_spawnp(&child, "wast2json", &file_actions.actions, nullptr, argv.data(), environ);
  if (spawn_error == ENOENT) {
    return std::string(
        "wast2json was not found on PATH; it comes with wabt 1.0.32 (Debian package `wabt`), "
        "which the project's setup script installs");
  }
  if (spawn_error != 0) {
    return "could not start wast2json: " + std::string(std::strerror(spawn_error));
  }

  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) return "waiting for wast2json failed: " + std::string(std::strerror(errno));
  }
  std::string log = read_text(log_file);
  while (!log.empty() && std::isspace(static_cast<unsigned char>(log.back()))) log.pop_back();
  std::error_code ignored;
  fs::remove(log_file, ignored);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::string reason = WIFEXITED(status)
                             ? "wast2json exited with status " + std::to_string(WEXITSTATUS(status))
                             : "wast2json was killed by signal " + std::to_string(WTERMSIG(status));
    return reason + " converting " + wast_arg + (log.empty() ? "" : ":\n" + log);
  }
  return json_file;
}

}  // namespace ward::spec
