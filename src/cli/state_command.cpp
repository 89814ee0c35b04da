#include "cli/state_command.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/database.hpp"
#include "runtime/encoding.hpp"
#include "ward/storage/rocksdb_store.hpp"

namespace ward::cli {
namespace {

using Json = nlohmann::ordered_json;
using runtime::Bytes;
using storage::ContextSpace;

constexpr const char* kFooter =
    R"help(Reads the state `ward run` keeps in the database. Like `ward run`, it takes the database's lock,
so it fails (exit code 2) while another process has the database open. Keys are byte strings:
listings show each key in hex and, when it is valid UTF-8, as text.

Exit codes:
  0  success
  1  `state get`: no such key
  2  usage, I/O or storage error (e.g. no database at --db, or it is locked))help";

const char* space_name(ContextSpace space) {
  return space == ContextSpace::Private ? "private" : "main";
}

std::string utf8_view(const Bytes& bytes) {
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

// A key as JSON: hex always, the text only when it is valid UTF-8.
Json key_json(const Bytes& key) {
  Json json = {{"hex", to_hex(key)}};
  json["utf8"] = runtime::is_valid_utf8(key) ? Json(utf8_view(key)) : Json(nullptr);
  return json;
}

// §9.4's Bytes shape.
Json bytes_json(const Bytes& bytes) {
  Json json = {{"base64", runtime::base64_encode(bytes)}};
  if (runtime::is_valid_utf8(bytes)) json["utf8"] = utf8_view(bytes);
  return json;
}

// The options the state subcommands share, and their parsing.
struct StateSelection {
  std::string db_directory = kDefaultDatabaseDirectory;
  std::string context_text = std::string(64, '0');
  bool private_space = false;

  void add_to(CLI::App& app, bool with_context) {
    add_database_option(app, db_directory);
    if (!with_context) return;
    app.add_option("--context", context_text, "Context id (default: 32 zero bytes)")
        ->type_name("HEX32");
    app.add_flag("--private", private_space, "Use the context's private keyspace");
  }
  ContextSpace space() const { return private_space ? ContextSpace::Private : ContextSpace::Main; }
};

class StateCommand final : public Command {
 public:
  const char* name() const override { return "state"; }
  const char* summary() const override {
    return "Show stored state: contexts, a context's keys, one value";
  }

  void configure(CLI::App& app) override {
    app_ = &app;
    app.footer(kFooter);
    collect_leftovers(app);

    list_ = app.add_subcommand("list", "List a context's keys with their value sizes");
    list_options_.add_to(*list_, /*with_context=*/true);
    list_->add_option("--format", list_format_, "text (default) or json")->type_name("FORMAT");
    list_->footer(kFooter);
    collect_leftovers(*list_);

    get_ = app.add_subcommand("get", "Print the value stored under KEY");
    key_option_ = get_->add_option("KEY", key_text_, "The key, as text (or hex with --hex)");
    get_->add_flag("--hex", key_is_hex_, "KEY is hex digits (e.g. a 32-byte hashed key)");
    get_options_.add_to(*get_, /*with_context=*/true);
    get_->add_option("--format", get_format_,
                     "raw (default: the value's bytes as they are), hex, or json")
        ->type_name("FORMAT");
    get_->footer(kFooter);
    collect_leftovers(*get_);

    contexts_ = app.add_subcommand("contexts", "List the contexts that have stored state");
    contexts_options_.add_to(*contexts_, /*with_context=*/false);
    contexts_->add_option("--format", contexts_format_, "text (default) or json")
        ->type_name("FORMAT");
    contexts_->footer(kFooter);
    collect_leftovers(*contexts_);
  }

  int run() override {
    if (auto error = check_leftovers(*app_)) return report_usage_error(error->message);
    try {
      if (list_->parsed()) return run_list();
      if (get_->parsed()) return run_get();
      if (contexts_->parsed()) return run_contexts();
    } catch (const storage::StorageError& error) {
      return report_failure(std::string("storage: ") + error.what());
    }
    return report_usage_error("state: expected a subcommand: list, get or contexts");
  }

 private:
  int run_list() {
    if (auto error = check_leftovers(*list_)) return report_usage_error(error->message);
    auto format = parse_choice("--format", list_format_, {"text", "json"});
    if (!format) return report_usage_error(format.error().message);
    auto context = parse_id32("--context", list_options_.context_text);
    if (!context) return report_usage_error(context.error().message);
    auto store = open_database(list_options_.db_directory, OpenMode::kExisting);
    if (!store) return report_failure(store.error());

    std::vector<std::pair<Bytes, uint64_t>> entries;
    store.value()->visit(context.value(), list_options_.space(), {},
                         [&](storage::BytesView key, storage::BytesView value) {
                           entries.emplace_back(Bytes(key.begin(), key.end()), value.size());
                           return true;
                         });
    const char* space = space_name(list_options_.space());
    if (format.value() == "json") {
      Json keys = Json::array();
      for (const auto& [key, size] : entries) {
        Json entry = {{"key", key_json(key)}, {"value_size", size}};
        keys.push_back(std::move(entry));
      }
      Json out = {{"context", to_hex(context.value())}, {"keyspace", space}};
      out["keys"] = std::move(keys);
      std::printf("%s\n", out.dump(2).c_str());
      return app_exit::kOk;
    }
    std::printf("context %s, %s keyspace: %zu key%s\n", to_hex(context.value()).c_str(), space,
                entries.size(), entries.size() == 1 ? "" : "s");
    for (const auto& [key, size] : entries) {
      const std::string text =
          runtime::is_valid_utf8(key) ? quote_text(utf8_view(key)) : std::string("(not UTF-8)");
      std::printf("  %s  %llu bytes  %s\n", to_hex(key).c_str(),
                  static_cast<unsigned long long>(size), text.c_str());
    }
    return app_exit::kOk;
  }

  int run_get() {
    if (auto error = check_leftovers(*get_)) return report_usage_error(error->message);
    if (auto error = require_positional(*key_option_)) return report_usage_error(error->message);
    auto format = parse_choice("--format", get_format_, {"raw", "hex", "json"});
    if (!format) return report_usage_error(format.error().message);
    auto context = parse_id32("--context", get_options_.context_text);
    if (!context) return report_usage_error(context.error().message);
    Bytes key(key_text_.begin(), key_text_.end());
    if (key_is_hex_) {
      auto decoded = parse_hex_bytes("KEY", key_text_);
      if (!decoded) return report_usage_error(decoded.error().message);
      key = std::move(decoded.value());
    }
    auto store = open_database(get_options_.db_directory, OpenMode::kExisting);
    if (!store) return report_failure(store.error());

    const ContextSpace space = get_options_.space();
    std::optional<Bytes> value = store.value()->get(context.value(), space, key);
    if (!value) {
      std::fprintf(stderr, "error: no key %s (hex %s) in the %s keyspace of context %s\n",
                   quote_text(utf8_view(key)).c_str(), to_hex(key).c_str(), space_name(space),
                   to_hex(context.value()).c_str());
      return app_exit::kFailed;
    }
    if (format.value() == "raw") {
      std::fwrite(value->data(), 1, value->size(), stdout);
    } else if (format.value() == "hex") {
      std::printf("%s\n", to_hex(*value).c_str());
    } else {
      Json out = {{"context", to_hex(context.value())}, {"keyspace", space_name(space)}};
      out["key"] = key_json(key);
      out["value"] = bytes_json(*value);
      std::printf("%s\n", out.dump(2).c_str());
    }
    return app_exit::kOk;
  }

  int run_contexts() {
    if (auto error = check_leftovers(*contexts_)) return report_usage_error(error->message);
    auto format = parse_choice("--format", contexts_format_, {"text", "json"});
    if (!format) return report_usage_error(format.error().message);
    auto store = open_database(contexts_options_.db_directory, OpenMode::kExisting);
    if (!store) return report_failure(store.error());

    Json contexts = Json::array();
    for (const storage::ContextId& id : store.value()->contexts()) {
      auto count_keys = [&](ContextSpace space) {
        uint64_t count = 0;
        store.value()->visit(id, space, {}, [&](storage::BytesView, storage::BytesView) {
          ++count;
          return true;
        });
        return count;
      };
      contexts.push_back({{"context", to_hex(id)},
                          {"executions", store.value()->executions(id)},
                          {"main_keys", count_keys(ContextSpace::Main)},
                          {"private_keys", count_keys(ContextSpace::Private)}});
    }
    if (format.value() == "json") {
      std::printf("%s\n", contexts.dump(2).c_str());
      return app_exit::kOk;
    }
    std::printf("%zu context%s\n", contexts.size(), contexts.size() == 1 ? "" : "s");
    for (const Json& context : contexts) {
      std::printf("  %s  executions %s  main keys %s  private keys %s\n",
                  context["context"].get<std::string>().c_str(),
                  context["executions"].dump().c_str(), context["main_keys"].dump().c_str(),
                  context["private_keys"].dump().c_str());
    }
    return app_exit::kOk;
  }

  CLI::App* app_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* get_ = nullptr;
  CLI::App* contexts_ = nullptr;
  StateSelection list_options_;
  StateSelection get_options_;
  StateSelection contexts_options_;
  std::string list_format_ = "text";
  std::string get_format_ = "raw";
  std::string contexts_format_ = "text";
  CLI::Option* key_option_ = nullptr;
  std::string key_text_;
  bool key_is_hex_ = false;
};

}  // namespace

std::unique_ptr<Command> make_state_command() { return std::make_unique<StateCommand>(); }

}  // namespace ward::cli
