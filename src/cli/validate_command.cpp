#include "cli/validate_command.hpp"

#include <cstdio>
#include <string>

#include "cli/arguments.hpp"
#include "cli/limits_file.hpp"
#include "runtime/application_impl.hpp"
#include "ward/runtime/runtime.hpp"

namespace ward::cli {
namespace {

constexpr const char* kFooter =
    R"help(Checks what `ward run` checks before calling a method: the module size, WebAssembly
validation, the module requirements of calimero-abi.md §2.1 (no imported memory, no `_start`
function, a memory exported as `memory`, initial memory within max_memory_pages), and that
every import links against the host functions (§2.2; with the compatibility options, the
functions of Appendix A / the legacy ABI of Appendix B).
Prints "valid", or "invalid: " and the first problem found.

Exit codes:
  0  valid
  1  invalid
  2  usage or I/O error)help";

class ValidateCommand final : public Command {
 public:
  const char* name() const override { return "validate"; }
  const char* summary() const override {
    return "Check that an application compiles, meets the module requirements and links";
  }

  void configure(CLI::App& app) override {
    app_ = &app;
    module_option_ = app.add_option("APP", module_path_, "The application module (.wasm)");
    app.add_option("--limits", limits_path_,
                   "JSON object of VMLimits fields (max_module_size and max_memory_pages "
                   "matter here)")
        ->type_name("FILE");
    app.add_flag("--compat-removed-functions", options_.compat_removed_functions,
                 "Link the removed functions of Appendix A");
    app.add_flag("--compat-legacy-abi", options_.compat_legacy_abi,
                 "Link modules built for the legacy by-value ABI (Appendix B)");
    app.footer(kFooter);
    collect_leftovers(app);
  }

  int run() override {
    if (auto error = check_leftovers(*app_)) return report_usage_error(error->message);
    if (auto error = require_positional(*module_option_)) return report_usage_error(error->message);
    runtime::VMLimits limits;
    if (!limits_path_.empty()) {
      auto loaded = load_limits_file(limits_path_, limits);
      if (!loaded) return report_usage_error("--limits: " + loaded.error());
      limits = loaded.value();
      if (auto invalid = limits.validate()) {
        return report_usage_error("--limits: invalid combination: " + *invalid);
      }
    }
    auto bytes = read_argument_file("APP", module_path_);
    if (!bytes) return report_failure(bytes.error().message);

    auto app = runtime::Application::compile(bytes.value(), limits, options_);
    if (!app) {
      std::printf("invalid: %s\n", runtime::to_string(app.error()).c_str());
      return app_exit::kFailed;
    }
    if (const auto& link_error = app.value()->impl().link_error) {
      runtime::FunctionCallError error;
      error.kind = runtime::FunctionCallError::Kind::LinkError;
      error.message = *link_error;
      std::printf("invalid: %s\n", runtime::to_string(error).c_str());
      return app_exit::kFailed;
    }
    std::printf("valid\n");
    return app_exit::kOk;
  }

 private:
  CLI::App* app_ = nullptr;
  CLI::Option* module_option_ = nullptr;
  std::string module_path_;
  std::string limits_path_;
  runtime::RuntimeOptions options_;
};

}  // namespace

std::unique_ptr<Command> make_validate_command() { return std::make_unique<ValidateCommand>(); }

}  // namespace ward::cli
