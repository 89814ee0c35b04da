#include "ward/storage/memory_store.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "storage_conformance.hpp"
#include "ward/storage/byte_order.hpp"

namespace ward::storage::conformance {

INSTANTIATE_TEST_SUITE_P(
    MemoryStore, StorageConformance,
    ::testing::Values(conformance_case("Memory", [] { return std::make_unique<MemoryStore>(); })),
    conformance_case_name);

namespace {

using Space = WriteBatch::Space;

TEST(ByteOrder, StdLessOnByteVectorsIsUnsigned) {
  // std::map<Bytes, Bytes> would order keys like ByteLess: uint8_t compares as unsigned.
  EXPECT_TRUE(std::less<Bytes>{}(raw({0x7F}), raw({0x80})));
  EXPECT_TRUE(std::less<Bytes>{}(raw({0x00, 0xFF}), raw({0x01})));
  EXPECT_TRUE(std::less<Bytes>{}(raw({0xFF}), raw({0xFF, 0x00})));
  std::mt19937 random(7);
  std::uniform_int_distribution<int> length(0, 3);
  std::uniform_int_distribution<int> byte_pick(0, 3);
  const uint8_t interesting[] = {0x00, 0x7F, 0x80, 0xFF};
  auto random_key = [&] {
    Bytes key(length(random));
    for (auto& byte : key) byte = interesting[byte_pick(random)];
    return key;
  };
  for (int i = 0; i < 2000; ++i) {
    const Bytes a = random_key(), b = random_key();
    EXPECT_EQ(std::less<Bytes>{}(a, b), ByteLess{}(a, b));
    EXPECT_EQ(a == b, compare_bytes(a, b) == 0);
  }
}

TEST(ByteOrder, CompareBytesHandlesEmptyAndPrefixes) {
  EXPECT_EQ(compare_bytes({}, {}), 0);
  EXPECT_LT(compare_bytes({}, raw({0x00})), 0);
  EXPECT_GT(compare_bytes(raw({0x80}), raw({0x7F, 0xFF})), 0);
  EXPECT_LT(compare_bytes(bytes("ab"), bytes("abc")), 0);
  EXPECT_TRUE(has_prefix(bytes("abc"), bytes("ab")));
  EXPECT_TRUE(has_prefix(bytes("abc"), {}));
  EXPECT_FALSE(has_prefix(bytes("ab"), bytes("abc")));
}

TEST(ByteOrder, PrefixEndBoundsThePrefixRange) {
  EXPECT_EQ(prefix_end({}), std::nullopt);
  EXPECT_EQ(prefix_end(raw({0xFF, 0xFF})), std::nullopt);
  EXPECT_EQ(prefix_end(raw({0x01, 0xFF})), raw({0x02}));
  EXPECT_EQ(prefix_end(bytes("ab")), bytes("ac"));
  EXPECT_EQ(prefix_end(raw({0x7F})), raw({0x80}));
  EXPECT_EQ(key_successor(bytes("ab")), bytes(std::string_view("ab\0", 3)));
}

TEST(MemoryStore, CopiesAreIndependent) {
  MemoryStore node_a;
  node_a.set(bytes("k"), bytes("v"));
  node_a.index_set(bytes("i"), bytes("v"));
  std::unique_ptr<MemoryStore> node_b = node_a.clone();
  EXPECT_EQ(*node_b, node_a);
  node_b->set(bytes("k"), bytes("changed"));
  node_b->index_del(bytes("i"));
  node_b->index_meta_set(bytes("m"), {});
  EXPECT_EQ(node_a.get(bytes("k")), bytes("v"));
  EXPECT_EQ(node_a.entries(Space::Index).size(), 1u);
  EXPECT_TRUE(node_a.entries(Space::IndexMeta).empty());
  EXPECT_FALSE(*node_b == node_a);
}

TEST(MemoryStore, EntriesListEachKeyspaceInOrder) {
  MemoryStore store;
  EXPECT_TRUE(store.empty());
  store.set(raw({0x80}), bytes("high"));
  store.set(raw({0x7F}), bytes("low"));
  store.index_set(bytes("i"), bytes("index"));
  store.index_meta_set(bytes("m"), bytes("meta"));
  EXPECT_FALSE(store.empty());
  const ByteMap& main = store.entries(Space::Main);
  ASSERT_EQ(main.size(), 2u);
  EXPECT_EQ(main.begin()->first, raw({0x7F}));
  EXPECT_EQ(main.rbegin()->second, bytes("high"));
  EXPECT_EQ(store.entries(Space::Index).begin()->first, bytes("i"));
  EXPECT_EQ(store.entries(Space::IndexMeta).begin()->second, bytes("meta"));
}

TEST(MemoryStore, ApplyReplacesExistingValuesInPlace) {
  MemoryStore store;
  store.set(bytes("k"), bytes("old"));
  store.index_set(bytes("k"), bytes("old"));
  WriteBatch batch;
  batch.ops = {{Space::Main, WriteBatch::Op::Kind::Put, bytes("k"), bytes("new")},
               {Space::Index, WriteBatch::Op::Kind::Put, bytes("k"), bytes("new")},
               {Space::Index, WriteBatch::Op::Kind::Put, bytes("k"), bytes("newer")}};
  store.apply(batch);
  EXPECT_EQ(store.get(bytes("k")), bytes("new"));
  EXPECT_EQ(store.entries(Space::Index).at(bytes("k")), bytes("newer"));
  EXPECT_EQ(store.entries(Space::Main).size(), 1u);
}

TEST(MemoryStore, ScanOfOneKeyRange) {
  MemoryStore store;
  store.index_set(bytes("a"), bytes("1"));
  // [key, key ‖ 0x00) holds exactly one key.
  EXPECT_EQ(store.index_scan(bytes("a"), key_successor(bytes("a")), 0, std::nullopt).size(), 1u);
}

}  // namespace
}  // namespace ward::storage::conformance
