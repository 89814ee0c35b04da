#include "runtime/crypto/sha256.hpp"

namespace ward::runtime::crypto {

Sha256Digest Sha256::finish() {
  Sha256Digest digest;
  crypto_hash_sha256_final(&state_, digest.data());
  reset();  // libsodium wipes the state on final; re-arm it so the object stays usable
  return digest;
}

Sha512Digest Sha512::finish() {
  Sha512Digest digest;
  crypto_hash_sha512_final(&state_, digest.data());
  reset();
  return digest;
}

Sha256Digest sha256(std::span<const uint8_t> bytes) {
  Sha256Digest digest;
  crypto_hash_sha256(digest.data(), bytes.data(), bytes.size());
  return digest;
}

Sha512Digest sha512(std::span<const uint8_t> bytes) {
  Sha512Digest digest;
  crypto_hash_sha512(digest.data(), bytes.data(), bytes.size());
  return digest;
}

}  // namespace ward::runtime::crypto
