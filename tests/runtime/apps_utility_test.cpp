// The utility host functions (calimero-abi.md §4.9: random_bytes, time_now, ed25519_verify,
// fetch) with deterministic mode (§11.1), and the JavaScript-SDK stubs of §4.5 and
// js_std_d_print, driven through app_utility and app_js_stub (tests/apps/README.md).
#include <gtest/gtest.h>
#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "apps/app_args.hpp"
#include "runtime/apps_harness.hpp"
#include "ward/runtime/runtime.hpp"
#include "ward/storage/memory_store.hpp"

namespace ward::runtime {
namespace {

using apps::Args;
using apps::Output;

// ---------------------------------------------------------------------------------------------

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

const std::string kIma = host_error("InvalidMemoryAccess");

Bytes desc_buffer_input(uint64_t count, Args payload) {
  Args a;
  a.u64(count).heap();
  a.raw_bytes(payload.bytes());
  return a.bytes();
}

// ---------------------------------------------------------------------------------------------
// random_bytes (deterministic mode: ChaCha20 keyed with SHA-256("ward/random_bytes/v1" ‖ seed))

class AppsUtilityRandom : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }

  static RuntimeOptions deterministic() {
    RuntimeOptions options;
    options.deterministic = true;
    return options;
  }

  static void seed(Guest& g, uint8_t first) {
    g.context.random_seed = id_from(first);
    g.context.time_ns = 1'700'000'000'123'456'789ull;
  }

  // The first `n` bytes of the keystream for `seed`, computed with libsodium.
  static Bytes keystream(const Id32& seed, size_t n) {
    static constexpr std::string_view kDomain = "ward/random_bytes/v1";
    Bytes material(kDomain.begin(), kDomain.end());
    material.insert(material.end(), seed.begin(), seed.end());
    std::array<uint8_t, crypto_hash_sha256_BYTES> key;
    crypto_hash_sha256(key.data(), material.data(), material.size());
    std::array<uint8_t, crypto_stream_chacha20_ietf_NONCEBYTES> nonce{};
    Bytes out(n);
    crypto_stream_chacha20_ietf(out.data(), out.size(), nonce.data(), key.data());
    return out;
  }
};

TEST_F(AppsUtilityRandom, DeterministicBytesAreTheChaCha20Keystream) {
  Guest g("app_utility", {}, deterministic());
  seed(g, 0x21);
  Output out(ok_value(g.call("random_bytes", desc_buffer_input(1, Args().fill(40, 0)))));
  EXPECT_EQ(out.block(), keystream(id_from(0x21), 40));
  out.expect_end();
}

TEST_F(AppsUtilityRandom, DeterministicStreamIsConsumedAcrossCalls) {
  Guest g("app_utility", {}, deterministic());
  seed(g, 0x21);
  Bytes stream = keystream(id_from(0x21), 64);
  EXPECT_EQ(ok_value(g.call("random_twice", Args().u64(16).bytes())),
            Bytes(stream.begin(), stream.begin() + 32));
  // Two calls into the same destination: the second call's bytes remain.
  Output out(ok_value(g.call("random_bytes", desc_buffer_input(2, Args().fill(16, 0)))));
  EXPECT_EQ(out.block(), Bytes(stream.begin() + 16, stream.begin() + 32));
}

TEST_F(AppsUtilityRandom, DeterministicStreamRestartsEachExecution) {
  Guest g("app_utility", {}, deterministic());
  seed(g, 0x21);
  Bytes first = ok_value(g.call("random_twice", Args().u64(8).bytes()));
  EXPECT_EQ(ok_value(g.call("random_twice", Args().u64(8).bytes())), first);
  seed(g, 0x22);
  EXPECT_EQ(ok_value(g.call("random_twice", Args().u64(8).bytes())), keystream(id_from(0x22), 16));
  EXPECT_NE(keystream(id_from(0x22), 16), first);
}

TEST_F(AppsUtilityRandom, DeterministicLongRequestSpansManyBlocks) {
  Guest g("app_utility", {}, deterministic());
  seed(g, 0x05);
  Output out(ok_value(g.call("random_bytes", desc_buffer_input(1, Args().fill(1'000'003, 0)))));
  EXPECT_EQ(out.block(), keystream(id_from(0x05), 1'000'003));
}

