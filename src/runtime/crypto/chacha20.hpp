// ChaCha20 keystream (RFC 8439 §2.3–2.4) for Ward's deterministic random_bytes
// (calimero-abi.md §11.1).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace ward::runtime::crypto {

// A ChaCha20 keystream read front to back: successive fill() calls return consecutive bytes,
// whatever their sizes. RFC 8439 gives the block counter 32 bits, so one stream holds
// 2^32 blocks (256 GiB); a request past that end throws std::length_error and consumes nothing.
class ChaCha20Stream {
 public:
  static constexpr size_t kKeySize = 32;
  static constexpr size_t kNonceSize = 12;
  static constexpr size_t kBlockSize = 64;
  static constexpr uint64_t kMaxBlocks = uint64_t{1} << 32;

  // 96-bit zero nonce, block counter from 0: the random_bytes configuration.
  explicit ChaCha20Stream(std::span<const uint8_t, kKeySize> key);
  ChaCha20Stream(std::span<const uint8_t, kKeySize> key, std::span<const uint8_t, kNonceSize> nonce,
                 uint32_t initial_block_counter);
  ~ChaCha20Stream();

  ChaCha20Stream(const ChaCha20Stream&) = default;
  ChaCha20Stream& operator=(const ChaCha20Stream&) = default;

  void fill(uint8_t* out, size_t size);
  void fill(std::span<uint8_t> out) { fill(out.data(), out.size()); }

  // Keystream bytes handed out so far.
  uint64_t position() const {
    return (next_block_ - initial_block_) * kBlockSize - buffered_bytes();
  }

 private:
  size_t buffered_bytes() const { return kBlockSize - buffer_offset_; }
  // Writes `blocks` whole keystream blocks starting at next_block_ and advances it.
  void generate_blocks(uint8_t* out, uint64_t blocks);

  std::array<uint8_t, kKeySize> key_;
  std::array<uint8_t, kNonceSize> nonce_;
  uint64_t initial_block_;
  uint64_t next_block_;  // counter of the next block to generate; kMaxBlocks once exhausted
  // The tail of the last generated block that no caller has taken yet:
  // leftover_[buffer_offset_..kBlockSize).
  std::array<uint8_t, kBlockSize> leftover_{};
  size_t buffer_offset_ = kBlockSize;
};

// The stream behind deterministic random_bytes (§11.1): keyed with
// SHA-256("ward/random_bytes/v1" ‖ random_seed), zero nonce, counter from 0.
ChaCha20Stream random_bytes_stream(std::span<const uint8_t> random_seed);

}  // namespace ward::runtime::crypto
