// §4.2 Registers.
#include "runtime/host/host_function.hpp"
#include "runtime/host/shared_ops.hpp"

namespace ward::runtime {
namespace {

void register_len(VMLogic& vm, uint64_t* s) {
  const Bytes* r = vm.registers.get(s[0]);
  s[0] = r ? r->size() : UINT64_MAX;
}

void read_register(VMLogic& vm, uint64_t* s) {
  Buffer dest = vm.read_buffer(s[1]);
  s[0] = read_register_op(vm, s[0], dest);
}

}  // namespace

uint32_t read_register_op(VMLogic& vm, uint64_t register_id, Buffer dest) {
  const Bytes* r = vm.registers.get(register_id);
  if (r == nullptr) VMLogic::throw_host(HostError::Kind::InvalidRegisterId, register_id);
  if (dest.len != r->size()) return 0;
  vm.write_to(dest, *r);
  return 1;
}

void add_register_functions(HostTable& t) {
  t.push_back({"register_len", sig({I64}, {I64}), host_entry<register_len>});
  t.push_back({"read_register", sig({I64, I64}, {I32}), host_entry<read_register>});
}

}  // namespace ward::runtime
