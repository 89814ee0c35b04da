// Commit, synchronised storage, the ordered index and private storage (calimero-abi.md §4.5
// commit, §4.6–§4.8) plus the shared write budget of §5.1, driven through app_commit,
// app_storage, app_index and app_private (tests/apps/README.md).
#include <gtest/gtest.h>

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

using Space = storage::WriteBatch::Space;
using Pairs = std::vector<std::pair<Bytes, Bytes>>;

const std::string kIma = host_error("InvalidMemoryAccess");
const std::string kKeyTooLong = host_error("KeyLengthOverflow");
const std::string kValueTooLong = host_error("ValueLengthOverflow");
const std::string kWriteCount = host_error("StorageWriteCountExceeded", R"({"max":100000})");

constexpr uint64_t kMaxKey = 1'048'576;
constexpr uint64_t kMaxValue = 10'485'760;

Pairs contents(const storage::MemoryStore& store, Space space) {
  const storage::ByteMap& map = store.entries(space);
  return Pairs(map.begin(), map.end());
}

// ---------------------------------------------------------------------------------------------
// app_commit (§4.5 commit)

Bytes commit_input(uint64_t count, Args root, Args artifact) {
  Args a;
  a.u64(count).heap();
  a.raw_bytes(root.bytes());
  a.heap();
  a.raw_bytes(artifact.bytes());
  return a.bytes();
}

Id32 filled(uint8_t b) {
  Id32 id;
  id.fill(b);
  return id;
}

TEST(AppsCommit, CommitSetsRootHashAndArtifact) {
  Guest g("app_commit");
  Outcome o =
      g.call("commit", commit_input(1, Args().fill(32, 0xAB), Args().inline_bytes("delta")));
  EXPECT_EQ(ok_value(o), Bytes{});
  EXPECT_EQ(o.root_hash, filled(0xAB));
  EXPECT_EQ(o.artifact, bytes_of("delta"));
  EXPECT_TRUE(g.store.empty());
}

TEST(AppsCommit, RootHashMustBeExactly32Bytes) {
  Guest g("app_commit");
  for (uint64_t n : {0, 31, 33}) {
    Outcome o = g.call("commit", commit_input(1, Args().fill(n, 0xAB), Args().inline_bytes("a")));
    EXPECT_EQ(error_json(o), kIma) << n;
    EXPECT_EQ(o.root_hash, std::nullopt) << n;
    EXPECT_TRUE(o.artifact.empty()) << n;
  }
}

TEST(AppsCommit, ArtifactAtTheSizeLimitIsRecorded) {
  Guest g("app_commit");
  Outcome o = g.call("commit", commit_input(1, Args().fill(32, 1), Args().fill(16'777'216, 'a')));
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(o.artifact, Bytes(16'777'216, 'a'));
}

TEST(AppsCommit, ArtifactOnePastTheLimitIsArtifactSizeOverflow) {
  Guest g("app_commit");
  const std::string expected =
      host_error("ArtifactSizeOverflow", R"({"size":16777217,"max":16777216})");
  EXPECT_EQ(error_json(g.call("commit",
                              commit_input(1, Args().fill(32, 1), Args().fill(16'777'217, 'a')))),
            expected);
  EXPECT_EQ(
      error_json(g.call("commit", commit_input(1, Args().fill(32, 1), Args().raw(0, 16'777'217)))),
      expected);
}

TEST(AppsCommit, ArtifactSizeIsCheckedBeforeTheRootIsRead) {
  Guest g("app_commit");
  EXPECT_EQ(
      error_json(g.call("commit", commit_input(1, Args().fill(31, 1), Args().raw(0, 16'777'217)))),
      host_error("ArtifactSizeOverflow", R"({"size":16777217,"max":16777216})"));
}

TEST(AppsCommit, RootIsReadBeforeTheArtifact) {
  Guest g("app_commit");
  EXPECT_EQ(error_json(g.call(
                "commit", commit_input(1, Args().raw(1ull << 32, 32), Args().raw(1ull << 32, 1)))),
            kIma);
}

TEST(AppsCommit, MalformedRootAndArtifact) {
  Guest g("app_commit");
  EXPECT_EQ(error_json(g.call(
                "commit", commit_input(1, Args().raw(1ull << 32, 32), Args().inline_bytes("")))),
            kIma);
  EXPECT_EQ(
      error_json(g.call("commit", commit_input(1, Args().fill(32, 1), Args().raw(1ull << 31, 1)))),
      kIma);
  EXPECT_EQ(error_json(g.call("commit",
                              commit_input(1, Args().at_end(32, 1, 9), Args().inline_bytes("")))),
            kIma);
  Outcome at_end =
      g.call("commit", commit_input(1, Args().at_end(32, 0, 9), Args().inline_bytes("")));
  ASSERT_TRUE(at_end.ok()) << error_json(at_end);
  EXPECT_EQ(at_end.root_hash, filled(9));
  EXPECT_EQ(error_json(g.call("commit",
                              Args().u64(1).address(1ull << 32).heap().inline_bytes("").bytes())),
            kIma);
  EXPECT_EQ(error_json(
                g.call("commit", Args().u64(1).heap().fill(32, 1).address(UINT64_MAX - 3).bytes())),
            kIma);
}

TEST(AppsCommit, SecondCommitIsInvalidMemoryAccessAndKeepsTheFirst) {
  Guest g("app_commit");
  Outcome o = g.call("commit", commit_input(2, Args().fill(32, 0x44), Args().inline_bytes("once")));
  EXPECT_EQ(error_json(o), kIma);
  EXPECT_EQ(o.root_hash, filled(0x44));
  EXPECT_EQ(o.artifact, bytes_of("once"));
}

TEST(AppsCommit, CommitTwiceKeepsTheFirstRootAndArtifact) {
  Guest g("app_commit");
  Outcome o = g.call("commit_twice");
  EXPECT_EQ(error_json(o), kIma);
  EXPECT_EQ(o.root_hash, filled(0x11));
  EXPECT_EQ(o.artifact, bytes_of("first"));
}

TEST(AppsCommit, CommitWithEmptyArtifact) {
  Guest g("app_commit");
  Outcome o = g.call("commit_empty_artifact");
  EXPECT_EQ(ok_value(o), bytes_of("committed"));
  EXPECT_EQ(o.root_hash, filled(0x33));
  EXPECT_TRUE(o.artifact.empty());
  const std::string printed = R"("root_hash":")" + std::string(64, '3') + R"(","artifact":"")";
  EXPECT_NE(to_json(o).find(printed), std::string::npos);
}

TEST(AppsCommit, CommitFlagDoesNotSurviveTheExecution) {
  Guest g("app_commit");
  ASSERT_TRUE(g.call("commit_empty_artifact").ok());
  EXPECT_TRUE(g.call("commit_empty_artifact").ok());
}

