#include "ward/storage/transaction.hpp"

#include <iterator>
#include <utility>

namespace ward::storage {

// ---- Overlay ----

void Transaction::Overlay::clear() {
  entries_.clear();
  deleted_prefixes_.clear();
}

const std::optional<Bytes>* Transaction::Overlay::verdict(BytesView key) const {
  static const std::optional<Bytes> kHidden;
  if (auto it = entries_.find(key); it != entries_.end()) return &it->second;
  if (hiding_prefix(key) != nullptr) return &kHidden;
  return nullptr;
}

std::optional<Bytes>* Transaction::Overlay::find_entry(BytesView key) {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

const Bytes* Transaction::Overlay::hiding_prefix(BytesView key) const {
  if (deleted_prefixes_.empty()) return nullptr;
  auto it = deleted_prefixes_.upper_bound(key);
  if (it == deleted_prefixes_.begin()) return nullptr;
  --it;
  return has_prefix(key, *it) ? &*it : nullptr;
}

void Transaction::Overlay::put(BytesView key, BytesView value) {
  std::optional<Bytes> written(std::in_place, value.begin(), value.end());
  auto it = entries_.lower_bound(key);
  if (it != entries_.end() && bytes_equal(it->first, key)) {
    it->second.swap(written);
  } else {
    entries_.emplace_hint(it, Bytes(key.begin(), key.end()), std::move(written));
  }
}

void Transaction::Overlay::erase(BytesView key) {
  auto it = entries_.lower_bound(key);
  const bool has_entry = it != entries_.end() && bytes_equal(it->first, key);
  if (hiding_prefix(key) != nullptr) {
    // The deleted prefix already hides the base value; a tombstone would be redundant.
    if (has_entry) entries_.erase(it);
  } else if (has_entry) {
    it->second.reset();
  } else {
    entries_.emplace_hint(it, Bytes(key.begin(), key.end()), std::nullopt);
  }
}

void Transaction::Overlay::erase_prefix(BytesView prefix) {
  const std::optional<Bytes> end = prefix_end(prefix);
  entries_.erase(entries_.lower_bound(prefix), end ? entries_.lower_bound(*end) : entries_.end());
  // A shorter deleted prefix already covers this one; otherwise this one replaces the longer
  // prefixes it covers, keeping the set free of nested prefixes.
  if (hiding_prefix(prefix) != nullptr) return;
  deleted_prefixes_.erase(deleted_prefixes_.lower_bound(prefix),
                          end ? deleted_prefixes_.lower_bound(*end) : deleted_prefixes_.end());
  deleted_prefixes_.emplace(prefix.begin(), prefix.end());
}

void Transaction::Overlay::move_into(WriteBatch& batch, WriteBatch::Space space) {
  using Kind = WriteBatch::Op::Kind;
  while (!deleted_prefixes_.empty()) {
    auto node = deleted_prefixes_.extract(deleted_prefixes_.begin());
    batch.ops.push_back({space, Kind::DeletePrefix, std::move(node.value()), {}});
  }
  while (!entries_.empty()) {
    auto node = entries_.extract(entries_.begin());
    if (node.mapped()) {
      batch.ops.push_back({space, Kind::Put, std::move(node.key()), std::move(*node.mapped())});
    } else {
      batch.ops.push_back({space, Kind::Delete, std::move(node.key()), {}});
    }
  }
}

// ---- Transaction ----

void Transaction::commit() {
  WriteBatch batch;
  main_.move_into(batch, WriteBatch::Space::Main);
  index_.move_into(batch, WriteBatch::Space::Index);
  index_meta_.move_into(batch, WriteBatch::Space::IndexMeta);
  if (!batch.empty()) base_.apply(batch);
}

void Transaction::discard() {
  main_.clear();
  index_.clear();
  index_meta_.clear();
}

std::optional<Bytes> Transaction::get(BytesView key) {
  if (const std::optional<Bytes>* decided = main_.verdict(key)) return *decided;
  return base_.get(key);
}

std::optional<Bytes> Transaction::set(BytesView key, BytesView value) {
  if (std::optional<Bytes>* entry = main_.find_entry(key)) {
    std::optional<Bytes> previous(std::in_place, value.begin(), value.end());
    entry->swap(previous);
    return previous;
  }
  std::optional<Bytes> previous = main_.hiding_prefix(key) ? std::nullopt : base_.get(key);
  main_.put(key, value);
  return previous;
}

std::optional<Bytes> Transaction::remove(BytesView key) {
  std::optional<Bytes> previous;
  if (std::optional<Bytes>* entry = main_.find_entry(key)) {
    previous = std::move(*entry);
  } else if (!main_.hiding_prefix(key)) {
    previous = base_.get(key);
  }
  // Absent already: recording a tombstone would only lengthen the commit.
  if (previous) main_.erase(key);
  return previous;
}

bool Transaction::has(BytesView key) {
  if (const std::optional<Bytes>* decided = main_.verdict(key)) return decided->has_value();
  return base_.has(key);
}

bool Transaction::index_set(BytesView key, BytesView value) {
  if (!supports_index()) return false;
  index_.put(key, value);
  return true;
}

bool Transaction::index_del(BytesView key) {
  if (!supports_index()) return false;
  index_.erase(key);
  return true;
}

bool Transaction::index_del_prefix(BytesView prefix) {
  if (!supports_index()) return false;
  index_.erase_prefix(prefix);
  return true;
}

std::vector<KeyValue> Transaction::index_scan(BytesView lo, BytesView hi, uint64_t offset,
                                              std::optional<uint64_t> limit) {
  std::vector<KeyValue> page;
  if (limit == 0) return page;
  uint64_t to_skip = offset;
  index_visit(lo, hi, ScanOrder::Ascending, [&](BytesView key, BytesView value) {
    if (to_skip > 0) {
      --to_skip;
      return true;
    }
    page.emplace_back(Bytes(key.begin(), key.end()), Bytes(value.begin(), value.end()));
    return !limit || page.size() < *limit;
  });
  return page;
}

std::optional<KeyValue> Transaction::index_last(BytesView lo, BytesView hi) {
  std::optional<KeyValue> last;
  index_visit(lo, hi, ScanOrder::Descending, [&](BytesView key, BytesView value) {
    last.emplace(Bytes(key.begin(), key.end()), Bytes(value.begin(), value.end()));
    return false;
  });
  return last;
}

void Transaction::index_visit(BytesView lo, BytesView hi, ScanOrder order, IndexVisitor visit) {
  if (!supports_index() || compare_bytes(lo, hi) >= 0) return;
  if (order == ScanOrder::Ascending) {
    visit_ascending(lo, hi, visit);
  } else {
    visit_descending(lo, hi, visit);
  }
}

// A merge of two ascending sequences: the overlay's entries in [lo, hi) and the base's pairs,
// pulled lazily through base.index_visit. An overlay entry with the same key as a base pair
// replaces it (a tombstone removes it). A base key under a deleted prefix ends the current base
// visit, which restarts after the prefix's range, so a large deleted range costs one seek rather
// than a walk over every hidden key.
void Transaction::visit_ascending(BytesView lo, BytesView hi, IndexVisitor visit) {
  auto pending = index_.entries().lower_bound(lo);
  const auto pending_end = index_.entries().lower_bound(hi);
  bool stopped = false;
  // Emits the overlay values before `bound` (all remaining ones if it is null).
  auto emit_pending_before = [&](const BytesView* bound) {
    for (; pending != pending_end && (!bound || compare_bytes(pending->first, *bound) < 0);
         ++pending) {
      if (pending->second && !visit(pending->first, *pending->second)) {
        stopped = true;
        return;
      }
    }
  };

  Bytes resume_at(lo.begin(), lo.end());
  bool base_done = false;
  while (!base_done) {
    std::optional<Bytes> jump_to;
    bool jumping = false;
    base_.index_visit(resume_at, hi, ScanOrder::Ascending, [&](BytesView key, BytesView value) {
      emit_pending_before(&key);
      if (stopped) return false;
      if (pending != pending_end && bytes_equal(pending->first, key)) {
        const auto& [pending_key, pending_value] = *pending++;
        stopped = pending_value && !visit(pending_key, *pending_value);
        return !stopped;
      }
      if (const Bytes* prefix = index_.hiding_prefix(key)) {
        jump_to = prefix_end(*prefix);
        jumping = true;
        return false;
      }
      stopped = !visit(key, value);
      return !stopped;
    });
    if (stopped) return;
    base_done = !jumping || !jump_to;  // no jump, or the deleted prefix reaches the last key
    if (jump_to) resume_at = std::move(*jump_to);
  }
  emit_pending_before(nullptr);
}

// The mirror image of visit_ascending. Keys under a deleted prefix form the range
// [prefix, prefix_end), so the restart goes below the prefix itself.
void Transaction::visit_descending(BytesView lo, BytesView hi, IndexVisitor visit) {
  auto pending = std::make_reverse_iterator(index_.entries().lower_bound(hi));
  const auto pending_end = std::make_reverse_iterator(index_.entries().lower_bound(lo));
  bool stopped = false;
  // Emits the overlay values after `bound` (all remaining ones if it is null).
  auto emit_pending_after = [&](const BytesView* bound) {
    for (; pending != pending_end && (!bound || compare_bytes(pending->first, *bound) > 0);
         ++pending) {
      if (pending->second && !visit(pending->first, *pending->second)) {
        stopped = true;
        return;
      }
    }
  };

  Bytes below(hi.begin(), hi.end());
  while (true) {
    std::optional<Bytes> jump_below;
    base_.index_visit(lo, below, ScanOrder::Descending, [&](BytesView key, BytesView value) {
      emit_pending_after(&key);
      if (stopped) return false;
      if (pending != pending_end && bytes_equal(pending->first, key)) {
        const auto& [pending_key, pending_value] = *pending++;
        stopped = pending_value && !visit(pending_key, *pending_value);
        return !stopped;
      }
      if (const Bytes* prefix = index_.hiding_prefix(key)) {
        jump_below = *prefix;
        return false;
      }
      stopped = !visit(key, value);
      return !stopped;
    });
    if (stopped) return;
    if (!jump_below) break;
    below = std::move(*jump_below);
  }
  emit_pending_after(nullptr);
}

bool Transaction::index_meta_set(BytesView key, BytesView value) {
  if (!supports_index()) return false;
  index_meta_.put(key, value);
  return true;
}

std::optional<Bytes> Transaction::index_meta_get(BytesView key) {
  if (!supports_index()) return std::nullopt;
  if (const std::optional<Bytes>* decided = index_meta_.verdict(key)) return *decided;
  return base_.index_meta_get(key);
}

bool Transaction::index_meta_del(BytesView key) {
  if (!supports_index()) return false;
  index_meta_.erase(key);
  return true;
}

void Transaction::apply(const WriteBatch& batch) {
  using Kind = WriteBatch::Op::Kind;
  for (const WriteBatch::Op& op : batch.ops) {
    const bool known_space = op.space == WriteBatch::Space::Main ||
                             op.space == WriteBatch::Space::Index ||
                             op.space == WriteBatch::Space::IndexMeta;
    const bool known_kind =
        op.kind == Kind::Put || op.kind == Kind::Delete || op.kind == Kind::DeletePrefix;
    if (!known_space || !known_kind) throw StorageError("unknown operation in write batch");
  }
  for (const WriteBatch::Op& op : batch.ops) {
    if (op.space != WriteBatch::Space::Main && !supports_index()) continue;
    Overlay& overlay = op.space == WriteBatch::Space::Main    ? main_
                       : op.space == WriteBatch::Space::Index ? index_
                                                              : index_meta_;
    switch (op.kind) {
      case Kind::Put:
        overlay.put(op.key, op.value);
        break;
      case Kind::Delete:
        overlay.erase(op.key);
        break;
      case Kind::DeletePrefix:
        overlay.erase_prefix(op.key);
        break;
    }
  }
}

}  // namespace ward::storage
