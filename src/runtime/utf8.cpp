#include "runtime/utf8.hpp"

namespace ward::runtime {

std::string utf8_lossy(std::span<const uint8_t> b) {
  std::string out;
  out.reserve(b.size());
  static constexpr char kReplacement[] = "\xEF\xBF\xBD";
  size_t i = 0;
  while (i < b.size()) {
    uint8_t c = b[i];
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    // Expected length and the valid range of the second byte (Unicode Table 3-7).
    size_t need = 0;
    uint8_t lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      out += kReplacement;  // a byte that never starts a sequence
      ++i;
      continue;
    }
    size_t j = 1;
    for (; j <= need && i + j < b.size(); ++j) {
      uint8_t cc = b[i + j];
      uint8_t l = j == 1 ? lo : 0x80, h = j == 1 ? hi : 0xBF;
      if (cc < l || cc > h) break;
    }
    if (j == need + 1) {
      out.append(reinterpret_cast<const char*>(&b[i]), need + 1);
    } else {
      out += kReplacement;  // the maximal valid prefix (j bytes) is replaced once
    }
    i += j;
  }
  return out;
}

}  // namespace ward::runtime