// ---------------------------------------------------------------------------------------------
// app_storage (§4.6)

Bytes read_input(Args key, uint64_t reg = 1, uint64_t count = 1) {
  Args a;
  a.u64(count).heap();
  a.raw_bytes(key.bytes());
  a.u64(reg);
  return a.bytes();
}

Bytes write_input(Args key, Args value, uint64_t reg = 1, uint64_t count = 1) {
  Args a;
  a.u64(count).heap();
  a.raw_bytes(key.bytes());
  a.heap();
  a.raw_bytes(value.bytes());
  a.u64(reg);
  return a.bytes();
}

TEST(AppsStorage, ReadOfAbsentKeyReturnsZeroAndNoRegister) {
  Guest g("app_storage");
  Output out(ok_value(g.call("storage_read", read_input(Args().inline_bytes("k")))));
  EXPECT_EQ(out.u64(), 0u);
  EXPECT_EQ(out.block(), std::nullopt);
  out.expect_end();
}

TEST(AppsStorage, ReadOfAbsentKeyLeavesAnExistingRegisterUntouched) {
  Guest g("app_storage");
  auto input = read_input(Args().inline_bytes("k"), apps::kScratchRegister);
  Output out(ok_value(g.call("storage_read", input)));
  EXPECT_EQ(out.u64(), 0u);
  EXPECT_EQ(out.block(), input);
}

TEST(AppsStorage, WriteNewKeyReturnsZeroThenOneWithThePreviousValue) {
  Guest g("app_storage");
  Output first(ok_value(
      g.call("storage_write", write_input(Args().inline_bytes("k"), Args().inline_bytes("v1")))));
  EXPECT_EQ(first.u64(), 0u);
  EXPECT_EQ(first.block(), std::nullopt);
  Output second(ok_value(
      g.call("storage_write", write_input(Args().inline_bytes("k"), Args().inline_bytes("v2")))));
  EXPECT_EQ(second.u64(), 1u);
  EXPECT_EQ(second.block(), bytes_of("v1"));
  EXPECT_EQ(contents(g.store, Space::Main), (Pairs{{bytes_of("k"), bytes_of("v2")}}));
}

TEST(AppsStorage, ReadFindsAValueFromAnEarlierExecution) {
  Guest g("app_storage");
  g.store.set(bytes_of("k"), bytes_of("stored"));
  Output out(ok_value(g.call("storage_read", read_input(Args().inline_bytes("k")))));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), bytes_of("stored"));
}

TEST(AppsStorage, EmptyValueIsAZeroLengthRegisterNotAnAbsentOne) {
  Guest g("app_storage");
  ASSERT_TRUE(
      g.call("storage_write", write_input(Args().inline_bytes("k"), Args().inline_bytes(""))).ok());
  Output out(ok_value(g.call("storage_read", read_input(Args().inline_bytes("k")))));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), Bytes{});
}

TEST(AppsStorage, EmptyKeyIsAnOrdinaryKey) {
  Guest g("app_storage");
  ASSERT_TRUE(
      g.call("storage_write", write_input(Args().inline_bytes(""), Args().inline_bytes("e"))).ok());
  EXPECT_EQ(contents(g.store, Space::Main), (Pairs{{Bytes{}, bytes_of("e")}}));
}

TEST(AppsStorage, RemoveReturnsTheRemovedValue) {
  Guest g("app_storage");
  g.store.set(bytes_of("k"), bytes_of("old"));
  Output out(ok_value(g.call("storage_remove", read_input(Args().inline_bytes("k")))));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), bytes_of("old"));
  EXPECT_TRUE(g.store.empty());
  Output again(ok_value(g.call("storage_remove", read_input(Args().inline_bytes("k")))));
  EXPECT_EQ(again.u64(), 0u);
  EXPECT_EQ(again.block(), std::nullopt);
}

TEST(AppsStorage, WriteThenReadInOneExecutionSeesTheWrite) {
  Guest g("app_storage");
  g.store.set(bytes_of("k"), bytes_of("old"));
  Output out(
      ok_value(g.call("write_then_read", Args().inline_bytes("k").inline_bytes("new").bytes())));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), bytes_of("new"));
  EXPECT_EQ(g.store.get(bytes_of("k")), bytes_of("new"));
}

TEST(AppsStorage, WriteDistinctStoresEveryKey) {
  Guest g("app_storage");
  EXPECT_EQ(Output(ok_value(g.call("write_distinct", Args().u64(3).u64(10).u64(2).bytes()))).u64(),
            3u);
  Pairs expected;
  for (uint8_t i = 0; i < 3; ++i) {
    Bytes key(10, 0);
    key[0] = i;
    expected.emplace_back(key, bytes_of("vv"));
  }
  EXPECT_EQ(contents(g.store, Space::Main), expected);
}

TEST(AppsStorage, KeyAtTheSizeLimitIsWrittenReadAndRemoved) {
  Guest g("app_storage");
  Output w(ok_value(
      g.call("storage_write", write_input(Args().fill(kMaxKey, 'k'), Args().inline_bytes("v")))));
  EXPECT_EQ(w.u64(), 0u);
  EXPECT_EQ(g.store.get(Bytes(kMaxKey, 'k')), bytes_of("v"));
  Output r(ok_value(g.call("storage_read", read_input(Args().fill(kMaxKey, 'k')))));
  EXPECT_EQ(r.u64(), 1u);
  Output d(ok_value(g.call("storage_remove", read_input(Args().fill(kMaxKey, 'k')))));
  EXPECT_EQ(d.u64(), 1u);
  EXPECT_TRUE(g.store.empty());
}

TEST(AppsStorage, KeyOnePastTheLimitIsKeyLengthOverflowForEveryFunction) {
  Guest g("app_storage");
  for (Args key :
       {Args().fill(kMaxKey + 1, 'k'), Args().raw(0, kMaxKey + 1), Args().raw(8, UINT64_MAX)}) {
    EXPECT_EQ(error_json(g.call("storage_write", write_input(key, Args().inline_bytes("v")))),
              kKeyTooLong);
    EXPECT_EQ(error_json(g.call("storage_read", read_input(key))), kKeyTooLong);
    EXPECT_EQ(error_json(g.call("storage_remove", read_input(key))), kKeyTooLong);
  }
  EXPECT_TRUE(g.store.empty());
}

TEST(AppsStorage, ValueAtTheSizeLimitIsWritten) {
  Guest g("app_storage");
  ASSERT_TRUE(
      g.call("storage_write", write_input(Args().inline_bytes("k"), Args().fill(kMaxValue, 'v')))
          .ok());
  EXPECT_EQ(g.store.get(bytes_of("k")), Bytes(kMaxValue, 'v'));
}

