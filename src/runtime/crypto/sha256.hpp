// SHA-256 and SHA-512 (FIPS 180-4), backed by libsodium. SHA-256 names blobs and derives the
// deterministic random_bytes key (calimero-abi.md §4.10, §11.1); SHA-512 is the Ed25519 hash.
#pragma once

#include <sodium/crypto_hash_sha256.h>
#include <sodium/crypto_hash_sha512.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace ward::runtime::crypto {

using Sha256Digest = std::array<uint8_t, 32>;
using Sha512Digest = std::array<uint8_t, 64>;

// Incremental SHA-256. The libsodium state lives inline, so hashing allocates nothing and
// update() reads the caller's bytes in place.
class Sha256 {
 public:
  Sha256() { reset(); }

  void reset() { crypto_hash_sha256_init(&state_); }

  Sha256& update(std::span<const uint8_t> bytes) {
    crypto_hash_sha256_update(&state_, bytes.data(), bytes.size());
    return *this;
  }
  Sha256& update(std::string_view text) {
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(text.data()),
                              text.size());
    return *this;
  }

  // Returns the digest of everything fed so far and starts a fresh hash.
  Sha256Digest finish();

 private:
  crypto_hash_sha256_state state_;
};

// Incremental SHA-512, same contract as Sha256.
class Sha512 {
 public:
  Sha512() { reset(); }

  void reset() { crypto_hash_sha512_init(&state_); }

  Sha512& update(std::span<const uint8_t> bytes) {
    crypto_hash_sha512_update(&state_, bytes.data(), bytes.size());
    return *this;
  }
  Sha512& update(std::string_view text) {
    crypto_hash_sha512_update(&state_, reinterpret_cast<const unsigned char*>(text.data()),
                              text.size());
    return *this;
  }

  Sha512Digest finish();

 private:
  crypto_hash_sha512_state state_;
};

Sha256Digest sha256(std::span<const uint8_t> bytes);
Sha512Digest sha512(std::span<const uint8_t> bytes);

}  // namespace ward::runtime::crypto
