// Ed25519 signature verification with the reference's non-strict rules (calimero-abi.md §4.9,
// steps 5–8). Verification handles public data only, so it runs in variable time.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace ward::runtime::crypto {

inline constexpr size_t kEd25519SignatureSize = 64;
inline constexpr size_t kEd25519PublicKeySize = 32;

enum class VerifyResult {
  Valid,               // the host function returns 1
  Invalid,             // returns 0
  IncorrectPublicKey,  // the key's y has no matching x: trap Ed25519IncorrectPublicKey
};

// §4.9 steps 5–8:
//  5. A = decode(public_key): y taken mod p (non-canonical y accepted), x recovered, no square
//     root → IncorrectPublicKey; x = 0 with the sign bit set and small-order A are accepted.
//  6. s = signature[32..64] little-endian; s ≥ L → Invalid.
//  7. k = SHA-512(signature[0..32] ‖ public_key ‖ message) mod L.
//  8. Valid iff encode([s]B − [k]A) == signature[0..32] byte for byte (cofactorless).
VerifyResult verify(std::span<const uint8_t, kEd25519SignatureSize> signature,
                    std::span<const uint8_t, kEd25519PublicKeySize> public_key,
                    std::span<const uint8_t> message);

// A 512-bit little-endian integer reduced modulo the group order
// L = 2^252 + 27742317777372353535851937790883648493, as 32 little-endian bytes.
std::array<uint8_t, 32> reduce_scalar_mod_l(std::span<const uint8_t, 64> wide);

}  // namespace ward::runtime::crypto
