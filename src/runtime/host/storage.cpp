// §4.6 Synchronised storage: the context's main keyspace.
#include "runtime/host/host_function.hpp"
#include "runtime/host/shared_ops.hpp"

namespace ward::runtime {
namespace {

using K = HostError::Kind;

void check_key(VMLogic& vm, const Buffer& key) {
  if (key.len > vm.limits.max_storage_key_size) VMLogic::throw_host(K::KeyLengthOverflow);
}

void storage_read(VMLogic& vm, uint64_t* s) { s[0] = storage_read_op(vm, vm.read_buffer(s[0]), s[1]); }

void storage_write(VMLogic& vm, uint64_t* s) {
  Buffer key = vm.read_buffer(s[0]);
  Buffer value = vm.read_buffer(s[1]);
  s[0] = storage_write_op(vm, key, value, s[2]);
}

void storage_remove(VMLogic& vm, uint64_t* s) {
  s[0] = storage_remove_op(vm, vm.read_buffer(s[0]), s[1]);
}

}  // namespace

uint32_t storage_read_op(VMLogic& vm, Buffer key, uint64_t register_id) {
  check_key(vm, key);
  std::optional<Bytes> value = vm.env.storage->get(vm.payload(key));
  if (!value) return 0;
  vm.set_register(register_id, *value);
  return 1;
}

uint32_t storage_write_op(VMLogic& vm, Buffer key, Buffer value, uint64_t register_id) {
  check_key(vm, key);
  if (value.len > vm.limits.max_storage_value_size) VMLogic::throw_host(K::ValueLengthOverflow);
  auto k = vm.payload(key);
  auto v = vm.payload(value);
  vm.charge_write(key.len + value.len);
  std::optional<Bytes> previous = vm.env.storage->set(k, v);
  if (!previous) return 0;
  vm.set_register(register_id, *previous);  // the write stays even if this traps (§3.4)
  return 1;
}

uint32_t storage_remove_op(VMLogic& vm, Buffer key, uint64_t register_id) {
  check_key(vm, key);
  std::optional<Bytes> removed = vm.env.storage->remove(vm.payload(key));
  if (!removed) return 0;
  vm.set_register(register_id, *removed);
  return 1;
}

void add_storage_functions(HostTable& t) {
  t.push_back({"storage_read", sig({I64, I64}, {I32}), host_entry<storage_read>});
  t.push_back({"storage_write", sig({I64, I64, I64}, {I32}), host_entry<storage_write>});
  t.push_back({"storage_remove", sig({I64, I64}, {I32}), host_entry<storage_remove>});
}

}  // namespace ward::runtime
