// The read-only wrapper for view calls (calimero-abi.md §10.2): reads, index reads included,
// pass through; writes are silently dropped with the result a store gives when nothing was
// written (none for set/remove, false for index and meta writes). apply throws, because a
// batch reaching a read-only store means a caller tried to commit a view call.
#pragma once

#include "ward/storage/storage.hpp"

namespace ward::storage {

class ReadOnlyStorage final : public Storage {
 public:
  // To wrap another wrapper of this type, pass it as a Storage&: the argument would otherwise
  // select the deleted copy constructor.
  explicit ReadOnlyStorage(Storage& inner) : inner_(inner) {}
  ReadOnlyStorage(const ReadOnlyStorage&) = delete;
  ReadOnlyStorage& operator=(const ReadOnlyStorage&) = delete;

  Storage& inner() const { return inner_; }

  std::optional<Bytes> get(BytesView key) override;
  std::optional<Bytes> set(BytesView key, BytesView value) override;
  std::optional<Bytes> remove(BytesView key) override;
  bool has(BytesView key) override;

  bool supports_index() const override;
  bool index_set(BytesView key, BytesView value) override;
  bool index_del(BytesView key) override;
  bool index_del_prefix(BytesView prefix) override;
  std::vector<KeyValue> index_scan(BytesView lo, BytesView hi, uint64_t offset,
                                   std::optional<uint64_t> limit) override;
  std::optional<KeyValue> index_last(BytesView lo, BytesView hi) override;
  void index_visit(BytesView lo, BytesView hi, ScanOrder order, IndexVisitor visit) override;
  bool index_meta_set(BytesView key, BytesView value) override;
  std::optional<Bytes> index_meta_get(BytesView key) override;
  bool index_meta_del(BytesView key) override;

  // Always throws StorageError("read-only").
  void apply(const WriteBatch& batch) override;

 private:
  Storage& inner_;
};

}  // namespace ward::storage
