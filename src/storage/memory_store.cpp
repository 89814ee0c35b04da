#include "ward/storage/memory_store.hpp"

#include <utility>

namespace ward::storage {

namespace {

// Insert or replace; the previous value is returned. A replacement is built before the swap so
// that a failed allocation leaves the entry as it was.
std::optional<Bytes> put(ByteMap& map, BytesView key, BytesView value) {
  auto it = map.lower_bound(key);
  if (it != map.end() && bytes_equal(it->first, key)) {
    Bytes previous(value.begin(), value.end());
    it->second.swap(previous);
    return previous;
  }
  map.emplace_hint(it, Bytes(key.begin(), key.end()), Bytes(value.begin(), value.end()));
  return std::nullopt;
}

std::optional<Bytes> erase(ByteMap& map, BytesView key) {
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  std::optional<Bytes> previous = std::move(it->second);
  map.erase(it);
  return previous;
}

std::optional<Bytes> find(const ByteMap& map, BytesView key) {
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

// Erases [prefix, end of prefix); `end` is prefix_end(prefix), none meaning "to the last key".
void erase_prefix(ByteMap& map, BytesView prefix, const std::optional<Bytes>& end) {
  map.erase(map.lower_bound(prefix), end ? map.lower_bound(*end) : map.end());
}

}  // namespace

const ByteMap& MemoryStore::entries(WriteBatch::Space space) const {
  return const_cast<MemoryStore*>(this)->map_for(space);
}

ByteMap& MemoryStore::map_for(WriteBatch::Space space) {
  switch (space) {
    case WriteBatch::Space::Main:
      return main_;
    case WriteBatch::Space::Index:
      return index_;
    case WriteBatch::Space::IndexMeta:
      return index_meta_;
  }
  throw StorageError("unknown keyspace in write batch");
}

std::optional<Bytes> MemoryStore::get(BytesView key) { return find(main_, key); }

std::optional<Bytes> MemoryStore::set(BytesView key, BytesView value) {
  return put(main_, key, value);
}

std::optional<Bytes> MemoryStore::remove(BytesView key) { return erase(main_, key); }

bool MemoryStore::has(BytesView key) { return main_.find(key) != main_.end(); }

bool MemoryStore::index_set(BytesView key, BytesView value) {
  put(index_, key, value);
  return true;
}

bool MemoryStore::index_del(BytesView key) {
  erase(index_, key);
  return true;
}

bool MemoryStore::index_del_prefix(BytesView prefix) {
  erase_prefix(index_, prefix, prefix_end(prefix));
  return true;
}

std::vector<KeyValue> MemoryStore::index_scan(BytesView lo, BytesView hi, uint64_t offset,
                                              std::optional<uint64_t> limit) {
  std::vector<KeyValue> page;
  if (limit == 0 || compare_bytes(lo, hi) >= 0) return page;
  auto it = index_.lower_bound(lo);
  const auto end = index_.lower_bound(hi);
  for (uint64_t skipped = 0; it != end && skipped < offset; ++it) ++skipped;
  for (; it != end && (!limit || page.size() < *limit); ++it) page.emplace_back(*it);
  return page;
}

std::optional<KeyValue> MemoryStore::index_last(BytesView lo, BytesView hi) {
  if (compare_bytes(lo, hi) >= 0) return std::nullopt;
  auto it = index_.lower_bound(hi);
  if (it == index_.begin()) return std::nullopt;
  --it;
  if (compare_bytes(it->first, lo) < 0) return std::nullopt;
  return *it;
}

void MemoryStore::index_visit(BytesView lo, BytesView hi, ScanOrder order, IndexVisitor visit) {
  if (compare_bytes(lo, hi) >= 0) return;
  const auto first = index_.lower_bound(lo);
  const auto end = index_.lower_bound(hi);
  if (order == ScanOrder::Ascending) {
    for (auto it = first; it != end; ++it) {
      if (!visit(it->first, it->second)) return;
    }
    return;
  }
  for (auto it = end; it != first;) {
    --it;
    if (!visit(it->first, it->second)) return;
  }
}

bool MemoryStore::index_meta_set(BytesView key, BytesView value) {
  put(index_meta_, key, value);
  return true;
}

std::optional<Bytes> MemoryStore::index_meta_get(BytesView key) { return find(index_meta_, key); }

bool MemoryStore::index_meta_del(BytesView key) {
  erase(index_meta_, key);
  return true;
}

void MemoryStore::apply(const WriteBatch& batch) {
  using Kind = WriteBatch::Op::Kind;
  // Phase one allocates everything the batch needs (map nodes for puts, bounds for prefix
  // deletions) and changes nothing; phase two only links, swaps and frees, which cannot fail.
  struct Prepared {
    ByteMap::node_type node;
    std::optional<Bytes> end_of_prefix;
  };
  std::vector<Prepared> prepared(batch.ops.size());
  for (size_t i = 0; i < batch.ops.size(); ++i) {
    const WriteBatch::Op& op = batch.ops[i];
    map_for(op.space);  // rejects an unknown keyspace before any change
    if (op.kind != Kind::Put && op.kind != Kind::Delete && op.kind != Kind::DeletePrefix) {
      throw StorageError("unknown operation in write batch");
    }
    if (op.kind == Kind::Put) {
      ByteMap scratch;
      scratch.emplace(op.key, op.value);
      prepared[i].node = scratch.extract(scratch.begin());
    } else if (op.kind == Kind::DeletePrefix) {
      prepared[i].end_of_prefix = prefix_end(op.key);
    }
  }
  for (size_t i = 0; i < batch.ops.size(); ++i) {
    const WriteBatch::Op& op = batch.ops[i];
    ByteMap& map = map_for(op.space);
    switch (op.kind) {
      case Kind::Put: {
        auto inserted = map.insert(std::move(prepared[i].node));
        // The key existed: take the new value, the old one is freed with the returned node.
        if (!inserted.inserted) inserted.position->second.swap(inserted.node.mapped());
        break;
      }
      case Kind::Delete:
        if (auto it = map.find(op.key); it != map.end()) map.erase(it);
        break;
      case Kind::DeletePrefix:
        erase_prefix(map, op.key, prepared[i].end_of_prefix);
        break;
    }
  }
}

}  // namespace ward::storage
