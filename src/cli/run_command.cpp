#include "cli/run_command.hpp"

#include <array>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/database.hpp"
#include "cli/limits_file.hpp"
#include "runtime/crypto/sha256.hpp"
#include "ward/runtime/disk_blob_store.hpp"
#include "ward/runtime/runtime.hpp"
#include "ward/storage/rocksdb_store.hpp"

namespace ward::cli {
namespace {

using runtime::Bytes;
using runtime::Id32;

// The executor key used when --executor is not given: 32 bytes of 0x01, so that it differs
// from the default context id (32 zero bytes).
constexpr const char* kDefaultExecutorHex =
    "0101010101010101010101010101010101010101010101010101010101010101";

constexpr const char* kFooter =
    R"help(Compiles APP, opens the database (created on first use), runs METHOD against the main
keyspace of the context (with --private also its private keyspace) and a blob store in
<db>/blobs, and prints the Outcome as JSON (calimero-abi.md §9.4). The call's storage writes
are committed only if it returns ok (and not with --read-only), in one atomic write together
with the context's execution counter.

Identities are 64 hex digits (32 bytes). Defaults: --context 00..00 (32 zero bytes),
--executor 01..01 (32 bytes of 0x01), --account the executor key.

Deterministic mode (--deterministic, §11.1): time_now returns --time-ns (required), random_bytes
comes from a ChaCha20 stream seeded with --seed, by default
  SHA-256(context_id || executor_key || u64 LE time_ns || u64 LE n || METHOD || input)
where n counts the context's committed executions, so repeating an identical call still gets
a fresh seed. fetch is disabled in this mode.

--limits FILE is a JSON object of VMLimits fields, e.g. {"max_logs": 10, "max_gas": 5000000};
unknown fields and invalid combinations are errors. --gas overrides max_gas.

Exit codes:
  0  the Outcome's returns is ok
  1  the Outcome's returns is an error, or APP failed to compile (the compile error is printed
     in the Outcome's shape)
  2  usage, I/O or storage error (e.g. the database is locked by another process); nothing is
     printed on stdout)help";

struct RunSettings {
  runtime::VMContext context;
  runtime::VMLimits limits;
  runtime::RuntimeOptions options;
  bool pretty = true;
  bool private_state = false;
};

class RunCommand final : public Command {
 public:
  const char* name() const override { return "run"; }
  const char* summary() const override {
    return "Run a method of a Calimero application against persistent state and print its "
           "Outcome";
  }

  void configure(CLI::App& app) override {
    app_ = &app;
    module_option_ =
        app.add_option("APP", module_path_, "The application module (.wasm); required");
    method_option_ =
        app.add_option("METHOD", method_, "Name of the exported method to call; required");
    input_option_ =
        app.add_option("--input", input_text_, "The call's input, as text")->type_name("TEXT");
    app.add_option("--input-file", input_file_, "Read the call's input from FILE (- = stdin)")
        ->type_name("FILE");
    add_database_option(app, db_directory_);
    app.add_option("--context", context_text_, "Context id (default: 32 zero bytes)")
        ->type_name("HEX32");
    app.add_option("--executor", executor_text_, "Executor public key (default: 32 bytes of 0x01)")
        ->type_name("HEX32");
    account_option_ =
        app.add_option("--account", account_text_, "Account id (default: the executor key)")
            ->type_name("HEX32");
    gas_option_ = app.add_option("--gas", gas_text_, "Gas budget, max_gas (default 1000000000)")
                      ->type_name("N");
    app.add_flag("--deterministic", deterministic_,
                 "Deterministic time and randomness; needs --time-ns");
    time_option_ =
        app.add_option("--time-ns", time_text_, "Time returned by time_now in deterministic mode")
            ->type_name("N");
    seed_option_ =
        app.add_option("--seed", seed_text_,
                       "Random seed for deterministic mode (default: derived, see below)")
            ->type_name("HEX32");
    limits_option_ = app.add_option("--limits", limits_path_, "JSON object of VMLimits fields")
                         ->type_name("FILE");
    app.add_option("--allow-fetch", fetch_hosts_,
                   "Allow fetch to HOST (exact name or *.suffix); repeatable, or comma-separated")
        ->type_name("HOST")
        ->allow_extra_args(false)  // one HOST per occurrence: never swallow METHOD
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->delimiter(',');
    app.add_flag("--allow-http", allow_http_, "Let fetch use plain http (needs --allow-fetch)");
    app.add_flag("--allow-private-addresses", allow_private_addresses_,
                 "Let fetch reach loopback, private and link-local addresses");
    app.add_flag("--compat-removed-functions", compat_removed_functions_,
                 "Link the removed functions of Appendix A (adds proposals, approvals and "
                 "context_mutations to the Outcome)");
    app.add_flag("--compat-legacy-abi", compat_legacy_abi_,
                 "Run modules built for the legacy by-value ABI (Appendix B)");
    app.add_flag("--read-only", read_only_, "View call: storage writes are suppressed");
    app.add_flag("--private", private_state_,
                 "Give the call the context's private keyspace (private_storage_*)");
    app.add_option("--format", format_, "Outcome JSON: pretty (default) or json (one line)")
        ->type_name("FORMAT");
    app.footer(kFooter);
    collect_leftovers(app);
  }

