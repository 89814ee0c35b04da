// Lossy UTF-8 decoding: each maximal invalid subsequence becomes U+FFFD (Unicode's
// "substitution of maximal subparts", as Rust's String::from_utf8_lossy does).
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace ward::runtime {

std::string utf8_lossy(std::span<const uint8_t> bytes);

}  // namespace ward::runtime
