// Name-based import resolution: collects definitions by (module, name) and produces the
// import list in a module's order. Types are checked by Store::instantiate.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ward/engine/error.hpp"
#include "ward/engine/module.hpp"
#include "ward/engine/store.hpp"

namespace ward::engine {

class Linker {
 public:
  void define(std::string module, std::string name, Extern value);
  // Defines every export of `instance` under the module name `module`.
  void define_instance(const std::string& module, const Instance& instance);
  // The externs for `module`'s imports, in order; an error names the first unknown import.
  Result<std::vector<Extern>, LinkError> resolve(const Module& module) const;

 private:
  std::map<std::pair<std::string, std::string>, Extern, std::less<>> defs_;
};

}  // namespace ward::engine
