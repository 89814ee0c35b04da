#include "wast/spec_runner.hpp"

#include <fstream>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>
#include <utility>

#include "wast/spec_value.hpp"
#include "wast/spectest_module.hpp"
#include "wast/trap_text.hpp"
#include "wast/wast2json.hpp"
#include "ward/engine/engine.hpp"

namespace ward::spec {
namespace {

namespace fs = std::filesystem;
using engine::CallStatus;
using engine::Execution;
using engine::Extern;
using engine::ExternKind;
using engine::Instance;
using engine::InstantiateError;
using engine::Module;
using engine::Trap;
using engine::Value;
using nlohmann::json;

// The store and executions of a script run with the engine's defaults except:
// - memories may grow to the full 4 GiB, as memory_grow.wast, memory_trap.wast and others
//   expect (65536 pages; the engine's default cap is an application limit, not a wasm one);
// - the wasm stack is 4 MiB instead of 200 KiB. The deepest terminating recursion in the suite
//   (call.wast's even/odd, a few hundred frames) needs only a few KiB, so results do not hinge
//   on frame sizes, while the unbounded recursions that assert_exhaustion expects (call.wast's
//   runaway, skip-stack-guard-page.wast) still exhaust it within milliseconds.
engine::Limits spec_limits() {
  engine::Limits limits;
  limits.max_memory_pages = 65536;
  limits.max_stack_bytes = 4 * 1024 * 1024;
  return limits;
}

std::string join_values(std::span<const Value> values) {
  std::string text = "(";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += ", ";
    text += describe(values[i]);
  }
  return text + ")";
}

std::string describe_trap(const Trap& trap) {
  std::string text = engine::to_string(trap.kind);
  if (trap.kind == engine::TrapKind::HostError && trap.host_payload) {
    text += ": " + trap.host_payload->message();
  }
  return text;
}

std::string string_field(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// What running an action produced.
struct ActionOutcome {
  enum class Kind : uint8_t { Returned, Trapped, Skipped, Error } kind = Kind::Error;
  std::vector<Value> results;
  Trap trap;
  std::string message;  // Skipped / Error: why
};

// Executes one script's commands in order; one store holds every instance for the whole script.
class ScriptRunner {
 public:
  ScriptRunner(fs::path module_dir, const RunOptions& options, FileReport& report)
      : module_dir_(std::move(module_dir)),
        limits_(spec_limits()),
        store_(limits_),
        report_(report) {
    config_.limits = limits_;
    config_.gas_metering = options.gas_metering;
    define_spectest_module(store_, linker_);
  }

  void run_command(const json& command) {
    const std::string type = string_field(command, "type");
    line_ = command.value("line", 0u);
    command_type_ = type;
    if (type == "module") {
      run_module(command);
    } else if (type == "register") {
      run_register(command);
    } else if (type == "action") {
      run_action_command(command);
    } else if (type == "assert_return") {
      run_assert_return(command);
    } else if (type == "assert_trap" || type == "assert_exhaustion") {
      run_assert_trap(command);
    } else if (type == "assert_invalid" || type == "assert_malformed") {
      run_assert_invalid(command);
    } else if (type == "assert_unlinkable") {
      run_assert_unlinkable(command);
    } else if (type == "assert_uninstantiable") {
      run_assert_uninstantiable(command);
    } else {
      fail("unknown command type \"" + type + "\"");
    }
  }

 private:
  void pass() { ++report_.passed; }
  void fail(std::string reason) {
    ++report_.failed;
    report_.failures.push_back({line_, command_type_, std::move(reason)});
  }
  void skip(const std::string& reason) {
    ++report_.skipped;
    ++report_.skip_reasons[reason];
  }

  // Text modules (`module quote` in assert_malformed) are skipped: Ward reads binary modules only.
  bool skip_text_module(const json& command) {
    if (string_field(command, "module_type") != "text") return false;
    skip("text-format module (Ward reads binary modules only)");
    return true;
  }

  engine::Result<Module, std::string> compile(const json& command) {
    const fs::path file = module_dir_ / string_field(command, "filename");
    std::ifstream in(file, std::ios::binary);
    if (!in) return "cannot read module file " + file.string();
    std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                               std::istreambuf_iterator<char>());
    auto module = Module::compile(bytes, config_);
    if (!module) return "compile error: " + module.error().to_string();
    return std::move(module.value());
  }

  // Resolves imports through the linker and instantiates; link failures of either step are
  // reported as InstantiateError::Kind::Link.
  engine::Result<Instance, InstantiateError> instantiate(const Module& module) {
    auto imports = linker_.resolve(module);
    if (!imports) {
      return InstantiateError{InstantiateError::Kind::Link, imports.error().message, Trap{}};
    }
    return store_.instantiate(module, imports.value());
  }

  void run_module(const json& command) {
    // A module that fails must not leave the previous one current.
    current_.reset();
    failed_module_line_ = line_;
    auto module = compile(command);
    if (!module) return fail(module.error());
    modules_.push_back(std::make_unique<Module>(std::move(module.value())));
    auto instance = instantiate(*modules_.back());
    if (!instance) return fail(describe_instantiate_error(instance.error()));
    current_ = instance.value();
    failed_module_line_ = 0;
    if (command.contains("name")) named_.insert_or_assign(string_field(command, "name"), *current_);
    pass();
  }

  void run_register(const json& command) {
    // Successful registrations are not counted, as in wabt's spectest-interp.
    std::optional<Instance> instance = find_instance(command);
    if (!instance) return fail("no module to register");
    linker_.define_instance(string_field(command, "as"), *instance);
  }

  std::optional<Instance> find_instance(const json& command_or_action) {
    if (!command_or_action.contains("module") && !command_or_action.contains("name")) {
      return current_;
    }
    std::string name = command_or_action.contains("module")
                           ? string_field(command_or_action, "module")
                           : string_field(command_or_action, "name");
    auto it = named_.find(name);
    if (it == named_.end()) return std::nullopt;
    return it->second;
  }

  std::string missing_instance_reason(const json& action) const {
    if (action.contains("module")) return "no module named " + string_field(action, "module");
    if (failed_module_line_ == 0) return "no module to act on";
    return "the module of line " + std::to_string(failed_module_line_) +
           " failed, so there is nothing to act on";
  }

  ActionOutcome perform(const json& action) {
    ActionOutcome outcome;
    std::optional<Instance> instance = find_instance(action);
    const std::string field = string_field(action, "field");
    if (!instance) {
      outcome.message = missing_instance_reason(action);
      return outcome;
    }
    const std::string type = string_field(action, "type");
    if (type == "get") return get_global(*instance, field);
    if (type != "invoke") {
      outcome.message = "unknown action type \"" + type + "\"";
      return outcome;
    }

    std::vector<Value> args;
    for (const json& arg : action.value("args", json::array())) {
      auto value = parse_argument(arg);
      if (!value) {
        outcome.kind =
            value.error().unsupported ? ActionOutcome::Kind::Skipped : ActionOutcome::Kind::Error;
        outcome.message = value.error().message;
        return outcome;
      }
      args.push_back(value.value());
    }
    return invoke(*instance, field, args);
  }

  ActionOutcome get_global(const Instance& instance, const std::string& field) {
    ActionOutcome outcome;
    std::optional<Extern> export_ = instance.get_export(field);
    if (!export_ || export_->kind != ExternKind::Global) {
      outcome.message = "no exported global \"" + field + "\"";
      return outcome;
    }
    outcome.kind = ActionOutcome::Kind::Returned;
    outcome.results.push_back(engine::Store::global_get(export_->as_global()));
    return outcome;
  }

  ActionOutcome invoke(const Instance& instance, const std::string& field,
                       const std::vector<Value>& args) {
    ActionOutcome outcome;
    const engine::FunctionInstance* function = instance.get_function(field);
    if (function == nullptr) {
      outcome.message = "no exported function \"" + field + "\"";
      return outcome;
    }
    const engine::FuncType& type = engine::Store::function_type(function);
    bool args_match = type.params.size() == args.size();
    for (size_t i = 0; args_match && i < args.size(); ++i) {
      args_match = type.params[i] == args[i].type;
    }
    if (!args_match) {
      outcome.message = "arguments " + join_values(args) + " do not fit \"" + field +
                        "\" of type " + engine::to_string(type);
      return outcome;
    }

    if (!execution_) execution_ = std::make_unique<Execution>(limits_);
    execution_->set_gas(UINT64_MAX);
    switch (execution_->call(function, args)) {
      case CallStatus::Finished:
        outcome.kind = ActionOutcome::Kind::Returned;
        outcome.results = execution_->results();
        break;
      case CallStatus::Trapped:
        outcome.kind = ActionOutcome::Kind::Trapped;
        outcome.trap = execution_->trap();
        execution_.reset();  // start the next call from a clean execution
        break;
      case CallStatus::Suspended:
        outcome.message = "the execution suspended (no spectest function suspends)";
        execution_.reset();
        break;
    }
    return outcome;
  }

  // Handles outcomes that decide the command by themselves; returns true when it did.
  bool settle_unusual(const ActionOutcome& outcome) {
    if (outcome.kind == ActionOutcome::Kind::Skipped) {
      skip(outcome.message);
      return true;
    }
    if (outcome.kind == ActionOutcome::Kind::Error) {
      fail(outcome.message);
      return true;
    }
    return false;
  }

  std::string describe_action(const json& action) {
    std::string text = string_field(action, "type") + " \"" + string_field(action, "field") + "\"";
    if (action.contains("module")) text += " of " + string_field(action, "module");
    return text;
  }

  void run_action_command(const json& command) {
    ActionOutcome outcome = perform(command["action"]);
    if (settle_unusual(outcome)) return;
    if (outcome.kind == ActionOutcome::Kind::Trapped) {
      return fail(describe_action(command["action"]) + " trapped: " + describe_trap(outcome.trap));
    }
    pass();
  }

  void run_assert_return(const json& command) {
    std::vector<ExpectedValue> expected;
    for (const json& value : command.value("expected", json::array())) {
      auto parsed = parse_expected(value);
      if (!parsed) {
        return parsed.error().unsupported ? skip(parsed.error().message)
                                          : fail(parsed.error().message);
      }
      expected.push_back(parsed.value());
    }
    const json& action = command["action"];
    ActionOutcome outcome = perform(action);
    if (settle_unusual(outcome)) return;
    if (outcome.kind == ActionOutcome::Kind::Trapped) {
      return fail(describe_action(action) + " trapped: " + describe_trap(outcome.trap));
    }
    bool matches = outcome.results.size() == expected.size();
    for (size_t i = 0; matches && i < expected.size(); ++i) {
      matches = expected[i].matches(outcome.results[i]);
    }
    if (matches) return pass();
    std::string wanted = "(";
    for (size_t i = 0; i < expected.size(); ++i) {
      wanted += (i > 0 ? ", " : "") + expected[i].to_string();
    }
    fail(describe_action(action) + ": expected " + wanted + "), got " +
         join_values(outcome.results));
  }

  void run_assert_trap(const json& command) {
    const std::string expected_message = string_field(command, "text");
    const json& action = command["action"];
    ActionOutcome outcome = perform(action);
    if (settle_unusual(outcome)) return;
    if (outcome.kind == ActionOutcome::Kind::Returned) {
      return fail(describe_action(action) + ": expected trap \"" + expected_message +
                  "\", returned " + join_values(outcome.results));
    }
    if (!trap_matches(expected_message, outcome.trap.kind)) {
      return fail(describe_action(action) + ": expected trap \"" + expected_message + "\", got \"" +
                  describe_trap(outcome.trap) + "\"");
    }
    pass();
  }

  void run_assert_invalid(const json& command) {
    if (skip_text_module(command)) return;
    auto module = compile(command);
    if (module) {
      return fail("module compiled, expected failure \"" + string_field(command, "text") + "\"");
    }
    pass();
  }

  void run_assert_unlinkable(const json& command) {
    if (skip_text_module(command)) return;
    auto module = compile(command);
    if (!module) return fail(module.error());
    modules_.push_back(std::make_unique<Module>(std::move(module.value())));
    auto instance = instantiate(*modules_.back());
    if (instance) {
      return fail("module linked, expected \"" + string_field(command, "text") + "\"");
    }
    if (instance.error().kind != InstantiateError::Kind::Link) {
      return fail("expected a link error \"" + string_field(command, "text") + "\", got " +
                  describe_instantiate_error(instance.error()));
    }
    pass();
  }

  void run_assert_uninstantiable(const json& command) {
    if (skip_text_module(command)) return;
    const std::string expected_message = string_field(command, "text");
    auto module = compile(command);
    if (!module) return fail(module.error());
    // Kept alive: a failed instantiation may already have written into imported tables and
    // memories, which can then refer to this module's functions.
    modules_.push_back(std::make_unique<Module>(std::move(module.value())));
    auto instance = instantiate(*modules_.back());
    if (instance) return fail("module instantiated, expected trap \"" + expected_message + "\"");
    const InstantiateError& error = instance.error();
    if (error.kind != InstantiateError::Kind::Trap) {
      return fail("expected trap \"" + expected_message + "\", got " +
                  describe_instantiate_error(error));
    }
    if (!trap_matches(expected_message, error.trap.kind)) {
      return fail("expected trap \"" + expected_message + "\", got \"" + describe_trap(error.trap) +
                  "\"");
    }
    pass();
  }

  static std::string describe_instantiate_error(const InstantiateError& error) {
    switch (error.kind) {
      case InstantiateError::Kind::Link:
        return "link error: " + error.message;
      case InstantiateError::Kind::Trap:
        return "trap during instantiation: " + describe_trap(error.trap);
      case InstantiateError::Kind::Limit:
        return "limit exceeded during instantiation: " + error.message;
    }
    return error.message;
  }

  fs::path module_dir_;
  engine::Limits limits_;
  engine::Config config_;
  std::vector<std::unique_ptr<Module>> modules_;  // declared first: outlives the store
  engine::Store store_;
  engine::Linker linker_;
  std::map<std::string, Instance, std::less<>> named_;
  std::optional<Instance> current_;
  uint32_t failed_module_line_ = 0;  // line of the last module command, when it failed
  std::unique_ptr<Execution> execution_;
  FileReport& report_;
  uint32_t line_ = 0;
  std::string command_type_;
};

void fail_whole_file(FileReport& report, std::string reason) {
  ++report.failed;
  report.failures.push_back({0, "script", std::move(reason)});
}

}  // namespace

