// Application compilation (calimero-abi.md §2): module checks in order, ABI flavour, import
// resolution against the host functions, and a cache keyed by code hash and configuration.
#include <mutex>
#include <unordered_map>

#include "runtime/application_impl.hpp"
#include "runtime/crypto/sha256.hpp"
#include "runtime/encoding.hpp"
#include "runtime/host_registry.hpp"

namespace ward::runtime {
namespace {

FunctionCallError validation_error(std::string reason) {
  FunctionCallError e;
  e.kind = FunctionCallError::Kind::ModuleValidationError;
  e.message = std::move(reason);
  return e;
}

// Appendix B: the legacy functions whose types differ from their by-reference namesakes.
bool has_distinct_legacy_type(const HostRegistry& hosts, std::string_view name) {
  const HostFunctionRef* legacy = hosts.find(HostRegistry::Set::Legacy, name);
  if (legacy == nullptr) return false;
  const HostFunctionRef* byref = hosts.find(HostRegistry::Set::Core, name);
  if (byref == nullptr) byref = hosts.find(HostRegistry::Set::Removed, name);
  return byref == nullptr || *byref->type != *legacy->type;
}

// Decides the ABI flavour from the import types; an error when both flavours are mixed.
engine::Result<AbiFlavour, std::string> choose_abi(const engine::Module& module,
                                                   const RuntimeOptions& options) {
  if (!options.compat_legacy_abi) return AbiFlavour::ByReference;
  const HostRegistry& hosts = HostRegistry::get();
  const engine::ImportDesc* legacy_example = nullptr;
  const engine::ImportDesc* byref_example = nullptr;
  for (const engine::ImportDesc& im : module.imports()) {
    if (im.module != "env" || im.type.kind != engine::ExternKind::Func) continue;
    if (!has_distinct_legacy_type(hosts, im.name)) continue;
    const HostFunctionRef* legacy = hosts.find(HostRegistry::Set::Legacy, im.name);
    const HostFunctionRef* byref = hosts.find(HostRegistry::Set::Core, im.name);
    if (byref == nullptr) byref = hosts.find(HostRegistry::Set::Removed, im.name);
    if (*legacy->type == im.type.func) {
      legacy_example = &im;
    } else if (byref != nullptr && *byref->type == im.type.func) {
      byref_example = &im;
    }
  }
  if (legacy_example && byref_example) {
    return "the module mixes the legacy ABI (`" + legacy_example->name +
           "` has its legacy type) with the by-reference ABI (`" + byref_example->name +
           "` does not)";
  }
  return legacy_example ? AbiFlavour::Legacy : AbiFlavour::ByReference;
}

// Resolves every import, or names the first that cannot link.
std::optional<std::string> link(const engine::Module& module, AbiFlavour abi,
                                const RuntimeOptions& options,
                                std::vector<engine::Extern>& imports) {
  const HostRegistry& hosts = HostRegistry::get();
  for (const engine::ImportDesc& im : module.imports()) {
    std::string what = "`" + im.module + "::" + im.name + "`";
    if (im.module != "env")
      return "unknown import " + what + ": there is no module `" + im.module + "`";
    if (im.type.kind != engine::ExternKind::Func) {
      return "unknown import " + what + ": the host provides only functions, not a " +
             engine::to_string(im.type.kind);
    }
    const HostFunctionRef* f = nullptr;
    if (abi == AbiFlavour::Legacy) {
      f = hosts.find(HostRegistry::Set::Legacy, im.name);
      bool needs_removed = im.name == "send_proposal" || im.name == "approve_proposal";
      if (f && needs_removed && !options.compat_removed_functions) f = nullptr;
    } else {
      f = hosts.find(HostRegistry::Set::Core, im.name);
      if (!f) f = hosts.find(HostRegistry::Set::Js, im.name);
      if (!f && options.compat_removed_functions)
        f = hosts.find(HostRegistry::Set::Removed, im.name);
    }
    if (f == nullptr) return "unknown import " + what;
    if (*f->type != im.type.func) {
      return "incompatible import type for " + what + ": the host function has type " +
             engine::to_string(*f->type) + ", the module imports " +
             engine::to_string(im.type.func);
    }
    imports.push_back(engine::Extern::func(f->function));
  }
  return std::nullopt;
}

struct Cache {
  std::mutex mutex;
  std::unordered_map<std::string, std::shared_ptr<ApplicationImpl>> entries;
  CacheStats stats;
};
Cache& cache() {
  static Cache c;
  return c;
}
constexpr size_t kCacheCapacity = 64;

}  // namespace

engine::Result<std::shared_ptr<const Application>, FunctionCallError> Application::compile(
    std::span<const uint8_t> bytes, const VMLimits& limits, const RuntimeOptions& options) {
  if (bytes.size() > limits.max_module_size) {
    FunctionCallError e;
    e.kind = FunctionCallError::Kind::ModuleSizeLimitExceeded;
    e.size = bytes.size();
    e.max = limits.max_module_size;
    return e;
  }
  Id32 hash = crypto::sha256(bytes);
  uint32_t memory_cap = options.unlimited_memory ? 65536 : limits.max_memory_pages;
  std::string key = hex_encode(hash) + "/" + std::to_string(memory_cap) + "/" +
                    (options.compat_legacy_abi ? "L" : "-") +
                    (options.compat_removed_functions ? "R" : "-");
  {
    Cache& c = cache();
    std::lock_guard lock(c.mutex);
    auto it = c.entries.find(key);
    if (it != c.entries.end()) {
      c.stats.hits++;
      return std::make_shared<const Application>(it->second);
    }
    c.stats.misses++;
  }

  engine::Config config;  // metering always on: gas is part of the compiled form
  auto compiled = engine::Module::compile(bytes, config);
  if (!compiled) {
    FunctionCallError e;
    e.kind = FunctionCallError::Kind::CompilationError;
    e.message = compiled.error().to_string();
    return e;
  }
  engine::Module& module = compiled.value();
  for (const engine::ImportDesc& im : module.imports()) {
    if (im.type.kind == engine::ExternKind::Memory) {
      return validation_error("guest imports memory `" + im.module + "::" + im.name +
                              "`; guests must define and export their own memory, not import it "
                              "from the host");
    }
  }
  const engine::ExportDesc* start = module.find_export("_start");
  if (start && start->type.kind == engine::ExternKind::Func) {
    return validation_error(
        "guest exports a `_start` function; WASI command entry points are not supported "
        "(guests are invoked by explicit method name)");
  }
  const engine::ExportDesc* memory = module.find_export("memory");
  if (!memory || memory->type.kind != engine::ExternKind::Memory) {
    return validation_error(
        "guest does not export a linear memory named `memory`; the host reads guest state "
        "through that export");
  }
  if (memory->type.memory.limits.min > memory_cap) {
    return validation_error(
        "guest memory starts with " + std::to_string(memory->type.memory.limits.min) +
        " pages, more than max_memory_pages (" + std::to_string(memory_cap) + ")");
  }

  auto impl = std::make_shared<ApplicationImpl>(
      ApplicationImpl{module, AbiFlavour::ByReference, hash, {}, {}, false});
  auto abi = choose_abi(module, options);
  if (!abi) {
    impl->link_error = abi.error();
  } else {
    impl->abi = abi.value();
    impl->link_error = link(module, impl->abi, options, impl->imports);
  }
  if (const engine::ExportDesc* hook = module.find_export("__calimero_register_merge")) {
    impl->has_merge_hook = hook->type.kind == engine::ExternKind::Func &&
                           hook->type.func.params.empty() && hook->type.func.results.empty();
  }
  {
    Cache& c = cache();
    std::lock_guard lock(c.mutex);
    if (c.entries.size() >= kCacheCapacity) c.entries.clear();
    c.entries.emplace(key, impl);
  }
  return std::make_shared<const Application>(impl);
}

const engine::Module& Application::module() const { return impl_->module; }
AbiFlavour Application::abi() const { return impl_->abi; }
const Id32& Application::code_hash() const { return impl_->code_hash; }

CacheStats application_cache_stats() {
  Cache& c = cache();
  std::lock_guard lock(c.mutex);
  return c.stats;
}

}  // namespace ward::runtime
