// §4.3 Identity and provenance: 32-byte ids into registers.
#include "runtime/host/host_function.hpp"

namespace ward::runtime {
namespace {

void context_id(VMLogic& vm, uint64_t* s) { vm.set_register(s[0], vm.context.context_id); }
void account_id(VMLogic& vm, uint64_t* s) { vm.set_register(s[0], vm.context.account_id); }
void device_id(VMLogic& vm, uint64_t* s) {
  vm.set_register(s[0], vm.context.executor_public_key);
}
void executor_id(VMLogic& vm, uint64_t* s) {
  // The account id, unless the option selects the device key (applications from the era when
  // the two were the same).
  vm.set_register(s[0], vm.options.executor_id == ExecutorIdMode::Device
                            ? vm.context.executor_public_key
                            : vm.context.account_id);
}
void xcall_origin(VMLogic& vm, uint64_t* s) {
  if (!vm.context.xcall_origin) {
    s[0] = 0;
    return;
  }
  vm.set_register(s[0], *vm.context.xcall_origin);
  s[0] = 1;
}

}  // namespace

void add_identity_functions(HostTable& t) {
  t.push_back({"context_id", sig({I64}), host_entry<context_id>});
  t.push_back({"account_id", sig({I64}), host_entry<account_id>});
  t.push_back({"device_id", sig({I64}), host_entry<device_id>});
  t.push_back({"executor_id", sig({I64}), host_entry<executor_id>});
  t.push_back({"xcall_origin", sig({I64}, {I32}), host_entry<xcall_origin>});
}

}  // namespace ward::runtime
