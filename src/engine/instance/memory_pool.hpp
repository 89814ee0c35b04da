// Address-space reservations for linear memories, reused across instances so that creating
// an instance costs no system call in the common case. A reservation is mapped readable and
// writable but committed lazily (MAP_NORESERVE); every guest access is bounds-checked against
// the memory's current size, so pages beyond it are never reachable from wasm.
#pragma once

#include <cstdint>

namespace ward::engine {

struct Reservation {
  uint8_t* base = nullptr;
  uint64_t bytes = 0;
};

// A zero-filled reservation of exactly `bytes` (a multiple of the page size), or a null one.
Reservation acquire_reservation(uint64_t bytes);
// Returns a reservation whose first `dirty_bytes` may have been written.
void release_reservation(Reservation r, uint64_t dirty_bytes);

}  // namespace ward::engine