TEST(AppsStorage, ValueOnePastTheLimitIsValueLengthOverflow) {
  Guest g("app_storage");
  EXPECT_EQ(error_json(g.call("storage_write", write_input(Args().inline_bytes("k"),
                                                           Args().fill(kMaxValue + 1, 'v')))),
            kValueTooLong);
  EXPECT_EQ(error_json(g.call("storage_write",
                              write_input(Args().inline_bytes("k"), Args().raw(0, kMaxValue + 1)))),
            kValueTooLong);
  EXPECT_TRUE(g.store.empty());
}

TEST(AppsStorage, KeyLengthIsCheckedBeforeValueLength) {
  Guest g("app_storage");
  EXPECT_EQ(error_json(g.call("storage_write", write_input(Args().raw(0, kMaxKey + 1),
                                                           Args().raw(0, kMaxValue + 1)))),
            kKeyTooLong);
}

TEST(AppsStorage, LengthsAreCheckedBeforeEitherPayloadIsRead) {
  Guest g("app_storage");
  EXPECT_EQ(error_json(g.call("storage_write", write_input(Args().raw(1ull << 32, 1),
                                                           Args().raw(1ull << 32, kMaxValue + 1)))),
            kValueTooLong);
}

TEST(AppsStorage, LoweredKeyAndValueLimits) {
  VMLimits limits;
  limits.max_storage_key_size = 2;
  limits.max_storage_value_size = 3;
  Guest g("app_storage", limits);
  EXPECT_TRUE(
      g.call("storage_write", write_input(Args().inline_bytes("kk"), Args().inline_bytes("vvv")))
          .ok());
  EXPECT_EQ(error_json(g.call("storage_write",
                              write_input(Args().inline_bytes("kkk"), Args().inline_bytes("v")))),
            kKeyTooLong);
  EXPECT_EQ(error_json(g.call("storage_write",
                              write_input(Args().inline_bytes("k"), Args().inline_bytes("vvvv")))),
            kValueTooLong);
}

TEST(AppsStorage, OverflowingKeyRangeIsInvalidMemoryAccessWhenTheLimitAllowsIt) {
  VMLimits limits;
  limits.max_storage_key_size = UINT64_MAX;
  Guest g("app_storage", limits);
  EXPECT_EQ(error_json(g.call("storage_read", read_input(Args().raw(8, UINT64_MAX)))), kIma);
}

TEST(AppsStorage, MalformedKeyAndValuePayloads) {
  Guest g("app_storage");
  for (Args bad : {Args().raw(1ull << 32, 1), Args().raw(1ull << 31, 1), Args().raw(1ull << 32, 0),
                   Args().at_end(5, 1, 'k'), Args().at_end(0, 1, 'k')}) {
    EXPECT_EQ(error_json(g.call("storage_write", write_input(bad, Args().inline_bytes("v")))),
              kIma);
    EXPECT_EQ(error_json(g.call("storage_write", write_input(Args().inline_bytes("k"), bad))),
              kIma);
    EXPECT_EQ(error_json(g.call("storage_read", read_input(bad))), kIma);
    EXPECT_EQ(error_json(g.call("storage_remove", read_input(bad))), kIma);
  }
  EXPECT_TRUE(g.store.empty());
}

TEST(AppsStorage, PayloadsEndingExactlyAtMemoryEnd) {
  Guest g("app_storage");
  ASSERT_TRUE(
      g.call("storage_write", write_input(Args().at_end(5, 0, 'k'), Args().inline_bytes("v")))
          .ok());
  ASSERT_TRUE(
      g.call("storage_write", write_input(Args().inline_bytes("e"), Args().at_end(0, 0, 'v')))
          .ok());
  EXPECT_EQ(contents(g.store, Space::Main),
            (Pairs{{bytes_of("e"), Bytes{}}, {bytes_of("kkkkk"), bytes_of("v")}}));
}

TEST(AppsStorage, MalformedDescriptors) {
  Guest g("app_storage");
  EXPECT_EQ(error_json(g.call("storage_read", Args().u64(1).address(1ull << 32).u64(1).bytes())),
            kIma);
  EXPECT_EQ(
      error_json(g.call("storage_remove", Args().u64(1).address(UINT64_MAX - 3).u64(1).bytes())),
      kIma);
  EXPECT_EQ(
      error_json(g.call(
          "storage_write",
          Args().u64(1).heap().inline_bytes("k").desc_at_end(1).inline_bytes("v").u64(1).bytes())),
      kIma);
  EXPECT_TRUE(
      g.call("storage_write",
             Args().u64(1).heap().inline_bytes("k").desc_at_end(0).inline_bytes("v").u64(1).bytes())
          .ok());
  EXPECT_EQ(g.store.get(bytes_of("k")), bytes_of("v"));
}

TEST(AppsStorage, PreviousValueRegisterFailureTrapsAfterTheWriteAndRollsBack) {
  VMLimits limits;
  limits.max_register_size = 500;
  Guest g("app_storage", limits);
  g.store.set(bytes_of("k"), Bytes(600, 'o'));
  storage::MemoryStore before = g.store;
  EXPECT_EQ(error_json(g.call("storage_write",
                              write_input(Args().inline_bytes("k"), Args().inline_bytes("n")))),
            kIma);
  EXPECT_EQ(g.store, before);
}

