/* Mandelbrot escape counts on an n-by-n grid: a tight floating-point loop with a data-dependent
 * exit. */
#include "kernel.h"

#define MAX_ITER 100

uint64_t run(uint32_t n) {
  uint64_t h = n;
  uint64_t total = 0;
  for (uint32_t py = 0; py < n; py++) {
    double ci = -1.25 + 2.5 * (double)py / (double)n;
    uint64_t row = 0;
    for (uint32_t px = 0; px < n; px++) {
      double cr = -2.0 + 2.5 * (double)px / (double)n;
      double zr = 0.0, zi = 0.0;
      uint32_t it = 0;
      while (it < MAX_ITER) {
        double zr2 = zr * zr, zi2 = zi * zi;
        if (zr2 + zi2 > 4.0) break;
        zi = 2.0 * zr * zi + ci;
        zr = zr2 - zi2 + cr;
        it++;
      }
      row = row * 31 + it;
      total += it;
    }
    h = mix64(h, row);
  }
  return mix64(h, total);
}
