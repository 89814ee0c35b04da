// Bounds-checked cursor over module bytes with the binary format's primitive encodings.
// Errors are sticky: the first failure records its offset and message, later reads return 0.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace ward::engine {

class Reader {
 public:
  Reader(const uint8_t* data, size_t size, size_t base_offset = 0)
      : begin_(data), pos_(data), end_(data + size), base_(base_offset) {}

  bool ok() const { return error_.empty(); }
  bool at_end() const { return pos_ >= end_; }
  size_t offset() const { return base_ + static_cast<size_t>(pos_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - pos_); }
  const uint8_t* pos() const { return pos_; }
  const std::string& error() const { return error_; }
  size_t error_offset() const { return error_offset_; }

  // Records the first error only; returns false so callers can `return r.fail(...)`.
  bool fail(std::string message) { return fail_at(offset(), std::move(message)); }
  bool fail_at(size_t at, std::string message) {
    if (error_.empty()) {
      error_ = std::move(message);
      error_offset_ = at;
    }
    pos_ = end_;
    return false;
  }

  uint8_t u8() {
    if (pos_ >= end_) {
      fail("unexpected end");
      return 0;
    }
    return *pos_++;
  }
  uint8_t peek() const { return pos_ < end_ ? *pos_ : 0; }

  uint32_t fixed_u32() {
    if (remaining() < 4) {
      fail("unexpected end");
      return 0;
    }
    uint32_t v;
    std::memcpy(&v, pos_, 4);
    pos_ += 4;
    return v;
  }
  uint64_t fixed_u64() {
    if (remaining() < 8) {
      fail("unexpected end");
      return 0;
    }
    uint64_t v;
    std::memcpy(&v, pos_, 8);
    pos_ += 8;
    return v;
  }

  uint32_t u32() { return static_cast<uint32_t>(leb_unsigned(32)); }
  uint64_t u64() { return leb_unsigned(64); }
  int32_t s32() { return static_cast<int32_t>(leb_signed(32)); }
  int64_t s64() { return leb_signed(64); }
  // Signed 33-bit block type index.
  int64_t s33() { return leb_signed(33); }

  bool skip(size_t n) {
    if (remaining() < n) return fail("unexpected end");
    pos_ += n;
    return true;
  }

  // Length-prefixed UTF-8 name; validates the encoding.
  bool name(std::string& out);

 private:
  uint64_t leb_unsigned(unsigned bits) {
    uint64_t result = 0;
    unsigned shift = 0;
    for (;;) {
      if (pos_ >= end_) {
        fail("unexpected end");
        return 0;
      }
      uint8_t byte = *pos_++;
      if (shift + 7 >= bits && shift < 64) {
        // Last permitted byte: no continuation, and unused bits must be zero.
        unsigned used = bits - shift;
        if ((byte & 0x80) != 0) {
          fail("integer representation too long");
          return 0;
        }
        if (used < 7 && (byte >> used) != 0) {
          fail("integer too large");
          return 0;
        }
        result |= static_cast<uint64_t>(byte) << shift;
        return result;
      }
      result |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return result;
      shift += 7;
    }
  }

  int64_t leb_signed(unsigned bits) {
    uint64_t result = 0;
    unsigned shift = 0;
    for (;;) {
      if (pos_ >= end_) {
        fail("unexpected end");
        return 0;
      }
      uint8_t byte = *pos_++;
      if (shift + 7 >= bits) {
        if ((byte & 0x80) != 0) {
          fail("integer representation too long");
          return 0;
        }
        // Remaining unused bits must all equal the sign bit.
        unsigned used = bits - shift;  // 1..7
        int8_t sbyte = static_cast<int8_t>(byte << 1) >> 1;  // sign-extend 7-bit payload
        int64_t high = static_cast<int64_t>(sbyte) >> (used - 1);
        if (high != 0 && high != -1) {
          fail("integer too large");
          return 0;
        }
        result |= static_cast<uint64_t>(byte & 0x7F) << shift;
        shift += 7;
        if (shift < 64 && (byte & 0x40)) result |= ~uint64_t{0} << shift;
        return static_cast<int64_t>(result);
      }
      result |= static_cast<uint64_t>(byte & 0x7F) << shift;
      shift += 7;
      if ((byte & 0x80) == 0) {
        if (shift < 64 && (byte & 0x40)) result |= ~uint64_t{0} << shift;
        return static_cast<int64_t>(result);
      }
    }
  }

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  size_t base_;
  std::string error_;
  size_t error_offset_ = 0;
};

// Strict UTF-8 validation (no overlongs, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view bytes);

}  // namespace ward::engine