TEST_F(AppsUtilityRandom, ZeroLengthDestinationIsFine) {
  Guest g("app_utility", {}, deterministic());
  seed(g, 0x21);
  Output out(ok_value(g.call("random_bytes", desc_buffer_input(1, Args().fill(0, 0)))));
  EXPECT_EQ(out.block(), Bytes{});
  Output at_end(ok_value(g.call("random_bytes", desc_buffer_input(1, Args().at_end(0, 0, 0)))));
  EXPECT_EQ(at_end.block(), Bytes{});
}

TEST_F(AppsUtilityRandom, DestinationEndingAtMemoryEndIsFilled) {
  Guest g("app_utility", {}, deterministic());
  seed(g, 0x21);
  Output out(ok_value(g.call("random_bytes", desc_buffer_input(1, Args().at_end(24, 0, 0)))));
  EXPECT_EQ(out.block(), keystream(id_from(0x21), 24));
}

TEST_F(AppsUtilityRandom, MalformedDestinationsAreInvalidMemoryAccess) {
  Guest g("app_utility", {}, deterministic());
  seed(g, 0x21);
  for (Args bad : {Args().raw(1ull << 32, 1), Args().raw(1ull << 31, 1), Args().raw(1ull << 32, 0),
                   Args().raw(8, UINT64_MAX), Args().at_end(24, 1, 0), Args().at_end(0, 1, 0)}) {
    EXPECT_EQ(error_json(g.call("random_bytes", desc_buffer_input(1, bad))), kIma);
  }
  EXPECT_EQ(error_json(g.call("random_bytes", Args().u64(1).address(1ull << 32).bytes())), kIma);
  EXPECT_EQ(error_json(g.call("random_bytes", Args().u64(1).desc_at_end(1).fill(4, 0).bytes())),
            kIma);
}

TEST_F(AppsUtilityRandom, NonDeterministicBytesDifferBetweenExecutions) {
  Guest g("app_utility");
  Bytes a = ok_value(g.call("random_twice", Args().u64(16).bytes()));
  Bytes b = ok_value(g.call("random_twice", Args().u64(16).bytes()));
  ASSERT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);
  EXPECT_NE(Bytes(a.begin(), a.begin() + 16), Bytes(a.begin() + 16, a.end()));
}

// ---------------------------------------------------------------------------------------------
// time_now

uint64_t le64(const Bytes& b, size_t at = 0) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(b.at(at + i)) << (8 * i);
  return v;
}

TEST(AppsUtility, DeterministicTimeIsTheContextTime) {
  RuntimeOptions options;
  options.deterministic = true;
  Guest g("app_utility", {}, options);
  g.context.time_ns = 1'700'000'000'123'456'789ull;
  g.context.random_seed = id_from(1);
  Output out(ok_value(g.call("time_now", desc_buffer_input(1, Args().fill(8, 0xEE)))));
  auto dest = out.block();
  ASSERT_TRUE(dest.has_value());
  EXPECT_EQ(le64(*dest), 1'700'000'000'123'456'789ull);
  Bytes twice = ok_value(g.call("time_twice"));
  ASSERT_EQ(twice.size(), 16u);
  EXPECT_EQ(le64(twice, 0), 1'700'000'000'123'456'789ull);
  EXPECT_EQ(le64(twice, 8), 1'700'000'000'123'456'789ull);
}

TEST(AppsUtility, WallClockTimeIsNanosecondsSinceTheEpoch) {
  Guest g("app_utility");
  auto now = [] {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  };
  uint64_t before = now();
  Bytes twice = ok_value(g.call("time_twice"));
  uint64_t after = now();
  ASSERT_EQ(twice.size(), 16u);
  EXPECT_GE(le64(twice, 0), before);
  EXPECT_LE(le64(twice, 8), after);
  EXPECT_LE(le64(twice, 0), le64(twice, 8));
}

TEST(AppsUtility, TimeDestinationMustBeExactlyEightBytes) {
  Guest g("app_utility");
  for (uint64_t n : {0, 7, 9, 16}) {
    EXPECT_EQ(error_json(g.call("time_now", desc_buffer_input(1, Args().fill(n, 0)))), kIma) << n;
  }
  // The length is checked before the bounds.
  EXPECT_EQ(error_json(g.call("time_now", desc_buffer_input(1, Args().raw(1ull << 32, 7)))), kIma);
}

