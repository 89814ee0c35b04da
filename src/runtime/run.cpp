// The execution pipeline of calimero-abi.md §6.2, with transactional storage (§10.3).
#include <memory>

#include "runtime/application_impl.hpp"
#include "runtime/crypto/sha256.hpp"
#include "runtime/vm_logic.hpp"
#include "ward/engine/execution.hpp"
#include "ward/storage/node_keys.hpp"
#include "ward/storage/read_only.hpp"
#include "ward/storage/transaction.hpp"

namespace ward::runtime {
namespace {

using engine::CallStatus;
using engine::TrapKind;

FunctionCallError method_error(MethodResolutionError::Kind kind, std::string_view name) {
  FunctionCallError e;
  e.kind = FunctionCallError::Kind::MethodResolutionError;
  e.method.kind = kind;
  e.method.name = std::string(name);
  return e;
}

FunctionCallError host_failure(HostError error) {
  FunctionCallError e;
  e.kind = FunctionCallError::Kind::HostError;
  e.host = std::move(error);
  return e;
}

FunctionCallError wasm_trap(WasmTrap trap) {
  FunctionCallError e;
  e.kind = FunctionCallError::Kind::WasmTrap;
  e.trap = trap;
  return e;
}

// Decodes one scalar value; invalid bytes count as one U+FFFD character each.
char32_t next_char(std::string_view s, size_t& i) {
  auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  uint8_t c = b(i);
  size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? c : c & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  i += len;
  return cp;
}

// §6.2 step 2.
std::optional<FunctionCallError> validate_method_name(std::string_view name,
                                                      const VMLimits& limits) {
  using K = MethodResolutionError::Kind;
  if (name.empty()) return method_error(K::EmptyMethodName, name);
  if (name.size() > limits.max_method_name_length) {
    FunctionCallError e = method_error(K::MethodNameTooLong, name);
    e.method.length = name.size();
    e.method.max = limits.max_method_name_length;
    return e;
  }
  size_t i = 0;
  uint64_t position = 0;
  while (i < name.size()) {
    char32_t c = next_char(name, i);
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) {
      FunctionCallError e = method_error(K::InvalidMethodNameCharacter, name);
      e.method.character = c;
      e.method.position = position;
      return e;
    }
    ++position;
  }
  return std::nullopt;
}

// §9.2.
WasmTrap map_trap(TrapKind kind) {
  switch (kind) {
    case TrapKind::CallStackExhausted:
      return WasmTrap::StackOverflow;
    case TrapKind::MemoryOutOfBounds:
    case TrapKind::TableOutOfBounds:
    case TrapKind::UndefinedElement:
      return WasmTrap::MemoryOutOfBounds;
    case TrapKind::UninitializedElement:
      return WasmTrap::IndirectCallToNull;
    case TrapKind::IndirectCallTypeMismatch:
      return WasmTrap::BadSignature;
    case TrapKind::IntegerDivideByZero:
    case TrapKind::IntegerOverflow:
    case TrapKind::InvalidConversionToInteger:
      return WasmTrap::IllegalArithmetic;
    case TrapKind::Unreachable:
    case TrapKind::OutOfGas:
      return WasmTrap::Unreachable;
    case TrapKind::HostError:
      return WasmTrap::Indeterminate;
  }
  return WasmTrap::Indeterminate;
}

// One Execution per thread and stack size: its stack buffer is reused across runs.
engine::Execution& thread_execution(uint64_t stack_bytes) {
  thread_local std::unique_ptr<engine::Execution> exec;
  thread_local uint64_t exec_stack = 0;
  if (!exec || exec_stack != stack_bytes) {
    engine::Limits limits;
    limits.max_stack_bytes = stack_bytes;
    exec = std::make_unique<engine::Execution>(limits);
    exec_stack = stack_bytes;
  }
  return *exec;
}

void move_outputs(VMLogic& vm, Outcome& out) {
  out.logs = std::move(vm.logs);
  out.events = std::move(vm.events);
  out.xcalls = std::move(vm.xcalls);
  out.root_hash = vm.root_hash;
  out.artifact = std::move(vm.artifact);
  out.migration_witness = std::move(vm.migration_witness);
  if (vm.options.compat_removed_functions) {
    out.has_compat_fields = true;
    out.proposals = std::move(vm.proposals);
    out.approvals = std::move(vm.approvals);
    out.context_mutations = std::move(vm.context_mutations);
  }
}

// Clears a VMLogic's pointer from the shared execution when the run ends, however it ends.
struct UserDataScope {
  engine::Execution& exec;
  ~UserDataScope() { exec.set_user_data(nullptr); }
};

}  // namespace

