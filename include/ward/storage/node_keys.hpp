// Key policy `node-keys` (calimero-abi.md §10.2): like the reference node's store, the main
// keyspace accepts only 32-byte keys and treats every other length as absent (get → none,
// set/remove → no effect and none, has → false). Index and meta keyspaces accept any length
// and pass through. Use it for the main and the private store when node-faithful behaviour is
// wanted.
#pragma once

#include <cstddef>

#include "ward/storage/storage.hpp"

namespace ward::storage {

class NodeKeyPolicy final : public Storage {
 public:
  static constexpr size_t kKeySize = 32;

  // To wrap another wrapper of this type, pass it as a Storage&: the argument would otherwise
  // select the deleted copy constructor.
  explicit NodeKeyPolicy(Storage& inner) : inner_(inner) {}
  NodeKeyPolicy(const NodeKeyPolicy&) = delete;
  NodeKeyPolicy& operator=(const NodeKeyPolicy&) = delete;

  Storage& inner() const { return inner_; }
  static bool accepts(BytesView key) { return key.size() == kKeySize; }

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

  // Main-keyspace puts and deletes with other key lengths are dropped, as the single-key
  // operations would drop them; everything else passes through in one inner apply.
  void apply(const WriteBatch& batch) override;

 private:
  Storage& inner_;
};

}  // namespace ward::storage
