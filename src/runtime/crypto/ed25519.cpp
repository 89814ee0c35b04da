// Ed25519 verification on edwards25519: -x^2 + y^2 = 1 + d x^2 y^2 over GF(p), p = 2^255 - 19,
// d = -121665/121666, base point B with y = 4/5 and even x, group order L (RFC 8032 §5.1).
#include "runtime/crypto/ed25519.hpp"

#include <algorithm>
#include <optional>

#include "runtime/crypto/sha256.hpp"

namespace ward::runtime::crypto {
namespace {

using u128 = unsigned __int128;

// ---------------------------------------------------------------------------------------------
// Field arithmetic modulo p = 2^255 - 19.

constexpr uint64_t kLimbMask = (uint64_t{1} << 51) - 1;

// value = sum limb[i] * 2^(51 i), not necessarily reduced below p. Every operation returns
// limbs below 2^52, so a five-term sum of limb products (one factor scaled by 19) stays below
// 2^111 and fits in 128 bits.
struct FieldElement {
  uint64_t limb[5];
};

constexpr FieldElement kFieldZero{{0, 0, 0, 0, 0}};
constexpr FieldElement kFieldOne{{1, 0, 0, 0, 0}};
// d = -121665 / 121666 mod p.
constexpr FieldElement kCurveD{
    {0x34dca135978a3, 0x1a8283b156ebd, 0x5e7a26001c029, 0x739c663a03cbb, 0x52036cee2b6ff}};
// 2d mod p, the constant of the extended-coordinates addition law.
constexpr FieldElement kCurveTwoD{
    {0x69b9426b2f159, 0x35050762add7a, 0x3cf44c0038052, 0x6738cc7407977, 0x2406d9dc56dff}};
// 2^((p-1)/4) mod p, a square root of -1 (exists because p ≡ 1 mod 4).
constexpr FieldElement kSqrtMinusOne{
    {0x61b274a0ea0b0, 0x0d5a5fc8f189d, 0x7ef5e9cbd0c60, 0x78595a6804c9e, 0x2b8324804fc1d}};

// One carry pass. The carry out of bit 255 re-enters at the bottom multiplied by 19, because
// 2^255 ≡ 19 (mod p).
FieldElement carry_propagate(FieldElement f) {
  uint64_t* l = f.limb;
  l[1] += l[0] >> 51;
  l[0] &= kLimbMask;
  l[2] += l[1] >> 51;
  l[1] &= kLimbMask;
  l[3] += l[2] >> 51;
  l[2] &= kLimbMask;
  l[4] += l[3] >> 51;
  l[3] &= kLimbMask;
  l[0] += 19 * (l[4] >> 51);
  l[4] &= kLimbMask;
  return f;
}

FieldElement add(const FieldElement& a, const FieldElement& b) {
  FieldElement r;
  for (int i = 0; i < 5; ++i) r.limb[i] = a.limb[i] + b.limb[i];
  return carry_propagate(r);
}

// a - b computed as a + 4p - b so that no limb goes negative (b's limbs are below 2^52,
// 4p's limbs are about 2^53).
FieldElement subtract(const FieldElement& a, const FieldElement& b) {
  constexpr uint64_t kFourPLow = 4 * ((uint64_t{1} << 51) - 19);
  constexpr uint64_t kFourPHigh = 4 * ((uint64_t{1} << 51) - 1);
  FieldElement r;
  r.limb[0] = a.limb[0] + kFourPLow - b.limb[0];
  for (int i = 1; i < 5; ++i) r.limb[i] = a.limb[i] + kFourPHigh - b.limb[i];
  return carry_propagate(r);
}

FieldElement negate(const FieldElement& a) { return subtract(kFieldZero, a); }

// Reduces five 128-bit column sums to limbs below 2^52.
[[gnu::always_inline]] inline FieldElement carry_wide(u128 r0, u128 r1, u128 r2, u128 r3, u128 r4) {
  FieldElement out;
  r1 += static_cast<uint64_t>(r0 >> 51);
  out.limb[0] = static_cast<uint64_t>(r0) & kLimbMask;
  r2 += static_cast<uint64_t>(r1 >> 51);
  out.limb[1] = static_cast<uint64_t>(r1) & kLimbMask;
  r3 += static_cast<uint64_t>(r2 >> 51);
  out.limb[2] = static_cast<uint64_t>(r2) & kLimbMask;
  r4 += static_cast<uint64_t>(r3 >> 51);
  out.limb[3] = static_cast<uint64_t>(r3) & kLimbMask;
  const uint64_t top_carry = static_cast<uint64_t>(r4 >> 51);  // below 2^61
  out.limb[4] = static_cast<uint64_t>(r4) & kLimbMask;
  // top_carry * 19 can exceed 64 bits, so fold it in 128-bit arithmetic.
  const u128 low = static_cast<u128>(out.limb[0]) + static_cast<u128>(top_carry) * 19;
  out.limb[0] = static_cast<uint64_t>(low) & kLimbMask;
  out.limb[1] += static_cast<uint64_t>(low >> 51);
  return out;
}

// Schoolbook product; a term a_i b_j with i + j ≥ 5 carries weight 2^(255 + 51(i+j-5)), which
// is 19 · 2^(51(i+j-5)) mod p.
FieldElement multiply(const FieldElement& f, const FieldElement& g) {
  const uint64_t* a = f.limb;
  const uint64_t* b = g.limb;
  const uint64_t b1_19 = b[1] * 19, b2_19 = b[2] * 19, b3_19 = b[3] * 19, b4_19 = b[4] * 19;
  auto m = [](uint64_t x, uint64_t y) { return static_cast<u128>(x) * y; };
  const u128 r0 = m(a[0], b[0]) + m(a[1], b4_19) + m(a[2], b3_19) + m(a[3], b2_19) + m(a[4], b1_19);
  const u128 r1 = m(a[0], b[1]) + m(a[1], b[0]) + m(a[2], b4_19) + m(a[3], b3_19) + m(a[4], b2_19);
  const u128 r2 = m(a[0], b[2]) + m(a[1], b[1]) + m(a[2], b[0]) + m(a[3], b4_19) + m(a[4], b3_19);
  const u128 r3 = m(a[0], b[3]) + m(a[1], b[2]) + m(a[2], b[1]) + m(a[3], b[0]) + m(a[4], b4_19);
  const u128 r4 = m(a[0], b[4]) + m(a[1], b[3]) + m(a[2], b[2]) + m(a[3], b[1]) + m(a[4], b[0]);
  return carry_wide(r0, r1, r2, r3, r4);
}

// The product above with a = b: the symmetric cross terms a_i a_j (i ≠ j) appear twice.
FieldElement square(const FieldElement& f) {
  const uint64_t* a = f.limb;
  const uint64_t a0_2 = a[0] * 2, a1_2 = a[1] * 2;
  const uint64_t a1_38 = a[1] * 38, a2_38 = a[2] * 38, a3_38 = a[3] * 38;
  const uint64_t a3_19 = a[3] * 19, a4_19 = a[4] * 19;
  auto m = [](uint64_t x, uint64_t y) { return static_cast<u128>(x) * y; };
  const u128 r0 = m(a[0], a[0]) + m(a1_38, a[4]) + m(a2_38, a[3]);
  const u128 r1 = m(a0_2, a[1]) + m(a2_38, a[4]) + m(a3_19, a[3]);
  const u128 r2 = m(a0_2, a[2]) + m(a[1], a[1]) + m(a3_38, a[4]);
  const u128 r3 = m(a0_2, a[3]) + m(a1_2, a[2]) + m(a4_19, a[4]);
  const u128 r4 = m(a0_2, a[4]) + m(a1_2, a[3]) + m(a[2], a[2]);
  return carry_wide(r0, r1, r2, r3, r4);
}

FieldElement square_times(FieldElement f, int times) {
  for (int i = 0; i < times; ++i) f = square(f);
  return f;
}

// x^(2^250 - 1), built from e(n) = x^(2^n - 1) with e(a + b) = e(a)^(2^b) · e(b).
FieldElement pow_two_250_minus_one(const FieldElement& x) {
  const FieldElement e1 = x;
  const FieldElement e2 = multiply(square(e1), e1);
  const FieldElement e4 = multiply(square_times(e2, 2), e2);
  const FieldElement e5 = multiply(square(e4), e1);
  const FieldElement e10 = multiply(square_times(e5, 5), e5);
  const FieldElement e20 = multiply(square_times(e10, 10), e10);
  const FieldElement e40 = multiply(square_times(e20, 20), e20);
  const FieldElement e50 = multiply(square_times(e40, 10), e10);
  const FieldElement e100 = multiply(square_times(e50, 50), e50);
  const FieldElement e200 = multiply(square_times(e100, 100), e100);
  return multiply(square_times(e200, 50), e50);
}

// x^(p-2) = x^-1 by Fermat; p - 2 = (2^250 - 1) · 2^5 + 11.
FieldElement invert(const FieldElement& x) {
  const FieldElement x2 = square(x);
  const FieldElement x11 = multiply(multiply(square_times(x2, 2), x2), x);  // x^8 · x^2 · x
  return multiply(square_times(pow_two_250_minus_one(x), 5), x11);
}

// x^((p-5)/8), the exponent of the square-root candidate; (p-5)/8 = (2^250 - 1) · 4 + 1.
FieldElement pow_p_minus_5_over_8(const FieldElement& x) {
  return multiply(square_times(pow_two_250_minus_one(x), 2), x);
}

uint64_t load_le64(const uint8_t* bytes) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

void store_le64(uint8_t* bytes, uint64_t value) {
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
}

// Bits 0..254 of the little-endian input; bit 255 is ignored. Values in [p, 2^255) are kept as
// they are and so act as their residue mod p.
FieldElement field_from_bytes(const uint8_t* bytes) {
  const uint64_t w0 = load_le64(bytes), w1 = load_le64(bytes + 8);
  const uint64_t w2 = load_le64(bytes + 16), w3 = load_le64(bytes + 24);
  return FieldElement{{w0 & kLimbMask, ((w0 >> 51) | (w1 << 13)) & kLimbMask,
                       ((w1 >> 38) | (w2 << 26)) & kLimbMask, ((w2 >> 25) | (w3 << 39)) & kLimbMask,
                       (w3 >> 12) & kLimbMask}};
}

// The unique representative in [0, p), little-endian.
std::array<uint8_t, 32> field_to_bytes(const FieldElement& f) {
  // After one carry pass the value h is below 2^255 + 2^18 < 2p, so h mod p is h or h - p.
  FieldElement h = carry_propagate(f);
  uint64_t* l = h.limb;
  // q = floor((h + 19) / 2^255) is 1 exactly when h ≥ p.
  uint64_t q = (l[0] + 19) >> 51;
  q = (l[1] + q) >> 51;
  q = (l[2] + q) >> 51;
  q = (l[3] + q) >> 51;
  q = (l[4] + q) >> 51;
  // h - q·p = h + 19q - q·2^255: add 19q, carry through, and drop bit 255.
  l[0] += 19 * q;
  l[1] += l[0] >> 51;
  l[0] &= kLimbMask;
  l[2] += l[1] >> 51;
  l[1] &= kLimbMask;
  l[3] += l[2] >> 51;
  l[2] &= kLimbMask;
  l[4] += l[3] >> 51;
  l[3] &= kLimbMask;
  l[4] &= kLimbMask;

  std::array<uint8_t, 32> bytes;
  store_le64(bytes.data(), l[0] | (l[1] << 51));
  store_le64(bytes.data() + 8, (l[1] >> 13) | (l[2] << 38));
  store_le64(bytes.data() + 16, (l[2] >> 26) | (l[3] << 25));
  store_le64(bytes.data() + 24, (l[3] >> 39) | (l[4] << 12));
  return bytes;
}

bool field_equal(const FieldElement& a, const FieldElement& b) {
  return field_to_bytes(a) == field_to_bytes(b);
}

// RFC 8032's sign of x: the low bit of its canonical encoding.
bool is_negative(const FieldElement& f) { return (field_to_bytes(f)[0] & 1) != 0; }

// ---------------------------------------------------------------------------------------------
// Group arithmetic in extended twisted Edwards coordinates (Hisil–Wong–Carter–Dawson 2008, as
// given in RFC 8032 §5.1.4). The addition law is complete for a = -1 and non-square d, so it
// needs no special cases for the identity, doubling or small-order points.

// Affine point (X/Z, Y/Z) with T = XY/Z.
struct ExtendedPoint {
  FieldElement x, y, z, t;
};

// A point prepared as an addend: (Y + X, Y - X, 2Z, 2dT).
struct CachedPoint {
  FieldElement y_plus_x, y_minus_x, two_z, two_d_t;
};

constexpr ExtendedPoint kIdentity{kFieldZero, kFieldOne, kFieldOne, kFieldZero};

CachedPoint to_cached(const ExtendedPoint& p) {
  return CachedPoint{add(p.y, p.x), subtract(p.y, p.x), add(p.z, p.z), multiply(p.t, kCurveTwoD)};
}

// Whether an operation must produce T. Doubling never reads T, so a result that is only doubled
// next can skip that multiplication; its T is then stale and must not be read.
enum class NeedT : bool { No, Yes };

// All three operations below end in the same step: from E, F, G, H the result is
// (E·F : G·H : F·G : E·H).
ExtendedPoint combine(const FieldElement& e, const FieldElement& f, const FieldElement& g,
                      const FieldElement& h, NeedT need_t) {
  return ExtendedPoint{multiply(e, f), multiply(g, h), multiply(f, g),
                       need_t == NeedT::Yes ? multiply(e, h) : kFieldZero};
}

ExtendedPoint add(const ExtendedPoint& p, const CachedPoint& q, NeedT need_t = NeedT::Yes) {
  const FieldElement a = multiply(subtract(p.y, p.x), q.y_minus_x);
  const FieldElement b = multiply(add(p.y, p.x), q.y_plus_x);
  const FieldElement c = multiply(p.t, q.two_d_t);
  const FieldElement d = multiply(p.z, q.two_z);
  return combine(subtract(b, a), subtract(d, c), add(d, c), add(b, a), need_t);
}

// p - q: -q = (-X, Y, Z, -T) swaps Y + X with Y - X and negates the 2dT term.
ExtendedPoint subtract(const ExtendedPoint& p, const CachedPoint& q, NeedT need_t = NeedT::Yes) {
  const FieldElement a = multiply(subtract(p.y, p.x), q.y_plus_x);
  const FieldElement b = multiply(add(p.y, p.x), q.y_minus_x);
  const FieldElement c = multiply(p.t, q.two_d_t);
  const FieldElement d = multiply(p.z, q.two_z);
  return combine(subtract(b, a), add(d, c), subtract(d, c), add(b, a), need_t);
}

ExtendedPoint double_point(const ExtendedPoint& p, NeedT need_t = NeedT::Yes) {
  const FieldElement a = square(p.x);
  const FieldElement b = square(p.y);
  const FieldElement z_squared = square(p.z);
  const FieldElement c = add(z_squared, z_squared);
  const FieldElement h = add(a, b);
  const FieldElement e = subtract(h, square(add(p.x, p.y)));
  const FieldElement g = subtract(a, b);
  return combine(e, add(c, g), g, h, need_t);
}

ExtendedPoint negate(const ExtendedPoint& p) {
  return ExtendedPoint{negate(p.x), p.y, p.z, negate(p.t)};
}

// Canonical encoding (RFC 8032 §5.1.2): y mod p little-endian, bit 255 = low bit of x.
std::array<uint8_t, 32> encode(const ExtendedPoint& p) {
  const FieldElement z_inverse = invert(p.z);
  std::array<uint8_t, 32> bytes = field_to_bytes(multiply(p.y, z_inverse));
  if (is_negative(multiply(p.x, z_inverse))) bytes[31] |= 0x80;
  return bytes;
}

// Decoding with the reference's relaxed rules (§4.9 step 5). Solving the curve equation for x
// gives x^2 = u / v with u = y^2 - 1, v = d y^2 + 1 (v ≠ 0 because -1/d is not a square). For
// p ≡ 5 (mod 8) the candidate root is r = u v^3 (u v^7)^((p-5)/8) (RFC 8032 §5.1.3): if
// v r^2 = u it is a root, if v r^2 = -u then r·sqrt(-1) is, otherwise u / v is not a square.
std::optional<ExtendedPoint> decode(const uint8_t* bytes) {
  const FieldElement y = field_from_bytes(bytes);
  const bool x_is_negative = (bytes[31] & 0x80) != 0;

  const FieldElement y_squared = square(y);
  const FieldElement u = subtract(y_squared, kFieldOne);
  const FieldElement v = add(multiply(kCurveD, y_squared), kFieldOne);
  const FieldElement v_cubed = multiply(square(v), v);
  const FieldElement u_v7 = multiply(multiply(u, square(v_cubed)), v);
  FieldElement x = multiply(multiply(u, v_cubed), pow_p_minus_5_over_8(u_v7));

  const FieldElement v_x_squared = multiply(v, square(x));
  if (!field_equal(v_x_squared, u)) {
    if (!field_equal(v_x_squared, negate(u))) return std::nullopt;
    x = multiply(x, kSqrtMinusOne);
  }
  // For x = 0 the sign bit is ignored (negating zero gives zero), as the reference does.
  if (is_negative(x) != x_is_negative) x = negate(x);
  return ExtendedPoint{x, y, kFieldOne, multiply(x, y)};
}

// ---------------------------------------------------------------------------------------------
// Scalars modulo L = 2^252 + 27742317777372353535851937790883648493, as 64-bit words.

constexpr uint64_t kGroupOrder[4] = {0x5812631a5cf5d3ed, 0x14def9dea2f79cd6, 0, 0x1000000000000000};
// floor(2^512 / L), the Barrett constant for base 2^64 and 4-word moduli.
constexpr uint64_t kBarrettMu[5] = {0xed9ce5a30a2c131b, 0x2106215d086329a7, 0xffffffffffffffeb,
                                    0xffffffffffffffff, 0xf};

// out = (a · b) mod 2^(64 · out_words); out must be zeroed by the caller.
void multiply_words(const uint64_t* a, int a_words, const uint64_t* b, int b_words, uint64_t* out,
                    int out_words) {
  for (int i = 0; i < a_words && i < out_words; ++i) {
    uint64_t carry = 0;
    int j = 0;
    for (; j < b_words && i + j < out_words; ++j) {
      const u128 t = static_cast<u128>(a[i]) * b[j] + out[i + j] + carry;
      out[i + j] = static_cast<uint64_t>(t);
      carry = static_cast<uint64_t>(t >> 64);
    }
    if (i + j < out_words) out[i + j] = carry;
  }
}

// words (little-endian, `count` ≥ 4 words) < L?
bool less_than_group_order(const uint64_t* words, int count) {
  for (int i = count - 1; i >= 4; --i) {
    if (words[i] != 0) return false;
  }
  for (int i = 3; i >= 0; --i) {
    if (words[i] != kGroupOrder[i]) return words[i] < kGroupOrder[i];
  }
  return false;
}

void subtract_group_order(uint64_t* words, int count) {
  uint64_t borrow = 0;
  for (int i = 0; i < count; ++i) {
    const uint64_t subtrahend = i < 4 ? kGroupOrder[i] : 0;
    const u128 difference = static_cast<u128>(words[i]) - subtrahend - borrow;
    words[i] = static_cast<uint64_t>(difference);
    borrow = static_cast<uint64_t>(difference >> 64) & 1;
  }
}

bool is_canonical_scalar(const uint8_t* bytes) {
  uint64_t words[4];
  for (int i = 0; i < 4; ++i) words[i] = load_le64(bytes + 8 * i);
  return less_than_group_order(words, 4);
}

// Signed-digit form of a scalar below 2^253: scalar = Σ digits[i] · 2^i, each nonzero digit odd
// with |digit| < 2^(width-1), nonzero digits at least `width` positions apart. A window whose
// value v is at least 2^(width-1) becomes the digit v - 2^width plus a carry into the position
// just past the window.
std::array<int8_t, 256> signed_window_digits(const uint8_t* scalar, int width) {
  uint64_t words[4];
  for (int i = 0; i < 4; ++i) words[i] = load_le64(scalar + 8 * i);
  const uint64_t window_mask = (uint64_t{1} << width) - 1;
  const uint64_t half_range = uint64_t{1} << (width - 1);

  std::array<int8_t, 256> digits{};
  uint64_t carry = 0;
  int position = 0;
  while (position < 256) {
    const int word = position / 64, bit = position % 64;
    uint64_t window = words[word] >> bit;
    if (bit + width > 64 && word + 1 < 4) window |= words[word + 1] << (64 - bit);
    window = (window & window_mask) + carry;
    if ((window & 1) == 0) {  // this position's digit is 0; any carry moves up unchanged
      ++position;
      continue;
    }
    if (window < half_range) {
      digits[position] = static_cast<int8_t>(window);
      carry = 0;
    } else {
      digits[position] = static_cast<int8_t>(static_cast<int64_t>(window) - (int64_t{1} << width));
      carry = 1;
    }
    position += width;
  }
  return digits;
}

constexpr int kPointWindowWidth = 5;  // odd multiples 1..15 of A, built per verification
constexpr int kBaseWindowWidth = 8;   // odd multiples 1..127 of B, built once

template <size_t Count>
std::array<CachedPoint, Count> odd_multiples(const ExtendedPoint& p) {
  std::array<CachedPoint, Count> table;
  const CachedPoint twice = to_cached(double_point(p));
  ExtendedPoint current = p;
  table[0] = to_cached(current);
  for (size_t i = 1; i < Count; ++i) {
    current = add(current, twice);
    table[i] = to_cached(current);
  }
  return table;
}

const std::array<CachedPoint, 64>& base_point_odd_multiples() {
  static const std::array<CachedPoint, 64> table = [] {
    // B's encoding: y = 4/5 mod p with x even, i.e. 0x58 followed by 31 bytes of 0x66.
    uint8_t encoding[32];
    std::fill(std::begin(encoding), std::end(encoding), uint8_t{0x66});
    encoding[0] = 0x58;
    return odd_multiples<64>(*decode(encoding));
  }();
  return table;
}

// accumulator + [digit]P for a nonzero odd digit, with table[j] = (2j + 1)P.
template <size_t Count>
void add_digit(ExtendedPoint& accumulator, int digit, const std::array<CachedPoint, Count>& table,
               NeedT need_t) {
  if (digit > 0) {
    accumulator = add(accumulator, table[digit / 2], need_t);
  } else {
    accumulator = subtract(accumulator, table[-digit / 2], need_t);
  }
}

// [base_scalar]B + [point_scalar]P, both scalars below 2^253, by one shared chain of doublings
// over the signed digits of both scalars (Straus's interleaving).
ExtendedPoint double_scalar_multiply(const uint8_t* base_scalar, const uint8_t* point_scalar,
                                     const ExtendedPoint& point) {
  const std::array<int8_t, 256> base_digits = signed_window_digits(base_scalar, kBaseWindowWidth);
  const std::array<int8_t, 256> point_digits =
      signed_window_digits(point_scalar, kPointWindowWidth);
  const auto& base_table = base_point_odd_multiples();
  const auto point_table = odd_multiples<(size_t{1} << (kPointWindowWidth - 2))>(point);

  int top = 255;
  while (top >= 0 && base_digits[top] == 0 && point_digits[top] == 0) --top;
  ExtendedPoint accumulator = kIdentity;
  for (int i = top; i >= 0; --i) {
    const bool base_adds = base_digits[i] != 0, point_adds = point_digits[i] != 0;
    accumulator = double_point(accumulator, NeedT{base_adds || point_adds});
    if (base_adds) add_digit(accumulator, base_digits[i], base_table, NeedT{point_adds});
    if (point_adds) add_digit(accumulator, point_digits[i], point_table, NeedT::No);
  }
  return accumulator;  // T may be stale; only X, Y, Z are read when encoding
}

}  // namespace

std::array<uint8_t, 32> reduce_scalar_mod_l(std::span<const uint8_t, 64> wide) {
  uint64_t x[8];
  for (int i = 0; i < 8; ++i) x[i] = load_le64(wide.data() + 8 * i);

  // Barrett reduction (HAC algorithm 14.42, b = 2^64, k = 4): q3 = floor(floor(x / b^3) · mu /
  // b^5) underestimates floor(x / L) by at most 2, so r = x - q3·L lies in [0, 3L) ⊂ [0, b^5)
  // and can be computed modulo b^5.
  uint64_t q2[10] = {};
  multiply_words(x + 3, 5, kBarrettMu, 5, q2, 10);
  const uint64_t* q3 = q2 + 5;
  uint64_t q3_times_l[5] = {};
  multiply_words(q3, 5, kGroupOrder, 4, q3_times_l, 5);

  uint64_t r[5];
  uint64_t borrow = 0;
  for (int i = 0; i < 5; ++i) {
    const u128 difference = static_cast<u128>(x[i]) - q3_times_l[i] - borrow;
    r[i] = static_cast<uint64_t>(difference);
    borrow = static_cast<uint64_t>(difference >> 64) & 1;
  }
  while (!less_than_group_order(r, 5)) subtract_group_order(r, 5);

  std::array<uint8_t, 32> reduced;
  for (int i = 0; i < 4; ++i) store_le64(reduced.data() + 8 * i, r[i]);
  return reduced;
}

VerifyResult verify(std::span<const uint8_t, kEd25519SignatureSize> signature,
                    std::span<const uint8_t, kEd25519PublicKeySize> public_key,
                    std::span<const uint8_t> message) {
  // Step 5.
  const std::optional<ExtendedPoint> a = decode(public_key.data());
  if (!a) return VerifyResult::IncorrectPublicKey;

  // Step 6.
  const std::span<const uint8_t, 32> r_bytes = signature.first<32>();
  const uint8_t* s = signature.data() + 32;
  if (!is_canonical_scalar(s)) return VerifyResult::Invalid;

  // Step 7: the key bytes are hashed exactly as supplied, even when not canonical.
  Sha512 hasher;
  hasher.update(r_bytes).update(public_key).update(message);
  const Sha512Digest digest = hasher.finish();
  const std::array<uint8_t, 32> k = reduce_scalar_mod_l(digest);

  // Step 8: [s]B - [k]A = [s]B + [k](-A), compared as canonical encodings.
  const ExtendedPoint r_check = double_scalar_multiply(s, k.data(), negate(*a));
  return std::ranges::equal(encode(r_check), r_bytes) ? VerifyResult::Valid : VerifyResult::Invalid;
}

}  // namespace ward::runtime::crypto
