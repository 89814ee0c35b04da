// Tests for SHA-256/512, the ChaCha20 keystream and the non-strict Ed25519 verifier
// (calimero-abi.md §4.9 steps 5–8, §11.1).
#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/crypto/chacha20.hpp"
#include "runtime/crypto/ed25519.hpp"
#include "runtime/crypto/sha256.hpp"

namespace ward::runtime::crypto {
namespace {

using Bytes = std::vector<uint8_t>;
using Key32 = std::array<uint8_t, 32>;
using Signature = std::array<uint8_t, 64>;

Bytes from_hex(std::string_view hex) {
  auto nibble = [](char c) -> uint8_t {
    if (c >= '0' && c <= '9') return static_cast<uint8_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<uint8_t>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<uint8_t>(c - 'A' + 10);
    throw std::invalid_argument("bad hex digit");
  };
  Bytes out;
  std::string digits;
  for (char c : hex) {
    if (c != ' ' && c != '\n' && c != ':') digits.push_back(c);
  }
  if (digits.size() % 2 != 0) throw std::invalid_argument("odd hex length");
  for (size_t i = 0; i < digits.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(nibble(digits[i]) << 4 | nibble(digits[i + 1])));
  }
  return out;
}

template <size_t N>
std::array<uint8_t, N> array_from_hex(std::string_view hex) {
  const Bytes bytes = from_hex(hex);
  if (bytes.size() != N) throw std::invalid_argument("hex length mismatch");
  std::array<uint8_t, N> out;
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

template <typename Container>
std::string to_hex(const Container& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::span<const uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

Bytes random_bytes(std::mt19937_64& rng, size_t size) {
  Bytes out(size);
  for (auto& b : out) b = static_cast<uint8_t>(rng());
  return out;
}

class SodiumTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
};

// ---------------------------------------------------------------------------------------------
// SHA-256 / SHA-512 (FIPS 180-4 example messages).

using Sha2Test = SodiumTest;

TEST_F(Sha2Test, Sha256KnownAnswers) {
  EXPECT_EQ(to_hex(sha256({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(sha256(as_bytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256(as_bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_F(Sha2Test, Sha256MillionAsIncrementally) {
  const std::string chunk(1000, 'a');
  Sha256 hasher;
  for (int i = 0; i < 1000; ++i) hasher.update(std::string_view(chunk));
  EXPECT_EQ(to_hex(hasher.finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_F(Sha2Test, Sha256IncrementalMatchesOneShotAtEverySplit) {
  std::mt19937_64 rng(1);
  const Bytes data = random_bytes(rng, 300);
  const Sha256Digest expected = sha256(data);
  Sha256 hasher;
  for (size_t split = 0; split <= data.size(); ++split) {
    hasher.update(std::span(data).first(split)).update(std::span(data).subspan(split));
    ASSERT_EQ(hasher.finish(), expected) << "split " << split;
  }
}

TEST_F(Sha2Test, FinishRestartsTheHash) {
  Sha256 hasher;
  hasher.update(std::string_view("garbage"));
  (void)hasher.finish();
  hasher.update(std::string_view("abc"));
  EXPECT_EQ(hasher.finish(), sha256(as_bytes("abc")));
  EXPECT_EQ(hasher.finish(), sha256({}));
}

TEST_F(Sha2Test, Sha512KnownAnswers) {
  EXPECT_EQ(to_hex(sha512({})),
            "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
            "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
  EXPECT_EQ(to_hex(sha512(as_bytes("abc"))),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  Sha512 hasher;
  hasher.update(std::string_view("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"))
      .update(std::string_view("hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"));
  EXPECT_EQ(to_hex(hasher.finish()),
            "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
            "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
}

// ---------------------------------------------------------------------------------------------
// ChaCha20 keystream (RFC 8439).

using ChaCha20Test = SodiumTest;

Bytes take(ChaCha20Stream& stream, size_t size) {
  Bytes out(size);
  stream.fill(out);
  return out;
}

Key32 sequential_key() {
  Key32 key;
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i);
  return key;
}

// RFC 8439 A.1 test vectors #1 and #2: all-zero key and nonce, blocks 0 and 1.
TEST_F(ChaCha20Test, Rfc8439ZeroKeyBlocks0And1) {
  ChaCha20Stream stream(Key32{});
  EXPECT_EQ(to_hex(take(stream, 64)),
            "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
            "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
  EXPECT_EQ(to_hex(take(stream, 64)),
            "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
            "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f");
}

// RFC 8439 A.1 test vector #3 (key ends in 01, block 1) and #4 (key 00 ff 00.., block 2), both
// with the zero nonce, so they are reached by consuming the earlier blocks first.
TEST_F(ChaCha20Test, Rfc8439LaterBlocksOfZeroNonceStreams) {
  Key32 key3{};
  key3[31] = 1;
  ChaCha20Stream stream3(key3);
  take(stream3, 64);
  EXPECT_EQ(to_hex(take(stream3, 64)),
            "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
            "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0");
  Key32 key4{};
  key4[1] = 0xff;
  ChaCha20Stream stream4(key4);
  take(stream4, 128);
  EXPECT_EQ(to_hex(take(stream4, 64)),
            "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
            "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096");
}

// RFC 8439 §2.3.2: block function with counter 1 and nonce 00000009 0000004a 00000000.
TEST_F(ChaCha20Test, Rfc8439BlockFunctionExample) {
  const auto nonce = array_from_hex<12>("000000090000004a00000000");
  ChaCha20Stream stream(sequential_key(), nonce, 1);
  EXPECT_EQ(to_hex(take(stream, 64)),
            "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
            "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
}

// RFC 8439 §2.4.2: encryption of the "sunscreen" text, counter 1.
TEST_F(ChaCha20Test, Rfc8439EncryptionExample) {
  const std::string_view plaintext =
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
      "future, sunscreen would be it.";
  const auto nonce = array_from_hex<12>("000000000000004a00000000");
  ChaCha20Stream stream(sequential_key(), nonce, 1);
  Bytes ciphertext = take(stream, plaintext.size());
  for (size_t i = 0; i < plaintext.size(); ++i) ciphertext[i] ^= static_cast<uint8_t>(plaintext[i]);
  EXPECT_EQ(to_hex(ciphertext),
            "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
            "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
            "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
            "5af90bbf74a35be6b40b8eedf2785e42874d");
}

TEST_F(ChaCha20Test, OddSizedCallsContinueTheStream) {
  std::mt19937_64 rng(2);
  Key32 key;
  for (auto& b : key) b = static_cast<uint8_t>(rng());
  constexpr size_t kTotal = 5000;
  ChaCha20Stream whole(key);
  const Bytes expected = take(whole, kTotal);

  // libsodium's own zero-nonce keystream, as an independent reference.
  Bytes reference(kTotal);
  const std::array<uint8_t, 12> zero_nonce{};
  crypto_stream_chacha20_ietf(reference.data(), reference.size(), zero_nonce.data(), key.data());
  EXPECT_EQ(expected, reference);

  const size_t sizes[] = {1, 3, 7, 0, 63, 64, 65, 1, 127, 128, 129, 5, 200, 31, 33, 1000};
  ChaCha20Stream pieces(key);
  Bytes joined;
  size_t next = 0;
  while (joined.size() < kTotal) {
    const size_t size = std::min(sizes[next++ % std::size(sizes)], kTotal - joined.size());
    const Bytes piece = take(pieces, size);
    joined.insert(joined.end(), piece.begin(), piece.end());
    ASSERT_EQ(pieces.position(), joined.size());
  }
  EXPECT_EQ(joined, expected);
}

TEST_F(ChaCha20Test, StreamEndsAfterTwoToThe32Blocks) {
  const std::array<uint8_t, 12> zero_nonce{};
  ChaCha20Stream last_block(Key32{}, zero_nonce, 0xffffffffu);
  EXPECT_THROW(take(last_block, 65), std::length_error);
  EXPECT_EQ(last_block.position(), 0u);  // a refused request consumes nothing
  const Bytes head = take(last_block, 10);
  const Bytes tail = take(last_block, 54);
  EXPECT_THROW(take(last_block, 1), std::length_error);
  EXPECT_NO_THROW(take(last_block, 0));

  Bytes expected(64);
  crypto_stream_chacha20_ietf_xor_ic(expected.data(), expected.data(), 64, zero_nonce.data(),
                                     0xffffffffu, Key32{}.data());
  Bytes joined = head;
  joined.insert(joined.end(), tail.begin(), tail.end());
  EXPECT_EQ(joined, expected);
}

// §11.1: key = SHA-256("ward/random_bytes/v1" ‖ random_seed), zero nonce, counter from 0.
TEST_F(ChaCha20Test, RandomBytesStreamKeyDerivation) {
  const Key32 seed =
      array_from_hex<32>("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  std::string preimage = "ward/random_bytes/v1";
  preimage.append(seed.begin(), seed.end());
  Key32 key;
  crypto_hash_sha256(key.data(), reinterpret_cast<const uint8_t*>(preimage.data()),
                     preimage.size());
  Bytes expected(300);
  const std::array<uint8_t, 12> zero_nonce{};
  crypto_stream_chacha20_ietf(expected.data(), expected.size(), zero_nonce.data(), key.data());

  ChaCha20Stream stream = random_bytes_stream(seed);
  Bytes first = take(stream, 17);
  const Bytes rest = take(stream, 283);
  first.insert(first.end(), rest.begin(), rest.end());
  EXPECT_EQ(first, expected);
}

// ---------------------------------------------------------------------------------------------
// Ed25519 verification (§4.9 steps 5–8).

using Ed25519Test = SodiumTest;

struct Rfc8032Vector {
  const char* name;
  const char* secret_key;
  const char* public_key;
  const char* message;
  const char* signature;
};

// RFC 8032 §7.1.
const Rfc8032Vector kRfc8032Vectors[] = {
    {"TEST 1", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
     "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"TEST 2", "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
     "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"TEST 3", "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
     "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {"TEST SHA(abc)", "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
     "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
     "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b589"
     "09351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704"},
};

// The group order L, little-endian.
const Key32 kGroupOrderBytes =
    array_from_hex<32>("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

VerifyResult verify_bytes(const Signature& signature, const Key32& public_key,
                          std::span<const uint8_t> message) {
  return verify(signature, public_key, message);
}

Signature make_signature(const Key32& r_bytes, const Key32& s) {
  Signature signature;
  std::copy(r_bytes.begin(), r_bytes.end(), signature.begin());
  std::copy(s.begin(), s.end(), signature.begin() + 32);
  return signature;
}

// Little-endian 256-bit sum (the tests keep it below 2^256).
Key32 add_256(const Key32& a, const Key32& b) {
  Key32 sum;
  unsigned carry = 0;
  for (size_t i = 0; i < 32; ++i) {
    const unsigned total = a[i] + b[i] + carry;
    sum[i] = static_cast<uint8_t>(total);
    carry = total >> 8;
  }
  return sum;
}

Key32 random_scalar(std::mt19937_64& rng) {
  const Bytes wide = random_bytes(rng, 64);
  Key32 scalar;
  crypto_core_ed25519_scalar_reduce(scalar.data(), wide.data());
  return scalar;
}

// [scalar]B encoded, computed by libsodium.
Key32 base_multiple(const Key32& scalar) {
  Key32 point;
  EXPECT_EQ(crypto_scalarmult_ed25519_base_noclamp(point.data(), scalar.data()), 0);
  return point;
}

// k = SHA-512(R ‖ A ‖ M) mod L, computed by libsodium.
Key32 challenge(const Key32& r_bytes, const Key32& public_key, std::span<const uint8_t> message) {
  crypto_hash_sha512_state state;
  crypto_hash_sha512_init(&state);
  crypto_hash_sha512_update(&state, r_bytes.data(), r_bytes.size());
  crypto_hash_sha512_update(&state, public_key.data(), public_key.size());
  crypto_hash_sha512_update(&state, message.data(), message.size());
  std::array<uint8_t, 64> digest;
  crypto_hash_sha512_final(&state, digest.data());
  Key32 k;
  crypto_core_ed25519_scalar_reduce(k.data(), digest.data());
  return k;
}

TEST_F(Ed25519Test, Rfc8032VectorsVerify) {
  for (const auto& vector : kRfc8032Vectors) {
    SCOPED_TRACE(vector.name);
    const auto public_key = array_from_hex<32>(vector.public_key);
    const auto signature = array_from_hex<64>(vector.signature);
    const Bytes message = from_hex(vector.message);
    EXPECT_EQ(verify_bytes(signature, public_key, message), VerifyResult::Valid);

    // The vectors are self-consistent under libsodium's signer as well.
    const auto seed = array_from_hex<32>(vector.secret_key);
    std::array<uint8_t, 32> derived_public_key;
    std::array<uint8_t, 64> secret_key;
    crypto_sign_seed_keypair(derived_public_key.data(), secret_key.data(), seed.data());
    EXPECT_EQ(derived_public_key, public_key);
    Signature resigned;
    crypto_sign_detached(resigned.data(), nullptr, message.data(), message.size(),
                         secret_key.data());
    EXPECT_EQ(resigned, signature);
  }
}

TEST_F(Ed25519Test, Rfc8032VectorsRejectEverySingleBitFlip) {
  for (const auto& vector : kRfc8032Vectors) {
    SCOPED_TRACE(vector.name);
    const auto public_key = array_from_hex<32>(vector.public_key);
    const auto signature = array_from_hex<64>(vector.signature);
    const Bytes message = from_hex(vector.message);
    for (size_t bit = 0; bit < 512; ++bit) {
      Signature flipped = signature;
      flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      ASSERT_EQ(verify_bytes(flipped, public_key, message), VerifyResult::Invalid)
          << "signature bit " << bit;
    }
    for (size_t bit = 0; bit < message.size() * 8; ++bit) {
      Bytes flipped = message;
      flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      ASSERT_EQ(verify_bytes(signature, public_key, flipped), VerifyResult::Invalid)
          << "message bit " << bit;
    }
    for (size_t bit = 0; bit < 256; ++bit) {
      Key32 flipped = public_key;
      flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      ASSERT_NE(verify_bytes(signature, flipped, message), VerifyResult::Valid)
          << "public key bit " << bit;
    }
    Bytes extended = message;
    extended.push_back(0);
    EXPECT_EQ(verify_bytes(signature, public_key, extended), VerifyResult::Invalid);
  }
}

TEST_F(Ed25519Test, ScalarAtOrAboveGroupOrderIsInvalid) {
  const auto& vector = kRfc8032Vectors[0];
  const auto public_key = array_from_hex<32>(vector.public_key);
  const auto signature = array_from_hex<64>(vector.signature);
  Key32 r_bytes, s;
  std::copy(signature.begin(), signature.begin() + 32, r_bytes.begin());
  std::copy(signature.begin() + 32, signature.end(), s.begin());

  // s + L satisfies the group equation just as s does; only the range check rejects it.
  EXPECT_EQ(verify_bytes(make_signature(r_bytes, add_256(s, kGroupOrderBytes)), public_key, {}),
            VerifyResult::Invalid);
  EXPECT_EQ(verify_bytes(make_signature(r_bytes, kGroupOrderBytes), public_key, {}),
            VerifyResult::Invalid);
  Key32 all_ones;
  all_ones.fill(0xff);
  EXPECT_EQ(verify_bytes(make_signature(r_bytes, all_ones), public_key, {}), VerifyResult::Invalid);
}

// With A the identity, [s]B - [k]A = [s]B for every k, so R = encode([s]B) verifies.
TEST_F(Ed25519Test, RangeCheckIsExactAtTheGroupOrder) {
  const Key32 identity =
      array_from_hex<32>("0100000000000000000000000000000000000000000000000000000000000000");
  Key32 l_minus_one = kGroupOrderBytes;
  l_minus_one[0] -= 1;
  EXPECT_EQ(verify_bytes(make_signature(base_multiple(l_minus_one), l_minus_one), identity, {}),
            VerifyResult::Valid);
  // [L]B is the identity, so R = identity with s = L would satisfy the equation.
  EXPECT_EQ(verify_bytes(make_signature(identity, kGroupOrderBytes), identity, {}),
            VerifyResult::Invalid);
  std::mt19937_64 rng(3);
  const Key32 s = random_scalar(rng);
  EXPECT_EQ(verify_bytes(make_signature(base_multiple(s), s), identity, {}), VerifyResult::Valid);
  EXPECT_EQ(
      verify_bytes(make_signature(base_multiple(s), add_256(s, kGroupOrderBytes)), identity, {}),
      VerifyResult::Invalid);
}

// y = 2 gives x^2 = 3 / (4d + 1), which is not a square mod p.
TEST_F(Ed25519Test, KeyWithoutSquareRootIsIncorrectPublicKey) {
  const Key32 no_root =
      array_from_hex<32>("0200000000000000000000000000000000000000000000000000000000000000");
  Key32 no_root_negative = no_root;
  no_root_negative[31] |= 0x80;
  const auto signature = array_from_hex<64>(kRfc8032Vectors[0].signature);
  EXPECT_EQ(verify_bytes(signature, no_root, {}), VerifyResult::IncorrectPublicKey);
  EXPECT_EQ(verify_bytes(signature, no_root_negative, {}), VerifyResult::IncorrectPublicKey);
  // The key is decoded (step 5) before s is range-checked (step 6).
  Key32 r_bytes{};
  EXPECT_EQ(verify_bytes(make_signature(r_bytes, kGroupOrderBytes), no_root, {}),
            VerifyResult::IncorrectPublicKey);
}

// Encodes y + offset (y small, offset 0 or p) with the given sign bit.
Key32 encode_small_y(unsigned y, bool add_p, bool sign) {
  Key32 bytes =
      add_p ? array_from_hex<32>("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")
            : Key32{};
  unsigned carry = y;
  for (size_t i = 0; i < 32 && carry != 0; ++i) {
    const unsigned total = bytes[i] + carry;
    bytes[i] = static_cast<uint8_t>(total);
    carry = total >> 8;
  }
  if (sign) bytes[31] |= 0x80;
  return bytes;
}

// Every y in [p, 2^255) is the non-canonical encoding of y - p ∈ [0, 19): it must decode exactly
// when the canonical y does. Values without a square root were found from the curve equation.
TEST_F(Ed25519Test, NonCanonicalYDecodesAsItsResidue) {
  const std::vector<unsigned> no_root = {2, 7, 8, 11, 12, 13, 17};
  const auto signature = array_from_hex<64>(kRfc8032Vectors[0].signature);
  for (unsigned y = 0; y < 19; ++y) {
    const bool expect_root = std::find(no_root.begin(), no_root.end(), y) == no_root.end();
    for (bool sign : {false, true}) {
      SCOPED_TRACE("y = " + std::to_string(y) + (sign ? " negative" : ""));
      const bool canonical_ok = verify_bytes(signature, encode_small_y(y, false, sign), {}) !=
                                VerifyResult::IncorrectPublicKey;
      const bool non_canonical_ok = verify_bytes(signature, encode_small_y(y, true, sign), {}) !=
                                    VerifyResult::IncorrectPublicKey;
      EXPECT_EQ(canonical_ok, expect_root);
      EXPECT_EQ(non_canonical_ok, expect_root);
    }
  }
}

struct TorsionPoint {
  const char* encoding;
  unsigned order;
};

// Encodings of the eight points of order dividing 8, plus non-canonical spellings: y ≥ p and
// x = 0 with the sign bit set.
const TorsionPoint kTorsionPoints[] = {
    {"0100000000000000000000000000000000000000000000000000000000000000", 1},
    {"0100000000000000000000000000000000000000000000000000000000000080", 1},  // x = 0, sign set
    {"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", 1},  // y = p + 1
    {"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 1},  // and sign set
    {"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", 2},  // y = -1
    {"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 2},  // x = 0, sign set
    {"0000000000000000000000000000000000000000000000000000000000000000", 4},  // y = 0
    {"0000000000000000000000000000000000000000000000000000000000000080", 4},
    {"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", 4},  // y = p
    {"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", 4},
    {"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", 8},
    {"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa", 8},
    {"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", 8},
    {"26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85", 8},
};

// For A of small order n, [s]B - [k]A = [s]B exactly when n divides k; R = encode([s]B) must
// then verify (small-order keys are accepted, the equation is cofactorless) and otherwise not.
TEST_F(Ed25519Test, SmallOrderKeysFollowTheCofactorlessEquation) {
  std::mt19937_64 rng(4);
  for (const auto& torsion : kTorsionPoints) {
    SCOPED_TRACE(torsion.encoding);
    const Key32 public_key = array_from_hex<32>(torsion.encoding);
    int valid = 0, invalid = 0;
    for (int attempt = 0; attempt < 48; ++attempt) {
      const Key32 s = random_scalar(rng);
      const Key32 r_bytes = base_multiple(s);
      const Bytes message = random_bytes(rng, attempt);
      const Key32 k = challenge(r_bytes, public_key, message);
      const bool expect_valid = k[0] % torsion.order == 0;
      const VerifyResult result = verify_bytes(make_signature(r_bytes, s), public_key, message);
      ASSERT_EQ(result, expect_valid ? VerifyResult::Valid : VerifyResult::Invalid)
          << "attempt " << attempt;
      (expect_valid ? valid : invalid)++;
    }
    EXPECT_GT(valid, 0);
    if (torsion.order > 1) {
      EXPECT_GT(invalid, 0);
    }
  }
}

// A key with a torsion component: A' = [a]B + T, T of order 8. An honest-looking signature
// s = r + k·a against A' gives [s]B - [k]A' = R - [k]T, which encodes to R only when 8 | k.
// A cofactored verifier would accept all of them; the reference accepts only those.
TEST_F(Ed25519Test, MixedOrderKeyNeedsChallengeDivisibleByEight) {
  std::mt19937_64 rng(5);
  const Key32 a = random_scalar(rng);
  const Key32 torsion = array_from_hex<32>(kTorsionPoints[10].encoding);
  Key32 public_key;
  ASSERT_EQ(crypto_core_ed25519_add(public_key.data(), base_multiple(a).data(), torsion.data()), 0);
  int valid = 0, invalid = 0;
  for (int attempt = 0; attempt < 200 && (valid < 3 || invalid < 3); ++attempt) {
    const Key32 r = random_scalar(rng);
    const Key32 r_bytes = base_multiple(r);
    const Bytes message = random_bytes(rng, 1 + attempt % 40);
    const Key32 k = challenge(r_bytes, public_key, message);
    Key32 k_times_a, s;
    crypto_core_ed25519_scalar_mul(k_times_a.data(), k.data(), a.data());
    crypto_core_ed25519_scalar_add(s.data(), r.data(), k_times_a.data());
    const bool expect_valid = k[0] % 8 == 0;
    ASSERT_EQ(verify_bytes(make_signature(r_bytes, s), public_key, message),
              expect_valid ? VerifyResult::Valid : VerifyResult::Invalid)
        << "attempt " << attempt;
    (expect_valid ? valid : invalid)++;
  }
  EXPECT_GE(valid, 3);
  EXPECT_GE(invalid, 3);
}

// R is compared as bytes against the canonical encoding of R', so other spellings of the same
// point never verify, while a small-order R (here the identity) is fine.
TEST_F(Ed25519Test, NonCanonicalREncodingNeverVerifies) {
  const Key32 identity =
      array_from_hex<32>("0100000000000000000000000000000000000000000000000000000000000000");
  const Key32 zero_scalar{};
  // A = identity, s = 0: R' = identity whatever k is.
  EXPECT_EQ(verify_bytes(make_signature(identity, zero_scalar), identity, {}), VerifyResult::Valid);
  for (const char* other_spelling :
       {"0100000000000000000000000000000000000000000000000000000000000080",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"}) {
    EXPECT_EQ(
        verify_bytes(make_signature(array_from_hex<32>(other_spelling), zero_scalar), identity, {}),
        VerifyResult::Invalid)
        << other_spelling;
  }
  // A = the order-2 point, s = 0: R' = -[k]A, which is the identity for even k and A for odd k.
  const Key32 order_two = array_from_hex<32>(kTorsionPoints[4].encoding);
  const Key32 order_two_x_sign = array_from_hex<32>(kTorsionPoints[5].encoding);
  for (uint8_t tag = 0; tag < 16; ++tag) {
    const Bytes message = {tag};
    const bool k_odd = challenge(order_two, order_two, message)[0] & 1;
    EXPECT_EQ(verify_bytes(make_signature(order_two, zero_scalar), order_two, message),
              k_odd ? VerifyResult::Valid : VerifyResult::Invalid);
    // The same point with x = 0 and the sign bit set is not its canonical encoding.
    EXPECT_EQ(verify_bytes(make_signature(order_two_x_sign, zero_scalar), order_two, message),
              VerifyResult::Invalid);
  }
}

TEST_F(Ed25519Test, ScalarReductionMatchesLibsodium) {
  std::mt19937_64 rng(6);
  std::vector<std::array<uint8_t, 64>> inputs;
  std::array<uint8_t, 64> edge{};
  inputs.push_back(edge);  // 0
  edge.fill(0xff);
  inputs.push_back(edge);  // 2^512 - 1
  for (const Key32& low : {kGroupOrderBytes, add_256(kGroupOrderBytes, kGroupOrderBytes)}) {
    std::array<uint8_t, 64> wide{};
    std::copy(low.begin(), low.end(), wide.begin());
    inputs.push_back(wide);  // L and 2L
    wide[0] -= 1;
    inputs.push_back(wide);  // L - 1 and 2L - 1
  }
  for (int i = 0; i < 64; ++i) {  // single high bits
    std::array<uint8_t, 64> wide{};
    wide[63 - i / 8] = static_cast<uint8_t>(0x80 >> (i % 8));
    inputs.push_back(wide);
  }
  for (int i = 0; i < 5000; ++i) {
    std::array<uint8_t, 64> wide;
    for (auto& b : wide) b = static_cast<uint8_t>(rng());
    inputs.push_back(wide);
  }
  for (const auto& wide : inputs) {
    Key32 expected;
    crypto_core_ed25519_scalar_reduce(expected.data(), wide.data());
    ASSERT_EQ(reduce_scalar_mod_l(wide), expected) << to_hex(wide);
  }
}

TEST_F(Ed25519Test, AgreesWithLibsodiumOnRandomSignatures) {
  std::mt19937_64 rng(7);
  constexpr int kSignatures = 1000;
  for (int i = 0; i < kSignatures; ++i) {
    SCOPED_TRACE("signature " + std::to_string(i));
    const Bytes seed = random_bytes(rng, 32);
    Key32 public_key;
    std::array<uint8_t, 64> secret_key;
    crypto_sign_seed_keypair(public_key.data(), secret_key.data(), seed.data());
    Bytes message = random_bytes(rng, rng() % 300);
    Signature signature;
    crypto_sign_detached(signature.data(), nullptr, message.data(), message.size(),
                         secret_key.data());

    ASSERT_EQ(crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                          public_key.data()),
              0);
    ASSERT_EQ(verify_bytes(signature, public_key, message), VerifyResult::Valid);

    // One flipped bit of the signature or the message.
    Signature tampered_signature = signature;
    Bytes tampered_message = message;
    if (message.empty() || i % 2 == 0) {
      const size_t bit = rng() % 512;
      tampered_signature[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    } else {
      const size_t bit = rng() % (message.size() * 8);
      tampered_message[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    }
    ASSERT_NE(crypto_sign_verify_detached(tampered_signature.data(), tampered_message.data(),
                                          tampered_message.size(), public_key.data()),
              0);
    ASSERT_EQ(verify_bytes(tampered_signature, public_key, tampered_message),
              VerifyResult::Invalid);

    // One flipped bit of the key: never valid (the flipped key may not decode at all).
    Key32 tampered_key = public_key;
    const size_t key_bit = rng() % 256;
    tampered_key[key_bit / 8] ^= static_cast<uint8_t>(1u << (key_bit % 8));
    ASSERT_NE(crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                          tampered_key.data()),
              0);
    ASSERT_NE(verify_bytes(signature, tampered_key, message), VerifyResult::Valid);
  }
}

}  // namespace
}  // namespace ward::runtime::crypto
