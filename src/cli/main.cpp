// `ward`: the command-line front end. Each subcommand lives in its own file; register it here.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <vector>

#include "cli/blob_command.hpp"
#include "cli/command.hpp"
#include "cli/exit_codes.hpp"
#include "cli/inspect_command.hpp"
#include "cli/invoke_command.hpp"
#include "cli/run_command.hpp"
#include "cli/state_command.hpp"
#include "cli/validate_command.hpp"
#include "cli/wast_command.hpp"

namespace {

// One line per subcommand.
constexpr ward::cli::CommandFactory kCommands[] = {
    ward::cli::make_wast_command,
    ward::cli::make_invoke_command,
    ward::cli::make_run_command,
    ward::cli::make_validate_command,
    ward::cli::make_inspect_command,
    ward::cli::make_state_command,
    ward::cli::make_blob_command,
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Ward: a sandboxed WebAssembly runtime"};
  app.require_subcommand(1);

  std::vector<std::unique_ptr<ward::cli::Command>> commands;
  std::vector<CLI::App*> subcommands;
  for (ward::cli::CommandFactory make : kCommands) {
    commands.push_back(make());
    CLI::App* sub = app.add_subcommand(commands.back()->name(), commands.back()->summary());
    commands.back()->configure(*sub);
    subcommands.push_back(sub);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ExtrasError& e) {
    std::fprintf(stderr,
                 "error: %s\n(put `--` before arguments that start with '-' but are not options)\n"
                 "Run with --help for more information.\n",
                 e.what());
    return ward::cli::exit_code::kUsage;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "error: %s\nRun with --help for more information.\n", e.what());
    return ward::cli::exit_code::kUsage;
  }

  for (size_t i = 0; i < commands.size(); ++i) {
    if (subcommands[i]->parsed()) return commands[i]->run();
  }
  return ward::cli::exit_code::kUsage;
}
