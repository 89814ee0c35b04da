// The in-memory store (calimero-abi.md §10.2): three independent ordered maps for the main,
// index and index-meta keyspaces. Copying a MemoryStore copies its contents, which is how tests
// simulate several nodes.
#pragma once

#include <map>
#include <memory>

#include "ward/storage/byte_order.hpp"
#include "ward/storage/storage.hpp"

namespace ward::storage {

// Ordered by unsigned bytes; searchable with a BytesView.
using ByteMap = std::map<Bytes, Bytes, ByteLess>;

class MemoryStore final : public Storage {
 public:
  MemoryStore() = default;
  MemoryStore(const MemoryStore&) = default;
  MemoryStore& operator=(const MemoryStore&) = default;
  MemoryStore(MemoryStore&&) noexcept = default;
  MemoryStore& operator=(MemoryStore&&) noexcept = default;
  ~MemoryStore() override = default;

  std::unique_ptr<MemoryStore> clone() const { return std::make_unique<MemoryStore>(*this); }

  // The contents of one keyspace in key order (for tests and state listings).
  const ByteMap& entries(WriteBatch::Space space) const;
  bool empty() const { return main_.empty() && index_.empty() && index_meta_.empty(); }

  // Same contents in all three keyspaces.
  friend bool operator==(const MemoryStore& a, const MemoryStore& b) {
    return a.main_ == b.main_ && a.index_ == b.index_ && a.index_meta_ == b.index_meta_;
  }

  std::optional<Bytes> get(BytesView key) override;
  std::optional<Bytes> set(BytesView key, BytesView value) override;
  std::optional<Bytes> remove(BytesView key) override;
  bool has(BytesView key) override;

  bool supports_index() const override { return true; }
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

  // All or nothing even if memory runs out: every allocation happens before the first change.
  void apply(const WriteBatch& batch) override;

 private:
  ByteMap& map_for(WriteBatch::Space space);

  ByteMap main_;
  ByteMap index_;
  ByteMap index_meta_;
};

}  // namespace ward::storage
