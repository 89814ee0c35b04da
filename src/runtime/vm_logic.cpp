#include "runtime/vm_logic.hpp"

#include "runtime/encoding.hpp"

namespace ward::runtime {

std::string_view VMLogic::read_str(const Buffer& b) const {
  auto bytes = payload(b);
  if (!is_valid_utf8(bytes)) throw_host(HostError::Kind::BadUTF8);
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

void VMLogic::charge_write(uint64_t bytes) {
  if (storage_writes + 1 > limits.max_storage_writes) {
    throw_host(HostError::Kind::StorageWriteCountExceeded, limits.max_storage_writes);
  }
  if (bytes > UINT64_MAX - storage_write_bytes) throw_host(HostError::Kind::IntegerOverflow);
  uint64_t attempted = storage_write_bytes + bytes;
  if (attempted > limits.max_storage_write_bytes) {
    throw_host(HostError::Kind::StorageWriteBytesExceeded, attempted,
               limits.max_storage_write_bytes);
  }
  storage_writes += 1;
  storage_write_bytes = attempted;
}

}  // namespace ward::runtime
