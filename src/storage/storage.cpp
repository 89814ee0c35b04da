// The generic index visit for backends that only offer index_scan and index_last.
#include "ward/storage/storage.hpp"

#include <algorithm>

#include "ward/storage/byte_order.hpp"

namespace ward::storage {

namespace {

// Windows start small because merged views usually stop after a few pairs, and stop growing
// so that a long visit never holds a huge page in memory.
constexpr uint64_t kFirstWindow = 16;
constexpr uint64_t kLargestWindow = 1024;

}  // namespace

void Storage::index_visit(BytesView lo, BytesView hi, ScanOrder order, IndexVisitor visit) {
  if (compare_bytes(lo, hi) >= 0) return;
  if (order == ScanOrder::Ascending) {
    Bytes resume_at(lo.begin(), lo.end());
    uint64_t window = kFirstWindow;
    while (compare_bytes(resume_at, hi) < 0) {
      std::vector<KeyValue> page = index_scan(resume_at, hi, 0, window);
      for (const auto& [key, value] : page) {
        if (!visit(key, value)) return;
      }
      if (page.size() < window) return;
      // Resuming after the last key (instead of at an offset) keeps each page a seek.
      resume_at = key_successor(page.back().first);
      window = std::min(window * 2, kLargestWindow);
    }
    return;
  }
  Bytes below(hi.begin(), hi.end());
  while (std::optional<KeyValue> last = index_last(lo, below)) {
    if (!visit(last->first, last->second)) return;
    below = std::move(last->first);
  }
}

}  // namespace ward::storage