TEST(AppsUtility, TimeDestinationBounds) {
  RuntimeOptions options;
  options.deterministic = true;
  Guest g("app_utility", {}, options);
  g.context.time_ns = 42;
  g.context.random_seed = id_from(1);
  EXPECT_EQ(error_json(g.call("time_now", desc_buffer_input(1, Args().raw(1ull << 32, 8)))), kIma);
  EXPECT_EQ(error_json(g.call("time_now", desc_buffer_input(1, Args().raw(UINT64_MAX - 3, 8)))),
            kIma);
  EXPECT_EQ(error_json(g.call("time_now", desc_buffer_input(1, Args().at_end(8, 1, 0)))), kIma);
  Output out(ok_value(g.call("time_now", desc_buffer_input(1, Args().at_end(8, 0, 0)))));
  EXPECT_EQ(le64(*out.block()), 42u);
  EXPECT_EQ(error_json(g.call("time_now", Args().u64(1).address(UINT64_MAX - 3).bytes())), kIma);
}

// ---------------------------------------------------------------------------------------------
// ed25519_verify (§4.9 steps 5–8: the reference's non-strict verifier)

class AppsUtilityEd25519 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }

  struct Signed {
    Bytes pk;
    Bytes sig;
  };

  static Signed sign(std::string_view message, uint8_t seed_byte = 7) {
    std::array<uint8_t, crypto_sign_SEEDBYTES> seed;
    seed.fill(seed_byte);
    Signed out{Bytes(crypto_sign_PUBLICKEYBYTES), Bytes(crypto_sign_BYTES)};
    std::array<uint8_t, crypto_sign_SECRETKEYBYTES> sk;
    crypto_sign_seed_keypair(out.pk.data(), sk.data(), seed.data());
    crypto_sign_detached(out.sig.data(), nullptr, reinterpret_cast<const uint8_t*>(message.data()),
                         message.size(), sk.data());
    return out;
  }

  static Bytes verify_input(Args sig, Args pk, Args msg) {
    Args a;
    a.u64(1).heap();
    a.raw_bytes(sig.bytes());
    a.heap();
    a.raw_bytes(pk.bytes());
    a.heap();
    a.raw_bytes(msg.bytes());
    return a.bytes();
  }

  uint64_t verify(const Bytes& sig, const Bytes& pk, std::string_view msg) {
    Outcome o = guest_.call(
        "ed25519_verify",
        verify_input(Args().inline_bytes(sig), Args().inline_bytes(pk), Args().inline_bytes(msg)));
    Output out(ok_value(o));
    uint64_t r = out.u64();
    out.expect_end();
    return r;
  }

  std::string verify_error(const Bytes& sig, const Bytes& pk, std::string_view msg) {
    return error_json(guest_.call(
        "ed25519_verify",
        verify_input(Args().inline_bytes(sig), Args().inline_bytes(pk), Args().inline_bytes(msg))));
  }

  // Encodings of points and scalars used by the edge cases.
  static Bytes identity() {
    Bytes b(32, 0);
    b[0] = 1;
    return b;
  }
  static Bytes identity_with_sign_bit() {
    Bytes b = identity();
    b[31] = 0x80;
    return b;
  }
  static Bytes non_canonical_identity() {  // y = p + 1
    Bytes b(32, 0xFF);
    b[0] = 0xEE;
    b[31] = 0x7F;
    return b;
  }
  static Bytes y_without_square_root() {  // y = 2: (y² − 1)/(d·y² + 1) is not a square
    Bytes b(32, 0);
    b[0] = 2;
    return b;
  }
  static Bytes non_canonical_y_without_square_root() {  // y = p + 2 ≡ 2
    Bytes b = non_canonical_identity();
    b[0] = 0xEF;
    return b;
  }
  static Bytes concat(const Bytes& a, const Bytes& b) {
    Bytes out = a;
    out.insert(out.end(), b.begin(), b.end());
    return out;
  }
  // s += L (little endian), giving a scalar >= L that is congruent to s.
  static Bytes plus_order(Bytes sig) {
    static constexpr uint8_t kL[32] = {0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58,
                                       0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
                                       0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                       0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};
    unsigned carry = 0;
    for (int i = 0; i < 32; ++i) {
      unsigned sum = sig[32 + i] + kL[i] + carry;
      sig[32 + i] = static_cast<uint8_t>(sum);
      carry = sum >> 8;
    }
    return sig;
  }

  Guest guest_{"app_utility"};
};

