// Ward's persistent store: one RocksDB database holding the state of many contexts
// (calimero-abi.md §10). The runtime gets a Storage view per context; the CLI lists contexts
// and their keys. Layout, durability and error handling: docs/storage.md.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ward/engine/error.hpp"
#include "ward/storage/storage.hpp"

namespace ward::storage {

// A context's 32-byte id (the same type as runtime::Id32).
using ContextId = std::array<uint8_t, 32>;

// The per-context keyspaces of the store.
enum class ContextSpace : uint8_t { Main, Private, Index, IndexMeta };

struct RocksDbOptions {
  // Sync the write-ahead log before a write returns, so that a committed write survives power
  // loss. With false a committed write survives a process crash but an OS crash may lose the
  // latest writes (whole batches, never part of one).
  bool sync = true;
};

class RocksDbExecution;

class RocksDbStore {
 public:
  using Options = RocksDbOptions;

  // The on-disk format this Ward writes and the only one it opens.
  static constexpr uint64_t kFormatVersion = 1;

  // Opens the database at `path`, creating the directory and the database on first use. Fails
  // with a message naming the path and the cause when the database is locked by another handle,
  // corrupted, of a newer format version, or not a Ward database.
  static engine::Result<std::unique_ptr<RocksDbStore>, std::string> open(
      const std::filesystem::path& path, const Options& options = {});

  RocksDbStore(const RocksDbStore&) = delete;
  RocksDbStore& operator=(const RocksDbStore&) = delete;
  ~RocksDbStore();

  const std::filesystem::path& path() const;
  const Options& options() const;

  // A context's main state with its ordered index and index meta. Each write (set, remove, an
  // index write, apply) is one atomic RocksDB write. Views must not outlive the store.
  std::unique_ptr<Storage> context(const ContextId& context_id);
  // A context's private state. It has no ordered index: supports_index() is false, index writes
  // return false and do nothing, index reads are empty, and apply ignores index operations.
  std::unique_ptr<Storage> private_context(const ContextId& context_id);

  // The number of executions committed for the context (the `n` of the CLI's default random
  // seed, calimero-abi.md §11.1); 0 for a context never executed.
  uint64_t executions(const ContextId& context_id);
  // Commits one execution of the context in a single atomic RocksDB write: its main-state
  // batch (main, index and meta operations), its private-state batch (main-keyspace operations;
  // index operations are ignored), and the increment of executions(context_id). Either batch
  // may be empty; the counter is incremented regardless. Throws StorageError, writing nothing,
  // if a batch is malformed or the write fails.
  void apply_execution(const ContextId& context_id, const WriteBatch& main_batch,
                       const WriteBatch& private_batch = {});
  // Staged views for running one execution with runtime::run; see RocksDbExecution.
  std::unique_ptr<RocksDbExecution> begin_execution(const ContextId& context_id);

  // Contexts that have at least one key in a per-context keyspace, in ascending id order.
  std::vector<ContextId> contexts();
  // Visits the context's keys in `space` that start with `key_prefix`, ascending, until `visitor`
  // returns false. Keys are passed without the context id.
  void visit(const ContextId& context_id, ContextSpace space, BytesView key_prefix,
             IndexVisitor visitor);
  std::optional<Bytes> get(const ContextId& context_id, ContextSpace space, BytesView key);

  // Writes the in-memory tables to table files (the write-ahead log already holds every
  // committed write; this only makes the files self-contained, e.g. before a copy).
  void flush();

 private:
  struct Impl;
  class ContextView;
  explicit RocksDbStore(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

// One execution's views of a context whose commits are staged instead of written:
//
//   auto execution = store.begin_execution(context_id);
//   runtime::RunEnvironment env{&execution->main_state(), &execution->private_state()};
//   Outcome outcome = runtime::run(app, vm_context, method, env);
//   if (outcome committed) execution->commit();
//
// run() commits its main and private transactions into these views; commit() then writes both
// with the execution counter increment as one atomic RocksDB write (apply_execution), so a crash
// never leaves main state without its private state or the counter. Reads see the committed
// database merged with what is staged. Destroying the object without commit() drops the staged
// changes. After commit() (or a failed commit, which drops them too) the views stay usable for
// the next execution.
class RocksDbExecution {
 public:
  RocksDbExecution(RocksDbStore& store, const ContextId& context_id);
  RocksDbExecution(const RocksDbExecution&) = delete;
  RocksDbExecution& operator=(const RocksDbExecution&) = delete;
  ~RocksDbExecution();

  Storage& main_state();
  Storage& private_state();
  // Counts the execution even when nothing is staged: call it for executions that committed.
  void commit();

 private:
  struct Staging;
  std::unique_ptr<Staging> staging_;
};

}  // namespace ward::storage
