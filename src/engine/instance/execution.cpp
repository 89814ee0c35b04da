// Executions: entering wasm from the embedder, results, traps, suspension and resumption.
#include "ward/engine/execution.hpp"

#include <cstring>

#include "engine/interp/instr.hpp"
#include "engine/runtime_objects.hpp"

namespace ward::engine {
namespace {

struct MessagePayload : HostPayload {
  explicit MessagePayload(std::string m) : text(std::move(m)) {}
  std::string message() const override { return text; }
  std::string text;
};

// Stands in for the caller instance when the entry function is a host function.
InstanceData g_host_entry_instance;

// The code word every execution returns to when its entry function finishes.
const uint64_t* exit_code() {
  static const uint64_t word = handler_word(Op::Exit);
  return &word;
}

}  // namespace

ExecState::ExecState(const Limits& limits) {
  size_t words = limits.max_stack_bytes / sizeof(uint64_t);
  if (words < 16) words = 16;
  stack.reset(new uint64_t[words]);
  stack_begin = stack.get();
  stack_end = stack_begin + words;
  frames_top = reinterpret_cast<FrameRecord*>(stack_end);
}

Execution::Execution(const Limits& limits) : state_(std::make_unique<ExecState>(limits)) {
  state_->owner = this;
}
Execution::~Execution() = default;

void Execution::set_gas(uint64_t budget) {
  state_->gas = budget;
  state_->gas_exhausted = false;
}
uint64_t Execution::gas_remaining() const { return state_->gas; }
bool Execution::gas_exhausted() const { return state_->gas_exhausted; }
bool Execution::is_suspended() const { return state_->suspended; }
const std::vector<Value>& Execution::results() const { return state_->results; }
const Trap& Execution::trap() const { return state_->trap; }
std::shared_ptr<void> Execution::suspend_payload() const { return state_->suspend_payload; }

static CallStatus finish(ExecState& st, CallStatus status) {
  if (status == CallStatus::Finished) {
    const FuncType& type = canonical_type(st.entry->type_id);
    st.results.clear();
    st.results.reserve(type.results.size());
    for (size_t i = 0; i < type.results.size(); ++i) {
      uint64_t bits = st.stack_begin[i];
      if (type.results[i] == ValType::I32 || type.results[i] == ValType::F32) bits &= 0xFFFFFFFFu;
      st.results.push_back({type.results[i], bits});
    }
  }
  if (status != CallStatus::Suspended) {
    st.suspended = false;
    st.suspend_payload.reset();
  }
  st.running = false;
  return status;
}

static CallStatus fail_call(ExecState& st, std::string message) {
  st.trap = Trap{};
  st.trap.kind = TrapKind::HostError;
  st.trap.host_payload = std::make_shared<MessagePayload>(std::move(message));
  st.running = false;
  return CallStatus::Trapped;
}

CallStatus Execution::call(const FunctionInstance* func, std::span<const Value> args) {
  ExecState& st = *state_;
  if (st.running) return fail_call(st, "the execution is already running a call");
  if (func == nullptr) return fail_call(st, "call of a null function");
  const FuncType& type = canonical_type(func->type_id);
  if (args.size() != type.params.size()) {
    return fail_call(st, "function " + to_string(type) + " called with " +
                             std::to_string(args.size()) + " arguments");
  }
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].type != type.params[i]) {
      return fail_call(st, "argument " + std::to_string(i) + " of function " + to_string(type) +
                               " has type " + to_string(args[i].type));
    }
  }
  // A new call abandons any suspended one.
  st.suspended = false;
  st.suspend_payload.reset();
  st.trap = Trap{};
  st.entry = func;
  st.running = true;

  uint64_t* base = st.stack_begin;
  size_t needed = std::max(type.params.size(), type.results.size());
  if (base + needed > st.stack_end) {
    st.trap.kind = TrapKind::CallStackExhausted;
    st.running = false;
    return CallStatus::Trapped;
  }
  for (size_t i = 0; i < args.size(); ++i) base[i] = args[i].bits;

  FrameRecord* fr = reinterpret_cast<FrameRecord*>(st.stack_end) - 1;
  if (func->code == nullptr) {
    // Host function called directly.
    HostCall call;
    call.state_ = &st;
    call.execution_ = this;
    HostStatus status = func->host(func->env, call, base);
    if (status == HostStatus::Ok) return finish(st, CallStatus::Finished);
    if (status == HostStatus::Suspend) {
      st.pc = exit_code();
      st.fp = base;
      st.instance = &g_host_entry_instance;
      st.frames_top = reinterpret_cast<FrameRecord*>(st.stack_end);
      st.host_slots = base;
      st.suspended_host = func;
      st.suspend_payload = std::move(call.suspend_payload_);
      st.suspended = true;
      st.running = false;
      return CallStatus::Suspended;
    }
    st.trap.kind = call.trap_kind_;
    st.trap.host_payload = std::move(call.payload_);
    return finish(st, CallStatus::Trapped);
  }

  const CodeFunc* f = func->code;
  if (reinterpret_cast<uintptr_t>(base + f->frame_slots) > reinterpret_cast<uintptr_t>(fr)) {
    st.trap.kind = TrapKind::CallStackExhausted;
    return finish(st, CallStatus::Trapped);
  }
  fr->return_pc = exit_code();
  fr->fp = base;
  fr->instance = func->instance;
  std::memset(base + f->num_params, 0, sizeof(uint64_t) * f->num_locals);
  st.frames_top = fr;
  st.pc = f->entry;
  st.fp = base;
  st.instance = func->instance;
  return finish(st, interpret(st));
}

CallStatus Execution::resume(std::span<const Value> host_results) {
  ExecState& st = *state_;
  if (!st.suspended) return fail_call(st, "resume: the execution is not suspended");
  const FuncType& type = canonical_type(st.suspended_host->type_id);
  if (host_results.size() != type.results.size()) {
    return fail_call(st, "resume: the suspended host function " + to_string(type) +
                             " needs " + std::to_string(type.results.size()) + " results, got " +
                             std::to_string(host_results.size()));
  }
  for (size_t i = 0; i < host_results.size(); ++i) {
    if (host_results[i].type != type.results[i]) {
      return fail_call(st, "resume: result " + std::to_string(i) + " has type " +
                               to_string(host_results[i].type) + ", expected " +
                               to_string(type.results[i]));
    }
    st.host_slots[i] = host_results[i].bits;
  }
  st.suspended = false;
  st.suspend_payload.reset();
  st.running = true;
  return finish(st, interpret(st));
}

bool HostCall::charge_gas(uint64_t amount) {
  if (state_->gas < amount) {
    state_->gas_exhausted = true;
    trap_kind_ = TrapKind::OutOfGas;
    return false;
  }
  state_->gas -= amount;
  return true;
}

}  // namespace ward::engine
