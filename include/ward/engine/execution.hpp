// An execution is one thread of wasm: its own explicit stack (frames never use native
// recursion), its gas budget, and — when a host function suspends — the saved state to resume.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "ward/engine/store.hpp"
#include "ward/engine/trap.hpp"
#include "ward/engine/types.hpp"

namespace ward::engine {

struct ExecState;  // engine-internal

enum class CallStatus : uint8_t { Finished, Trapped, Suspended };

class Execution {
 public:
  explicit Execution(const Limits& limits = {});
  ~Execution();
  Execution(const Execution&) = delete;
  Execution& operator=(const Execution&) = delete;

  // Gas: the budget is shared by every call made through this execution until reset.
  void set_gas(uint64_t budget);
  uint64_t gas_remaining() const;
  // True once a charge failed (the remaining gas is then left as it was before that charge).
  bool gas_exhausted() const;

  // Calls `func` with typed arguments (checked against its type).
  CallStatus call(const FunctionInstance* func, std::span<const Value> args);
  // Continues a suspended execution; `host_results` are the suspended host function's results.
  CallStatus resume(std::span<const Value> host_results);

  bool is_suspended() const;
  // Results of the last Finished call, typed per the function's result types.
  const std::vector<Value>& results() const;
  const Trap& trap() const;  // valid after Trapped
  // The payload a suspending host function attached (valid while suspended).
  std::shared_ptr<void> suspend_payload() const;

  // An embedder pointer that host functions reach through HostCall::user_data(), so host
  // functions can be created once and serve many executions.
  void set_user_data(void* data) { user_data_ = data; }
  void* user_data() const { return user_data_; }

  ExecState& state() { return *state_; }

 private:
  std::unique_ptr<ExecState> state_;
  void* user_data_ = nullptr;
};

// Handed to host functions: access to the caller's memory, gas, traps and suspension.
class HostCall {
 public:
  // The calling instance's memory 0 (or nullptr when it has none).
  MemoryInstance* memory() const { return memory_; }
  Memory caller_memory() const { return Memory(memory_); }
  InstanceData* caller() const { return caller_; }
  // Charges gas; false (and the execution traps with OutOfGas when the host returns Trap)
  // when the budget is insufficient.
  bool charge_gas(uint64_t amount);
  HostStatus trap(std::shared_ptr<HostPayload> payload) {
    payload_ = std::move(payload);
    trap_kind_ = TrapKind::HostError;
    return HostStatus::Trap;
  }
  HostStatus trap_kind(TrapKind kind) {
    trap_kind_ = kind;
    return HostStatus::Trap;
  }
  HostStatus suspend(std::shared_ptr<void> payload) {
    suspend_payload_ = std::move(payload);
    return HostStatus::Suspend;
  }
  Execution* execution() const { return execution_; }
  void* user_data() const { return execution_->user_data(); }

  // Engine-internal wiring.
  MemoryInstance* memory_ = nullptr;
  InstanceData* caller_ = nullptr;
  ExecState* state_ = nullptr;
  Execution* execution_ = nullptr;
  std::shared_ptr<HostPayload> payload_;
  std::shared_ptr<void> suspend_payload_;
  TrapKind trap_kind_ = TrapKind::HostError;
};

}  // namespace ward::engine
