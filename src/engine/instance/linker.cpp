// Name-based import resolution.
#include "ward/engine/linker.hpp"

#include "engine/compiled.hpp"

namespace ward::engine {

void Linker::define(std::string module, std::string name, Extern value) {
  defs_[{std::move(module), std::move(name)}] = value;
}

void Linker::define_instance(const std::string& module, const Instance& instance) {
  for (const ExportDesc& ex : instance.module().exports()) {
    if (auto e = instance.get_export(ex.name)) define(module, ex.name, *e);
  }
}

Result<std::vector<Extern>, LinkError> Linker::resolve(const Module& module) const {
  std::vector<Extern> out;
  out.reserve(module.imports().size());
  for (const ImportDesc& im : module.imports()) {
    auto it = defs_.find(std::make_pair(im.module, im.name));
    if (it == defs_.end()) {
      return LinkError{"unknown import `" + im.module + "::" + im.name + "` (" +
                       to_string(im.type) + ")"};
    }
    out.push_back(it->second);
  }
  return out;
}

}  // namespace ward::engine
