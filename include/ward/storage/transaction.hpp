// The overlay that makes one execution transactional (calimero-abi.md §10.3). Every write goes
// to the overlay; reads, has, index scans and index_last see the overlay merged with the base.
// commit() hands the base one WriteBatch; discard() or destruction drops everything.
//
// Wrap a Transaction (not its base) in ReadOnlyStorage or NodeKeyPolicy: the wrappers then
// filter what reaches the overlay, and the base sees only committed batches.
#pragma once

#include <map>
#include <set>

#include "ward/storage/byte_order.hpp"
#include "ward/storage/storage.hpp"

namespace ward::storage {

class Transaction final : public Storage {
 public:
  // To nest transactions, pass the outer one as a Storage&: a Transaction argument would select
  // the deleted copy constructor.
  explicit Transaction(Storage& base) : base_(base) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() override = default;

  Storage& base() const { return base_; }
  // No pending change in any keyspace.
  bool empty() const { return main_.empty() && index_.empty() && index_meta_.empty(); }

  // Applies the pending changes to the base with one base.apply call (none when there are no
  // changes) and leaves the overlay empty, ready for further use. If the base rejects the batch
  // (StorageError), the base is unchanged and the pending changes are dropped all the same.
  void commit();
  void discard();

  std::optional<Bytes> get(BytesView key) override;
  std::optional<Bytes> set(BytesView key, BytesView value) override;
  std::optional<Bytes> remove(BytesView key) override;
  bool has(BytesView key) override;

  // The index and meta keyspaces exist only if the base has them; otherwise their operations
  // return false / empty / none and record nothing.
  bool supports_index() const override { return base_.supports_index(); }
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

  // Records the batch's operations in the overlay, in order (the base is untouched until
  // commit). Not atomic if memory runs out midway.
  void apply(const WriteBatch& batch) override;

 private:
  // The pending changes to one keyspace: written values, tombstones (nullopt) for deleted
  // keys, and prefixes deleted wholesale. A deleted prefix hides every base key under it; keys
  // written under it afterwards live in `entries_`.
  class Overlay {
   public:
    bool empty() const { return entries_.empty() && deleted_prefixes_.empty(); }
    void clear();

    // The overlay's verdict on `key`: its entry (a value or a tombstone), a tombstone when a
    // deleted prefix hides the key, or null when the base decides.
    const std::optional<Bytes>* verdict(BytesView key) const;
    std::optional<Bytes>* find_entry(BytesView key);
    // The deleted prefix hiding base `key`, if any.
    const Bytes* hiding_prefix(BytesView key) const;

    void put(BytesView key, BytesView value);
    void erase(BytesView key);
    void erase_prefix(BytesView prefix);

    // Moves the changes into `batch`: prefix deletions first, then puts and deletes in key
    // order, which reproduces the overlay's view whatever the order of the original calls.
    void move_into(WriteBatch& batch, WriteBatch::Space space);

    using Entries = std::map<Bytes, std::optional<Bytes>, ByteLess>;
    const Entries& entries() const { return entries_; }

   private:
    Entries entries_;
    // No element is a prefix of another, so the greatest element <= a key is the only one that
    // can be a prefix of it: the lookup is one upper_bound.
    std::set<Bytes, ByteLess> deleted_prefixes_;
  };

  void visit_ascending(BytesView lo, BytesView hi, IndexVisitor visit);
  void visit_descending(BytesView lo, BytesView hi, IndexVisitor visit);

  Storage& base_;
  Overlay main_;
  Overlay index_;
  Overlay index_meta_;
};

}  // namespace ward::storage
