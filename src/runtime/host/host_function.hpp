// Host functions of the Calimero ABI: their table entries and the entry wrapper that turns
// HostTrap (and any unexpected C++ failure) into an engine trap with the HostError recorded.
#pragma once

#include <initializer_list>
#include <new>
#include <vector>

#include "runtime/vm_logic.hpp"
#include "ward/engine/execution.hpp"

namespace ward::runtime {

struct HostFunctionSpec {
  const char* name;
  engine::FuncType type;
  engine::HostCallback callback;
};
using HostTable = std::vector<HostFunctionSpec>;

// Body of a host function: arguments in slots[0..), results written to slots[0..).
using HostBody = void (*)(VMLogic& vm, uint64_t* slots);

template <HostBody Body>
engine::HostStatus host_entry(void*, engine::HostCall& call, uint64_t* slots) {
  auto* vm = static_cast<VMLogic*>(call.user_data());
  // No host function is usable before the memory is attached (e.g. from a start function).
  if (vm == nullptr || vm->memory == nullptr) return call.trap_kind(engine::TrapKind::HostError);
  try {
    Body(*vm, slots);
    return engine::HostStatus::Ok;
  } catch (HostTrap& trap) {
    vm->host_error = std::move(trap.error);
  } catch (const storage::StorageError& e) {
    vm->internal_failure = e.what();
    vm->host_error = HostError::panic(PanicContext::Host, e.what());
  } catch (const std::bad_alloc&) {
    vm->host_error = HostError::panic(PanicContext::Host, "memory allocation failed");
  } catch (const std::exception& e) {
    vm->host_error = HostError::panic(PanicContext::Host, e.what());
  } catch (...) {
    vm->host_error = HostError::panic(PanicContext::Host, "unknown internal failure");
  }
  return call.trap_kind(engine::TrapKind::HostError);
}

inline engine::FuncType sig(std::initializer_list<engine::ValType> params,
                            std::initializer_list<engine::ValType> results = {}) {
  return {params, results};
}
constexpr engine::ValType I64 = engine::ValType::I64;
constexpr engine::ValType I32 = engine::ValType::I32;

// One per group of §4 (and the appendices); each appends its functions.
void add_system_functions(HostTable& table);
void add_register_functions(HostTable& table);
void add_identity_functions(HostTable& table);
void add_io_functions(HostTable& table);
void add_commit_functions(HostTable& table);
void add_storage_functions(HostTable& table);
void add_index_functions(HostTable& table);
void add_private_storage_functions(HostTable& table);
void add_utility_functions(HostTable& table);
void add_blob_functions(HostTable& table);
void add_js_functions(HostTable& table);          // calimero-abi-js.md (link, then trap)
void add_removed_functions(HostTable& table);     // Appendix A
void add_legacy_functions(HostTable& table);      // Appendix B

}  // namespace ward::runtime
