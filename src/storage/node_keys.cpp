#include "ward/storage/node_keys.hpp"

#include <algorithm>
#include <iterator>

namespace ward::storage {

namespace {

bool dropped_by_policy(const WriteBatch::Op& op) {
  return op.space == WriteBatch::Space::Main && op.kind != WriteBatch::Op::Kind::DeletePrefix &&
         !NodeKeyPolicy::accepts(op.key);
}

}  // namespace

std::optional<Bytes> NodeKeyPolicy::get(BytesView key) {
  if (!accepts(key)) return std::nullopt;
  return inner_.get(key);
}

std::optional<Bytes> NodeKeyPolicy::set(BytesView key, BytesView value) {
  if (!accepts(key)) return std::nullopt;
  return inner_.set(key, value);
}

std::optional<Bytes> NodeKeyPolicy::remove(BytesView key) {
  if (!accepts(key)) return std::nullopt;
  return inner_.remove(key);
}

bool NodeKeyPolicy::has(BytesView key) { return accepts(key) && inner_.has(key); }

bool NodeKeyPolicy::supports_index() const { return inner_.supports_index(); }

bool NodeKeyPolicy::index_set(BytesView key, BytesView value) {
  return inner_.index_set(key, value);
}

bool NodeKeyPolicy::index_del(BytesView key) { return inner_.index_del(key); }

bool NodeKeyPolicy::index_del_prefix(BytesView prefix) { return inner_.index_del_prefix(prefix); }

std::vector<KeyValue> NodeKeyPolicy::index_scan(BytesView lo, BytesView hi, uint64_t offset,
                                                std::optional<uint64_t> limit) {
  return inner_.index_scan(lo, hi, offset, limit);
}

std::optional<KeyValue> NodeKeyPolicy::index_last(BytesView lo, BytesView hi) {
  return inner_.index_last(lo, hi);
}

void NodeKeyPolicy::index_visit(BytesView lo, BytesView hi, ScanOrder order, IndexVisitor visit) {
  inner_.index_visit(lo, hi, order, visit);
}

bool NodeKeyPolicy::index_meta_set(BytesView key, BytesView value) {
  return inner_.index_meta_set(key, value);
}

std::optional<Bytes> NodeKeyPolicy::index_meta_get(BytesView key) {
  return inner_.index_meta_get(key);
}

bool NodeKeyPolicy::index_meta_del(BytesView key) { return inner_.index_meta_del(key); }

void NodeKeyPolicy::apply(const WriteBatch& batch) {
  if (std::none_of(batch.ops.begin(), batch.ops.end(), dropped_by_policy)) {
    inner_.apply(batch);
    return;
  }
  WriteBatch accepted;
  std::copy_if(batch.ops.begin(), batch.ops.end(), std::back_inserter(accepted.ops),
               [](const WriteBatch::Op& op) { return !dropped_by_policy(op); });
  inner_.apply(accepted);
}

}  // namespace ward::storage
