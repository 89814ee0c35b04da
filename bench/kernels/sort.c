/* Quicksort (median of three, insertion sort for short ranges) of pseudo-random integers, then
 * a check that the output is ordered. */
#include "kernel.h"

#define MAX_LEN (1u << 21)
#define SHORT_RANGE 16

static uint32_t data[MAX_LEN];

static void insertion_sort(uint32_t* a, uint32_t len) {
  for (uint32_t i = 1; i < len; i++) {
    uint32_t v = a[i];
    uint32_t j = i;
    while (j > 0 && a[j - 1] > v) {
      a[j] = a[j - 1];
      j--;
    }
    a[j] = v;
  }
}

static inline void swap(uint32_t* a, uint32_t i, uint32_t j) {
  uint32_t t = a[i];
  a[i] = a[j];
  a[j] = t;
}

static void quicksort(uint32_t* a, uint32_t len) {
  while (len > SHORT_RANGE) {
    /* Order a[0], a[mid], a[len-1] so the pivot is their median. */
    uint32_t mid = len / 2, last = len - 1;
    if (a[mid] < a[0]) swap(a, mid, 0);
    if (a[last] < a[0]) swap(a, last, 0);
    if (a[last] < a[mid]) swap(a, last, mid);
    uint32_t pivot = a[mid];
    /* Hoare partition: afterwards a[0..j] <= pivot <= a[j+1..len-1]. */
    uint32_t i = 0, j = last;
    for (;;) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i >= j) break;
      swap(a, i, j);
      i++;
      j--;
    }
    uint32_t left = j + 1, right = len - left;
    /* Recurse into the smaller side so the depth stays logarithmic. */
    if (left < right) {
      quicksort(a, left);
      a += left;
      len = right;
    } else {
      quicksort(a + left, right);
      len = left;
    }
  }
  insertion_sort(a, len);
}

uint64_t run(uint32_t n) {
  if (n > MAX_LEN) n = MAX_LEN;
  uint64_t seed = 0x736F7274ull;
  for (uint32_t i = 0; i < n; i++) data[i] = (uint32_t)prng_next(&seed);
  quicksort(data, n);
  uint64_t h = n;
  uint64_t unordered = 0;
  for (uint32_t i = 0; i < n; i++) {
    if (i > 0 && data[i - 1] > data[i]) unordered++;
    h += (uint64_t)(i + 1) * data[i];
  }
  return mix64(h, unordered);
}
