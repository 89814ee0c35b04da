#include "runtime/host_registry.hpp"

namespace ward::runtime {

const HostRegistry& HostRegistry::get() {
  static const HostRegistry registry;
  return registry;
}

HostRegistry::HostRegistry() {
  HostTable core;
  add_system_functions(core);
  add_register_functions(core);
  add_identity_functions(core);
  add_io_functions(core);
  add_commit_functions(core);
  add_storage_functions(core);
  add_index_functions(core);
  add_private_storage_functions(core);
  add_utility_functions(core);
  add_blob_functions(core);
  add(Set::Core, core);
  HostTable js;
  add_js_functions(js);
  add(Set::Js, js);
  HostTable removed;
  add_removed_functions(removed);
  add(Set::Removed, removed);
  HostTable legacy;
  add_legacy_functions(legacy);
  add(Set::Legacy, legacy);
}

void HostRegistry::add(Set set, const HostTable& table) {
  for (const HostFunctionSpec& spec : table) {
    auto type = std::make_unique<engine::FuncType>(spec.type);
    engine::FunctionInstance* f = store_.create_host_function(spec.type, spec.callback, nullptr);
    sets_[static_cast<size_t>(set)].emplace(spec.name, HostFunctionRef{f, type.get()});
    owned_types_.push_back(std::move(type));
  }
}

const HostFunctionRef* HostRegistry::find(Set set, std::string_view name) const {
  const auto& m = sets_[static_cast<size_t>(set)];
  auto it = m.find(std::string(name));
  return it == m.end() ? nullptr : &it->second;
}

}  // namespace ward::runtime
