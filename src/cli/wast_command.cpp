#include "cli/wast_command.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/exit_codes.hpp"
#include "wast/spec_runner.hpp"
#include "ward/engine/error.hpp"

namespace ward::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char* kFooter =
    R"help(Each script is converted with wabt's wast2json and its commands run in order against one store.
Every command counts except `register`. Text-format modules (assert_malformed on `module
quote`) are skipped: Ward reads binary modules only.
Without --verbose at most 10 failures per file are listed.

Exit codes:
  0  no command failed
  1  a command failed, a script could not be converted, or an argument error)help";

constexpr size_t kFailuresShownByDefault = 10;

// A directory stands for the .wast files directly in it, in name order. Returns an error message
// for a directory without any.
engine::Result<std::vector<fs::path>, std::string> expand_inputs(
    const std::vector<std::string>& inputs) {
  std::vector<fs::path> files;
  for (const std::string& input : inputs) {
    std::error_code error;
    if (!fs::is_directory(input, error)) {
      files.emplace_back(input);
      continue;
    }
    std::vector<fs::path> in_directory;
    for (const fs::directory_entry& entry : fs::directory_iterator(input, error)) {
      if (entry.path().extension() == ".wast") in_directory.push_back(entry.path());
    }
    if (in_directory.empty()) return "FILE: directory '" + input + "' holds no .wast files";
    std::sort(in_directory.begin(), in_directory.end());
    files.insert(files.end(), in_directory.begin(), in_directory.end());
  }
  return files;
}

std::string check_input_exists(const std::string& path) {
  std::error_code error;
  if (fs::exists(path, error)) return {};
  return "expected a .wast file or a directory of them, but '" + path + "' does not exist";
}

class WastCommand final : public Command {
 public:
  const char* name() const override { return "wast"; }
  const char* summary() const override {
    return "Run WebAssembly spec-suite scripts (.wast) and report passed/failed/skipped commands";
  }

  void configure(CLI::App& app) override {
    app.add_option("FILE", inputs_, "Spec scripts (.wast), or directories holding them")
        ->required()
        ->check(CLI::Validator([](std::string& path) { return check_input_exists(path); }, "PATH",
                               "exists"));
    app.add_option("--keep-json", options_.keep_json_dir,
                   "Keep wast2json's output (script .json and module files) in DIR")
        ->type_name("DIR");
    app.add_flag("--verbose,-v", verbose_,
                 "List every failure (line and reason) and why commands were skipped");
    app.add_flag("--metered", options_.gas_metering,
                 "Compile with gas metering (unlimited budget) to test metered code");
    app.footer(kFooter);
  }

  int run() override {
    auto expanded = expand_inputs(inputs_);
    if (!expanded) {
      std::fprintf(stderr, "error: %s\n", expanded.error().c_str());
      return exit_code::kUsage;
    }
    const std::vector<fs::path>& files = expanded.value();
    size_t name_width = 4;
    for (const fs::path& file : files) {
      name_width = std::max(name_width, file.filename().string().size());
    }
    const int width = static_cast<int>(name_width);
    std::printf("%-*s %8s %8s %8s\n", width, "file", "passed", "failed", "skipped");

    uint64_t passed = 0;
    uint64_t failed = 0;
    uint64_t skipped = 0;
    for (const fs::path& file : files) {
      spec::FileReport report = spec::run_wast_file(file, options_);
      std::printf("%-*s %8u %8u %8u\n", width, file.filename().c_str(), report.passed,
                  report.failed, report.skipped);
      print_details(report);
      std::fflush(stdout);
      passed += report.passed;
      failed += report.failed;
      skipped += report.skipped;
    }
    std::printf("%llu passed, %llu failed, %llu skipped\n", static_cast<unsigned long long>(passed),
                static_cast<unsigned long long>(failed), static_cast<unsigned long long>(skipped));
    return failed == 0 ? exit_code::kOk : 1;
  }

 private:
  void print_details(const spec::FileReport& report) const {
    const size_t shown = verbose_ ? report.failures.size()
                                  : std::min(report.failures.size(), kFailuresShownByDefault);
    for (size_t i = 0; i < shown; ++i) {
      const spec::CommandFailure& failure = report.failures[i];
      std::printf("  line %u: %s: %s\n", failure.line, failure.command.c_str(),
                  failure.reason.c_str());
    }
    if (shown < report.failures.size()) {
      std::printf("  ... and %zu more failures (--verbose lists them all)\n",
                  report.failures.size() - shown);
    }
    if (!verbose_) return;
    for (const auto& [reason, count] : report.skip_reasons) {
      std::printf("  skipped %u: %s\n", count, reason.c_str());
    }
  }

  std::vector<std::string> inputs_;
  spec::RunOptions options_;
  bool verbose_ = false;
};

}  // namespace

std::unique_ptr<Command> make_wast_command() { return std::make_unique<WastCommand>(); }

}  // namespace ward::cli
