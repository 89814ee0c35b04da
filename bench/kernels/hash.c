/* Integer hashing over a pseudo-random buffer: byte-wise FNV-1a, then a four-lane
 * multiply-rotate hash over 64-bit words (in the style of xxHash, with its own constants). */
#include "kernel.h"

#define MAX_BYTES (1u << 23)

static uint64_t words[MAX_BYTES / 8];

#define K1 0x9E3779B185EBCA87ull
#define K2 0xC2B2AE3D27D4EB4Full
#define K3 0x165667B19E3779F9ull

static inline uint64_t lane_round(uint64_t acc, uint64_t input) {
  acc += input * K2;
  acc = rotl64(acc, 31);
  return acc * K1;
}

uint64_t run(uint32_t n) {
  if (n > MAX_BYTES) n = MAX_BYTES;
  uint32_t count = n / 8;
  uint64_t seed = 0x68617368ull;
  for (uint32_t i = 0; i < count; i++) words[i] = prng_next(&seed);

  const uint8_t* bytes = (const uint8_t*)words;
  uint64_t fnv = 0xCBF29CE484222325ull;
  for (uint32_t i = 0; i < count * 8; i++) {
    fnv ^= bytes[i];
    fnv *= 0x100000001B3ull;
  }

  uint64_t v1 = K1 + K2, v2 = K2, v3 = 0, v4 = 0 - K1;
  uint32_t i = 0;
  for (; i + 4 <= count; i += 4) {
    v1 = lane_round(v1, words[i]);
    v2 = lane_round(v2, words[i + 1]);
    v3 = lane_round(v3, words[i + 2]);
    v4 = lane_round(v4, words[i + 3]);
  }
  uint64_t h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
  for (; i < count; i++) h = rotl64(h ^ lane_round(0, words[i]), 27) * K1 + K3;
  h ^= h >> 33;
  h *= K2;
  h ^= h >> 29;
  h *= K3;
  h ^= h >> 32;
  return mix64(fnv, h);
}