  int run() override {
    auto settings = parse_settings();
    if (!settings) return report_usage_error(settings.error().message);
    auto bytes = read_argument_file("APP", module_path_);
    if (!bytes) return report_failure(bytes.error().message);

    auto app = runtime::Application::compile(bytes.value(), settings->limits, settings->options);
    if (!app) {
      std::printf("%s\n", runtime::compile_error_json(app.error(), settings->pretty).c_str());
      return app_exit::kFailed;
    }
    return execute(*app.value(), settings.value());
  }

 private:
  Parsed<RunSettings> parse_settings() {
    if (auto error = check_leftovers(*app_)) return *error;
    if (auto error = require_positional(*module_option_)) return *error;
    if (auto error = require_positional(*method_option_)) return *error;

    RunSettings settings;
    auto format = parse_choice("--format", format_, {"pretty", "json"});
    if (!format) return format.error();
    settings.pretty = format.value() == "pretty";

    runtime::VMContext& context = settings.context;
    auto context_id = parse_id32("--context", context_text_);
    if (!context_id) return context_id.error();
    context.context_id = context_id.value();
    auto executor = parse_id32("--executor", executor_text_);
    if (!executor) return executor.error();
    context.executor_public_key = executor.value();
    context.account_id = context.executor_public_key;
    if (given(account_option_)) {
      auto account = parse_id32("--account", account_text_);
      if (!account) return account.error();
      context.account_id = account.value();
    }
    auto input = read_input();
    if (!input) return input.error();
    context.input = std::move(input.value());
    context.read_only = read_only_;

    if (auto error = parse_limits(settings.limits)) return *error;
    if (auto error = parse_options(settings)) return *error;
    settings.private_state = private_state_;
    return settings;
  }

  Parsed<Bytes> read_input() const {
    const bool from_file = !input_file_.empty();
    if (from_file && input_option_->count() > 0) {
      return ArgumentError{"--input-file: cannot be combined with --input (give one of them)"};
    }
    if (!from_file) return Bytes(input_text_.begin(), input_text_.end());
    if (input_file_ == "-") {
      std::string text((std::istreambuf_iterator<char>(std::cin)),
                       std::istreambuf_iterator<char>());
      return Bytes(text.begin(), text.end());
    }
    return read_argument_file("--input-file", input_file_);
  }

  std::optional<ArgumentError> parse_limits(runtime::VMLimits& limits) const {
    if (given(limits_option_)) {
      auto loaded = load_limits_file(limits_path_, limits);
      if (!loaded) return ArgumentError{"--limits: " + loaded.error()};
      limits = loaded.value();
    }
    if (given(gas_option_)) {
      auto gas = parse_u64("--gas", gas_text_);
      if (!gas) return gas.error();
      if (gas.value() == 0) {
        return ArgumentError{"--gas: expected a positive number of gas units, got \"0\""};
      }
      limits.max_gas = gas.value();
    }
    if (auto invalid = limits.validate()) {
      return ArgumentError{"--limits: invalid combination: " + *invalid};
    }
    return std::nullopt;
  }

