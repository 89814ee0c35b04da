// Byte and text encodings used by the runtime's outputs: base64 (RFC 4648 standard alphabet,
// padded), lowercase hex, strict UTF-8 validation and JSON string literals.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ward/runtime/context.hpp"

namespace ward::runtime {

// Standard alphabet with '=' padding; "" for no bytes.
std::string base64_encode(std::span<const uint8_t> bytes);
// Accepts only canonical padded input: length a multiple of four, padding only at the end, no
// whitespace, and zero bits in the unused part of the last symbol. nullopt otherwise.
std::optional<Bytes> base64_decode(std::string_view text);

// Lowercase, two digits per byte.
std::string hex_encode(std::span<const uint8_t> bytes);
// Accepts upper- and lowercase digits; nullopt on an odd length or a non-hex character.
std::optional<Bytes> hex_decode(std::string_view text);

// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::span<const uint8_t> bytes);
bool is_valid_utf8(std::string_view text);

// One step of strict UTF-8 decoding. On a malformed sequence `valid` is false, `scalar` is
// U+FFFD and `length` covers the maximal ill-formed prefix (at least one byte), so replacing
// each invalid step with U+FFFD gives the same text as Rust's `String::from_utf8_lossy`.
struct Utf8Step {
  char32_t scalar = 0;
  size_t length = 0;
  bool valid = false;
};
// `offset` must be < text.size().
Utf8Step decode_utf8_step(std::string_view text, size_t offset);

// Appends the UTF-8 form of a Unicode scalar value; surrogates and values above U+10FFFF
// become U+FFFD.
void append_utf8(std::string& out, char32_t scalar);

// A JSON string literal (with the quotes) escaped as serde_json does: `"` and `\` escaped,
// \b \t \n \f \r in short form, other control characters as \u00XX with lowercase hex, and
// everything else (DEL and non-ASCII included) written as UTF-8. Invalid UTF-8 is replaced
// with U+FFFD.
std::string json_quote(std::string_view text);

}  // namespace ward::runtime
