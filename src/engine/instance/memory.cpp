// Linear memories and tables: growth within the effective maximum, and checked host access.
#include <cstring>

#include "engine/instance/memory_pool.hpp"
#include "engine/runtime_objects.hpp"

namespace ward::engine {

MemoryInstance::~MemoryInstance() { release_reservation({base, reserved}, size); }

int64_t MemoryInstance::grow(uint64_t delta_pages) {
  uint64_t pages = size / kPageSize;
  if (delta_pages == 0) return static_cast<int64_t>(pages);
  if (delta_pages > max_pages || pages + delta_pages > max_pages) return -1;
  uint64_t new_size = (pages + delta_pages) * kPageSize;
  if (new_size > reserved) return -1;
  size = new_size;  // the reservation is already mapped; pages are committed on first touch
  return static_cast<int64_t>(pages);
}

int64_t TableInstance::grow(uint64_t delta, uint64_t init) {
  uint64_t old = elems.size();
  if (delta > max || old + delta > max) return -1;
  elems.resize(old + delta, init);
  return static_cast<int64_t>(old);
}

const MemoryView* Memory::view() const { return m_; }

uint64_t Memory::size_bytes() const { return m_->size; }
uint32_t Memory::size_pages() const { return static_cast<uint32_t>(m_->size / kPageSize); }

bool Memory::read(uint64_t offset, void* out, uint64_t len) const {
  if (offset > m_->size || len > m_->size - offset) return false;
  if (len) std::memcpy(out, m_->base + offset, len);
  return true;
}

bool Memory::write(uint64_t offset, const void* in, uint64_t len) {
  if (offset > m_->size || len > m_->size - offset) return false;
  if (len) std::memcpy(m_->base + offset, in, len);
  return true;
}

uint8_t* Memory::span(uint64_t offset, uint64_t len) {
  if (offset > m_->size || len > m_->size - offset) return nullptr;
  return m_->base + offset;
}

int64_t Memory::grow(uint32_t delta_pages) { return m_->grow(delta_pages); }

}  // namespace ward::engine
