#include "ward/storage/read_only.hpp"

namespace ward::storage {

std::optional<Bytes> ReadOnlyStorage::get(BytesView key) { return inner_.get(key); }

std::optional<Bytes> ReadOnlyStorage::set(BytesView, BytesView) { return std::nullopt; }

std::optional<Bytes> ReadOnlyStorage::remove(BytesView) { return std::nullopt; }

bool ReadOnlyStorage::has(BytesView key) { return inner_.has(key); }

bool ReadOnlyStorage::supports_index() const { return inner_.supports_index(); }

bool ReadOnlyStorage::index_set(BytesView, BytesView) { return false; }

bool ReadOnlyStorage::index_del(BytesView) { return false; }

bool ReadOnlyStorage::index_del_prefix(BytesView) { return false; }

std::vector<KeyValue> ReadOnlyStorage::index_scan(BytesView lo, BytesView hi, uint64_t offset,
                                                  std::optional<uint64_t> limit) {
  return inner_.index_scan(lo, hi, offset, limit);
}

std::optional<KeyValue> ReadOnlyStorage::index_last(BytesView lo, BytesView hi) {
  return inner_.index_last(lo, hi);
}

void ReadOnlyStorage::index_visit(BytesView lo, BytesView hi, ScanOrder order, IndexVisitor visit) {
  inner_.index_visit(lo, hi, order, visit);
}

bool ReadOnlyStorage::index_meta_set(BytesView, BytesView) { return false; }

std::optional<Bytes> ReadOnlyStorage::index_meta_get(BytesView key) {
  return inner_.index_meta_get(key);
}

bool ReadOnlyStorage::index_meta_del(BytesView) { return false; }

void ReadOnlyStorage::apply(const WriteBatch&) { throw StorageError("read-only"); }

}  // namespace ward::storage
