// Wasm numeric semantics that C++ operators do not give directly (rotations, float min/max,
// rounding, saturating conversions, conversion range checks).
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace ward::engine::num {

template <typename To, typename From>
inline To bits(From v) {
  static_assert(sizeof(To) == sizeof(From));
  To out;
  std::memcpy(&out, &v, sizeof(To));
  return out;
}

inline uint32_t rotl32(uint32_t a, uint32_t b) { return std::rotl(a, static_cast<int>(b & 31)); }
inline uint32_t rotr32(uint32_t a, uint32_t b) { return std::rotr(a, static_cast<int>(b & 31)); }
inline uint64_t rotl64(uint64_t a, uint64_t b) { return std::rotl(a, static_cast<int>(b & 63)); }
inline uint64_t rotr64(uint64_t a, uint64_t b) { return std::rotr(a, static_cast<int>(b & 63)); }

inline uint32_t shl32(uint32_t a, uint32_t b) { return a << (b & 31); }
inline uint32_t shr_u32(uint32_t a, uint32_t b) { return a >> (b & 31); }
inline uint32_t shr_s32(uint32_t a, uint32_t b) {
  return static_cast<uint32_t>(static_cast<int32_t>(a) >> (b & 31));
}
inline uint64_t shl64(uint64_t a, uint64_t b) { return a << (b & 63); }
inline uint64_t shr_u64(uint64_t a, uint64_t b) { return a >> (b & 63); }
inline uint64_t shr_s64(uint64_t a, uint64_t b) {
  return static_cast<uint64_t>(static_cast<int64_t>(a) >> (b & 63));
}

template <typename F>
inline F fmin(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<F>::quiet_NaN();
  if (a == b) return std::signbit(a) ? a : b;  // min(-0, +0) = -0
  return a < b ? a : b;
}
template <typename F>
inline F fmax(F a, F b) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<F>::quiet_NaN();
  if (a == b) return std::signbit(a) ? b : a;  // max(-0, +0) = +0
  return a > b ? a : b;
}
// Rounding functions return a signalling NaN operand unchanged; wasm requires a quiet one.
template <typename F>
inline F quiet(F a) {
  return a + a;
}
template <typename F>
inline F fnearest(F a) {
  return std::isnan(a) ? quiet(a) : std::nearbyint(a);
}
template <typename F>
inline F fceil(F a) {
  return std::isnan(a) ? quiet(a) : std::ceil(a);
}
template <typename F>
inline F ffloor(F a) {
  return std::isnan(a) ? quiet(a) : std::floor(a);
}
template <typename F>
inline F ftrunc(F a) {
  return std::isnan(a) ? quiet(a) : std::trunc(a);
}
inline uint32_t fneg32(uint32_t a) { return a ^ 0x80000000u; }
inline uint32_t fabs32(uint32_t a) { return a & 0x7FFFFFFFu; }
inline uint32_t fcopysign32(uint32_t a, uint32_t b) {
  return (a & 0x7FFFFFFFu) | (b & 0x80000000u);
}
inline uint64_t fneg64(uint64_t a) { return a ^ 0x8000000000000000ull; }
inline uint64_t fabs64(uint64_t a) { return a & 0x7FFFFFFFFFFFFFFFull; }
inline uint64_t fcopysign64(uint64_t a, uint64_t b) {
  return (a & 0x7FFFFFFFFFFFFFFFull) | (b & 0x8000000000000000ull);
}

// Range checks for trapping float->int conversions: true when `x` truncates into the target.
template <typename F>
inline bool fits_i32(F x) {
  return x > static_cast<F>(-2147483649.0) && x < static_cast<F>(2147483648.0);
}
template <>
inline bool fits_i32<float>(float x) {
  return x >= -2147483648.0f && x < 2147483648.0f;
}
template <typename F>
inline bool fits_u32(F x) {
  return x > static_cast<F>(-1.0) && x < static_cast<F>(4294967296.0);
}
template <typename F>
inline bool fits_i64(F x) {
  return x >= static_cast<F>(-9223372036854775808.0) && x < static_cast<F>(9223372036854775808.0);
}
template <typename F>
inline bool fits_u64(F x) {
  return x > static_cast<F>(-1.0) && x < static_cast<F>(18446744073709551616.0);
}

template <typename F>
inline uint32_t trunc_sat_i32(F x) {
  if (std::isnan(x)) return 0;
  if (!fits_i32(x)) return x < 0 ? 0x80000000u : 0x7FFFFFFFu;
  return static_cast<uint32_t>(static_cast<int32_t>(x));
}
template <typename F>
inline uint32_t trunc_sat_u32(F x) {
  if (std::isnan(x)) return 0;
  if (!fits_u32(x)) return x < 0 ? 0u : 0xFFFFFFFFu;
  return static_cast<uint32_t>(x);
}
template <typename F>
inline uint64_t trunc_sat_i64(F x) {
  if (std::isnan(x)) return 0;
  if (!fits_i64(x)) return x < 0 ? 0x8000000000000000ull : 0x7FFFFFFFFFFFFFFFull;
  return static_cast<uint64_t>(static_cast<int64_t>(x));
}
template <typename F>
inline uint64_t trunc_sat_u64(F x) {
  if (std::isnan(x)) return 0;
  if (!fits_u64(x)) return x < 0 ? 0ull : ~0ull;
  return static_cast<uint64_t>(x);
}

// u64 -> f32 must round once (the direct conversion does on x86-64 with GCC/clang).
inline float u64_to_f32(uint64_t v) { return static_cast<float>(v); }
inline double u64_to_f64(uint64_t v) { return static_cast<double>(v); }

}  // namespace ward::engine::num
