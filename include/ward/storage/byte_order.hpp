// Unsigned byte order for keys (calimero-abi.md §10.1) and the prefix arithmetic built on it.
// Every ordered keyspace in Ward compares keys with ByteLess, so all backends agree on order.
#pragma once

#include <algorithm>
#include <cstring>
#include <optional>

#include "ward/storage/storage.hpp"

namespace ward::storage {

// <0, 0 or >0 as `a` sorts before, equal to or after `b`: bytes compared as unsigned, a proper
// prefix sorting first.
inline int compare_bytes(BytesView a, BytesView b) {
  const size_t common = std::min(a.size(), b.size());
  // memcmp compares as unsigned char; it must not see null pointers, even for length 0.
  if (common != 0) {
    if (const int order = std::memcmp(a.data(), b.data(), common); order != 0) return order;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

inline bool bytes_equal(BytesView a, BytesView b) { return compare_bytes(a, b) == 0; }

// Transparent, so ordered containers keyed by Bytes can be searched with a BytesView without
// building a temporary key.
struct ByteLess {
  using is_transparent = void;
  bool operator()(BytesView a, BytesView b) const { return compare_bytes(a, b) < 0; }
};

inline bool has_prefix(BytesView key, BytesView prefix) {
  return key.size() >= prefix.size() && bytes_equal(key.first(prefix.size()), prefix);
}

// The smallest key greater than every key starting with `prefix`, so that those keys are exactly
// [prefix, end); none when no such bound exists (the prefix is empty or all 0xFF).
inline std::optional<Bytes> prefix_end(BytesView prefix) {
  Bytes end(prefix.begin(), prefix.end());
  while (!end.empty() && end.back() == 0xFF) end.pop_back();
  if (end.empty()) return std::nullopt;
  ++end.back();
  return end;
}

// The smallest key greater than `key`: resuming a scan there skips exactly `key`.
inline Bytes key_successor(BytesView key) {
  Bytes next;
  next.reserve(key.size() + 1);
  next.assign(key.begin(), key.end());
  next.push_back(0x00);
  return next;
}

}  // namespace ward::storage
