#include "runtime/encoding.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace ward::runtime {
namespace {

Bytes bytes_of(std::string_view text) { return Bytes(text.begin(), text.end()); }

TEST(Base64, EncodesRfc4648Vectors) {
  EXPECT_EQ(base64_encode(bytes_of("")), "");
  EXPECT_EQ(base64_encode(bytes_of("f")), "Zg==");
  EXPECT_EQ(base64_encode(bytes_of("fo")), "Zm8=");
  EXPECT_EQ(base64_encode(bytes_of("foo")), "Zm9v");
  EXPECT_EQ(base64_encode(bytes_of("foob")), "Zm9vYg==");
  EXPECT_EQ(base64_encode(bytes_of("fooba")), "Zm9vYmE=");
  EXPECT_EQ(base64_encode(bytes_of("foobar")), "Zm9vYmFy");
}

TEST(Base64, UsesTheStandardAlphabetForHighBits) {
  EXPECT_EQ(base64_encode(Bytes{0xFB, 0xFF, 0xBF}), "+/+/");
  EXPECT_EQ(base64_encode(Bytes{0xFF, 0xFE}), "//4=");
  EXPECT_EQ(base64_encode(Bytes{0x00}), "AA==");
  EXPECT_EQ(base64_encode(Bytes{0x00, 0x00, 0x00}), "AAAA");
}

TEST(Base64, DecodesRfc4648Vectors) {
  EXPECT_EQ(base64_decode(""), Bytes{});
  EXPECT_EQ(base64_decode("Zg=="), bytes_of("f"));
  EXPECT_EQ(base64_decode("Zm8="), bytes_of("fo"));
  EXPECT_EQ(base64_decode("Zm9v"), bytes_of("foo"));
  EXPECT_EQ(base64_decode("Zm9vYg=="), bytes_of("foob"));
  EXPECT_EQ(base64_decode("Zm9vYmE="), bytes_of("fooba"));
  EXPECT_EQ(base64_decode("Zm9vYmFy"), bytes_of("foobar"));
  EXPECT_EQ(base64_decode("+/+/"), (Bytes{0xFB, 0xFF, 0xBF}));
}

TEST(Base64, RoundTripsEveryByteValueAtEveryLengthRemainder) {
  Bytes all;
  for (int value = 0; value < 256; ++value) all.push_back(uint8_t(value));
  for (size_t length = 0; length <= all.size(); ++length) {
    const Bytes prefix(all.begin(), all.begin() + length);
    const std::string encoded = base64_encode(prefix);
    EXPECT_EQ(encoded.size() % 4, 0u);
    EXPECT_EQ(base64_decode(encoded), prefix) << "length " << length;
  }
}

TEST(Base64, RejectsNonCanonicalOrMalformedInput) {
  EXPECT_EQ(base64_decode("Zg"), std::nullopt);        // padding missing
  EXPECT_EQ(base64_decode("Zg="), std::nullopt);       // padding short
  EXPECT_EQ(base64_decode("Z==="), std::nullopt);      // three padding characters
  EXPECT_EQ(base64_decode("===="), std::nullopt);      // padding only
  EXPECT_EQ(base64_decode("Zg==Zg=="), std::nullopt);  // padding before the end
  EXPECT_EQ(base64_decode("Zg=a"), std::nullopt);      // data after padding
  EXPECT_EQ(base64_decode("Zh=="), std::nullopt);      // non-zero bits under "=="
  EXPECT_EQ(base64_decode("Zm9="), std::nullopt);      // non-zero bits under "="
  EXPECT_EQ(base64_decode("Zm 9v"), std::nullopt);     // whitespace
  EXPECT_EQ(base64_decode("Zm9v\n"), std::nullopt);    // trailing newline
  EXPECT_EQ(base64_decode("-_-_"), std::nullopt);      // URL-safe alphabet
  EXPECT_EQ(base64_decode(std::string_view("Zm\0v", 4)), std::nullopt);
  EXPECT_EQ(base64_decode("Zm9v\xC3\xA9\xC3\xA9"), std::nullopt);  // non-ASCII
}

TEST(Hex, EncodesLowercase) {
  EXPECT_EQ(hex_encode(Bytes{}), "");
  EXPECT_EQ(hex_encode(Bytes{0x00, 0x0F, 0xA0, 0xFF, 0x7B}), "000fa0ff7b");
  Id32 id{};
  id[0] = 0xAB;
  id[31] = 0x01;
  EXPECT_EQ(hex_encode(id), "ab" + std::string(60, '0') + "01");
}

TEST(Hex, DecodesBothCases) {
  EXPECT_EQ(hex_decode(""), Bytes{});
  EXPECT_EQ(hex_decode("DEADbeef00"), (Bytes{0xDE, 0xAD, 0xBE, 0xEF, 0x00}));
  EXPECT_EQ(hex_decode("0a"), Bytes{0x0A});
}

TEST(Hex, RejectsOddLengthAndNonDigits) {
  EXPECT_EQ(hex_decode("abc"), std::nullopt);
  EXPECT_EQ(hex_decode("zz"), std::nullopt);
  EXPECT_EQ(hex_decode("0x12"), std::nullopt);
  EXPECT_EQ(hex_decode(" 12 "), std::nullopt);
  EXPECT_EQ(hex_decode("g0"), std::nullopt);
}

TEST(Utf8, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(std::string_view("")));
  EXPECT_TRUE(is_valid_utf8(std::string_view("plain ascii")));
  EXPECT_TRUE(is_valid_utf8(std::string_view("\0", 1)));
  EXPECT_TRUE(is_valid_utf8(std::string_view("\x7F")));
  EXPECT_TRUE(is_valid_utf8(std::string_view("\xC2\x80")));          // U+0080
  EXPECT_TRUE(is_valid_utf8(std::string_view("\xDF\xBF")));          // U+07FF
  EXPECT_TRUE(is_valid_utf8(std::string_view("\xE0\xA0\x80")));      // U+0800
  EXPECT_TRUE(is_valid_utf8(std::string_view("\xED\x9F\xBF")));      // U+D7FF
  EXPECT_TRUE(is_valid_utf8(std::string_view("\xEE\x80\x80")));      // U+E000
  EXPECT_TRUE(is_valid_utf8(std::string_view("\xEF\xBF\xBF")));      // U+FFFF
  EXPECT_TRUE(is_valid_utf8(std::string_view("\xF0\x90\x80\x80")));  // U+10000
  EXPECT_TRUE(is_valid_utf8(std::string_view("\xF4\x8F\xBF\xBF")));  // U+10FFFF
  EXPECT_TRUE(is_valid_utf8(bytes_of("h\xC3\xA9llo \xF0\x9F\xA6\x80")));
}

