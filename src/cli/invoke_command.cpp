#include "cli/invoke_command.hpp"

#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/read_file.hpp"
#include "cli/value_text.hpp"
#include "ward/engine/engine.hpp"

namespace ward::cli {
namespace {

using engine::ValType;
using engine::Value;

constexpr const char* kFooter =
    R"help(Arguments are parsed by the function's parameter types: integers in decimal (signed or
unsigned) or 0x hex, floats as decimals, inf, -inf or nan, references only as null. Put `--`
before arguments that start with '-' but are not numbers (e.g. -inf).
Each result is printed on its own line: integers in signed decimal, floats in the shortest
decimal that reads back to the same value.
With --gas N the code is metered and traps with "out of gas" when the budget runs out (a start
function gets its own budget of N); without it the code runs unmetered.

Exit codes:
  0  the call returned
  1  usage or argument error (including an unknown function name or unreadable file)
  2  the module is invalid, cannot be linked (it has imports) or cannot be instantiated
  3  the code trapped, including running out of gas; stderr then says
     "error: wasm trap: <message> (function <index>, offset <byte offset in the module>)")help";

std::string parse_gas_text(const std::string& text) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return "expected a non-negative integer number of gas units (at most " +
           std::to_string(UINT64_MAX) + "), got '" + text + "'";
  }
  return {};
}

std::string type_list(const std::vector<ValType>& types) {
  std::string text;
  for (ValType type : types) {
    if (!text.empty()) text += " ";
    text += engine::to_string(type);
  }
  return text;
}

void print_trap(const engine::Trap& trap) {
  std::string message = engine::to_string(trap.kind);
  if (trap.kind == engine::TrapKind::HostError && trap.host_payload) {
    message = trap.host_payload->message();
  }
  std::fprintf(stderr, "error: wasm trap: %s (function %" PRIu32 ", offset 0x%" PRIx32 ")\n",
               message.c_str(), trap.func_index, trap.code_offset);
}

class InvokeCommand final : public Command {
 public:
  const char* name() const override { return "invoke"; }
  const char* summary() const override {
    return "Call an exported function of a module that has no imports and print its results";
  }

  void configure(CLI::App& app) override {
    app.add_option("MODULE", module_path_, "Binary WebAssembly module (.wasm)")->required();
    app.add_option("FUNC", function_name_, "Name of the exported function to call")->required();
    app.add_option("ARGS", arguments_, "Arguments, one per parameter of FUNC");
    gas_option_ = app.add_option("--gas", gas_, "Meter the code with a budget of N gas units")
                      ->type_name("N")
                      ->check(CLI::Validator([](std::string& text) { return parse_gas_text(text); },
                                             "", "gas"));
    app.footer(kFooter);
  }

  int run() override {
    auto bytes = read_file_bytes(module_path_);
    if (!bytes) return usage_error("MODULE: " + bytes.error());

    const bool metered = gas_option_->count() > 0;
    const uint64_t budget = metered ? gas_ : UINT64_MAX;
    engine::Config config;
    config.gas_metering = metered;
    auto module = engine::Module::compile(bytes.value(), config);
    if (!module) {
      return module_error(module_path_ + " is not a valid module: " + module.error().to_string());
    }
    if (!module->imports().empty()) return module_error(describe_imports(module.value()));

    // Find the function before instantiating, so a typo does not run the start function.
    const engine::ExportDesc* export_ = module->find_export(function_name_);
    if (export_ == nullptr || export_->type.kind != engine::ExternKind::Func) {
      return usage_error("FUNC: " + describe_missing_function(module.value()));
    }
    const engine::FuncType& type = export_->type.func;
    auto args = parse_arguments(type);
    if (!args) return usage_error(args.error());

    engine::Store store(config.limits);
    auto instance = store.instantiate(module.value(), {}, budget);
    if (!instance) {
      const engine::InstantiateError& error = instance.error();
      if (error.kind == engine::InstantiateError::Kind::Trap) {
        print_trap(error.trap);
        return exit_code::kTrap;
      }
      return module_error(module_path_ + " cannot be instantiated: " + error.message);
    }

    engine::Execution execution(config.limits);
    execution.set_gas(budget);
    switch (execution.call(instance->get_function(function_name_), args.value())) {
      case engine::CallStatus::Finished:
        for (const Value& result : execution.results()) {
          std::printf("%s\n", format_value(result).c_str());
        }
        return exit_code::kOk;
      case engine::CallStatus::Trapped:
        print_trap(execution.trap());
        return exit_code::kTrap;
      case engine::CallStatus::Suspended:
        break;  // impossible without imports
    }
    std::fprintf(stderr, "error: the call suspended, which needs a host to resume it\n");
    return exit_code::kTrap;
  }

 private:
  static int usage_error(const std::string& message) {
    std::fprintf(stderr, "error: %s\nRun with --help for more information.\n", message.c_str());
    return exit_code::kUsage;
  }

  static int module_error(const std::string& message) {
    std::fprintf(stderr, "error: %s\n", message.c_str());
    return exit_code::kModuleError;
  }

  std::string describe_imports(const engine::Module& module) const {
    std::string text =
        module_path_ + " cannot be linked: `ward invoke` provides no imports, but it imports";
    for (const engine::ImportDesc& import : module.imports()) {
      text +=
          "\n  " + import.module + "." + import.name + " (" + engine::to_string(import.type) + ")";
    }
    return text;
  }

  std::string describe_missing_function(const engine::Module& module) const {
    std::string names;
    for (const engine::ExportDesc& export_ : module.exports()) {
      if (export_.type.kind != engine::ExternKind::Func) continue;
      names += (names.empty() ? "" : ", ") + export_.name;
    }
    std::string text = module_path_ + " exports no function named '" + function_name_ + "'; ";
    return text +
           (names.empty() ? "it exports no functions" : "the exported functions are: " + names);
  }

  engine::Result<std::vector<Value>, std::string> parse_arguments(
      const engine::FuncType& type) const {
    if (arguments_.size() != type.params.size()) {
      return "ARGS: '" + function_name_ + "' takes " + std::to_string(type.params.size()) +
             " argument" + (type.params.size() == 1 ? "" : "s") +
             (type.params.empty() ? "" : " (" + type_list(type.params) + ")") + ", " +
             std::to_string(arguments_.size()) + " given";
    }
    std::vector<Value> values;
    for (size_t i = 0; i < arguments_.size(); ++i) {
      auto value = parse_value(type.params[i], arguments_[i]);
      if (!value) {
        return "argument " + std::to_string(i + 1) + " of '" + function_name_ + "': expected " +
               engine::to_string(type.params[i]) + ", " + value.error() + "; got '" +
               arguments_[i] + "'";
      }
      values.push_back(value.value());
    }
    return values;
  }

  std::string module_path_;
  std::string function_name_;
  std::vector<std::string> arguments_;
  uint64_t gas_ = 0;
  CLI::Option* gas_option_ = nullptr;
};

}  // namespace

std::unique_ptr<Command> make_invoke_command() { return std::make_unique<InvokeCommand>(); }

}  // namespace ward::cli
