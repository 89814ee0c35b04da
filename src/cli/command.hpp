// A `ward` subcommand: declares its options on a CLI11 subcommand, then runs once they are parsed.
// Adding a subcommand means writing one Command and adding its factory to the list in main.cpp.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>

namespace ward::cli {

class Command {
 public:
  virtual ~Command() = default;
  virtual const char* name() const = 0;
  virtual const char* summary() const = 0;
  // Declares options and positionals on `app`, binding them to members of the command.
  virtual void configure(CLI::App& app) = 0;
  // Runs after a successful parse; returns the process exit code.
  virtual int run() = 0;
};

using CommandFactory = std::unique_ptr<Command> (*)();

}  // namespace ward::cli
