// RocksDbExecution: an execution's main and private commits, staged and then written together
// with the execution counter in one RocksDB write.
#include <utility>

#include "ward/storage/rocksdb_store.hpp"
#include "ward/storage/transaction.hpp"

namespace ward::storage {

namespace {

// The base of a staging Transaction: reads go to the context's view, and the one batch the
// Transaction hands over at commit is kept instead of written. A Transaction never writes its
// base any other way, so direct writes are refused.
class BatchCapture final : public Storage {
 public:
  explicit BatchCapture(Storage& view) : view_(view) {}

  WriteBatch take() { return std::exchange(captured_, WriteBatch{}); }
  void clear() { captured_.ops.clear(); }

  std::optional<Bytes> get(BytesView key) override { return view_.get(key); }
  std::optional<Bytes> set(BytesView, BytesView) override { refuse(); }
  std::optional<Bytes> remove(BytesView) override { refuse(); }
  bool has(BytesView key) override { return view_.has(key); }

  bool supports_index() const override { return view_.supports_index(); }
  bool index_set(BytesView, BytesView) override { refuse(); }
  bool index_del(BytesView) override { refuse(); }
  bool index_del_prefix(BytesView) override { refuse(); }
  std::vector<KeyValue> index_scan(BytesView lo, BytesView hi, uint64_t offset,
                                   std::optional<uint64_t> limit) override {
    return view_.index_scan(lo, hi, offset, limit);
  }
  std::optional<KeyValue> index_last(BytesView lo, BytesView hi) override {
    return view_.index_last(lo, hi);
  }
  void index_visit(BytesView lo, BytesView hi, ScanOrder order, IndexVisitor visit) override {
    view_.index_visit(lo, hi, order, visit);
  }
  bool index_meta_set(BytesView, BytesView) override { refuse(); }
  std::optional<Bytes> index_meta_get(BytesView key) override { return view_.index_meta_get(key); }
  bool index_meta_del(BytesView) override { refuse(); }

  void apply(const WriteBatch& batch) override {
    captured_.ops.insert(captured_.ops.end(), batch.ops.begin(), batch.ops.end());
  }

 private:
  [[noreturn]] static void refuse() {
    throw StorageError("a staged execution view accepts only whole batches");
  }

  Storage& view_;
  WriteBatch captured_;
};

}  // namespace

struct RocksDbExecution::Staging {
  Staging(RocksDbStore& store, const ContextId& context_id)
      : store(store),
        context_id(context_id),
        main_view(store.context(context_id)),
        private_view(store.private_context(context_id)),
        main_capture(*main_view),
        private_capture(*private_view),
        main_state(main_capture),
        private_state(private_capture) {}

  void drop() {
    main_state.discard();
    private_state.discard();
    main_capture.clear();
    private_capture.clear();
  }

  RocksDbStore& store;
  const ContextId context_id;
  std::unique_ptr<Storage> main_view;
  std::unique_ptr<Storage> private_view;
  BatchCapture main_capture;
  BatchCapture private_capture;
  Transaction main_state;
  Transaction private_state;
};

RocksDbExecution::RocksDbExecution(RocksDbStore& store, const ContextId& context_id)
    : staging_(std::make_unique<Staging>(store, context_id)) {}

RocksDbExecution::~RocksDbExecution() = default;

Storage& RocksDbExecution::main_state() { return staging_->main_state; }

Storage& RocksDbExecution::private_state() { return staging_->private_state; }

void RocksDbExecution::commit() {
  Staging& staging = *staging_;
  try {
    staging.main_state.commit();
    staging.private_state.commit();
    const WriteBatch main_batch = staging.main_capture.take();
    const WriteBatch private_batch = staging.private_capture.take();
    staging.store.apply_execution(staging.context_id, main_batch, private_batch);
  } catch (...) {
    staging.drop();
    throw;
  }
}

}  // namespace ward::storage
