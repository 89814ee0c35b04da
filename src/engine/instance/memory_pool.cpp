#include "engine/instance/memory_pool.hpp"

#include <sys/mman.h>

#include <cstddef>
#include <cstring>
#include <vector>

namespace ward::engine {
namespace {

// Below this, clearing with memset is cheaper than returning pages to the kernel and faulting
// them in again.
constexpr uint64_t kMemsetThreshold = 256 * 1024;
constexpr size_t kPoolSize = 8;

// Set when the thread's pool is gone (memories released during thread exit are unmapped).
thread_local bool pool_destroyed = false;

struct Pool {
  std::vector<Reservation> free;
  ~Pool() {
    for (const Reservation& r : free) munmap(r.base, r.bytes);
    pool_destroyed = true;
  }
};

Pool& pool() {
  thread_local Pool p;
  return p;
}

}  // namespace

Reservation acquire_reservation(uint64_t bytes) {
  Pool& p = pool();
  for (size_t i = p.free.size(); i-- > 0;) {
    if (p.free[i].bytes == bytes) {
      Reservation r = p.free[i];
      p.free.erase(p.free.begin() + static_cast<ptrdiff_t>(i));
      return r;
    }
  }
  void* base = mmap(nullptr, bytes, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) return {};
  return {static_cast<uint8_t*>(base), bytes};
}

void release_reservation(Reservation r, uint64_t dirty_bytes) {
  if (r.base == nullptr) return;
  if (pool_destroyed) {
    munmap(r.base, r.bytes);
    return;
  }
  if (dirty_bytes > r.bytes) dirty_bytes = r.bytes;
  if (dirty_bytes <= kMemsetThreshold) {
    std::memset(r.base, 0, dirty_bytes);
  } else if (madvise(r.base, dirty_bytes, MADV_DONTNEED) != 0) {
    munmap(r.base, r.bytes);  // cannot guarantee zeroes: do not reuse
    return;
  }
  Pool& p = pool();
  if (p.free.size() >= kPoolSize) {
    munmap(p.free.front().base, p.free.front().bytes);
    p.free.erase(p.free.begin());
  }
  p.free.push_back(r);
}

}  // namespace ward::engine
