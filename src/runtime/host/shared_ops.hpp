// Host-function cores shared by the by-reference ABI (§4, Appendix A) and the legacy splatted
// ABI (Appendix B). Each core starts right after the function's descriptor reads (R1): it takes
// the descriptor fields already decoded and performs every remaining step of §4 in order —
// limit checks, payload reads (R2–R5), effects, register writes — trapping exactly as §4 says.
// The by-reference entry reads its descriptors and calls the core; the legacy entry passes the
// splatted arguments straight through. Results are the wasm result value (i32 results as 0/1).
#pragma once

#include <cstdint>

#include "runtime/vm_logic.hpp"

namespace ward::runtime {

// ---- §4.1 system (system.cpp) ----
// panic steps 2–3: read `file` (R4), trap with Panic{Guest, "explicit panic", At{...}}.
[[noreturn]] void panic_op(VMLogic& vm, Buffer file, uint32_t line, uint32_t column);
// panic_utf8 steps 3–5: read the message (R4), then `file` (R4), then trap.
[[noreturn]] void panic_utf8_op(VMLogic& vm, Buffer message, Buffer file, uint32_t line,
                                uint32_t column);

// ---- §4.2 registers (registers.cpp) ----
// read_register steps 2–4: InvalidRegisterId, length mismatch → 0, write (R5) → 1.
uint32_t read_register_op(VMLogic& vm, uint64_t register_id, Buffer dest);

// ---- §4.4 I/O (io.cpp) ----
// value_return steps 3–5: ReturnValueSizeOverflow, payload (R2), then the tag
// (0 Ok, 1 Err, otherwise DeserializationError).
void value_return_op(VMLogic& vm, uint64_t tag, Buffer value);
// log_utf8 steps 2–5.
void log_utf8_op(VMLogic& vm, Buffer message);
// emit steps 2–6 (the event has no handler).
void emit_op(VMLogic& vm, Buffer kind, Buffer data);

// ---- §4.5 commit (commit.cpp) ----
// commit steps 3–7.
void commit_op(VMLogic& vm, Buffer root_hash, Buffer artifact);

// ---- §4.6 storage (storage.cpp) ----
// storage_read steps 2–4.
uint32_t storage_read_op(VMLogic& vm, Buffer key, uint64_t register_id);
// storage_write steps 3–8.
uint32_t storage_write_op(VMLogic& vm, Buffer key, Buffer value, uint64_t register_id);
// storage_remove steps 2–4.
uint32_t storage_remove_op(VMLogic& vm, Buffer key, uint64_t register_id);

// ---- §4.9 utility (utility.cpp) ----
// fetch: when fetch is disabled (the default, and always in deterministic mode) the buffers are
// ignored — the by-reference entry must not read its descriptors in that case — and the
// disabled message goes to the register (returns 1). When enabled: steps 2–6.
uint32_t fetch_op(VMLogic& vm, Buffer url, Buffer method, Buffer headers, Buffer body,
                  uint64_t register_id);
// random_bytes steps 2–3.
void random_bytes_op(VMLogic& vm, Buffer dest);
// time_now steps 2–3 (len ≠ 8 → InvalidMemoryAccess, then R5).
void time_now_op(VMLogic& vm, Buffer dest);

// ---- §4.10 blobs (blobs.cpp) ----
// blob_write steps 2–8.
uint64_t blob_write_op(VMLogic& vm, uint64_t fd, Buffer data);
// blob_close steps 2–7.
uint32_t blob_close_op(VMLogic& vm, uint64_t fd, Buffer dest_blob_id);
// blob_open steps 2–5.
uint64_t blob_open_op(VMLogic& vm, Buffer blob_id);
// blob_read steps 2–7.
uint64_t blob_read_op(VMLogic& vm, uint64_t fd, Buffer dest);
// blob_announce_to_context: the BlobsNotSupported check of step 1 (which the by-reference entry
// also performs before reading its descriptors), then the id reads of step 2 and steps 3–4.
uint32_t blob_announce_to_context_op(VMLogic& vm, Buffer blob_id, Buffer context_id);

// ---- Appendix A (removed.cpp) ----
// How send_proposal reports a destination that is not exactly 32 bytes.
enum class ProposalIdLengthError : uint8_t {
  HostPanic,            // by-reference: Panic{Host, "source slice length (32) does not match ..."}
  InvalidMemoryAccess,  // legacy ABI
};
// send_proposal after its descriptor reads.
void send_proposal_op(VMLogic& vm, Buffer actions, Buffer dest_id,
                      ProposalIdLengthError on_bad_length);
// approve_proposal after its descriptor read: the id (R3, 32), appended to approvals.
void approve_proposal_op(VMLogic& vm, Buffer approval);

}  // namespace ward::runtime
