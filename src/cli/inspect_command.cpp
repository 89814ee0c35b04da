#include "cli/inspect_command.hpp"

#include <cinttypes>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/wasm_features.hpp"
#include "engine/compiled.hpp"
#include "runtime/crypto/sha256.hpp"
#include "runtime/host_registry.hpp"
#include "ward/engine/module.hpp"

namespace ward::cli {
namespace {

using Json = nlohmann::ordered_json;
using engine::ExternKind;

constexpr const char* kFooter =
    R"help(Describes a module without running it: its imports (module, name, type) and exports, the
Calimero ABI flavour its imports select (by-reference, or legacy per calimero-abi.md Appendix B;
a mix of both cannot link), the post-MVP WebAssembly features its code uses (mutable-globals,
sign-ext, sat-float-to-int, multi-value, bulk-memory, reference-types) with what uses them, its
memories, tables, globals and start function, and its custom sections (name and size; the
`calimero_abi_v1` manifest is shown pretty-printed when it is JSON).

Exit codes:
  0  the module was described
  1  the module is not valid WebAssembly, or its imports mix the legacy and by-reference ABIs
     (the description is still printed)
  2  usage or I/O error)help";

struct AbiReport {
  std::string flavour;  // "by-reference", "legacy" or "mixed"
  std::string detail;
};

// Appendix B's rule for choosing the ABI from the import types, independent of the options
// that enable the legacy ABI.
AbiReport classify_abi(const engine::Module& module) {
  using runtime::HostRegistry;
  const HostRegistry& hosts = HostRegistry::get();
  std::vector<std::string> legacy_typed;
  std::vector<std::string> reference_typed;
  for (const engine::ImportDesc& import : module.imports()) {
    if (import.module != "env" || import.type.kind != ExternKind::Func) continue;
    const runtime::HostFunctionRef* legacy = hosts.find(HostRegistry::Set::Legacy, import.name);
    if (legacy == nullptr) continue;
    const runtime::HostFunctionRef* by_reference = hosts.find(HostRegistry::Set::Core, import.name);
    if (by_reference == nullptr) by_reference = hosts.find(HostRegistry::Set::Removed, import.name);
    // Functions with the same type in both ABIs say nothing about the flavour.
    if (by_reference != nullptr && *by_reference->type == *legacy->type) continue;
    (*legacy->type == import.type.func ? legacy_typed : reference_typed).push_back(import.name);
  }
  if (!legacy_typed.empty() && !reference_typed.empty()) {
    return {"mixed", "`" + legacy_typed.front() + "` has its legacy type but `" +
                         reference_typed.front() +
                         "` does not: the module cannot link (LinkError) in either mode"};
  }
  if (!legacy_typed.empty()) {
    return {"legacy", "imports with their legacy (Appendix B) types, e.g. `" +
                          legacy_typed.front() + "`; runs with --compat-legacy-abi"};
  }
  return {"by-reference", ""};
}

Json limits_json(const engine::Limits32& limits) {
  Json json;
  json["min"] = limits.min;
  json["max"] = limits.has_max ? Json(limits.max) : Json(nullptr);
  return json;
}

// Names under which the item `index` of `kind` is exported.
std::vector<std::string> export_names(const engine::ModuleIR& ir, ExternKind kind, uint32_t index) {
  std::vector<std::string> names;
  for (const engine::Export& export_ : ir.exports) {
    if (export_.kind == kind && export_.index == index) names.push_back(export_.name);
  }
  return names;
}

std::string constant_text(const engine::ConstExpr& init) {
  using Kind = engine::ConstExpr::Kind;
  switch (init.kind) {
    case Kind::I32:
      return std::to_string(static_cast<int32_t>(init.value));
    case Kind::I64:
      return std::to_string(static_cast<int64_t>(init.value));
    case Kind::F32:
    case Kind::F64:
      return engine::to_string(engine::Value{init.type, init.value});
    case Kind::RefNull:
      return "ref.null";
    case Kind::RefFunc:
      return "ref.func " + std::to_string(init.value);
    case Kind::GlobalGet:
      return "global.get " + std::to_string(init.value);
  }
  return "?";
}

class InspectCommand final : public Command {
 public:
  const char* name() const override { return "inspect"; }
  const char* summary() const override {
    return "Describe a module: imports, exports, ABI flavour, WebAssembly features, custom "
           "sections";
  }

  void configure(CLI::App& app) override {
    app_ = &app;
    module_option_ = app.add_option("APP", module_path_, "The application module (.wasm)");
    app.add_option("--format", format_, "Output format: text (default) or json")
        ->type_name("FORMAT");
    app.footer(kFooter);
    collect_leftovers(app);
  }

