#include "runtime/crypto/chacha20.hpp"

#include <sodium/core.h>
#include <sodium/crypto_stream_chacha20.h>
#include <sodium/utils.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "runtime/crypto/sha256.hpp"

namespace ward::runtime::crypto {
namespace {

// sodium_init() selects the vectorised ChaCha20 for this CPU; every implementation yields the
// same keystream, so this only affects speed.
void select_fastest_implementation() {
  // A failed init only leaves the portable implementation selected.
  static const bool initialised = sodium_init() >= 0;
  (void)initialised;
}

}  // namespace

ChaCha20Stream::ChaCha20Stream(std::span<const uint8_t, kKeySize> key)
    : ChaCha20Stream(key, std::array<uint8_t, kNonceSize>{}, 0) {}

ChaCha20Stream::ChaCha20Stream(std::span<const uint8_t, kKeySize> key,
                               std::span<const uint8_t, kNonceSize> nonce,
                               uint32_t initial_block_counter)
    : initial_block_(initial_block_counter), next_block_(initial_block_counter) {
  select_fastest_implementation();
  std::copy(key.begin(), key.end(), key_.begin());
  std::copy(nonce.begin(), nonce.end(), nonce_.begin());
}

ChaCha20Stream::~ChaCha20Stream() {
  sodium_memzero(key_.data(), key_.size());
  sodium_memzero(leftover_.data(), leftover_.size());
}

void ChaCha20Stream::generate_blocks(uint8_t* out, uint64_t blocks) {
  // libsodium exposes the keystream as "XOR with the keystream"; XOR onto zeros yields it.
  const size_t size = static_cast<size_t>(blocks * kBlockSize);
  std::memset(out, 0, size);
  crypto_stream_chacha20_ietf_xor_ic(out, out, size, nonce_.data(),
                                     static_cast<uint32_t>(next_block_), key_.data());
  next_block_ += blocks;
}

void ChaCha20Stream::fill(uint8_t* out, size_t size) {
  if (size == 0) return;
  const size_t from_leftover = std::min(size, buffered_bytes());
  const uint64_t fresh_bytes = size - from_leftover;
  const uint64_t blocks_needed = fresh_bytes / kBlockSize + (fresh_bytes % kBlockSize != 0);
  if (blocks_needed > kMaxBlocks - next_block_) {
    throw std::length_error("ChaCha20 keystream exhausted (2^32 blocks per stream)");
  }

  std::memcpy(out, leftover_.data() + buffer_offset_, from_leftover);
  buffer_offset_ += from_leftover;
  out += from_leftover;

  const uint64_t whole_blocks = fresh_bytes / kBlockSize;
  if (whole_blocks > 0) {
    generate_blocks(out, whole_blocks);
    out += whole_blocks * kBlockSize;
  }

  const size_t tail = static_cast<size_t>(fresh_bytes % kBlockSize);
  if (tail > 0) {
    generate_blocks(leftover_.data(), 1);
    std::memcpy(out, leftover_.data(), tail);
    buffer_offset_ = tail;
  }
}

ChaCha20Stream random_bytes_stream(std::span<const uint8_t> random_seed) {
  Sha256 hasher;
  hasher.update(std::string_view("ward/random_bytes/v1")).update(random_seed);
  Sha256Digest key = hasher.finish();
  ChaCha20Stream stream(key);
  sodium_memzero(key.data(), key.size());
  return stream;
}

}  // namespace ward::runtime::crypto
