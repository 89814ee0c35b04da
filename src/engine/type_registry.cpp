// Process-wide interning of function types, so that call_indirect compares one integer.
#include <deque>
#include <map>
#include <mutex>

#include "engine/compiled.hpp"

namespace ward::engine {
namespace {

struct Registry {
  std::mutex mutex;
  std::map<std::pair<std::vector<ValType>, std::vector<ValType>>, uint32_t> ids;
  std::deque<FuncType> types;  // stable addresses
};

Registry& registry() {
  static Registry r;
  return r;
}

}  // namespace

uint32_t canonical_type_id(const FuncType& type) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  auto [it, inserted] =
      r.ids.try_emplace({type.params, type.results}, static_cast<uint32_t>(r.types.size()));
  if (inserted) r.types.push_back(type);
  return it->second;
}

const FuncType& canonical_type(uint32_t id) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  return r.types[id];
}

}  // namespace ward::engine