  std::optional<ArgumentError> parse_options(RunSettings& settings) const {
    runtime::RuntimeOptions& options = settings.options;
    runtime::VMContext& context = settings.context;
    options.compat_removed_functions = compat_removed_functions_;
    options.compat_legacy_abi = compat_legacy_abi_;
    options.deterministic = deterministic_;
    if (deterministic_) {
      if (!given(time_option_)) {
        return ArgumentError{
            "--time-ns: required with --deterministic (the time time_now "
            "returns, in nanoseconds since the Unix epoch)"};
      }
      if (!fetch_hosts_.empty()) {
        return ArgumentError{"--allow-fetch: fetch is disabled in deterministic mode"};
      }
    } else {
      if (given(time_option_)) return ArgumentError{"--time-ns: needs --deterministic"};
      if (given(seed_option_)) return ArgumentError{"--seed: needs --deterministic"};
    }
    if (given(time_option_)) {
      auto time_ns = parse_u64("--time-ns", time_text_);
      if (!time_ns) return time_ns.error();
      context.time_ns = time_ns.value();
    }
    if (given(seed_option_)) {
      auto seed = parse_id32("--seed", seed_text_);
      if (!seed) return seed.error();
      context.random_seed = seed.value();
    }
    for (const std::string& host : fetch_hosts_) {
      if (host.empty()) return ArgumentError{"--allow-fetch: expected a host name, got \"\""};
    }
    if ((allow_http_ || allow_private_addresses_) && fetch_hosts_.empty()) {
      return ArgumentError{std::string(allow_http_ ? "--allow-http" : "--allow-private-addresses") +
                           ": needs --allow-fetch HOST (fetch is disabled without an allowlist)"};
    }
    options.fetch.allowed_hosts = fetch_hosts_;
    options.fetch.allow_http = allow_http_;
    options.fetch.allow_private_addresses = allow_private_addresses_;
    return std::nullopt;
  }

  // §11.1: the CLI's default seed, distinct for every committed execution of the context.
  Id32 default_seed(const runtime::VMContext& context, uint64_t executions) const {
    auto u64_le = [](uint64_t value) {
      std::array<uint8_t, 8> bytes;
      for (size_t i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
      return bytes;
    };
    runtime::crypto::Sha256 hash;
    hash.update(context.context_id);
    hash.update(context.executor_public_key);
    hash.update(u64_le(*context.time_ns));
    hash.update(u64_le(executions));
    hash.update(std::string_view(method_));
    hash.update(context.input);
    return hash.finish();
  }

  int execute(const runtime::Application& app, RunSettings& settings) {
    auto store = open_database(db_directory_, OpenMode::kCreateIfMissing);
    if (!store) return report_failure(store.error());
    try {
      const Id32& context_id = settings.context.context_id;
      if (settings.options.deterministic && !settings.context.random_seed) {
        settings.context.random_seed =
            default_seed(settings.context, store.value()->executions(context_id));
      }
      std::unique_ptr<storage::RocksDbExecution> execution =
          store.value()->begin_execution(context_id);
      runtime::DiskBlobStore blobs(blob_directory(db_directory_));
      runtime::RunEnvironment environment;
      environment.storage = &execution->main_state();
      environment.private_storage = settings.private_state ? &execution->private_state() : nullptr;
      environment.blobs = &blobs;

      runtime::Outcome outcome = runtime::run(app, settings.context, method_, environment,
                                              settings.limits, settings.options);
      if (outcome.ok() && !settings.context.read_only) execution->commit();
      std::printf("%s\n", runtime::to_json(outcome, settings.pretty).c_str());
      return outcome.ok() ? app_exit::kOk : app_exit::kFailed;
    } catch (const storage::StorageError& error) {
      return report_failure(std::string("storage: ") + error.what() +
                            " (the call's changes were not committed)");
    }
  }

  // Whether the option was on the command line (an empty value counts).
  static bool given(const CLI::Option* option) { return option->count() > 0; }

  CLI::App* app_ = nullptr;
  CLI::Option* account_option_ = nullptr;
  CLI::Option* gas_option_ = nullptr;
  CLI::Option* time_option_ = nullptr;
  CLI::Option* seed_option_ = nullptr;
  CLI::Option* limits_option_ = nullptr;
  CLI::Option* module_option_ = nullptr;
  CLI::Option* method_option_ = nullptr;
  CLI::Option* input_option_ = nullptr;
  std::string module_path_;
  std::string method_;
  std::string input_text_;
  std::string input_file_;
  std::string db_directory_ = kDefaultDatabaseDirectory;
  std::string context_text_ = std::string(64, '0');
  std::string executor_text_ = kDefaultExecutorHex;
  std::string account_text_;
  std::string gas_text_;
  bool deterministic_ = false;
  std::string time_text_;
  std::string seed_text_;
  std::string limits_path_;
  std::vector<std::string> fetch_hosts_;
  bool allow_http_ = false;
  bool allow_private_addresses_ = false;
  bool compat_removed_functions_ = false;
  bool compat_legacy_abi_ = false;
  bool read_only_ = false;
  bool private_state_ = false;
  std::string format_ = "pretty";
};

}  // namespace

std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

}  // namespace ward::cli
