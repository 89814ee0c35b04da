#include "engine/decoder/reader.hpp"

#include <string>

namespace ward::engine {

bool Reader::name(std::string& out) {
  const size_t length_offset = offset();
  const uint32_t length = u32();
  if (!ok()) return false;
  if (length > remaining()) {
    return fail_at(length_offset, "length out of bounds: name of " + std::to_string(length) +
                                      " bytes but only " + std::to_string(remaining()) +
                                      " bytes remain");
  }
  const std::string_view bytes(reinterpret_cast<const char*>(pos_), length);
  if (!is_valid_utf8(bytes)) return fail_at(length_offset, "malformed UTF-8 encoding");
  out.assign(bytes);
  pos_ += length;
  return true;
}

bool is_valid_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* const end = p + bytes.size();
  while (p < end) {
    // Names are overwhelmingly ASCII: skip eight ASCII bytes at a time.
    if (end - p >= 8) {
      uint64_t chunk;
      std::memcpy(&chunk, p, 8);
      if ((chunk & 0x8080808080808080ull) == 0) {
        p += 8;
        continue;
      }
    }
    const unsigned char lead = *p;
    if (lead < 0x80) {
      ++p;
      continue;
    }
    // Well-formed sequences per Unicode Table 3-7: the allowed range of the second byte depends
    // on the lead byte (this excludes overlong forms, surrogates and code points > U+10FFFF).
    size_t length;
    unsigned char second_min = 0x80;
    unsigned char second_max = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) second_min = 0xA0;
      if (lead == 0xED) second_max = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) second_min = 0x90;
      if (lead == 0xF4) second_max = 0x8F;
    } else {
      return false;  // continuation byte as lead, C0/C1 overlong leads, or F5..FF
    }
    if (static_cast<size_t>(end - p) < length) return false;
    if (p[1] < second_min || p[1] > second_max) return false;
    for (size_t i = 2; i < length; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
    }
    p += length;
  }
  return true;
}

}  // namespace ward::engine