TEST(Utf8, RejectsMalformedText) {
  EXPECT_FALSE(is_valid_utf8(std::string_view("\x80")));              // lone continuation
  EXPECT_FALSE(is_valid_utf8(std::string_view("\xC0\x80")));          // overlong NUL
  EXPECT_FALSE(is_valid_utf8(std::string_view("\xC1\xBF")));          // overlong
  EXPECT_FALSE(is_valid_utf8(std::string_view("\xE0\x9F\xBF")));      // overlong
  EXPECT_FALSE(is_valid_utf8(std::string_view("\xED\xA0\x80")));      // surrogate U+D800
  EXPECT_FALSE(is_valid_utf8(std::string_view("\xED\xBF\xBF")));      // surrogate U+DFFF
  EXPECT_FALSE(is_valid_utf8(std::string_view("\xF0\x8F\xBF\xBF")));  // overlong
  EXPECT_FALSE(is_valid_utf8(std::string_view("\xF4\x90\x80\x80")));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8(std::string_view("\xF5\x80\x80\x80")));  // invalid lead
  EXPECT_FALSE(is_valid_utf8(std::string_view("\xFF")));
  EXPECT_FALSE(is_valid_utf8(std::string_view("\xE2\x82")));  // truncated
  EXPECT_FALSE(is_valid_utf8(std::string_view("ok\xC3")));    // truncated at the end
  EXPECT_FALSE(is_valid_utf8(bytes_of("\xC3\x28")));          // bad continuation
}

TEST(Utf8, DecodeStepReportsMaximalIllFormedPrefixes) {
  const auto step = [](std::string_view text) { return decode_utf8_step(text, 0); };
  EXPECT_EQ(step("A").scalar, U'A');
  EXPECT_EQ(step("\xC3\xA9").scalar, U'\u00E9');
  EXPECT_EQ(step("\xC3\xA9").length, 2u);
  EXPECT_EQ(step("\xF0\x9F\xA6\x80").scalar, U'\U0001F980');
  EXPECT_EQ(step("\xF0\x9F\xA6\x80").length, 4u);

  const Utf8Step truncated = step("\xF0\x9F\xA6");
  EXPECT_FALSE(truncated.valid);
  EXPECT_EQ(truncated.length, 3u);
  EXPECT_EQ(truncated.scalar, U'\uFFFD');
  EXPECT_EQ(step("\xE2\x82z").length, 2u);
  EXPECT_EQ(step("\xED\xA0\x80").length, 1u);  // A0 cannot follow ED
  EXPECT_EQ(step("\xC0\x80").length, 1u);
  EXPECT_EQ(step("\xFF").length, 1u);
}

TEST(Utf8, AppendsScalarsAndReplacesNonScalars) {
  std::string out;
  append_utf8(out, U'A');
  append_utf8(out, U'\u00E9');
  append_utf8(out, U'\u20AC');
  append_utf8(out, U'\U0001F980');
  append_utf8(out, char32_t(0xD800));
  append_utf8(out, char32_t(0x110000));
  EXPECT_EQ(out, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\xA6\x80\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(JsonQuote, EscapesLikeSerdeJson) {
  EXPECT_EQ(json_quote(""), R"("")");
  EXPECT_EQ(json_quote("plain"), R"("plain")");
  EXPECT_EQ(json_quote("a\"b\\c/d"), R"("a\"b\\c/d")");
  EXPECT_EQ(json_quote("\b\t\n\f\r"), R"("\b\t\n\f\r")");
  EXPECT_EQ(json_quote(std::string_view("\0\x01\x1B\x1F", 4)), R"("\u0000\u0001\u001b\u001f")");
  EXPECT_EQ(json_quote("\x7F"), "\"\x7F\"");  // DEL is not escaped
  EXPECT_EQ(json_quote("h\xC3\xA9llo \xE6\x97\xA5 \xF0\x9F\xA6\x80"),
            "\"h\xC3\xA9llo \xE6\x97\xA5 \xF0\x9F\xA6\x80\"");
  EXPECT_EQ(json_quote("\xE2\x80\xA8"), "\"\xE2\x80\xA8\"");  // U+2028 stays raw
}

TEST(JsonQuote, ReplacesInvalidUtf8) {
  EXPECT_EQ(json_quote("a\xFF"
                       "b\xE2\x82"
                       "c"),
            "\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c\"");
}

}  // namespace
}  // namespace ward::runtime
