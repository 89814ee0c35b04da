// The 101 JavaScript-SDK collection functions of calimero-abi-js.md. They must link with their
// exact wasm types (calimero-abi.md §2.2); until the host-side CRDT storage layer exists, every
// call traps with Panic{Host, "<name>: CRDT storage layer not available"}, as §4.5 prescribes
// for the storage-layer functions.
#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "runtime/host/host_function.hpp"

namespace ward::runtime {
namespace {

struct JsFunction {
  const char* name;
  // One letter per parameter: 'I' = i64, 'i' = i32 (the three flags). The result is always i32.
  std::string_view params;
};

// calimero-abi-js.md §4, in its order.
constexpr std::array<JsFunction, 101> kJsFunctions{{
    {"js_crdt_map_new", "I"},
    {"js_crdt_map_new_with_id", "II"},
    {"js_crdt_map_get", "III"},
    {"js_crdt_map_insert", "IIII"},
    {"js_crdt_map_remove", "III"},
    {"js_crdt_map_contains", "II"},
    {"js_crdt_map_iter", "II"},
    {"js_crdt_vector_new", "I"},
    {"js_crdt_vector_new_with_id", "II"},
    {"js_crdt_vector_len", "II"},
    {"js_crdt_vector_push", "II"},
    {"js_crdt_vector_get", "III"},
    {"js_crdt_vector_pop", "II"},
    {"js_crdt_set_new", "I"},
    {"js_crdt_set_new_with_id", "II"},
    {"js_crdt_set_insert", "II"},
    {"js_crdt_set_contains", "II"},
    {"js_crdt_set_remove", "II"},
    {"js_crdt_set_len", "II"},
    {"js_crdt_set_iter", "II"},
    {"js_crdt_set_clear", "I"},
    {"js_crdt_lww_new", "I"},
    {"js_crdt_lww_new_with_id", "II"},
    {"js_crdt_lww_set", "IIi"},
    {"js_crdt_lww_get", "II"},
    {"js_crdt_lww_timestamp", "II"},
    {"js_crdt_counter_new", "I"},
    {"js_crdt_counter_new_with_id", "II"},
    {"js_crdt_counter_increment", "I"},
    {"js_crdt_counter_value", "II"},
    {"js_crdt_counter_get_executor_count", "IIiI"},
    {"js_crdt_pncounter_new", "I"},
    {"js_crdt_pncounter_new_with_id", "II"},
    {"js_crdt_pncounter_increment", "I"},
    {"js_crdt_pncounter_decrement", "I"},
    {"js_crdt_pncounter_value", "II"},
    {"js_crdt_pncounter_get_executor_count", "IIiI"},
    {"js_crdt_rga_new", "I"},
    {"js_crdt_rga_new_with_id", "II"},
    {"js_crdt_rga_insert", "III"},
    {"js_crdt_rga_delete", "II"},
    {"js_crdt_rga_get_text", "II"},
    {"js_crdt_rga_len", "II"},
    {"js_crdt_sortedmap_new", "I"},
    {"js_crdt_sortedmap_new_with_id", "II"},
    {"js_crdt_sortedmap_get", "III"},
    {"js_crdt_sortedmap_insert", "IIII"},
    {"js_crdt_sortedmap_remove", "III"},
    {"js_crdt_sortedmap_contains", "II"},
    {"js_crdt_sortedmap_iter", "II"},
    {"js_crdt_sortedset_new", "I"},
    {"js_crdt_sortedset_new_with_id", "II"},
    {"js_crdt_sortedset_insert", "II"},
    {"js_crdt_sortedset_contains", "II"},
    {"js_crdt_sortedset_remove", "II"},
    {"js_crdt_sortedset_len", "II"},
    {"js_crdt_sortedset_iter", "II"},
    {"js_crdt_sortedset_clear", "I"},
    {"js_crdt_authored_map_new", "I"},
    {"js_crdt_authored_map_new_with_id", "II"},
    {"js_crdt_authored_map_insert", "IIII"},
    {"js_crdt_authored_map_update", "IIII"},
    {"js_crdt_authored_map_remove", "III"},
    {"js_crdt_authored_map_get", "III"},
    {"js_crdt_authored_map_contains", "II"},
    {"js_crdt_authored_map_owner_of", "III"},
    {"js_crdt_authored_map_owned_by_me", "II"},
    {"js_crdt_authored_map_iter", "II"},
    {"js_crdt_authored_map_len", "II"},
    {"js_crdt_authored_vector_new", "I"},
    {"js_crdt_authored_vector_new_with_id", "II"},
    {"js_crdt_authored_vector_push", "III"},
    {"js_crdt_authored_vector_update", "IIII"},
    {"js_crdt_authored_vector_tombstone", "III"},
    {"js_crdt_authored_vector_get", "III"},
    {"js_crdt_authored_vector_owner_of", "III"},
    {"js_crdt_authored_vector_owned_by_me", "II"},
    {"js_crdt_authored_vector_iter", "II"},
    {"js_crdt_authored_vector_len", "II"},
    {"js_crdt_shared_new", "IiI"},
    {"js_crdt_shared_new_with_id", "IIiI"},
    {"js_crdt_shared_set", "II"},
    {"js_crdt_shared_get", "II"},
    {"js_crdt_shared_writers", "II"},
    {"js_crdt_shared_writable_by_me", "I"},
    {"js_crdt_shared_is_frozen", "I"},
    {"js_crdt_shared_rotate_writers", "II"},
    {"js_crdt_delete_collection", "II"},
    {"js_user_storage_new", "I"},
    {"js_user_storage_new_with_id", "II"},
    {"js_user_storage_insert", "III"},
    {"js_user_storage_get", "II"},
    {"js_user_storage_get_for_user", "III"},
    {"js_user_storage_remove", "II"},
    {"js_user_storage_contains", "I"},
    {"js_user_storage_contains_user", "II"},
    {"js_frozen_storage_new", "I"},
    {"js_frozen_storage_new_with_id", "II"},
    {"js_frozen_storage_add", "III"},
    {"js_frozen_storage_get", "III"},
    {"js_frozen_storage_contains", "II"},
}};

constexpr bool valid_param_codes() {
  for (const JsFunction& f : kJsFunctions) {
    if (f.params.empty()) return false;
    for (char c : f.params) {
      if (c != 'I' && c != 'i') return false;
    }
  }
  return true;
}
static_assert(valid_param_codes());

// One body per table index, so each trap names its own function without a callback env.
template <size_t Index>
void crdt_layer_unavailable(VMLogic&, uint64_t*) {
  VMLogic::throw_host(HostError::panic(
      PanicContext::Host,
      std::string(kJsFunctions[Index].name) + ": CRDT storage layer not available"));
}

engine::FuncType js_type(std::string_view params) {
  engine::FuncType type;
  for (char c : params) type.params.push_back(c == 'i' ? I32 : I64);
  type.results.push_back(I32);
  return type;
}

template <size_t... Index>
void add_all(HostTable& t, std::index_sequence<Index...>) {
  (t.push_back({kJsFunctions[Index].name, js_type(kJsFunctions[Index].params),
                host_entry<crdt_layer_unavailable<Index>>}),
   ...);
}

}  // namespace

void add_js_functions(HostTable& t) { add_all(t, std::make_index_sequence<kJsFunctions.size()>{}); }

}  // namespace ward::runtime
