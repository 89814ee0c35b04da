// Host-side helpers for driving the guest test apps: builds method inputs in the encoding of
// tests/apps/README.md and decodes method outputs. Header-only, standard C++20.
//
//   using ward::apps::Args;
//   // storage_write(count 1, key "k" on the heap, value of 10 MiB + 1 'a's, register 1)
//   auto input = Args().u64(1).heap().inline_bytes("k").heap().fill(10485761, 'a').u64(1).bytes();
//   ...
//   ward::apps::Output out(returned_bytes);
//   uint64_t result = out.u64();
//   std::optional<std::vector<uint8_t>> previous = out.block();
//   out.expect_end();
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

namespace ward::apps {

// Wire constants (common/harness.h).
inline constexpr uint64_t kInline = 0;
inline constexpr uint64_t kFill = 1;
inline constexpr uint64_t kRaw = 2;
inline constexpr uint64_t kAtEnd = 3;
inline constexpr uint64_t kHeap = 0;
inline constexpr uint64_t kAddress = 1;
inline constexpr uint64_t kDescAtEnd = 2;
inline constexpr uint64_t kNoLoad = UINT64_MAX;            // registers/legacy: load_id "none"
inline constexpr uint64_t kScratchRegister = 0xFFFFFFFEu;  // holds every harness app's input

class Args {
 public:
  // Scalars (counts, register ids, fds, offsets, limits, tags, line/column).
  Args& u64(uint64_t v) {
    for (int i = 0; i < 8; ++i) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }

  // Bytes appended verbatim (e.g. the padding of registers.fill_registers).
  Args& raw_bytes(std::span<const uint8_t> b) {
    bytes_.insert(bytes_.end(), b.begin(), b.end());
    return *this;
  }

  // --- Descriptor placements: one of these precedes every Desc argument -------------------
  Args& heap() { return u64(kHeap); }
  Args& address(uint64_t addr) { return u64(kAddress).u64(addr); }  // no contents follow
  Args& desc_at_end(uint64_t overshoot) { return u64(kDescAtEnd).u64(overshoot); }

  // --- Payloads (Buf) ----------------------------------------------------------------------
  Args& inline_bytes(std::span<const uint8_t> b) {
    u64(kInline).u64(b.size());
    return raw_bytes(b);
  }
  Args& inline_bytes(std::string_view s) {
    return inline_bytes(std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
  }
  Args& fill(uint64_t n, uint8_t byte) { return u64(kFill).u64(n).u64(byte); }
  Args& raw(uint64_t ptr, uint64_t len) { return u64(kRaw).u64(ptr).u64(len); }
  Args& at_end(uint64_t n, uint64_t overshoot, uint8_t byte) {
    return u64(kAtEnd).u64(n).u64(overshoot).u64(byte);
  }

  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

// Reads a method's output.
class Output {
 public:
  explicit Output(std::span<const uint8_t> b) : b_(b.begin(), b.end()) {}

  uint64_t u64() {
    need(8);
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(b_[pos_ + i]) << (8 * i);
    pos_ += 8;
    return v;
  }

  std::vector<uint8_t> take(size_t n) {
    need(n);
    std::vector<uint8_t> r(b_.begin() + pos_, b_.begin() + pos_ + n);
    pos_ += n;
    return r;
  }

  // register(reg) / payload(dest): u64 length then bytes, or u64::MAX alone (absent /
  // not readable).
  std::optional<std::vector<uint8_t>> block() {
    uint64_t n = u64();
    if (n == UINT64_MAX) return std::nullopt;
    return take(static_cast<size_t>(n));
  }

  std::vector<uint8_t> rest() { return take(b_.size() - pos_); }
  bool at_end() const { return pos_ == b_.size(); }
  void expect_end() const {
    if (!at_end()) throw std::runtime_error("apps::Output: trailing bytes");
  }

 private:
  void need(size_t n) const {
    if (b_.size() - pos_ < n) throw std::runtime_error("apps::Output: truncated");
  }

  std::vector<uint8_t> b_;
  size_t pos_ = 0;
};

}  // namespace ward::apps