  int run() override {
    if (auto error = check_leftovers(*app_)) return report_usage_error(error->message);
    if (auto error = require_positional(*module_option_)) return report_usage_error(error->message);
    auto format = parse_choice("--format", format_, {"text", "json"});
    if (!format) return report_usage_error(format.error().message);
    auto bytes = read_argument_file("APP", module_path_);
    if (!bytes) return report_failure(bytes.error().message);

    auto module = engine::Module::compile(bytes.value());
    if (!module) {
      std::fprintf(stderr, "error: %s is not a valid WebAssembly module: %s\n",
                   module_path_.c_str(), module.error().to_string().c_str());
      return app_exit::kFailed;
    }
    auto features = scan_features(bytes.value(), module->compiled().ir);
    if (!features) return report_failure(module_path_ + ": " + features.error());

    const Json description = describe(bytes.value(), module.value(), features.value());
    if (format.value() == "json") {
      std::printf("%s\n", description.dump(2).c_str());
    } else {
      print_text(description);
    }
    return description["abi"]["flavour"] == "mixed" ? app_exit::kFailed : app_exit::kOk;
  }

 private:
  Json describe(const runtime::Bytes& bytes, const engine::Module& module,
                const std::vector<FeatureUse>& features) const {
    const engine::ModuleIR& ir = module.compiled().ir;
    Json out;
    out["file"] = module_path_;
    out["size"] = bytes.size();
    out["sha256"] = to_hex(runtime::crypto::sha256(bytes));

    AbiReport abi = classify_abi(module);
    out["abi"] = {{"flavour", abi.flavour},
                  {"detail", abi.detail.empty() ? Json(nullptr) : Json(abi.detail)}};

    Json imports = Json::array();
    for (const engine::ImportDesc& import : module.imports()) {
      imports.push_back({{"module", import.module},
                         {"name", import.name},
                         {"kind", engine::to_string(import.type.kind)},
                         {"type", engine::to_string(import.type)}});
    }
    out["imports"] = std::move(imports);
    Json exports = Json::array();
    for (const engine::ExportDesc& export_ : module.exports()) {
      exports.push_back({{"name", export_.name},
                         {"kind", engine::to_string(export_.type.kind)},
                         {"type", engine::to_string(export_.type)}});
    }
    out["exports"] = std::move(exports);

    out["functions"] = {{"imported", ir.num_imported_funcs},
                        {"defined", ir.functions.size()},
                        {"start", ir.start ? Json(*ir.start) : Json(nullptr)}};
    Json memories = Json::array();
    for (uint32_t i = 0; i < ir.memories.size(); ++i) {
      Json memory = limits_json(ir.memories[i].limits);
      memory["imported"] = i < ir.num_imported_memories;
      memory["exported_as"] = export_names(ir, ExternKind::Memory, i);
      memories.push_back(std::move(memory));
    }
    out["memories"] = std::move(memories);
    Json tables = Json::array();
    for (uint32_t i = 0; i < ir.tables.size(); ++i) {
      Json table = {{"element", engine::to_string(ir.tables[i].elem)}};
      table.update(limits_json(ir.tables[i].limits));
      table["imported"] = i < ir.num_imported_tables;
      table["exported_as"] = export_names(ir, ExternKind::Table, i);
      tables.push_back(std::move(table));
    }
    out["tables"] = std::move(tables);
    Json globals = Json::array();
    for (uint32_t i = 0; i < ir.global_types.size(); ++i) {
      const bool imported = i < ir.num_imported_globals;
      Json global = {{"type", engine::to_string(ir.global_types[i].type)},
                     {"mutable", ir.global_types[i].mutable_},
                     {"imported", imported}};
      global["init"] = imported ? Json(nullptr)
                                : Json(constant_text(ir.globals[i - ir.num_imported_globals].init));
      global["exported_as"] = export_names(ir, ExternKind::Global, i);
      globals.push_back(std::move(global));
    }
    out["globals"] = std::move(globals);
    out["data_segments"] = ir.datas.size();
    out["element_segments"] = ir.elements.size();

    Json feature_json = Json::object();
    for (const FeatureUse& feature : features) {
      Json uses = Json::object();
      for (const auto& [what, count] : feature.uses) uses[what] = count;
      feature_json[feature.feature] = std::move(uses);
    }
    out["features"] = std::move(feature_json);

    Json customs = Json::array();
    Json manifest = nullptr;
    for (const engine::CustomSection& section : ir.customs) {
      customs.push_back({{"name", section.name}, {"size", section.size}});
      if (section.name != "calimero_abi_v1") continue;
      const auto* begin = reinterpret_cast<const char*>(bytes.data()) + section.begin;
      Json parsed = Json::parse(begin, begin + section.size, nullptr, /*allow_exceptions=*/false);
      manifest = parsed.is_discarded()
                     ? Json("(not JSON, " + std::to_string(section.size) + " bytes)")
                     : std::move(parsed);
    }
    out["custom_sections"] = std::move(customs);
    out["calimero_abi_v1"] = std::move(manifest);
    return out;
  }

