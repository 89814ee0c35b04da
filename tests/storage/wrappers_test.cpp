#include <gtest/gtest.h>

#include "storage_conformance.hpp"
#include "ward/storage/memory_store.hpp"
#include "ward/storage/node_keys.hpp"
#include "ward/storage/read_only.hpp"
#include "ward/storage/transaction.hpp"

namespace ward::storage::conformance {
namespace {

using Kind = WriteBatch::Op::Kind;
using Space = WriteBatch::Space;

MemoryStore sample_store() {
  MemoryStore store;
  store.set(bytes("k"), bytes("v"));
  store.index_set(bytes("i1"), bytes("one"));
  store.index_set(bytes("i2"), bytes("two"));
  store.index_meta_set(bytes("m"), bytes("meta"));
  return store;
}

Bytes node_key(uint8_t fill) { return Bytes(NodeKeyPolicy::kKeySize, fill); }

// ---- ReadOnlyStorage ----

TEST(ReadOnlyStorage, ReadsPassThrough) {
  MemoryStore inner = sample_store();
  ReadOnlyStorage view(inner);
  EXPECT_EQ(view.get(bytes("k")), bytes("v"));
  EXPECT_TRUE(view.has(bytes("k")));
  EXPECT_FALSE(view.has(bytes("absent")));
  EXPECT_TRUE(view.supports_index());
  EXPECT_EQ(scan_all(view), scan_all(inner));
  EXPECT_EQ(view.index_scan(bytes("i"), bytes("j"), 1, 1),
            (std::vector<KeyValue>{{bytes("i2"), bytes("two")}}));
  EXPECT_EQ(view.index_last(bytes("i"), bytes("j")),
            std::make_optional(KeyValue{bytes("i2"), bytes("two")}));
  EXPECT_EQ(view.index_meta_get(bytes("m")), bytes("meta"));
  int visited = 0;
  view.index_visit({}, beyond_all_keys(), ScanOrder::Descending, [&](BytesView, BytesView) {
    ++visited;
    return true;
  });
  EXPECT_EQ(visited, 2);
}

TEST(ReadOnlyStorage, WritesDoNothing) {
  MemoryStore inner = sample_store();
  const MemoryStore snapshot = inner;
  ReadOnlyStorage view(inner);
  EXPECT_EQ(view.set(bytes("k"), bytes("changed")), std::nullopt);
  EXPECT_EQ(view.set(bytes("new"), bytes("x")), std::nullopt);
  EXPECT_EQ(view.remove(bytes("k")), std::nullopt);
  EXPECT_FALSE(view.index_set(bytes("i3"), bytes("three")));
  EXPECT_FALSE(view.index_del(bytes("i1")));
  EXPECT_FALSE(view.index_del_prefix({}));
  EXPECT_FALSE(view.index_meta_set(bytes("m"), bytes("changed")));
  EXPECT_FALSE(view.index_meta_del(bytes("m")));
  EXPECT_EQ(inner, snapshot);
  EXPECT_EQ(view.get(bytes("k")), bytes("v"));
}

TEST(ReadOnlyStorage, ApplyThrows) {
  MemoryStore inner = sample_store();
  const MemoryStore snapshot = inner;
  ReadOnlyStorage view(inner);
  WriteBatch batch;
  batch.ops = {{Space::Main, Kind::Put, bytes("k"), bytes("x")}};
  try {
    view.apply(batch);
    FAIL() << "apply on a read-only store must throw";
  } catch (const StorageError& error) {
    EXPECT_STREQ(error.what(), "read-only");
  }
  EXPECT_THROW(view.apply(WriteBatch{}), StorageError);
  EXPECT_EQ(inner, snapshot);
}

TEST(ReadOnlyStorage, ReportsTheInnerStoresIndexSupport) {
  MemoryStore memory;
  ReadOnlyStorage over_memory(memory);
  EXPECT_TRUE(over_memory.supports_index());
  ReadOnlyStorage nested(static_cast<Storage&>(over_memory));
  EXPECT_TRUE(nested.supports_index());
  EXPECT_EQ(&nested.inner(), &over_memory);
}

// ---- NodeKeyPolicy ----

TEST(NodeKeyPolicy, ThirtyTwoByteKeysWork) {
  MemoryStore inner;
  NodeKeyPolicy store(inner);
  EXPECT_EQ(store.set(node_key(1), bytes("v")), std::nullopt);
  EXPECT_EQ(store.set(node_key(1), bytes("w")), bytes("v"));
  EXPECT_EQ(store.get(node_key(1)), bytes("w"));
  EXPECT_TRUE(store.has(node_key(1)));
  EXPECT_EQ(inner.get(node_key(1)), bytes("w"));
  EXPECT_EQ(store.remove(node_key(1)), bytes("w"));
  EXPECT_TRUE(inner.empty());
}

TEST(NodeKeyPolicy, OtherKeyLengthsAreAbsent) {
  MemoryStore inner;
  // Planted behind the policy's back: it must still look absent.
  inner.set(bytes("short"), bytes("hidden"));
  inner.set(Bytes(33, 0x01), bytes("hidden"));
  NodeKeyPolicy store(inner);
  for (const Bytes& key : {bytes("short"), Bytes{}, Bytes(31, 0x01), Bytes(33, 0x01)}) {
    EXPECT_EQ(store.get(key), std::nullopt) << key.size();
    EXPECT_FALSE(store.has(key)) << key.size();
    EXPECT_EQ(store.set(key, bytes("x")), std::nullopt) << key.size();
    EXPECT_EQ(store.remove(key), std::nullopt) << key.size();
  }
  EXPECT_EQ(inner.get(bytes("short")), bytes("hidden"));
  EXPECT_EQ(inner.get(Bytes(33, 0x01)), bytes("hidden"));
  EXPECT_FALSE(inner.has(Bytes(31, 0x01)));
  EXPECT_EQ(inner.entries(Space::Main).size(), 2u);
}

TEST(NodeKeyPolicy, IndexAndMetaAcceptAnyKeyLength) {
  MemoryStore inner;
  NodeKeyPolicy store(inner);
  EXPECT_TRUE(store.supports_index());
  EXPECT_TRUE(store.index_set(bytes("s"), bytes("short")));
  EXPECT_TRUE(store.index_set(node_key(2), bytes("node")));
  EXPECT_TRUE(store.index_meta_set(bytes("m"), bytes("meta")));
  EXPECT_EQ(keys_of(scan_all(store)), (std::vector<Bytes>{node_key(2), bytes("s")}));
  EXPECT_EQ(store.index_last({}, beyond_all_keys())->first, bytes("s"));
  EXPECT_EQ(store.index_meta_get(bytes("m")), bytes("meta"));
  EXPECT_TRUE(store.index_del(bytes("s")));
  EXPECT_TRUE(store.index_meta_del(bytes("m")));
  EXPECT_TRUE(store.index_del_prefix({}));
  EXPECT_TRUE(inner.empty());
}

TEST(NodeKeyPolicy, ApplyDropsOnlyMainOperationsWithOtherKeyLengths) {
  MemoryStore inner;
  NodeKeyPolicy store(inner);
  WriteBatch batch;
  batch.ops = {{Space::Main, Kind::Put, bytes("short"), bytes("dropped")},
               {Space::Main, Kind::Put, node_key(3), bytes("kept")},
               {Space::Index, Kind::Put, bytes("short"), bytes("index")},
               {Space::IndexMeta, Kind::Put, bytes("short"), bytes("meta")}};
  store.apply(batch);
  EXPECT_EQ(inner.entries(Space::Main).size(), 1u);
  EXPECT_EQ(inner.get(node_key(3)), bytes("kept"));
  EXPECT_EQ(inner.entries(Space::Index).at(bytes("short")), bytes("index"));
  EXPECT_EQ(inner.index_meta_get(bytes("short")), bytes("meta"));
}

TEST(NodeKeyPolicy, OverATransactionFiltersBeforeTheOverlay) {
  MemoryStore base;
  Transaction transaction(base);
  NodeKeyPolicy store(transaction);
  EXPECT_EQ(store.set(bytes("five!"), bytes("x")), std::nullopt);
  EXPECT_TRUE(transaction.empty());
  store.set(node_key(4), bytes("v"));
  transaction.commit();
  EXPECT_EQ(base.entries(Space::Main).size(), 1u);
  EXPECT_EQ(base.get(node_key(4)), bytes("v"));
}

}  // namespace
}  // namespace ward::storage::conformance