FileReport run_json_script(const fs::path& json_file, const RunOptions& options) {
  FileReport report;
  report.wast_file = json_file;
  std::ifstream in(json_file);
  if (!in) {
    fail_whole_file(report, "cannot read " + json_file.string());
    return report;
  }
  json script = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (script.is_discarded() || !script.contains("commands") || !script["commands"].is_array()) {
    fail_whole_file(report, json_file.string() + " is not a wast2json script");
    return report;
  }
  if (script.contains("source_filename")) {
    report.wast_file = string_field(script, "source_filename");
  }
  ScriptRunner runner(json_file.parent_path(), options, report);
  for (const json& command : script["commands"]) runner.run_command(command);
  return report;
}

FileReport run_wast_file(const fs::path& wast_file, const RunOptions& options) {
  std::optional<TempDir> temp_dir;
  fs::path out_dir;
  if (options.keep_json_dir) {
    out_dir = *options.keep_json_dir;
    std::error_code error;
    fs::create_directories(out_dir, error);
  } else {
    temp_dir.emplace();
    out_dir = temp_dir->path();
  }

  FileReport report;
  if (out_dir.empty()) {
    report.wast_file = wast_file;
    fail_whole_file(report, "cannot create a temporary directory for wast2json's output");
    return report;
  }
  auto json_file = convert_wast(wast_file, out_dir);
  if (!json_file) {
    report.wast_file = wast_file;
    fail_whole_file(report, json_file.error());
    return report;
  }
  report = run_json_script(json_file.value(), options);
  report.wast_file = wast_file;
  return report;
}

}  // namespace ward::spec