  static void print_text(const Json& d) {
    std::printf("%s: %s bytes, sha256 %s\n", d["file"].get<std::string>().c_str(),
                d["size"].dump().c_str(), d["sha256"].get<std::string>().c_str());
    std::printf("abi: %s", d["abi"]["flavour"].get<std::string>().c_str());
    const Json& detail = d["abi"]["detail"];
    std::printf("%s\n", detail.is_null() ? "" : (" (" + detail.get<std::string>() + ")").c_str());

    std::printf("imports (%zu):\n", d["imports"].size());
    for (const Json& import : d["imports"]) {
      std::printf("  %s.%s: %s\n", import["module"].get<std::string>().c_str(),
                  import["name"].get<std::string>().c_str(),
                  import["type"].get<std::string>().c_str());
    }
    std::printf("exports (%zu):\n", d["exports"].size());
    for (const Json& export_ : d["exports"]) {
      std::printf("  %s: %s\n", export_["name"].get<std::string>().c_str(),
                  export_["type"].get<std::string>().c_str());
    }
    const Json& functions = d["functions"];
    std::printf("functions: %s imported, %s defined, start %s\n",
                functions["imported"].dump().c_str(), functions["defined"].dump().c_str(),
                functions["start"].is_null() ? "none" : functions["start"].dump().c_str());
    print_items("memories", d["memories"],
                [](const Json& memory) { return "pages " + limits_summary(memory); });
    print_items("tables", d["tables"], [](const Json& table) {
      return table["element"].get<std::string>() + " " + limits_summary(table);
    });
    print_items("globals", d["globals"], [](const Json& global) {
      std::string text = std::string(global["mutable"].get<bool>() ? "mut " : "") +
                         global["type"].get<std::string>();
      if (!global["init"].is_null()) text += " = " + global["init"].get<std::string>();
      return text;
    });
    std::printf("data segments: %s, element segments: %s\n", d["data_segments"].dump().c_str(),
                d["element_segments"].dump().c_str());

    std::printf("features:\n");
    for (const auto& [feature, uses] : d["features"].items()) {
      std::string listed;
      for (const auto& [what, count] : uses.items()) {
        listed += (listed.empty() ? "" : ", ") + what + " x" + count.dump();
      }
      std::printf("  %s: %s\n", feature.c_str(), listed.empty() ? "not used" : listed.c_str());
    }
    std::printf("custom sections (%zu):\n", d["custom_sections"].size());
    for (const Json& section : d["custom_sections"]) {
      std::printf("  %s: %s bytes\n", quote_text(section["name"].get<std::string>()).c_str(),
                  section["size"].dump().c_str());
    }
    if (!d["calimero_abi_v1"].is_null()) {
      std::printf("calimero_abi_v1 manifest:\n%s\n", d["calimero_abi_v1"].dump(2).c_str());
    }
  }

  static std::string limits_summary(const Json& item) {
    std::string text = "min " + item["min"].dump() +
                       (item["max"].is_null() ? ", no max" : ", max " + item["max"].dump());
    if (item["imported"].get<bool>()) text += ", imported";
    return text;
  }

  template <typename Describe>
  static void print_items(const char* title, const Json& items, Describe describe_item) {
    std::printf("%s (%zu):\n", title, items.size());
    for (size_t i = 0; i < items.size(); ++i) {
      std::string exported;
      for (const Json& name : items[i]["exported_as"]) {
        exported +=
            (exported.empty() ? ", exported as " : ", ") + quote_text(name.get<std::string>());
      }
      std::printf("  %zu: %s%s\n", i, describe_item(items[i]).c_str(), exported.c_str());
    }
  }

  CLI::App* app_ = nullptr;
  CLI::Option* module_option_ = nullptr;
  std::string module_path_;
  std::string format_ = "text";
};

}  // namespace

std::unique_ptr<Command> make_inspect_command() { return std::make_unique<InspectCommand>(); }

}  // namespace ward::cli