TEST(AppsStorage, WriteBudgetAtTheCountLimitAcrossAllChargedFunctions) {
  Guest g("app_storage");
  storage::MemoryStore private_store;
  g.private_store = &private_store;
  Outcome o = g.call("budget_mix", Args().u64(99'996).u64(1).u64(1).u64(1).u64(1).bytes());
  EXPECT_EQ(Output(ok_value(o)).u64(), 100'000u);
  EXPECT_EQ(g.store.get(bytes_of("k")), bytes_of("v"));
  EXPECT_EQ(private_store.get(bytes_of("k")), bytes_of("v"));
}

TEST(AppsStorage, WriteBudgetOnePastTheCountLimitInEachChargedFunction) {
  for (int position = 0; position < 5; ++position) {
    SCOPED_TRACE(position);
    Guest g("app_storage");
    storage::MemoryStore private_store;
    g.private_store = &private_store;
    uint64_t n[5] = {99'996, 1, 1, 1, 1};
    ++n[position];
    Outcome o =
        g.call("budget_mix", Args().u64(n[0]).u64(n[1]).u64(n[2]).u64(n[3]).u64(n[4]).bytes());
    EXPECT_EQ(error_json(o), kWriteCount);
    EXPECT_TRUE(g.store.empty());
    EXPECT_TRUE(private_store.empty());
  }
}

TEST(AppsStorage, PrivateWritesAreNotChargedWithoutAPrivateStore) {
  Guest g("app_storage");
  Outcome o = g.call("budget_mix", Args().u64(99'997).u64(1).u64(1).u64(1).u64(50).bytes());
  EXPECT_EQ(Output(ok_value(o)).u64(), 100'050u);
}

TEST(AppsStorage, StorageRemoveIsNotCharged) {
  VMLimits limits;
  limits.max_storage_writes = 0;
  Guest g("app_storage", limits);
  g.store.set(bytes_of("k"), bytes_of("v"));
  EXPECT_EQ(
      Output(ok_value(g.call("storage_remove", read_input(Args().inline_bytes("k"), 1, 5)))).u64(),
      0u);
  EXPECT_TRUE(g.store.empty());
  EXPECT_EQ(error_json(g.call("storage_write",
                              write_input(Args().inline_bytes("k"), Args().inline_bytes("v")))),
            host_error("StorageWriteCountExceeded", R"({"max":0})"));
}

TEST(AppsStorage, WriteByteBudgetAtAndPastTheLimit) {
  // 16 writes of a 1 MiB key and a 7 MiB value charge exactly 128 MiB.
  Guest g("app_storage");
  auto input = [](uint64_t count) {
    return write_input(Args().fill(kMaxKey, 'k'), Args().fill(7 * kMaxKey, 'v'), 1, count);
  };
  Output at(ok_value(g.call("storage_write", input(16))));
  EXPECT_EQ(at.u64(), 1u);
  EXPECT_EQ(g.store.get(Bytes(kMaxKey, 'k')), Bytes(7 * kMaxKey, 'v'));
  Guest past("app_storage");
  EXPECT_EQ(error_json(past.call("storage_write", input(17))),
            host_error("StorageWriteBytesExceeded", R"({"attempted":142606336,"max":134217728})"));
  EXPECT_TRUE(past.store.empty());
}

TEST(AppsStorage, WriteBudgetIsPerExecution) {
  VMLimits limits;
  limits.max_storage_writes = 2;
  Guest g("app_storage", limits);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(g.call("storage_write",
                       write_input(Args().inline_bytes("k"), Args().inline_bytes("v"), 1, 2))
                    .ok());
  }
  EXPECT_EQ(error_json(g.call("storage_write", write_input(Args().inline_bytes("k"),
                                                           Args().inline_bytes("v"), 1, 3))),
            host_error("StorageWriteCountExceeded", R"({"max":2})"));
}

TEST(AppsStorage, RejectedWriteNeverReachesStorageEvenWithinTheExecution) {
  VMLimits limits;
  limits.max_storage_write_bytes = 3;
  Guest g("app_storage", limits);
  EXPECT_EQ(
      error_json(g.call("write_then_read", Args().inline_bytes("ab").inline_bytes("cd").bytes())),
      host_error("StorageWriteBytesExceeded", R"({"attempted":4,"max":3})"));
  EXPECT_TRUE(g.store.empty());
}

// §10.2 key policy `node-keys`: a key that is not 32 bytes is absent; set/remove have no effect.
TEST(AppsStorage, NodeKeysOptionNeverStoresShortKeys) {
  RuntimeOptions options;
  options.node_keys = true;
  Guest g("app_storage", {}, options);
  Output short_key(
      ok_value(g.call("write_then_read", Args().inline_bytes("short").inline_bytes("v").bytes())));
  EXPECT_EQ(short_key.u64(), 0u);
  EXPECT_EQ(short_key.u64(), 0u);
  EXPECT_EQ(short_key.block(), std::nullopt);
  EXPECT_TRUE(g.store.empty());
  Output full_key(
      ok_value(g.call("write_then_read", Args().fill(32, 'k').inline_bytes("v").bytes())));
  EXPECT_EQ(full_key.u64(), 0u);
  EXPECT_EQ(full_key.u64(), 1u);
  EXPECT_EQ(contents(g.store, Space::Main), (Pairs{{Bytes(32, 'k'), bytes_of("v")}}));
}

// ---------------------------------------------------------------------------------------------
// app_index (§4.7)

// Decodes the §3.6 register encoding.
Pairs decode_pairs(const Bytes& encoded) {
  auto u32_at = [&](size_t at) {
    if (at + 4 > encoded.size()) throw std::runtime_error("pair encoding truncated");
    return static_cast<uint32_t>(encoded[at]) | static_cast<uint32_t>(encoded[at + 1]) << 8 |
           static_cast<uint32_t>(encoded[at + 2]) << 16 |
           static_cast<uint32_t>(encoded[at + 3]) << 24;
  };
  auto bytes_at = [&](size_t at, size_t n) {
    if (at + n > encoded.size()) throw std::runtime_error("pair encoding truncated");
    return Bytes(encoded.begin() + at, encoded.begin() + at + n);
  };
  size_t at = 0;
  uint32_t count = u32_at(at);
  at += 4;
  Pairs pairs;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t klen = u32_at(at);
    Bytes key = bytes_at(at + 4, klen);
    at += 4 + klen;
    uint32_t vlen = u32_at(at);
    Bytes value = bytes_at(at + 4, vlen);
    at += 4 + vlen;
    pairs.emplace_back(std::move(key), std::move(value));
  }
  if (at != encoded.size()) throw std::runtime_error("pair encoding has trailing bytes");
  return pairs;
}

// Entry i of set_then_*: key "ix" ‖ u32 BE i, value u64 LE i ‖ 24 zero bytes.
std::pair<Bytes, Bytes> scenario_entry(uint32_t i) {
  Bytes key = {'i',
               'x',
               static_cast<uint8_t>(i >> 24),
               static_cast<uint8_t>(i >> 16),
               static_cast<uint8_t>(i >> 8),
               static_cast<uint8_t>(i)};
  Bytes value(32, 0);
  for (int b = 0; b < 8; ++b) value[b] = static_cast<uint8_t>(static_cast<uint64_t>(i) >> (8 * b));
  return {key, value};
}

Pairs scenario_entries(uint32_t from, uint32_t to) {
  Pairs out;
  for (uint32_t i = from; i < to; ++i) out.push_back(scenario_entry(i));
  return out;
}

// set_then_scan: result and decoded register.
Pairs set_then_scan(Guest& g, uint64_t n, uint64_t offset, uint64_t limit) {
  Output out(ok_value(g.call("set_then_scan", Args().u64(n).u64(offset).u64(limit).bytes())));
  EXPECT_EQ(out.u64(), 1u);
  auto reg = out.block();
  out.expect_end();
  if (!reg) throw std::runtime_error("scan wrote no register");
  return decode_pairs(*reg);
}

Bytes key_input(Args key, uint64_t count = 1) {
  Args a;
  a.u64(count).heap();
  a.raw_bytes(key.bytes());
  return a.bytes();
}

Bytes key_value_input(Args key, Args value, uint64_t count = 1) {
  Args a;
  a.u64(count).heap();
  a.raw_bytes(key.bytes());
  a.heap();
  a.raw_bytes(value.bytes());
  return a.bytes();
}

Bytes key_reg_input(Args key, uint64_t reg = 1) {
  Args a;
  a.u64(1).heap();
  a.raw_bytes(key.bytes());
  a.u64(reg);
  return a.bytes();
}

Bytes scan_input(Args lo, Args hi, uint64_t offset, uint64_t limit, uint64_t reg = 1) {
  Args a;
  a.u64(1).heap();
  a.raw_bytes(lo.bytes());
  a.heap();
  a.raw_bytes(hi.bytes());
  a.u64(offset).u64(limit).u64(reg);
  return a.bytes();
}

Bytes last_input(Args lo, Args hi, uint64_t reg = 1) {
  Args a;
  a.u64(1).heap();
  a.raw_bytes(lo.bytes());
  a.heap();
  a.raw_bytes(hi.bytes());
  a.u64(reg);
  return a.bytes();
}

uint64_t result_of(const Outcome& o) { return Output(ok_value(o)).u64(); }

TEST(AppsIndex, SetStoresInTheIndexKeyspaceOnly) {
  Guest g("app_index");
  EXPECT_EQ(result_of(g.call("storage_index_set",
                             key_value_input(Args().inline_bytes("b"), Args().fill(32, 2)))),
            1u);
  EXPECT_EQ(contents(g.store, Space::Index), (Pairs{{bytes_of("b"), Bytes(32, 2)}}));
  EXPECT_TRUE(contents(g.store, Space::Main).empty());
  EXPECT_TRUE(contents(g.store, Space::IndexMeta).empty());
}

TEST(AppsIndex, RemoveAndRemovePrefix) {
  Guest g("app_index");
  for (std::string_view k : {"aa", "ab", "b"}) g.store.index_set(bytes_of(k), bytes_of("v"));
  EXPECT_EQ(result_of(g.call("storage_index_remove", key_input(Args().inline_bytes("b")))), 1u);
  EXPECT_EQ(result_of(g.call("storage_index_remove_prefix", key_input(Args().inline_bytes("a")))),
            1u);
  EXPECT_TRUE(g.store.empty());
}

TEST(AppsIndex, EmptyPrefixRemovesEveryIndexKey) {
  Guest g("app_index");
  for (std::string_view k : {"", "a", "zz"}) g.store.index_set(bytes_of(k), bytes_of("v"));
  g.store.index_meta_set(bytes_of("m"), bytes_of("kept"));
  EXPECT_EQ(result_of(g.call("storage_index_remove_prefix", key_input(Args().inline_bytes("")))),
            1u);
  EXPECT_TRUE(contents(g.store, Space::Index).empty());
  EXPECT_EQ(contents(g.store, Space::IndexMeta), (Pairs{{bytes_of("m"), bytes_of("kept")}}));
}

TEST(AppsIndex, MetaSetGetClear) {
  Guest g("app_index");
  EXPECT_EQ(
      result_of(g.call("storage_index_meta_set",
                       key_value_input(Args().inline_bytes("m"), Args().inline_bytes("valid")))),
      1u);
  EXPECT_EQ(contents(g.store, Space::IndexMeta), (Pairs{{bytes_of("m"), bytes_of("valid")}}));
  EXPECT_TRUE(contents(g.store, Space::Index).empty());
  Output got(ok_value(g.call("storage_index_meta_get", key_reg_input(Args().inline_bytes("m")))));
  EXPECT_EQ(got.u64(), 1u);
  EXPECT_EQ(got.block(), bytes_of("valid"));
  EXPECT_EQ(result_of(g.call("storage_index_meta_clear", key_input(Args().inline_bytes("m")))), 1u);
  EXPECT_TRUE(g.store.empty());
  Output absent(
      ok_value(g.call("storage_index_meta_get", key_reg_input(Args().inline_bytes("m")))));
  EXPECT_EQ(absent.u64(), 0u);
  EXPECT_EQ(absent.block(), std::nullopt);
}

TEST(AppsIndex, ScanWithLimitZeroReturnsEverything) {
  Guest g("app_index");
  EXPECT_EQ(set_then_scan(g, 5, 0, 0), scenario_entries(0, 5));
}

TEST(AppsIndex, ScanLimitUsesTheNPlusOneEncoding) {
  Guest g("app_index");
  EXPECT_EQ(set_then_scan(g, 5, 0, 1), Pairs{});
  EXPECT_EQ(set_then_scan(g, 5, 0, 3), scenario_entries(0, 2));
  EXPECT_EQ(set_then_scan(g, 5, 0, 6), scenario_entries(0, 5));
  EXPECT_EQ(set_then_scan(g, 5, 0, UINT64_MAX), scenario_entries(0, 5));
}

TEST(AppsIndex, ScanSkipsOffsetEntries) {
  Guest g("app_index");
  EXPECT_EQ(set_then_scan(g, 5, 2, 0), scenario_entries(2, 5));
  EXPECT_EQ(set_then_scan(g, 5, 2, 2), scenario_entries(2, 3));
  EXPECT_EQ(set_then_scan(g, 5, 5, 0), Pairs{});
  EXPECT_EQ(set_then_scan(g, 5, UINT64_MAX, 0), Pairs{});
}

TEST(AppsIndex, ScanIsCappedAtTheScanLimitNotAnError) {
  VMLimits limits;
  limits.max_storage_index_scan_limit = 10;
  Guest g("app_index", limits);
  EXPECT_EQ(set_then_scan(g, 10, 0, 0), scenario_entries(0, 10));
  EXPECT_EQ(set_then_scan(g, 11, 0, 0), scenario_entries(0, 10));
  EXPECT_EQ(set_then_scan(g, 11, 0, 12), scenario_entries(0, 10));
  EXPECT_EQ(set_then_scan(g, 11, 0, 11), scenario_entries(0, 10));
  EXPECT_EQ(set_then_scan(g, 11, 3, 0), scenario_entries(3, 11));
}

TEST(AppsIndex, ScanMergesEarlierExecutionsWithThisOneInKeyOrder) {
  Guest g("app_index");
  auto [k7, v7] = scenario_entry(7);
  g.store.index_set(k7, bytes_of("old"));
  auto [k1, v1] = scenario_entry(1);
  g.store.index_set(k1, bytes_of("replaced"));
  Pairs expected = scenario_entries(0, 3);
  expected.emplace_back(k7, bytes_of("old"));
  EXPECT_EQ(set_then_scan(g, 3, 0, 0), expected);
}

TEST(AppsIndex, ScanOfAnEmptyOrInvertedRangeIsEmpty) {
  Guest g("app_index");
  for (std::string_view k : {"a", "b", "c"}) g.store.index_set(bytes_of(k), bytes_of("v"));
  for (auto [lo, hi] : {std::pair{"b", "a"}, std::pair{"b", "b"}, std::pair{"z", ""}}) {
    SCOPED_TRACE(std::string(lo) + ".." + hi);
    Output out(ok_value(g.call(
        "storage_index_scan", scan_input(Args().inline_bytes(lo), Args().inline_bytes(hi), 0, 0))));
    EXPECT_EQ(out.u64(), 1u);
    EXPECT_EQ(decode_pairs(*out.block()), Pairs{});
  }
  Output ok(ok_value(g.call("storage_index_scan",
                            scan_input(Args().inline_bytes(""), Args().inline_bytes("c"), 0, 0))));
  EXPECT_EQ(ok.u64(), 1u);
  EXPECT_EQ(decode_pairs(*ok.block()),
            (Pairs{{bytes_of("a"), bytes_of("v")}, {bytes_of("b"), bytes_of("v")}}));
}

TEST(AppsIndex, ScanUsesUnsignedByteOrder) {
  Guest g("app_index");
  for (Bytes k : {Bytes{0x80}, Bytes{0x7F}, Bytes{0x7F, 0x00}, Bytes{0xFF}})
    g.store.index_set(k, Bytes{1});
  Output out(
      ok_value(g.call("storage_index_scan", scan_input(Args().inline_bytes(Bytes{0x00}),
                                                       Args().inline_bytes(Bytes{0xFF}), 0, 0))));
  out.u64();
  EXPECT_EQ(
      decode_pairs(*out.block()),
      (Pairs{{Bytes{0x7F}, Bytes{1}}, {Bytes{0x7F, 0x00}, Bytes{1}}, {Bytes{0x80}, Bytes{1}}}));
}

TEST(AppsIndex, LastReturnsTheGreatestPairInTheRange) {
  Guest g("app_index");
  Output out(ok_value(g.call("set_then_last", Args().u64(4).bytes())));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(decode_pairs(*out.block()), Pairs{scenario_entry(3)});
  Output none(ok_value(g.call("set_then_last", Args().u64(0).bytes())));
  EXPECT_EQ(none.u64(), 1u);
  // The entries of the first call were committed.
  EXPECT_EQ(decode_pairs(*none.block()), Pairs{scenario_entry(3)});
}

TEST(AppsIndex, LastOfAnEmptyRangeHasCountZero) {
  Guest g("app_index");
  Output out(ok_value(g.call("set_then_last", Args().u64(0).bytes())));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), (Bytes{0, 0, 0, 0}));
  g.store.index_set(bytes_of("b"), bytes_of("v"));
  Output inverted(ok_value(g.call("storage_index_last",
                                  last_input(Args().inline_bytes("c"), Args().inline_bytes("a")))));
  EXPECT_EQ(inverted.u64(), 1u);
  EXPECT_EQ(inverted.block(), (Bytes{0, 0, 0, 0}));
}

TEST(AppsIndex, KeyAtTheSizeLimitIsAccepted) {
  Guest g("app_index");
  EXPECT_EQ(result_of(g.call("storage_index_set",
                             key_value_input(Args().fill(kMaxKey, 'i'), Args().inline_bytes("v")))),
            1u);
  EXPECT_EQ(
      result_of(g.call("storage_index_meta_set",
                       key_value_input(Args().fill(kMaxKey, 'm'), Args().fill(kMaxValue, 'v')))),
      1u);
  EXPECT_EQ(result_of(g.call("storage_index_scan", scan_input(Args().fill(kMaxKey, 'i'),
                                                              Args().fill(kMaxKey, 'j'), 0, 0))),
            1u);
  EXPECT_EQ(result_of(g.call("storage_index_remove", key_input(Args().fill(kMaxKey, 'i')))), 1u);
  EXPECT_EQ(result_of(g.call("storage_index_meta_clear", key_input(Args().fill(kMaxKey, 'm')))),
            1u);
}

TEST(AppsIndex, KeyOnePastTheLimitIsKeyLengthOverflowForEveryFunction) {
  Guest g("app_index");
  Args big = Args().raw(0, kMaxKey + 1);
  Args ok = Args().inline_bytes("k");
  EXPECT_EQ(error_json(g.call("storage_index_set", key_value_input(big, ok))), kKeyTooLong);
  EXPECT_EQ(
      error_json(g.call("storage_index_set", key_value_input(Args().fill(kMaxKey + 1, 'i'), ok))),
      kKeyTooLong);
  EXPECT_EQ(error_json(g.call("storage_index_remove", key_input(big))), kKeyTooLong);
  EXPECT_EQ(error_json(g.call("storage_index_remove_prefix", key_input(big))), kKeyTooLong);
  EXPECT_EQ(error_json(g.call("storage_index_scan", scan_input(big, ok, 0, 0))), kKeyTooLong);
  EXPECT_EQ(error_json(g.call("storage_index_scan", scan_input(ok, big, 0, 0))), kKeyTooLong);
  EXPECT_EQ(error_json(g.call("storage_index_last", last_input(big, ok))), kKeyTooLong);
  EXPECT_EQ(error_json(g.call("storage_index_last", last_input(ok, big))), kKeyTooLong);
  EXPECT_EQ(error_json(g.call("storage_index_meta_set", key_value_input(big, ok))), kKeyTooLong);
  EXPECT_EQ(error_json(g.call("storage_index_meta_get", key_reg_input(big))), kKeyTooLong);
  EXPECT_EQ(error_json(g.call("storage_index_meta_clear", key_input(big))), kKeyTooLong);
  EXPECT_TRUE(g.store.empty());
}

TEST(AppsIndex, ValueOnePastTheLimitIsValueLengthOverflow) {
  Guest g("app_index");
  EXPECT_TRUE(g.call("storage_index_set",
                     key_value_input(Args().inline_bytes("k"), Args().fill(kMaxValue, 'v')))
                  .ok());
  EXPECT_EQ(
      error_json(g.call("storage_index_set", key_value_input(Args().inline_bytes("k"),
                                                             Args().fill(kMaxValue + 1, 'v')))),
      kValueTooLong);
  EXPECT_EQ(error_json(g.call("storage_index_set", key_value_input(Args().inline_bytes("k"),
                                                                   Args().raw(0, kMaxValue + 1)))),
            kValueTooLong);
  EXPECT_EQ(
      error_json(g.call("storage_index_meta_set",
                        key_value_input(Args().inline_bytes("k"), Args().raw(0, kMaxValue + 1)))),
      kValueTooLong);
}

TEST(AppsIndex, LengthChecksComeBeforePayloadReads) {
  Guest g("app_index");
  EXPECT_EQ(error_json(g.call("storage_index_scan", scan_input(Args().raw(1ull << 32, 1),
                                                               Args().raw(0, kMaxKey + 1), 0, 0))),
            kKeyTooLong);
  EXPECT_EQ(error_json(g.call("storage_index_set", key_value_input(Args().raw(1ull << 32, 1),
                                                                   Args().raw(0, kMaxValue + 1)))),
            kValueTooLong);
}

TEST(AppsIndex, MalformedPayloadsAndDescriptors) {
  Guest g("app_index");
  Args ok = Args().inline_bytes("k");
  for (Args bad :
       {Args().raw(1ull << 32, 1), Args().raw(1ull << 32, 0), Args().at_end(2, 1, 'k')}) {
    EXPECT_EQ(error_json(g.call("storage_index_set", key_value_input(bad, ok))), kIma);
    EXPECT_EQ(error_json(g.call("storage_index_set", key_value_input(ok, bad))), kIma);
    EXPECT_EQ(error_json(g.call("storage_index_remove", key_input(bad))), kIma);
    EXPECT_EQ(error_json(g.call("storage_index_remove_prefix", key_input(bad))), kIma);
    EXPECT_EQ(error_json(g.call("storage_index_scan", scan_input(bad, ok, 0, 0))), kIma);
    EXPECT_EQ(error_json(g.call("storage_index_scan", scan_input(ok, bad, 0, 0))), kIma);
    EXPECT_EQ(error_json(g.call("storage_index_last", last_input(ok, bad))), kIma);
    EXPECT_EQ(error_json(g.call("storage_index_meta_set", key_value_input(bad, ok))), kIma);
    EXPECT_EQ(error_json(g.call("storage_index_meta_get", key_reg_input(bad))), kIma);
    EXPECT_EQ(error_json(g.call("storage_index_meta_clear", key_input(bad))), kIma);
  }
  EXPECT_EQ(error_json(g.call("storage_index_remove", Args().u64(1).address(1ull << 32).bytes())),
            kIma);
  EXPECT_EQ(error_json(g.call("storage_index_meta_clear",
                              Args().u64(1).desc_at_end(1).inline_bytes("k").bytes())),
            kIma);
  EXPECT_EQ(result_of(g.call("storage_index_set", key_value_input(Args().at_end(2, 0, 'k'), ok))),
            1u);
  EXPECT_EQ(contents(g.store, Space::Index), (Pairs{{bytes_of("kk"), bytes_of("k")}}));
}

TEST(AppsIndex, SetAndMetaSetChargeKeyPlusValueMetaClearOnlyTheKey) {
  VMLimits limits;
  limits.max_storage_write_bytes = 3;
  Guest g("app_index", limits);
  EXPECT_EQ(result_of(g.call("storage_index_set",
                             key_value_input(Args().inline_bytes("ab"), Args().inline_bytes("c")))),
            1u);
  EXPECT_EQ(error_json(g.call("storage_index_set", key_value_input(Args().inline_bytes("ab"),
                                                                   Args().inline_bytes("cd")))),
            host_error("StorageWriteBytesExceeded", R"({"attempted":4,"max":3})"));
  EXPECT_EQ(error_json(g.call("storage_index_meta_set", key_value_input(Args().inline_bytes("abc"),
                                                                        Args().inline_bytes("d")))),
            host_error("StorageWriteBytesExceeded", R"({"attempted":4,"max":3})"));
  EXPECT_EQ(result_of(g.call("storage_index_meta_clear", key_input(Args().inline_bytes("abc")))),
            1u);
  EXPECT_EQ(error_json(g.call("storage_index_meta_clear", key_input(Args().inline_bytes("abcd")))),
            host_error("StorageWriteBytesExceeded", R"({"attempted":4,"max":3})"));
}

TEST(AppsIndex, RemovalsAndReadsAreNotCharged) {
  VMLimits limits;
  limits.max_storage_writes = 0;
  Guest g("app_index", limits);
  g.store.index_set(bytes_of("k"), bytes_of("v"));
  EXPECT_EQ(result_of(g.call("storage_index_remove", key_input(Args().inline_bytes("k"), 3))), 1u);
  EXPECT_EQ(
      result_of(g.call("storage_index_remove_prefix", key_input(Args().inline_bytes("k"), 3))), 1u);
  EXPECT_EQ(result_of(g.call("storage_index_scan",
                             scan_input(Args().inline_bytes("a"), Args().inline_bytes("z"), 0, 0))),
            1u);
  EXPECT_EQ(error_json(g.call("storage_index_meta_clear", key_input(Args().inline_bytes("k")))),
            host_error("StorageWriteCountExceeded", R"({"max":0})"));
}

TEST(AppsIndex, ScanResultIntoAFullRegisterMapIsInvalidMemoryAccess) {
  VMLimits limits;
  limits.max_registers = 1;
  Guest g("app_index", limits);
  EXPECT_EQ(error_json(g.call("storage_index_scan", scan_input(Args().inline_bytes("a"),
                                                               Args().inline_bytes("z"), 0, 0, 5))),
            kIma);
}

// ---------------------------------------------------------------------------------------------
// app_private (§4.8)

Bytes private_write_input(Args key, Args value, uint64_t count = 1) {
  return key_value_input(std::move(key), std::move(value), count);
}

TEST(AppsPrivate, WithoutAPrivateStoreEverythingReturnsZero) {
  Guest g("app_private");
  EXPECT_EQ(
      result_of(g.call("private_storage_write",
                       private_write_input(Args().inline_bytes("k"), Args().inline_bytes("v")))),
      0u);
  Output read(ok_value(g.call("private_storage_read", key_reg_input(Args().inline_bytes("k")))));
  EXPECT_EQ(read.u64(), 0u);
  EXPECT_EQ(read.block(), std::nullopt);
  Output removed(
      ok_value(g.call("private_storage_remove", key_reg_input(Args().inline_bytes("k")))));
  EXPECT_EQ(removed.u64(), 0u);
  EXPECT_TRUE(g.store.empty());
}

TEST(AppsPrivate, WithoutAPrivateStoreWritesAreNotCharged) {
  VMLimits limits;
  limits.max_storage_writes = 0;
  Guest g("app_private", limits);
  EXPECT_EQ(
      result_of(g.call("private_storage_write",
                       private_write_input(Args().inline_bytes("k"), Args().inline_bytes("v"), 3))),
      0u);
  storage::MemoryStore private_store;
  g.private_store = &private_store;
  EXPECT_EQ(
      error_json(g.call("private_storage_write",
                        private_write_input(Args().inline_bytes("k"), Args().inline_bytes("v")))),
      host_error("StorageWriteCountExceeded", R"({"max":0})"));
  EXPECT_TRUE(private_store.empty());
}

TEST(AppsPrivate, WithoutAPrivateStoreTheKeyIsStillChecked) {
  Guest g("app_private");
  EXPECT_EQ(error_json(g.call("private_storage_read", key_reg_input(Args().raw(0, kMaxKey + 1)))),
            kKeyTooLong);
  EXPECT_EQ(error_json(g.call("private_storage_read", key_reg_input(Args().raw(1ull << 32, 1)))),
            kIma);
  EXPECT_EQ(
      error_json(g.call("private_storage_write",
                        private_write_input(Args().inline_bytes("k"), Args().raw(1ull << 32, 1)))),
      kIma);
  EXPECT_EQ(error_json(g.call("private_storage_remove", key_reg_input(Args().raw(1ull << 32, 1)))),
            kIma);
}

TEST(AppsPrivate, WriteReadRemoveUseThePrivateStoreOnly) {
  Guest g("app_private");
  storage::MemoryStore private_store;
  g.private_store = &private_store;
  EXPECT_EQ(
      result_of(g.call("private_storage_write",
                       private_write_input(Args().inline_bytes("k"), Args().inline_bytes("v1")))),
      1u);
  // A success flag, not "existed": 1 again when replacing.
  EXPECT_EQ(
      result_of(g.call("private_storage_write",
                       private_write_input(Args().inline_bytes("k"), Args().inline_bytes("v2")))),
      1u);
  EXPECT_EQ(contents(private_store, Space::Main), (Pairs{{bytes_of("k"), bytes_of("v2")}}));
  EXPECT_TRUE(g.store.empty());
  Output read(ok_value(g.call("private_storage_read", key_reg_input(Args().inline_bytes("k")))));
  EXPECT_EQ(read.u64(), 1u);
  EXPECT_EQ(read.block(), bytes_of("v2"));
  Output removed(
      ok_value(g.call("private_storage_remove", key_reg_input(Args().inline_bytes("k")))));
  EXPECT_EQ(removed.u64(), 1u);
  EXPECT_EQ(removed.block(), bytes_of("v2"));
  EXPECT_TRUE(private_store.empty());
  Output again(ok_value(g.call("private_storage_remove", key_reg_input(Args().inline_bytes("k")))));
  EXPECT_EQ(again.u64(), 0u);
  EXPECT_EQ(again.block(), std::nullopt);
}

TEST(AppsPrivate, PrivateAndMainKeyspacesAreSeparate) {
  Guest g("app_private");
  storage::MemoryStore private_store;
  g.private_store = &private_store;
  g.store.set(bytes_of("k"), bytes_of("main"));
  Output read(ok_value(g.call("private_storage_read", key_reg_input(Args().inline_bytes("k")))));
  EXPECT_EQ(read.u64(), 0u);
}

TEST(AppsPrivate, WriteThenReadInOneExecution) {
  Guest g("app_private");
  storage::MemoryStore private_store;
  g.private_store = &private_store;
  Output out(
      ok_value(g.call("write_then_read", Args().inline_bytes("pk").inline_bytes("pv").bytes())));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), bytes_of("pv"));
  EXPECT_EQ(private_store.get(bytes_of("pk")), bytes_of("pv"));
  EXPECT_TRUE(g.store.empty());
}

TEST(AppsPrivate, KeyAndValueLimitsAtAndPastTheBoundary) {
  Guest g("app_private");
  storage::MemoryStore private_store;
  g.private_store = &private_store;
  EXPECT_EQ(
      result_of(g.call("private_storage_write", private_write_input(Args().fill(kMaxKey, 'k'),
                                                                    Args().fill(kMaxValue, 'v')))),
      1u);
  EXPECT_EQ(
      error_json(g.call("private_storage_write", private_write_input(Args().fill(kMaxKey + 1, 'k'),
                                                                     Args().inline_bytes("v")))),
      kKeyTooLong);
  EXPECT_EQ(error_json(g.call(
                "private_storage_write",
                private_write_input(Args().inline_bytes("k"), Args().fill(kMaxValue + 1, 'v')))),
            kValueTooLong);
  EXPECT_EQ(error_json(g.call(
                "private_storage_write",
                private_write_input(Args().raw(0, kMaxKey + 1), Args().raw(0, kMaxValue + 1)))),
            kKeyTooLong);
  EXPECT_EQ(error_json(g.call("private_storage_read", key_reg_input(Args().raw(0, kMaxKey + 1)))),
            kKeyTooLong);
  EXPECT_EQ(error_json(g.call("private_storage_remove", key_reg_input(Args().raw(0, kMaxKey + 1)))),
            kKeyTooLong);
  EXPECT_EQ(private_store.get(Bytes(kMaxKey, 'k')), Bytes(kMaxValue, 'v'));
  EXPECT_EQ(contents(private_store, Space::Main).size(), 1u);
}

TEST(AppsPrivate, MalformedPayloadsAndDescriptors) {
  Guest g("app_private");
  storage::MemoryStore private_store;
  g.private_store = &private_store;
  for (Args bad :
       {Args().raw(1ull << 32, 1), Args().raw(1ull << 31, 1), Args().at_end(3, 1, 'k')}) {
    EXPECT_EQ(error_json(g.call("private_storage_write",
                                private_write_input(bad, Args().inline_bytes("v")))),
              kIma);
    EXPECT_EQ(error_json(g.call("private_storage_write",
                                private_write_input(Args().inline_bytes("k"), bad))),
              kIma);
    EXPECT_EQ(error_json(g.call("private_storage_read", key_reg_input(bad))), kIma);
    EXPECT_EQ(error_json(g.call("private_storage_remove", key_reg_input(bad))), kIma);
  }
  EXPECT_EQ(
      error_json(g.call("private_storage_read", Args().u64(1).address(1ull << 32).u64(1).bytes())),
      kIma);
  EXPECT_EQ(
      result_of(g.call("private_storage_write",
                       private_write_input(Args().at_end(3, 0, 'k'), Args().inline_bytes("v")))),
      1u);
  EXPECT_EQ(contents(private_store, Space::Main), (Pairs{{bytes_of("kkk"), bytes_of("v")}}));
}

// §10.2 key policy `node-keys` applies to the private store too.
TEST(AppsPrivate, NodeKeysOptionAppliesToPrivateStorage) {
  RuntimeOptions options;
  options.node_keys = true;
  Guest g("app_private", {}, options);
  storage::MemoryStore private_store;
  g.private_store = &private_store;
  Output short_key(
      ok_value(g.call("write_then_read", Args().inline_bytes("pk").inline_bytes("pv").bytes())));
  short_key.u64();
  EXPECT_EQ(short_key.u64(), 0u);
  EXPECT_TRUE(private_store.empty());
  Output full_key(
      ok_value(g.call("write_then_read", Args().fill(32, 'p').inline_bytes("pv").bytes())));
  EXPECT_EQ(full_key.u64(), 1u);
  EXPECT_EQ(full_key.u64(), 1u);
  EXPECT_EQ(private_store.get(Bytes(32, 'p')), bytes_of("pv"));
}

}  // namespace
}  // namespace ward::runtime
