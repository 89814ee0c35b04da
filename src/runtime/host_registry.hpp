// The host functions, created once per process in their own engine store and shared by every
// execution (per-execution state is reached through Execution::user_data).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/host/host_function.hpp"
#include "ward/engine/store.hpp"

namespace ward::runtime {

struct HostFunctionRef {
  engine::FunctionInstance* function;
  const engine::FuncType* type;
};

class HostRegistry {
 public:
  enum class Set : uint8_t { Core, Js, Removed, Legacy };
  static const HostRegistry& get();

  const HostFunctionRef* find(Set set, std::string_view name) const;

 private:
  HostRegistry();
  void add(Set set, const HostTable& table);

  engine::Store store_;
  std::unordered_map<std::string, HostFunctionRef> sets_[4];
  std::vector<std::unique_ptr<engine::FuncType>> owned_types_;
};

}  // namespace ward::runtime
