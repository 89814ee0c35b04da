// Appendix B: the legacy (pre-August-2025) splatted ABI. Each function passes its descriptor
// fields inline, so the R1 descriptor reads disappear; everything after them is the shared core
// of the by-reference function (shared_ops.hpp), with the same steps, limits, errors and results.
#include <string_view>

#include "runtime/host/host_function.hpp"
#include "runtime/host/shared_ops.hpp"

namespace ward::runtime {
namespace {

// The legacy i32 `line`/`column` parameters arrive in the low half of their slots.
uint32_t i32_arg(uint64_t slot) { return static_cast<uint32_t>(slot); }

void panic(VMLogic& vm, uint64_t* s) { panic_op(vm, {s[0], s[1]}, i32_arg(s[2]), i32_arg(s[3])); }

void panic_utf8(VMLogic& vm, uint64_t* s) {
  panic_utf8_op(vm, {s[0], s[1]}, {s[2], s[3]}, i32_arg(s[4]), i32_arg(s[5]));
}

void read_register(VMLogic& vm, uint64_t* s) { s[0] = read_register_op(vm, s[0], {s[1], s[2]}); }

void value_return(VMLogic& vm, uint64_t* s) { value_return_op(vm, s[0], {s[1], s[2]}); }

void log_utf8(VMLogic& vm, uint64_t* s) { log_utf8_op(vm, {s[0], s[1]}); }

void emit(VMLogic& vm, uint64_t* s) { emit_op(vm, {s[0], s[1]}, {s[2], s[3]}); }

void commit(VMLogic& vm, uint64_t* s) { commit_op(vm, {s[0], s[1]}, {s[2], s[3]}); }

void storage_write(VMLogic& vm, uint64_t* s) {
  s[0] = storage_write_op(vm, {s[0], s[1]}, {s[2], s[3]}, s[4]);
}

void storage_read(VMLogic& vm, uint64_t* s) { s[0] = storage_read_op(vm, {s[0], s[1]}, s[2]); }

void storage_remove(VMLogic& vm, uint64_t* s) { s[0] = storage_remove_op(vm, {s[0], s[1]}, s[2]); }

void fetch(VMLogic& vm, uint64_t* s) {
  s[0] = fetch_op(vm, {s[0], s[1]}, {s[2], s[3]}, {s[4], s[5]}, {s[6], s[7]}, s[8]);
}

void random_bytes(VMLogic& vm, uint64_t* s) { random_bytes_op(vm, {s[0], s[1]}); }

void time_now(VMLogic& vm, uint64_t* s) { time_now_op(vm, {s[0], s[1]}); }

void send_proposal(VMLogic& vm, uint64_t* s) {
  send_proposal_op(vm, {s[0], s[1]}, {s[2], s[3]}, ProposalIdLengthError::InvalidMemoryAccess);
}

void approve_proposal(VMLogic& vm, uint64_t* s) { approve_proposal_op(vm, {s[0], s[1]}); }

void blob_write(VMLogic& vm, uint64_t* s) { s[0] = blob_write_op(vm, s[0], {s[1], s[2]}); }

void blob_close(VMLogic& vm, uint64_t* s) { s[0] = blob_close_op(vm, s[0], {s[1], s[2]}); }

void blob_open(VMLogic& vm, uint64_t* s) { s[0] = blob_open_op(vm, {s[0], s[1]}); }

void blob_read(VMLogic& vm, uint64_t* s) { s[0] = blob_read_op(vm, s[0], {s[1], s[2]}); }

void blob_announce_to_context(VMLogic& vm, uint64_t* s) {
  s[0] = blob_announce_to_context_op(vm, {s[0], s[1]}, {s[2], s[3]});
}

// The functions whose type is the same in both ABIs are the by-reference entries themselves.
void add_shared_entries(HostTable& t) {
  constexpr std::string_view kSameInBothAbis[] = {"register_len", "context_id", "executor_id",
                                                  "input", "blob_create"};
  HostTable by_reference;
  add_register_functions(by_reference);
  add_identity_functions(by_reference);
  add_io_functions(by_reference);
  add_blob_functions(by_reference);
  for (std::string_view name : kSameInBothAbis) {
    for (const HostFunctionSpec& spec : by_reference) {
      if (spec.name == name) t.push_back(spec);
    }
  }
}

}  // namespace

void add_legacy_functions(HostTable& t) {
  const auto i64x4 = sig({I64, I64, I64, I64});
  t.push_back({"panic", sig({I64, I64, I32, I32}), host_entry<panic>});
  t.push_back({"panic_utf8", sig({I64, I64, I64, I64, I32, I32}), host_entry<panic_utf8>});
  t.push_back({"read_register", sig({I64, I64, I64}, {I32}), host_entry<read_register>});
  t.push_back({"value_return", sig({I64, I64, I64}), host_entry<value_return>});
  t.push_back({"log_utf8", sig({I64, I64}), host_entry<log_utf8>});
  t.push_back({"emit", i64x4, host_entry<emit>});
  t.push_back({"commit", i64x4, host_entry<commit>});
  t.push_back({"storage_write", sig({I64, I64, I64, I64, I64}, {I32}), host_entry<storage_write>});
  t.push_back({"storage_read", sig({I64, I64, I64}, {I32}), host_entry<storage_read>});
  t.push_back({"storage_remove", sig({I64, I64, I64}, {I32}), host_entry<storage_remove>});
  t.push_back(
      {"fetch", sig({I64, I64, I64, I64, I64, I64, I64, I64, I64}, {I32}), host_entry<fetch>});
  t.push_back({"random_bytes", sig({I64, I64}), host_entry<random_bytes>});
  t.push_back({"time_now", sig({I64, I64}), host_entry<time_now>});
  t.push_back({"send_proposal", i64x4, host_entry<send_proposal>});
  t.push_back({"approve_proposal", sig({I64, I64}), host_entry<approve_proposal>});
  t.push_back({"blob_write", sig({I64, I64, I64}, {I64}), host_entry<blob_write>});
  t.push_back({"blob_close", sig({I64, I64, I64}, {I32}), host_entry<blob_close>});
  t.push_back({"blob_open", sig({I64, I64}, {I64}), host_entry<blob_open>});
  t.push_back({"blob_read", sig({I64, I64, I64}, {I64}), host_entry<blob_read>});
  t.push_back({"blob_announce_to_context", sig({I64, I64, I64, I64}, {I32}),
               host_entry<blob_announce_to_context>});
  add_shared_entries(t);
}

}  // namespace ward::runtime