Outcome run(const Application& app, const VMContext& context, std::string_view method,
            const RunEnvironment& env, const VMLimits& limits, const RuntimeOptions& options) {
  const ApplicationImpl& impl = app.impl();
  Outcome out;
  out.has_compat_fields = options.compat_removed_functions;

  // Step 1: transactional views of the stores. The policies sit outside the transaction so
  // that what they refuse never reaches the overlay: the node key policy (§10.2) and, for view
  // calls, the read-only wrapper.
  storage::Transaction main_tx(*env.storage);
  std::optional<storage::Transaction> private_tx;
  if (env.private_storage) private_tx.emplace(*env.private_storage);
  std::vector<std::unique_ptr<storage::Storage>> wrappers;
  auto wrap = [&](storage::Storage* s) -> storage::Storage* {
    if (s == nullptr) return nullptr;
    if (options.node_keys) s = wrappers.emplace_back(std::make_unique<storage::NodeKeyPolicy>(*s)).get();
    if (context.read_only) s = wrappers.emplace_back(std::make_unique<storage::ReadOnlyStorage>(*s)).get();
    return s;
  };
  RunEnvironment tx_env = env;
  tx_env.storage = wrap(&main_tx);
  tx_env.private_storage = wrap(private_tx ? &*private_tx : nullptr);
  VMLogic vm(context, limits, options, tx_env);
  if (options.deterministic && context.random_seed) {
    std::string label = "ward/random_bytes/v1";
    crypto::Sha256 h;
    h.update({reinterpret_cast<const uint8_t*>(label.data()), label.size()});
    h.update(*context.random_seed);
    vm.random_stream.emplace(h.finish());
  }

  auto finish = [&](std::optional<FunctionCallError> error) {
    // Step 10.
    for (auto& [fd, handle] : vm.blob_handles) {
      if (handle.write && handle.upload) handle.upload->abort();
    }
    vm.blob_handles.clear();
    vm.memory = nullptr;
    if (error) {
      out.returns = std::move(*error);
    } else if (vm.returned && vm.returned->first) {
      FunctionCallError e;
      e.kind = FunctionCallError::Kind::ExecutionError;
      e.bytes = std::move(vm.returned->second);
      out.returns = std::move(e);
    } else if (vm.returned) {
      out.returns = std::optional<Bytes>(std::move(vm.returned->second));
    } else {
      out.returns = std::optional<Bytes>();
    }
    move_outputs(vm, out);
    if (vm.internal_failure) throw storage::StorageError(*vm.internal_failure);
    bool commit = out.ok() && !context.read_only;
    if (commit && options.commit_policy == CommitPolicy::Node && !out.root_hash) commit = false;
    // Otherwise the transactions are discarded when they go out of scope.
    if (commit) {
      main_tx.commit();
      if (private_tx) private_tx->commit();
    }
    return std::move(out);
  };

  // Step 2.
  if (auto e = validate_method_name(method, limits)) return finish(std::move(e));

  // Step 3: a fresh instance.
  if (impl.link_error) {
    FunctionCallError e;
    e.kind = FunctionCallError::Kind::LinkError;
    e.message = *impl.link_error;
    return finish(std::move(e));
  }
  engine::Limits engine_limits;
  engine_limits.max_memory_pages = options.unlimited_memory ? 65536 : limits.max_memory_pages;
  engine_limits.max_stack_bytes = limits.max_stack_size;
  engine::Store store(engine_limits);
  auto instance = store.instantiate(impl.module, impl.imports, limits.max_gas);
  if (!instance) {
    const engine::InstantiateError& ie = instance.error();
    if (ie.kind == engine::InstantiateError::Kind::Link) {
      FunctionCallError e;
      e.kind = FunctionCallError::Kind::LinkError;
      e.message = ie.message;
      return finish(std::move(e));
    }
    return finish(wasm_trap(ie.kind == engine::InstantiateError::Kind::Trap
                                ? map_trap(ie.trap.kind)
                                : WasmTrap::Indeterminate));
  }

  // Step 4.
  engine::Execution& exec = thread_execution(limits.max_stack_size);
  exec.set_gas(limits.max_gas);
  exec.set_user_data(&vm);
  UserDataScope scope{exec};

  // Step 5.
  vm.memory = engine::Memory(instance->get_export("memory")->as_memory()).view();

  // Step 6: the merge hook; its failure is ignored, its effects stay.
  if (impl.has_merge_hook) {
    exec.call(instance->get_function("__calimero_register_merge"), {});
    vm.host_error.reset();
  }

  // Step 7.
  const engine::ExportDesc* ex = impl.module.find_export(method);
  bool metering_global =
      method == "wasmer_metering_remaining_points" || method == "wasmer_metering_points_exhausted";
  if (ex == nullptr && !metering_global) {
    return finish(method_error(MethodResolutionError::Kind::MethodNotFound, method));
  }
  if (metering_global || ex->type.kind != engine::ExternKind::Func) {
    return finish(host_failure(
        HostError::panic(PanicContext::Guest, "internal error: entered unreachable code")));
  }
  if (!ex->type.func.params.empty() || !ex->type.func.results.empty()) {
    return finish(method_error(MethodResolutionError::Kind::InvalidSignature, method));
  }

  // Step 8.
  CallStatus status = exec.call(instance->get_function(method), {});
  out.gas_used = exec.gas_exhausted() ? limits.max_gas : limits.max_gas - exec.gas_remaining();

  // Step 9.
  if (status != CallStatus::Finished) {
    if (exec.gas_exhausted()) {
      FunctionCallError e;
      e.kind = FunctionCallError::Kind::GasExhausted;
      e.max = limits.max_gas;
      return finish(std::move(e));
    }
    if (status == CallStatus::Trapped && exec.trap().kind == TrapKind::HostError && vm.host_error) {
      return finish(host_failure(std::move(*vm.host_error)));
    }
    return finish(wasm_trap(status == CallStatus::Trapped ? map_trap(exec.trap().kind)
                                                          : WasmTrap::Indeterminate));
  }
  // A completed method after an exhausting hook is a success with gas_used = max_gas.
  return finish(std::nullopt);
}

}  // namespace ward::runtime
