/* Shared by the benchmark kernels. Every kernel is built twice from the same source: to wasm32
 * (freestanding, no libc, exporting `run`) and natively into ward_bench, where the build renames
 * `run` per kernel. Without libc, the few helpers the kernels need live here. */
#ifndef WARD_BENCH_KERNEL_H_
#define WARD_BENCH_KERNEL_H_

#include <stdint.h>

/* Does work proportional to `n` and returns a checksum of what it computed. Each call starts
 * from scratch (inputs are regenerated), so repeated calls return the same value. */
uint64_t run(uint32_t n);

/* splitmix64 with a fixed seed: both builds see identical inputs. */
static inline uint64_t prng_next(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Uniform in [0, 1), from the top 53 bits. */
static inline double prng_double(uint64_t* state) {
  return (double)(prng_next(state) >> 11) * (1.0 / 9007199254740992.0);
}

static inline uint64_t rotl64(uint64_t x, unsigned r) { return (x << r) | (x >> (64 - r)); }

/* Folds a value into a running checksum. */
static inline uint64_t mix64(uint64_t h, uint64_t v) {
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  return h * 0xFF51AFD7ED558CCDull;
}

/* The exact bits of a double, so floating-point results are compared bit for bit. */
static inline uint64_t double_bits(double d) {
  union {
    double d;
    uint64_t u;
  } c;
  c.d = d;
  return c.u;
}

#endif /* WARD_BENCH_KERNEL_H_ */
