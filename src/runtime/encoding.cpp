#include "runtime/encoding.hpp"

#include <array>

namespace ward::runtime {
namespace {

constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kHexDigits[] = "0123456789abcdef";
constexpr int kNotBase64 = -1;
constexpr char32_t kReplacementCharacter = 0xFFFD;

constexpr std::array<int8_t, 256> make_base64_values() {
  std::array<int8_t, 256> values{};
  values.fill(kNotBase64);
  for (int i = 0; i < 64; ++i) values[static_cast<uint8_t>(kBase64Alphabet[i])] = int8_t(i);
  return values;
}
constexpr std::array<int8_t, 256> kBase64Values = make_base64_values();

int hex_value(char digit) {
  if (digit >= '0' && digit <= '9') return digit - '0';
  if (digit >= 'a' && digit <= 'f') return digit - 'a' + 10;
  if (digit >= 'A' && digit <= 'F') return digit - 'A' + 10;
  return -1;
}

bool in_range(uint8_t byte, uint8_t low, uint8_t high) { return byte >= low && byte <= high; }

}  // namespace

std::string base64_encode(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t group = uint32_t(bytes[i]) << 16 | uint32_t(bytes[i + 1]) << 8 | bytes[i + 2];
    out += kBase64Alphabet[group >> 18 & 63];
    out += kBase64Alphabet[group >> 12 & 63];
    out += kBase64Alphabet[group >> 6 & 63];
    out += kBase64Alphabet[group & 63];
  }
  const size_t rest = bytes.size() - i;
  if (rest == 1) {
    const uint32_t group = uint32_t(bytes[i]) << 16;
    out += kBase64Alphabet[group >> 18 & 63];
    out += kBase64Alphabet[group >> 12 & 63];
    out += "==";
  } else if (rest == 2) {
    const uint32_t group = uint32_t(bytes[i]) << 16 | uint32_t(bytes[i + 1]) << 8;
    out += kBase64Alphabet[group >> 18 & 63];
    out += kBase64Alphabet[group >> 12 & 63];
    out += kBase64Alphabet[group >> 6 & 63];
    out += '=';
  }
  return out;
}

std::optional<Bytes> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  Bytes out;
  out.reserve(text.size() / 4 * 3);
  for (size_t i = 0; i < text.size(); i += 4) {
    const bool last_group = i + 4 == text.size();
    size_t padding = 0;
    if (last_group) {
      if (text[i + 3] == '=') padding = text[i + 2] == '=' ? 2 : 1;
    }
    int values[4] = {0, 0, 0, 0};
    for (size_t j = 0; j < 4 - padding; ++j) {
      values[j] = kBase64Values[static_cast<uint8_t>(text[i + j])];
      if (values[j] == kNotBase64) return std::nullopt;  // also rejects '=' in the middle
    }
    const uint32_t group = uint32_t(values[0]) << 18 | uint32_t(values[1]) << 12 |
                           uint32_t(values[2]) << 6 | uint32_t(values[3]);
    // Canonical encodings leave the bits under the padding zero.
    if (padding == 2 && (group & 0xFFFF) != 0) return std::nullopt;
    if (padding == 1 && (group & 0xFF) != 0) return std::nullopt;
    out.push_back(uint8_t(group >> 16));
    if (padding < 2) out.push_back(uint8_t(group >> 8));
    if (padding < 1) out.push_back(uint8_t(group));
  }
  return out;
}

std::string hex_encode(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t byte : bytes) {
    out += kHexDigits[byte >> 4];
    out += kHexDigits[byte & 15];
  }
  return out;
}

std::optional<Bytes> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  Bytes out;
  out.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    const int high = hex_value(text[i]);
    const int low = hex_value(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(uint8_t(high << 4 | low));
  }
  return out;
}

Utf8Step decode_utf8_step(std::string_view text, size_t offset) {
  const auto byte_at = [&](size_t index) { return static_cast<uint8_t>(text[index]); };
  const uint8_t lead = byte_at(offset);
  if (lead < 0x80) return {lead, 1, true};

  size_t continuation_count = 0;
  // Allowed range of the first continuation byte; it excludes overlong forms, surrogates and
  // values above U+10FFFF.
  uint8_t first_low = 0x80;
  uint8_t first_high = 0xBF;
  char32_t scalar = 0;
  if (in_range(lead, 0xC2, 0xDF)) {
    continuation_count = 1;
    scalar = lead & 0x1F;
  } else if (in_range(lead, 0xE0, 0xEF)) {
    continuation_count = 2;
    scalar = lead & 0x0F;
    if (lead == 0xE0) first_low = 0xA0;
    if (lead == 0xED) first_high = 0x9F;
  } else if (in_range(lead, 0xF0, 0xF4)) {
    continuation_count = 3;
    scalar = lead & 0x07;
    if (lead == 0xF0) first_low = 0x90;
    if (lead == 0xF4) first_high = 0x8F;
  } else {
    return {kReplacementCharacter, 1, false};
  }

  for (size_t k = 1; k <= continuation_count; ++k) {
    const bool first = k == 1;
    if (offset + k >= text.size() ||
        !in_range(byte_at(offset + k), first ? first_low : 0x80, first ? first_high : 0xBF)) {
      return {kReplacementCharacter, k, false};
    }
    scalar = scalar << 6 | (byte_at(offset + k) & 0x3F);
  }
  return {scalar, continuation_count + 1, true};
}

bool is_valid_utf8(std::string_view text) {
  size_t offset = 0;
  while (offset < text.size()) {
    if (static_cast<uint8_t>(text[offset]) < 0x80) {
      ++offset;
      continue;
    }
    const Utf8Step step = decode_utf8_step(text, offset);
    if (!step.valid) return false;
    offset += step.length;
  }
  return true;
}

bool is_valid_utf8(std::span<const uint8_t> bytes) {
  return is_valid_utf8(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

void append_utf8(std::string& out, char32_t scalar) {
  if ((scalar >= 0xD800 && scalar <= 0xDFFF) || scalar > 0x10FFFF) scalar = kReplacementCharacter;
  if (scalar < 0x80) {
    out += char(scalar);
  } else if (scalar < 0x800) {
    out += char(0xC0 | scalar >> 6);
    out += char(0x80 | (scalar & 0x3F));
  } else if (scalar < 0x10000) {
    out += char(0xE0 | scalar >> 12);
    out += char(0x80 | (scalar >> 6 & 0x3F));
    out += char(0x80 | (scalar & 0x3F));
  } else {
    out += char(0xF0 | scalar >> 18);
    out += char(0x80 | (scalar >> 12 & 0x3F));
    out += char(0x80 | (scalar >> 6 & 0x3F));
    out += char(0x80 | (scalar & 0x3F));
  }
}

std::string json_quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  size_t offset = 0;
  while (offset < text.size()) {
    const auto byte = static_cast<uint8_t>(text[offset]);
    if (byte >= 0x80) {
      const Utf8Step step = decode_utf8_step(text, offset);
      if (step.valid) {
        out.append(text.substr(offset, step.length));
      } else {
        append_utf8(out, kReplacementCharacter);
      }
      offset += step.length;
      continue;
    }
    ++offset;
    switch (byte) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out += kHexDigits[byte >> 4];
          out += kHexDigits[byte & 15];
        } else {
          out += char(byte);
        }
    }
  }
  out += '"';
  return out;
}

}  // namespace ward::runtime