TEST_F(AppsUtilityEd25519, ValidSignatureVerifies) {
  Signed s = sign("hello");
  EXPECT_EQ(verify(s.sig, s.pk, "hello"), 1u);
}

TEST_F(AppsUtilityEd25519, SignatureOfEmptyMessageVerifies) {
  Signed s = sign("");
  EXPECT_EQ(verify(s.sig, s.pk, ""), 1u);
}

TEST_F(AppsUtilityEd25519, WrongMessageOrKeyOrTamperedSignatureReturnsZero) {
  Signed s = sign("hello");
  EXPECT_EQ(verify(s.sig, s.pk, "hellp"), 0u);
  EXPECT_EQ(verify(s.sig, sign("hello", 8).pk, "hello"), 0u);
  Bytes tampered_r = s.sig;
  tampered_r[0] ^= 1;
  EXPECT_EQ(verify(tampered_r, s.pk, "hello"), 0u);
  Bytes tampered_s = s.sig;
  tampered_s[40] ^= 1;
  EXPECT_EQ(verify(tampered_s, s.pk, "hello"), 0u);
}

TEST_F(AppsUtilityEd25519, ScalarNotReducedModLReturnsZero) {
  Signed s = sign("hello");
  EXPECT_EQ(verify(plus_order(s.sig), s.pk, "hello"), 0u);
}

TEST_F(AppsUtilityEd25519, SmallOrderKeyIsAccepted) {
  // A = identity: R' = [s]B, so R = identity and s = 0 verify any message.
  Bytes sig = concat(identity(), Bytes(32, 0));
  EXPECT_EQ(verify(sig, identity(), "any message"), 1u);
  EXPECT_EQ(verify(sig, identity(), ""), 1u);
}

TEST_F(AppsUtilityEd25519, NonCanonicalKeyEncodingIsReducedModP) {
  Bytes sig = concat(identity(), Bytes(32, 0));
  EXPECT_EQ(verify(sig, non_canonical_identity(), "m"), 1u);
}

TEST_F(AppsUtilityEd25519, ZeroXWithTheSignBitSetIsAccepted) {
  Bytes sig = concat(identity(), Bytes(32, 0));
  EXPECT_EQ(verify(sig, identity_with_sign_bit(), "m"), 1u);
}

TEST_F(AppsUtilityEd25519, NonCanonicalREncodingNeverVerifies) {
  Bytes sig = concat(non_canonical_identity(), Bytes(32, 0));
  EXPECT_EQ(verify(sig, identity(), "m"), 0u);
}

TEST_F(AppsUtilityEd25519, SmallOrderRIsAllowed) {
  // R = identity and s = k·a, so that [s]B − [k]A is the identity.
  std::array<uint8_t, 32> a{};
  a[0] = 9;
  a[5] = 77;
  Bytes pk(32);
  ASSERT_EQ(crypto_scalarmult_ed25519_base_noclamp(pk.data(), a.data()), 0);
  const std::string_view msg = "small order R";
  Bytes hashed = concat(identity(), pk);
  hashed.insert(hashed.end(), msg.begin(), msg.end());
  std::array<uint8_t, 64> h;
  crypto_hash_sha512(h.data(), hashed.data(), hashed.size());
  std::array<uint8_t, 32> k, s;
  crypto_core_ed25519_scalar_reduce(k.data(), h.data());
  crypto_core_ed25519_scalar_mul(s.data(), k.data(), a.data());
  Bytes sig = concat(identity(), Bytes(s.begin(), s.end()));
  EXPECT_EQ(verify(sig, pk, msg), 1u);
  EXPECT_EQ(verify(sig, pk, "other message"), 0u);
}

TEST_F(AppsUtilityEd25519, KeyWithoutSquareRootIsEd25519IncorrectPublicKey) {
  Signed s = sign("m");
  const std::string expected = host_error("Ed25519IncorrectPublicKey");
  EXPECT_EQ(verify_error(s.sig, y_without_square_root(), "m"), expected);
  EXPECT_EQ(verify_error(s.sig, non_canonical_y_without_square_root(), "m"), expected);
  // The key is decoded before the scalar range check.
  EXPECT_EQ(verify_error(plus_order(s.sig), y_without_square_root(), "m"), expected);
}

