/* Sieve of Eratosthenes over a large static byte array: strided stores across megabytes. */
#include "kernel.h"

#define MAX_N (1u << 24)

static uint8_t composite[MAX_N];

uint64_t run(uint32_t n) {
  if (n > MAX_N) n = MAX_N;
  for (uint32_t i = 0; i < n; i++) composite[i] = 0;
  uint64_t count = 0;
  uint64_t sum = 0;
  for (uint32_t i = 2; i < n; i++) {
    if (composite[i]) continue;
    count++;
    sum += i;
    for (uint64_t j = (uint64_t)i * i; j < n; j += i) composite[j] = 1;
  }
  return mix64(count, sum);
}
