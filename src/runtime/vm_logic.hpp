// Per-execution state of the host layer: registers, collected outputs, budgets, handles,
// and checked access to the guest's exported memory (the rules R1–R5 of calimero-abi.md §3.3).
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/crypto/chacha20.hpp"
#include "runtime/registers.hpp"
#include "ward/engine/execution.hpp"
#include "ward/engine/store.hpp"
#include "ward/runtime/blob_store.hpp"
#include "ward/runtime/context.hpp"
#include "ward/runtime/errors.hpp"
#include "ward/runtime/limits.hpp"
#include "ward/runtime/outcome.hpp"
#include "ward/runtime/runtime.hpp"
#include "ward/storage/storage.hpp"

namespace ward::runtime {

// A §3.2 Buffer descriptor.
struct Buffer {
  uint64_t ptr = 0;
  uint64_t len = 0;
};

// Raised inside host functions; converted to a trap by the host-function entry wrapper.
struct HostTrap {
  HostError error;
};

struct BlobHandle {
  bool write = false;
  std::unique_ptr<BlobStore::Upload> upload;  // write handles
  Id32 blob_id{};                             // read handles
  std::unique_ptr<BlobStore::Reader> reader;  // opened on first read
  Bytes leftover;                             // fetched bytes beyond the last read
  size_t leftover_pos = 0;
  bool ended = false;
};

class VMLogic {
 public:
  VMLogic(const VMContext& context, const VMLimits& limits, const RuntimeOptions& options,
          const RunEnvironment& env)
      : context(context), limits(limits), options(options), env(env), registers(limits) {}

  const VMContext& context;
  const VMLimits& limits;
  const RuntimeOptions& options;
  RunEnvironment env;  // storages here are the execution's transactional views

  const engine::MemoryView* memory = nullptr;  // attached after instantiation (§6.2 step 5)
  Registers registers;

  // Outputs.
  std::vector<std::string> logs;
  std::vector<Event> events;
  std::vector<XCall> xcalls;
  std::optional<std::pair<bool, Bytes>> returned;  // (is_err, bytes), last value_return wins
  std::optional<Id32> root_hash;
  Bytes artifact;
  bool committed = false;
  bool js_root_merge = false;
  std::optional<Bytes> migration_witness;
  std::vector<std::pair<Id32, Bytes>> proposals;
  std::vector<Id32> approvals;
  std::vector<ContextMutation> context_mutations;

  // Budgets and handles.
  uint64_t storage_writes = 0;
  uint64_t storage_write_bytes = 0;
  uint64_t next_blob_fd = 1;
  std::map<uint64_t, BlobHandle> blob_handles;
  uint64_t blob_bytes_written = 0;
  std::optional<crypto::ChaCha20Stream> random_stream;  // deterministic mode

  // The host error that ended the current call, if any (§6.2 step 9).
  std::optional<HostError> host_error;
  // A storage backend failure: ends the run with an internal error.
  std::optional<std::string> internal_failure;

  // ---- guest memory (R1–R5) ----
  uint64_t mem_size() const { return memory->size; }
  uint8_t* mem_base() const { return memory->base; }

  // R1: a descriptor of `size` bytes at `ptr`.
  void read_descriptor(uint64_t ptr, void* out, uint64_t size) const {
    if (ptr > mem_size() || size > mem_size() - ptr) throw_host(HostError::Kind::InvalidMemoryAccess);
    std::memcpy(out, mem_base() + ptr, size);
  }
  Buffer read_buffer(uint64_t ptr) const {
    uint64_t raw[2];
    read_descriptor(ptr, raw, 16);
    return {raw[0], raw[1]};
  }
  // R2: the payload of a buffer, as a view into guest memory (valid until the next grow).
  std::span<const uint8_t> payload(const Buffer& b) const {
    if (b.ptr > mem_size() || b.len > mem_size() - b.ptr) throw_host(HostError::Kind::InvalidMemoryAccess);
    return {mem_base() + b.ptr, static_cast<size_t>(b.len)};
  }
  // R3: a payload of exactly n bytes.
  std::span<const uint8_t> payload_exact(const Buffer& b, uint64_t n) const {
    auto p = payload(b);
    if (b.len != n) throw_host(HostError::Kind::InvalidMemoryAccess);
    return p;
  }
  Id32 read_id(const Buffer& b) const {
    Id32 id;
    std::memcpy(id.data(), payload_exact(b, 32).data(), 32);
    return id;
  }
  // R4: a strictly valid UTF-8 string.
  std::string_view read_str(const Buffer& b) const;
  // R5: writes `data` at the start of `dest` (data.size() <= dest.len).
  void write_to(const Buffer& dest, std::span<const uint8_t> data) const {
    if (data.size() > dest.len) throw_host(HostError::Kind::InvalidMemoryAccess);
    if (dest.ptr > mem_size() || dest.len > mem_size() - dest.ptr) throw_host(HostError::Kind::InvalidMemoryAccess);
    if (!data.empty()) std::memcpy(mem_base() + dest.ptr, data.data(), data.size());
  }

  // §3.4 register write; traps with InvalidMemoryAccess on a limit.
  void set_register(uint64_t id, std::span<const uint8_t> data) {
    if (!registers.set(id, data)) throw_host(HostError::Kind::InvalidMemoryAccess);
  }

  // §5.1 write budget.
  void charge_write(uint64_t bytes);

  [[noreturn]] static void throw_host(HostError::Kind kind, uint64_t a = 0, uint64_t b = 0) {
    throw HostTrap{HostError::of(kind, a, b)};
  }
  [[noreturn]] static void throw_host(HostError error) { throw HostTrap{std::move(error)}; }
};

}  // namespace ward::runtime