TEST_F(AppsUtilityEd25519, WrongSignatureOrKeyLengthTraps) {
  Signed s = sign("m");
  for (size_t n : {0, 63, 65}) {
    EXPECT_EQ(verify_error(Bytes(n, 1), s.pk, "m"), kIma) << n;
  }
  for (size_t n : {0, 31, 33}) {
    EXPECT_EQ(verify_error(s.sig, Bytes(n, 1), "m"), kIma) << n;
  }
  // A wrong-length key traps even if the signature would be rejected anyway.
  EXPECT_EQ(verify_error(plus_order(s.sig), Bytes(31, 1), "m"), kIma);
}

TEST_F(AppsUtilityEd25519, SignatureLengthIsCheckedBeforeTheKeyIsDecoded) {
  EXPECT_EQ(verify_error(Bytes(63, 1), y_without_square_root(), "m"), kIma);
}

TEST_F(AppsUtilityEd25519, MalformedPayloadsAndDescriptors) {
  Signed s = sign("m");
  auto call = [&](Args sig, Args pk, Args msg) {
    return error_json(
        guest_.call("ed25519_verify", verify_input(std::move(sig), std::move(pk), std::move(msg))));
  };
  EXPECT_EQ(call(Args().raw(1ull << 32, 64), Args().inline_bytes(s.pk), Args().inline_bytes("m")),
            kIma);
  EXPECT_EQ(call(Args().inline_bytes(s.sig), Args().raw(1ull << 31, 32), Args().inline_bytes("m")),
            kIma);
  EXPECT_EQ(call(Args().inline_bytes(s.sig), Args().inline_bytes(s.pk), Args().raw(1ull << 32, 1)),
            kIma);
  EXPECT_EQ(call(Args().inline_bytes(s.sig), Args().inline_bytes(s.pk), Args().raw(8, UINT64_MAX)),
            kIma);
  EXPECT_EQ(call(Args().inline_bytes(s.sig), Args().inline_bytes(s.pk), Args().at_end(1, 1, 'm')),
            kIma);
  Output at_end(ok_value(guest_.call(
      "ed25519_verify", verify_input(Args().inline_bytes(s.sig), Args().inline_bytes(s.pk),
                                     Args().at_end(1, 0, 'm')))));
  EXPECT_EQ(at_end.u64(), 1u);
  auto oob_desc =
      Args().u64(1).heap().inline_bytes(s.sig).address(1ull << 32).heap().inline_bytes("m").bytes();
  EXPECT_EQ(error_json(guest_.call("ed25519_verify", oob_desc)), kIma);
}

// ---------------------------------------------------------------------------------------------
// fetch (disabled by default, §4.9 / §11.2)

TEST(AppsUtility, DisabledFetchReadsNoArgumentAndReportsFailure) {
  Guest g("app_utility");
  auto input = Args()
                   .u64(1)
                   .address(UINT64_MAX)
                   .address(UINT64_MAX)
                   .address(UINT64_MAX)
                   .address(UINT64_MAX)
                   .u64(3)
                   .bytes();
  Output out(ok_value(g.call("fetch", input)));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), bytes_of("Host function 'fetch' is temporarily disabled."));
  out.expect_end();
}

TEST(AppsUtility, FetchIsDisabledInDeterministicModeEvenWithAnAllowlist) {
  RuntimeOptions options;
  options.deterministic = true;
  options.fetch.allowed_hosts = {"example.com"};
  Guest g("app_utility", {}, options);
  g.context.time_ns = 1;
  g.context.random_seed = id_from(1);
  auto input = Args()
                   .u64(1)
                   .address(UINT64_MAX)
                   .address(UINT64_MAX)
                   .address(UINT64_MAX)
                   .address(UINT64_MAX)
                   .u64(3)
                   .bytes();
  Output out(ok_value(g.call("fetch", input)));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), bytes_of("Host function 'fetch' is temporarily disabled."));
}

TEST(AppsUtility, DisabledFetchRegisterWriteCanStillTrap) {
  VMLimits limits;
  limits.max_registers = 1;
  Guest g("app_utility", limits);
  auto input = Args().u64(1).address(0).address(0).address(0).address(0).u64(3).bytes();
  EXPECT_EQ(error_json(g.call("fetch", input)), kIma);
}

