/* Naive i-j-k integer matrix multiply: the k loop walks B by columns, so native code pays for
 * cache misses and the interpreter for two loads per multiply-add. */
#include "kernel.h"

#define MAX_DIM 320

static uint32_t a[MAX_DIM * MAX_DIM];
static uint32_t b[MAX_DIM * MAX_DIM];
static uint32_t c[MAX_DIM * MAX_DIM];

uint64_t run(uint32_t n) {
  if (n > MAX_DIM) n = MAX_DIM;
  uint64_t seed = 0x6D61746D756Cull;
  for (uint32_t i = 0; i < n * n; i++) {
    a[i] = (uint32_t)prng_next(&seed);
    b[i] = (uint32_t)prng_next(&seed);
  }
  for (uint32_t i = 0; i < n; i++) {
    for (uint32_t j = 0; j < n; j++) {
      uint32_t sum = 0;
      for (uint32_t k = 0; k < n; k++) sum += a[i * n + k] * b[k * n + j];
      c[i * n + j] = sum;
    }
  }
  uint64_t h = n;
  for (uint32_t i = 0; i < n * n; i++) h = mix64(h, c[i]);
  return h;
}
