// §4.7 Ordered secondary index and its meta keyspace (node-local, not replicated).
#include "runtime/host/host_function.hpp"

namespace ward::runtime {
namespace {

using K = HostError::Kind;

void check_key(VMLogic& vm, const Buffer& key) {
  if (key.len > vm.limits.max_storage_key_size) VMLogic::throw_host(K::KeyLengthOverflow);
}
void check_value(VMLogic& vm, const Buffer& value) {
  if (value.len > vm.limits.max_storage_value_size) VMLogic::throw_host(K::ValueLengthOverflow);
}

void put_u32(Bytes& out, uint64_t v) {
  uint32_t x = static_cast<uint32_t>(v);
  uint8_t b[4];
  std::memcpy(b, &x, 4);
  out.insert(out.end(), b, b + 4);
}

// §3.6: count:u32, then key_len:u32, key, value_len:u32, value per pair.
Bytes encode_pairs(const std::vector<storage::KeyValue>& pairs) {
  size_t total = 4;
  for (const auto& [k, v] : pairs) total += 8 + k.size() + v.size();
  Bytes out;
  out.reserve(total);
  put_u32(out, pairs.size());
  for (const auto& [k, v] : pairs) {
    put_u32(out, k.size());
    out.insert(out.end(), k.begin(), k.end());
    put_u32(out, v.size());
    out.insert(out.end(), v.begin(), v.end());
  }
  return out;
}

void storage_index_set(VMLogic& vm, uint64_t* s) {
  Buffer key = vm.read_buffer(s[0]);
  Buffer value = vm.read_buffer(s[1]);
  check_key(vm, key);
  check_value(vm, value);
  auto k = vm.payload(key);
  auto v = vm.payload(value);
  vm.charge_write(key.len + value.len);
  s[0] = vm.env.storage->index_set(k, v) ? 1 : 0;
}

void storage_index_remove(VMLogic& vm, uint64_t* s) {
  Buffer key = vm.read_buffer(s[0]);
  check_key(vm, key);
  s[0] = vm.env.storage->index_del(vm.payload(key)) ? 1 : 0;
}

void storage_index_remove_prefix(VMLogic& vm, uint64_t* s) {
  Buffer prefix = vm.read_buffer(s[0]);
  check_key(vm, prefix);
  s[0] = vm.env.storage->index_del_prefix(vm.payload(prefix)) ? 1 : 0;
}

void storage_index_scan(VMLogic& vm, uint64_t* s) {
  Buffer lo = vm.read_buffer(s[0]);
  Buffer hi = vm.read_buffer(s[1]);
  check_key(vm, lo);
  check_key(vm, hi);
  auto lo_bytes = vm.payload(lo);
  auto hi_bytes = vm.payload(hi);
  uint64_t offset = s[2];
  // The "n+1 encoding": limit 0 is unbounded, otherwise at most limit - 1 results; then the
  // configured cap applies either way.
  uint64_t limit = s[3] == 0 ? UINT64_MAX : s[3] - 1;
  if (limit > vm.limits.max_storage_index_scan_limit) limit = vm.limits.max_storage_index_scan_limit;
  auto pairs = vm.env.storage->index_scan(lo_bytes, hi_bytes, offset, limit);
  vm.set_register(s[4], encode_pairs(pairs));
  s[0] = 1;
}

void storage_index_last(VMLogic& vm, uint64_t* s) {
  Buffer lo = vm.read_buffer(s[0]);
  Buffer hi = vm.read_buffer(s[1]);
  check_key(vm, lo);
  check_key(vm, hi);
  auto lo_bytes = vm.payload(lo);
  auto hi_bytes = vm.payload(hi);
  std::vector<storage::KeyValue> pairs;
  if (auto last = vm.env.storage->index_last(lo_bytes, hi_bytes)) pairs.push_back(std::move(*last));
  vm.set_register(s[2], encode_pairs(pairs));
  s[0] = 1;
}

void storage_index_meta_set(VMLogic& vm, uint64_t* s) {
  Buffer key = vm.read_buffer(s[0]);
  Buffer value = vm.read_buffer(s[1]);
  check_key(vm, key);
  check_value(vm, value);
  auto k = vm.payload(key);
  auto v = vm.payload(value);
  vm.charge_write(key.len + value.len);
  s[0] = vm.env.storage->index_meta_set(k, v) ? 1 : 0;
}

void storage_index_meta_get(VMLogic& vm, uint64_t* s) {
  Buffer key = vm.read_buffer(s[0]);
  check_key(vm, key);
  std::optional<Bytes> value = vm.env.storage->index_meta_get(vm.payload(key));
  if (!value) {
    s[0] = 0;
    return;
  }
  vm.set_register(s[1], *value);
  s[0] = 1;
}

void storage_index_meta_clear(VMLogic& vm, uint64_t* s) {
  Buffer key = vm.read_buffer(s[0]);
  check_key(vm, key);
  auto k = vm.payload(key);
  vm.charge_write(key.len);
  s[0] = vm.env.storage->index_meta_del(k) ? 1 : 0;
}

}  // namespace

void add_index_functions(HostTable& t) {
  t.push_back({"storage_index_set", sig({I64, I64}, {I32}), host_entry<storage_index_set>});
  t.push_back({"storage_index_remove", sig({I64}, {I32}), host_entry<storage_index_remove>});
  t.push_back({"storage_index_remove_prefix", sig({I64}, {I32}),
               host_entry<storage_index_remove_prefix>});
  t.push_back({"storage_index_scan", sig({I64, I64, I64, I64, I64}, {I32}),
               host_entry<storage_index_scan>});
  t.push_back({"storage_index_last", sig({I64, I64, I64}, {I32}), host_entry<storage_index_last>});
  t.push_back({"storage_index_meta_set", sig({I64, I64}, {I32}), host_entry<storage_index_meta_set>});
  t.push_back({"storage_index_meta_get", sig({I64, I64}, {I32}), host_entry<storage_index_meta_get>});
  t.push_back({"storage_index_meta_clear", sig({I64}, {I32}), host_entry<storage_index_meta_clear>});
}

}  // namespace ward::runtime
