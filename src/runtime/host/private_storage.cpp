// §4.8 Private storage: node-local, never replicated; optional for an execution.
#include "runtime/host/host_function.hpp"

namespace ward::runtime {
namespace {

using K = HostError::Kind;

void private_storage_read(VMLogic& vm, uint64_t* s) {
  Buffer key = vm.read_buffer(s[0]);
  if (key.len > vm.limits.max_storage_key_size) VMLogic::throw_host(K::KeyLengthOverflow);
  auto k = vm.payload(key);
  std::optional<Bytes> value;
  if (vm.env.private_storage) value = vm.env.private_storage->get(k);
  if (!value) {
    s[0] = 0;
    return;
  }
  vm.set_register(s[1], *value);
  s[0] = 1;
}

void private_storage_write(VMLogic& vm, uint64_t* s) {
  Buffer key = vm.read_buffer(s[0]);
  Buffer value = vm.read_buffer(s[1]);
  if (key.len > vm.limits.max_storage_key_size) VMLogic::throw_host(K::KeyLengthOverflow);
  if (value.len > vm.limits.max_storage_value_size) VMLogic::throw_host(K::ValueLengthOverflow);
  auto k = vm.payload(key);
  auto v = vm.payload(value);
  if (vm.env.private_storage == nullptr) {  // no store: no charge
    s[0] = 0;
    return;
  }
  vm.charge_write(key.len + value.len);
  vm.env.private_storage->set(k, v);
  s[0] = 1;  // a success flag, unlike storage_write
}

void private_storage_remove(VMLogic& vm, uint64_t* s) {
  Buffer key = vm.read_buffer(s[0]);
  if (key.len > vm.limits.max_storage_key_size) VMLogic::throw_host(K::KeyLengthOverflow);
  auto k = vm.payload(key);
  std::optional<Bytes> removed;
  if (vm.env.private_storage) removed = vm.env.private_storage->remove(k);
  if (!removed) {
    s[0] = 0;
    return;
  }
  vm.set_register(s[1], *removed);
  s[0] = 1;
}

}  // namespace

void add_private_storage_functions(HostTable& t) {
  t.push_back({"private_storage_read", sig({I64, I64}, {I32}), host_entry<private_storage_read>});
  t.push_back({"private_storage_write", sig({I64, I64}, {I32}), host_entry<private_storage_write>});
  t.push_back(
      {"private_storage_remove", sig({I64, I64}, {I32}), host_entry<private_storage_remove>});
}

}  // namespace ward::runtime