// ---------------------------------------------------------------------------------------------
// app_js_stub: JS root-state functions trap until the CRDT layer exists

std::string host_panic(std::string_view message) {
  return host_error("Panic", R"({"context":"Host","message":")" + std::string(message) + "\"}");
}

TEST(AppsJsStub, PersistRootStateTrapsWithHostPanic) {
  Guest g("app_js_stub");
  EXPECT_EQ(error_json(g.call("persist_root_state",
                              Args().u64(1).heap().inline_bytes("{}").u64(0).u64(0).bytes())),
            host_panic("persist_root_state: CRDT storage layer not available"));
}

TEST(AppsJsStub, StorageLayerStubsTrapWhateverTheirArguments) {
  Guest g("app_js_stub");
  EXPECT_EQ(error_json(g.call("persist_root_state",
                              Args().u64(1).address(1ull << 32).u64(0).u64(0).bytes())),
            host_panic("persist_root_state: CRDT storage layer not available"));
  EXPECT_EQ(error_json(g.call("apply_storage_delta", Args().u64(1).address(UINT64_MAX).bytes())),
            host_panic("apply_storage_delta: CRDT storage layer not available"));
}

TEST(AppsJsStub, ReadRootStateTrapsWithHostPanic) {
  Guest g("app_js_stub");
  EXPECT_EQ(error_json(g.call("read_root_state", Args().u64(1).u64(1).bytes())),
            host_panic("read_root_state: CRDT storage layer not available"));
}

TEST(AppsJsStub, ApplyStorageDeltaTrapsWithHostPanic) {
  Guest g("app_js_stub");
  EXPECT_EQ(error_json(
                g.call("apply_storage_delta", Args().u64(1).heap().inline_bytes(Bytes{0}).bytes())),
            host_panic("apply_storage_delta: CRDT storage layer not available"));
}

TEST(AppsJsStub, FlushDeltaTrapsWithHostPanic) {
  Guest g("app_js_stub");
  EXPECT_EQ(error_json(g.call("flush_delta", Args().u64(1).bytes())),
            host_panic("flush_delta: CRDT storage layer not available"));
}

TEST(AppsJsStub, RegisterJsSdkRootMergeAlwaysSucceeds) {
  Guest g("app_js_stub");
  EXPECT_EQ(ok_value(g.call("register_js_sdk_root_merge", Args().u64(3).bytes())), Bytes{});
}

TEST(AppsJsStub, StubsThatAreNotCalledLinkAndRunFine) {
  Guest g("app_js_stub");
  EXPECT_EQ(ok_value(g.call("flush_delta", Args().u64(0).bytes())), Bytes(8, 0));
  EXPECT_EQ(ok_value(g.call("persist_root_state",
                            Args().u64(0).heap().inline_bytes("").u64(0).u64(0).bytes())),
            Bytes{});
}

TEST(AppsJsStub, RootMergeThenPersistStopsAtPersist) {
  Guest g("app_js_stub");
  Outcome o = g.call("root_merge_then_persist", Args().inline_bytes("{\"a\":1}").bytes());
  EXPECT_EQ(error_json(o), host_panic("persist_root_state: CRDT storage layer not available"));
  EXPECT_TRUE(g.store.empty());
}

TEST(AppsJsStub, JsCollectionFunctionLinksAndTraps) {
  Guest g("app_js_stub");
  Outcome o = g.call("js_crdt_map_new", Args().u64(1).u64(2).bytes());
  EXPECT_EQ(error_json(o), host_panic("js_crdt_map_new: CRDT storage layer not available"));
  Output not_called(ok_value(g.call("js_crdt_map_new", Args().u64(0).u64(2).bytes())));
  EXPECT_EQ(not_called.u64(), 0u);
  EXPECT_EQ(not_called.block(), std::nullopt);
}

TEST(AppsJsStub, DebugPrintLogsLossyUtf8) {
  Guest g("app_js_stub");
  Outcome o =
      g.call("js_std_d_print", Args().u64(2).u64(77).inline_bytes(Bytes{'j', 0xFF, 's'}).bytes());
  Output out(ok_value(o));
  EXPECT_EQ(out.u64(), 0u);
  EXPECT_EQ(o.logs, (std::vector<std::string>{"j\xEF\xBF\xBDs", "j\xEF\xBF\xBDs"}));
}

}  // namespace
}  // namespace ward::runtime
