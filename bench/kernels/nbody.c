/* N-body gravity with a softened potential, on a pseudo-random system: double-precision
 * arithmetic, square roots and divisions in a small all-pairs loop. */
#include "kernel.h"

#define BODIES 8
#define DT 0.001
#define SOFTENING 0.01

struct body {
  double x, y, z;
  double vx, vy, vz;
  double mass;
};

static struct body bodies[BODIES];

static double energy(void) {
  double e = 0.0;
  for (int i = 0; i < BODIES; i++) {
    const struct body* p = &bodies[i];
    e += 0.5 * p->mass * (p->vx * p->vx + p->vy * p->vy + p->vz * p->vz);
    for (int j = i + 1; j < BODIES; j++) {
      const struct body* q = &bodies[j];
      double dx = p->x - q->x, dy = p->y - q->y, dz = p->z - q->z;
      e -= p->mass * q->mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz + SOFTENING);
    }
  }
  return e;
}

static void advance(void) {
  for (int i = 0; i < BODIES; i++) {
    struct body* p = &bodies[i];
    for (int j = i + 1; j < BODIES; j++) {
      struct body* q = &bodies[j];
      double dx = p->x - q->x, dy = p->y - q->y, dz = p->z - q->z;
      double d2 = dx * dx + dy * dy + dz * dz + SOFTENING;
      double scale = DT / (d2 * __builtin_sqrt(d2));
      double sp = q->mass * scale, sq = p->mass * scale;
      p->vx -= dx * sp;
      p->vy -= dy * sp;
      p->vz -= dz * sp;
      q->vx += dx * sq;
      q->vy += dy * sq;
      q->vz += dz * sq;
    }
  }
  for (int i = 0; i < BODIES; i++) {
    struct body* p = &bodies[i];
    p->x += DT * p->vx;
    p->y += DT * p->vy;
    p->z += DT * p->vz;
  }
}

uint64_t run(uint32_t n) {
  uint64_t seed = 0x6E626F6479ull;
  for (int i = 0; i < BODIES; i++) {
    struct body* p = &bodies[i];
    p->x = prng_double(&seed) * 10.0 - 5.0;
    p->y = prng_double(&seed) * 10.0 - 5.0;
    p->z = prng_double(&seed) * 10.0 - 5.0;
    p->vx = prng_double(&seed) - 0.5;
    p->vy = prng_double(&seed) - 0.5;
    p->vz = prng_double(&seed) - 0.5;
    p->mass = 0.5 + prng_double(&seed);
  }
  uint64_t h = double_bits(energy());
  for (uint32_t step = 0; step < n; step++) advance();
  h = mix64(h, double_bits(energy()));
  for (int i = 0; i < BODIES; i++) h = mix64(h, double_bits(bodies[i].x + bodies[i].y));
  return h;
}
