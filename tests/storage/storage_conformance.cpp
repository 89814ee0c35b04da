// The Storage conformance tests (see storage_conformance.hpp for how a backend joins).
#include "storage_conformance.hpp"

#include <optional>

namespace ward::storage::conformance {
namespace {

using Kind = WriteBatch::Op::Kind;
using Space = WriteBatch::Space;

#define SKIP_WITHOUT_INDEX() \
  if (skip_without_index()) GTEST_SKIP() << "store has no ordered index"

std::vector<KeyValue> pairs(std::initializer_list<std::pair<Bytes, Bytes>> list) {
  return std::vector<KeyValue>(list);
}

// ---- Main keyspace ----

TEST_P(StorageConformance, AbsentKeyIsAbsent) {
  EXPECT_EQ(store().get(bytes("missing")), std::nullopt);
  EXPECT_FALSE(store().has(bytes("missing")));
  EXPECT_EQ(store().remove(bytes("missing")), std::nullopt);
  checkpoint();
  EXPECT_EQ(store().get(bytes("missing")), std::nullopt);
  EXPECT_FALSE(store().has(bytes("missing")));
}

TEST_P(StorageConformance, SetReturnsThePreviousValue) {
  EXPECT_EQ(store().set(bytes("k"), bytes("one")), std::nullopt);
  EXPECT_EQ(store().set(bytes("k"), bytes("two")), bytes("one"));
  EXPECT_EQ(store().get(bytes("k")), bytes("two"));
  EXPECT_TRUE(store().has(bytes("k")));
  checkpoint();
  EXPECT_EQ(store().get(bytes("k")), bytes("two"));
  EXPECT_EQ(store().set(bytes("k"), bytes("three")), bytes("two"));
  checkpoint();
  EXPECT_EQ(store().get(bytes("k")), bytes("three"));
}

TEST_P(StorageConformance, RemoveReturnsTheRemovedValue) {
  store().set(bytes("k"), bytes("v"));
  store().set(bytes("other"), bytes("w"));
  EXPECT_EQ(store().remove(bytes("k")), bytes("v"));
  EXPECT_EQ(store().get(bytes("k")), std::nullopt);
  EXPECT_FALSE(store().has(bytes("k")));
  EXPECT_EQ(store().remove(bytes("k")), std::nullopt);
  checkpoint();
  EXPECT_FALSE(store().has(bytes("k")));
  EXPECT_EQ(store().get(bytes("other")), bytes("w"));
  EXPECT_EQ(store().remove(bytes("other")), bytes("w"));
  EXPECT_EQ(store().set(bytes("k"), bytes("again")), std::nullopt);
  checkpoint();
  EXPECT_FALSE(store().has(bytes("other")));
  EXPECT_EQ(store().get(bytes("k")), bytes("again"));
}

TEST_P(StorageConformance, EmptyValueIsPresentNotAbsent) {
  EXPECT_EQ(store().set(bytes("k"), {}), std::nullopt);
  EXPECT_TRUE(store().has(bytes("k")));
  EXPECT_EQ(store().get(bytes("k")), Bytes{});
  checkpoint();
  EXPECT_TRUE(store().has(bytes("k")));
  EXPECT_EQ(store().get(bytes("k")), Bytes{});
  EXPECT_EQ(store().set(bytes("k"), bytes("v")), Bytes{});
  EXPECT_EQ(store().set(bytes("k"), {}), bytes("v"));
  EXPECT_EQ(store().remove(bytes("k")), Bytes{});
  EXPECT_FALSE(store().has(bytes("k")));
}

TEST_P(StorageConformance, EmptyKeyIsAnOrdinaryKey) {
  EXPECT_EQ(store().set({}, bytes("empty")), std::nullopt);
  EXPECT_EQ(store().set(raw({0x00}), bytes("zero")), std::nullopt);
  checkpoint();
  EXPECT_EQ(store().get({}), bytes("empty"));
  EXPECT_EQ(store().get(raw({0x00})), bytes("zero"));
  EXPECT_EQ(store().remove({}), bytes("empty"));
  EXPECT_EQ(store().get(raw({0x00})), bytes("zero"));
}

TEST_P(StorageConformance, BinaryKeysAndValuesAreExact) {
  const std::vector<Bytes> keys = {
      raw({0x00}),       raw({0x00, 0x00}), raw({0xFF}),
      raw({0xFF, 0x00}), raw({0x00, 0xFF}), bytes(std::string_view("a\0b", 3)),
      bytes("a"),        raw({0x80}),       raw({0x7F})};
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(store().set(keys[i], raw({0x00, static_cast<uint8_t>(i), 0xFF})), std::nullopt)
        << "key #" << i;
  }
  checkpoint();
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(store().get(keys[i]), raw({0x00, static_cast<uint8_t>(i), 0xFF})) << "key #" << i;
  }
  EXPECT_FALSE(store().has(raw({0x00, 0x00, 0x00})));
  EXPECT_FALSE(store().has(bytes(std::string_view("a\0", 2))));
}

TEST_P(StorageConformance, LargeValueRoundTrips) {
  Bytes value(1 << 20);
  for (size_t i = 0; i < value.size(); ++i) value[i] = static_cast<uint8_t>(i * 7 + i / 256);
  store().set(bytes("large"), value);
  checkpoint();
  EXPECT_EQ(store().get(bytes("large")), value);
}

TEST_P(StorageConformance, ManyKeys) {
  auto key = [](int i) { return bytes("key/" + std::to_string(i)); };
  for (int i = 0; i < 1000; ++i) store().set(key(i), bytes(std::to_string(i * i)));
  checkpoint();
  for (int i = 0; i < 1000; i += 2) EXPECT_EQ(store().remove(key(i)), bytes(std::to_string(i * i)));
  checkpoint();
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(store().has(key(i)), i % 2 == 1) << i;
  }
}

// ---- Ordered index ----

TEST_P(StorageConformance, WithoutIndexEveryIndexOperationIsEmpty) {
  if (store().supports_index()) GTEST_SKIP() << "store has an ordered index";
  EXPECT_FALSE(store().index_set(bytes("k"), bytes("v")));
  EXPECT_FALSE(store().index_meta_set(bytes("k"), bytes("v")));
  checkpoint();
  EXPECT_TRUE(scan_all(store()).empty());
  EXPECT_EQ(store().index_last({}, beyond_all_keys()), std::nullopt);
  EXPECT_EQ(store().index_meta_get(bytes("k")), std::nullopt);
  EXPECT_FALSE(store().index_del(bytes("k")));
  EXPECT_FALSE(store().index_del_prefix({}));
  EXPECT_FALSE(store().index_meta_del(bytes("k")));
}

TEST_P(StorageConformance, IndexWritesReportSuccess) {
  SKIP_WITHOUT_INDEX();
  EXPECT_TRUE(store().index_set(bytes("k"), bytes("v")));
  EXPECT_TRUE(store().index_set(bytes("k"), bytes("w")));
  EXPECT_TRUE(store().index_del(bytes("k")));
  EXPECT_TRUE(store().index_del(bytes("never-written")));
  EXPECT_TRUE(store().index_del_prefix(bytes("k")));
  EXPECT_TRUE(store().index_meta_set(bytes("m"), bytes("v")));
  EXPECT_TRUE(store().index_meta_del(bytes("m")));
  EXPECT_TRUE(store().index_meta_del(bytes("never-written")));
}

TEST_P(StorageConformance, IndexScanIsHalfOpenAndAscending) {
  SKIP_WITHOUT_INDEX();
  for (const char* key : {"d", "b", "a", "c"}) store().index_set(bytes(key), bytes(key));
  checkpoint();
  EXPECT_EQ(store().index_scan(bytes("b"), bytes("d"), 0, std::nullopt),
            pairs({{bytes("b"), bytes("b")}, {bytes("c"), bytes("c")}}));
  EXPECT_EQ(keys_of(store().index_scan(bytes("a"), bytes("z"), 0, std::nullopt)),
            (std::vector<Bytes>{bytes("a"), bytes("b"), bytes("c"), bytes("d")}));
  EXPECT_EQ(
      keys_of(store().index_scan(bytes("bb"), bytes(std::string_view("c\0", 2)), 0, std::nullopt)),
      (std::vector<Bytes>{bytes("c")}));
  EXPECT_TRUE(store().index_scan(bytes("e"), bytes("z"), 0, std::nullopt).empty());
  EXPECT_TRUE(store().index_scan({}, bytes("a"), 0, std::nullopt).empty());
}

TEST_P(StorageConformance, IndexScanIsEmptyUnlessLoBelowHi) {
  SKIP_WITHOUT_INDEX();
  for (const char* key : {"a", "b", "c"}) store().index_set(bytes(key), bytes(key));
  checkpoint();
  EXPECT_TRUE(store().index_scan(bytes("b"), bytes("b"), 0, std::nullopt).empty());
  EXPECT_TRUE(store().index_scan(bytes("c"), bytes("a"), 0, std::nullopt).empty());
  EXPECT_TRUE(store().index_scan({}, {}, 0, std::nullopt).empty());
  EXPECT_EQ(store().index_last(bytes("b"), bytes("b")), std::nullopt);
  EXPECT_EQ(store().index_last(bytes("c"), bytes("a")), std::nullopt);
}

TEST_P(StorageConformance, IndexScanOffsetAndLimit) {
  SKIP_WITHOUT_INDEX();
  auto key = [](int i) { return raw({static_cast<uint8_t>(i)}); };
  for (int i = 0; i < 10; ++i) store().index_set(key(i), key(i * 10));
  checkpoint();
  const Bytes lo = key(0), hi = key(10);
  EXPECT_EQ(keys_of(store().index_scan(lo, hi, 3, 4)),
            (std::vector<Bytes>{key(3), key(4), key(5), key(6)}));
  EXPECT_EQ(store().index_scan(lo, hi, 3, 1), pairs({{key(3), key(30)}}));
  EXPECT_EQ(store().index_scan(lo, hi, 0, std::nullopt).size(), 10u);
  EXPECT_EQ(store().index_scan(lo, hi, 7, std::nullopt).size(), 3u);
  EXPECT_EQ(store().index_scan(lo, hi, 7, 100).size(), 3u);
  EXPECT_TRUE(store().index_scan(lo, hi, 10, std::nullopt).empty());
  EXPECT_TRUE(store().index_scan(lo, hi, 1000, 5).empty());
  EXPECT_TRUE(store().index_scan(lo, hi, 0, 0).empty());
  EXPECT_TRUE(store().index_scan(lo, hi, 2, 0).empty());
  EXPECT_EQ(keys_of(store().index_scan(key(2), key(5), 1, 10)),
            (std::vector<Bytes>{key(3), key(4)}));
  EXPECT_EQ(store().index_scan(lo, hi, UINT64_MAX, UINT64_MAX).size(), 0u);
  EXPECT_EQ(store().index_scan(lo, hi, 0, UINT64_MAX).size(), 10u);
}

TEST_P(StorageConformance, IndexOrderIsUnsignedBytes) {
  SKIP_WITHOUT_INDEX();
  const std::vector<Bytes> ascending = {{},          raw({0x00}),       raw({0x00, 0x00}),
                                        raw({0x01}), raw({0x7F}),       raw({0x7F, 0xFF}),
                                        raw({0x80}), raw({0x80, 0x00}), raw({0xFE, 0xFF}),
                                        raw({0xFF}), raw({0xFF, 0x00}), raw({0xFF, 0xFF})};
  for (auto it = ascending.rbegin(); it != ascending.rend(); ++it) store().index_set(*it, *it);
  checkpoint();
  EXPECT_EQ(keys_of(scan_all(store())), ascending);
  EXPECT_EQ(keys_of(store().index_scan(raw({0x7F}), raw({0x80}), 0, std::nullopt)),
            (std::vector<Bytes>{raw({0x7F}), raw({0x7F, 0xFF})}));
  EXPECT_EQ(keys_of(store().index_scan(raw({0x80}), raw({0xFF}), 0, std::nullopt)),
            (std::vector<Bytes>{raw({0x80}), raw({0x80, 0x00}), raw({0xFE, 0xFF})}));
  EXPECT_EQ(keys_of(store().index_scan({}, raw({0x00}), 0, std::nullopt)),
            (std::vector<Bytes>{Bytes{}}));
  auto last_below_0x80 = store().index_last({}, raw({0x80}));
  ASSERT_TRUE(last_below_0x80);
  EXPECT_EQ(last_below_0x80->first, raw({0x7F, 0xFF}));
}

TEST_P(StorageConformance, IndexKeysSortAfterTheirPrefixes) {
  SKIP_WITHOUT_INDEX();
  const std::vector<Bytes> ascending = {bytes("a"),
                                        bytes(std::string_view("a\0", 2)),
                                        bytes(std::string_view("a\0\0", 3)),
                                        bytes("a\x01"),
                                        bytes("ab"),
                                        bytes("abc"),
                                        bytes("b")};
  for (auto it = ascending.rbegin(); it != ascending.rend(); ++it) store().index_set(*it, {});
  checkpoint();
  EXPECT_EQ(keys_of(scan_all(store())), ascending);
}

TEST_P(StorageConformance, IndexSetOverwritesAndKeepsEmptyValues) {
  SKIP_WITHOUT_INDEX();
  store().index_set(bytes("k"), bytes("first"));
  store().index_set(bytes("k"), bytes("second"));
  store().index_set(bytes("empty"), {});
  checkpoint();
  EXPECT_EQ(scan_all(store()), pairs({{bytes("empty"), {}}, {bytes("k"), bytes("second")}}));
  store().index_set(bytes("k"), {});
  checkpoint();
  EXPECT_EQ(scan_all(store()), pairs({{bytes("empty"), {}}, {bytes("k"), {}}}));
}

TEST_P(StorageConformance, IndexDelRemovesOneKey) {
  SKIP_WITHOUT_INDEX();
  for (const char* key : {"a", "ab", "b"}) store().index_set(bytes(key), bytes(key));
  store().index_del(bytes("a"));
  store().index_del(bytes("missing"));
  checkpoint();
  EXPECT_EQ(keys_of(scan_all(store())), (std::vector<Bytes>{bytes("ab"), bytes("b")}));
  store().index_del(bytes("b"));
  checkpoint();
  EXPECT_EQ(keys_of(scan_all(store())), (std::vector<Bytes>{bytes("ab")}));
}

TEST_P(StorageConformance, IndexLastIsTheGreatestKeyBelowHi) {
  SKIP_WITHOUT_INDEX();
  for (const char* key : {"a", "b", "bz", "c"})
    store().index_set(bytes(key), bytes(std::string(key) + "!"));
  checkpoint();
  EXPECT_EQ(store().index_last(bytes("a"), bytes("c")),
            std::make_optional(KeyValue{bytes("bz"), bytes("bz!")}));
  EXPECT_EQ(store().index_last(bytes("a"), bytes(std::string_view("c\0", 2))),
            std::make_optional(KeyValue{bytes("c"), bytes("c!")}));
  EXPECT_EQ(store().index_last(bytes("a"), bytes(std::string_view("a\0", 2))),
            std::make_optional(KeyValue{bytes("a"), bytes("a!")}));
  EXPECT_EQ(store().index_last(bytes("a"), bytes("a")), std::nullopt);
  EXPECT_EQ(store().index_last(bytes("c1"), bytes("z")), std::nullopt);
  EXPECT_EQ(store().index_last({}, bytes("a")), std::nullopt);
  EXPECT_EQ(store().index_last(bytes("b0"), bytes("z"))->first, bytes("c"));
}

TEST_P(StorageConformance, IndexDelPrefixRemovesExactlyThePrefixRange) {
  SKIP_WITHOUT_INDEX();
  const std::vector<Bytes> under = {bytes("ab"), bytes(std::string_view("ab\0", 3)), bytes("abc"),
                                    bytes("ab\xFF\xFF")};
  const std::vector<Bytes> outside = {bytes("a"), bytes("aa\xFF"), bytes("ac"), bytes("b"),
                                      bytes("AB")};
  for (const auto& key : under) store().index_set(key, key);
  for (const auto& key : outside) store().index_set(key, key);
  store().index_del_prefix(bytes("ab"));
  checkpoint();
  EXPECT_EQ(
      keys_of(scan_all(store())),
      (std::vector<Bytes>{bytes("AB"), bytes("a"), bytes("aa\xFF"), bytes("ac"), bytes("b")}));
}

TEST_P(StorageConformance, IndexDelPrefixOfHighBytes) {
  SKIP_WITHOUT_INDEX();
  for (const Bytes& key : {raw({0xFE, 0xFF}), raw({0xFF}), raw({0xFF, 0x00}), raw({0xFF, 0xFF}),
                           raw({0xFF, 0xFF, 0xFF})}) {
    store().index_set(key, {});
  }
  store().index_del_prefix(raw({0xFF, 0xFF}));
  checkpoint();
  EXPECT_EQ(keys_of(scan_all(store())),
            (std::vector<Bytes>{raw({0xFE, 0xFF}), raw({0xFF}), raw({0xFF, 0x00})}));
  store().index_del_prefix(raw({0xFF}));
  checkpoint();
  EXPECT_EQ(keys_of(scan_all(store())), (std::vector<Bytes>{raw({0xFE, 0xFF})}));
}

TEST_P(StorageConformance, IndexDelEmptyPrefixClearsOnlyTheIndex) {
  SKIP_WITHOUT_INDEX();
  store().set(bytes("k"), bytes("main"));
  store().index_meta_set(bytes("k"), bytes("meta"));
  for (const Bytes& key : {Bytes{}, raw({0x00}), bytes("k"), raw({0xFF, 0xFF})}) {
    store().index_set(key, bytes("index"));
  }
  EXPECT_TRUE(store().index_del_prefix({}));
  checkpoint();
  EXPECT_TRUE(scan_all(store()).empty());
  EXPECT_EQ(store().index_last({}, beyond_all_keys()), std::nullopt);
  EXPECT_EQ(store().get(bytes("k")), bytes("main"));
  EXPECT_EQ(store().index_meta_get(bytes("k")), bytes("meta"));
}

TEST_P(StorageConformance, IndexSetAfterDelPrefixIsVisible) {
  SKIP_WITHOUT_INDEX();
  store().index_set(bytes("p/old"), bytes("1"));
  store().index_set(bytes("q"), bytes("2"));
  store().index_del_prefix(bytes("p/"));
  store().index_set(bytes("p/new"), bytes("3"));
  EXPECT_EQ(scan_all(store()), pairs({{bytes("p/new"), bytes("3")}, {bytes("q"), bytes("2")}}));
  checkpoint();
  EXPECT_EQ(scan_all(store()), pairs({{bytes("p/new"), bytes("3")}, {bytes("q"), bytes("2")}}));
}

TEST_P(StorageConformance, IndexVisitHonoursOrderRangeAndStop) {
  SKIP_WITHOUT_INDEX();
  for (int i = 0; i < 50; ++i) store().index_set(raw({static_cast<uint8_t>(i)}), {});
  checkpoint();
  std::vector<Bytes> seen;
  store().index_visit(raw({10}), raw({40}), ScanOrder::Ascending, [&](BytesView key, BytesView) {
    seen.emplace_back(key.begin(), key.end());
    return seen.size() < 3;
  });
  EXPECT_EQ(seen, (std::vector<Bytes>{raw({10}), raw({11}), raw({12})}));
  seen.clear();
  store().index_visit(raw({10}), raw({40}), ScanOrder::Descending, [&](BytesView key, BytesView) {
    seen.emplace_back(key.begin(), key.end());
    return true;
  });
  ASSERT_EQ(seen.size(), 30u);
  EXPECT_EQ(seen.front(), raw({39}));
  EXPECT_EQ(seen.back(), raw({10}));
  seen.clear();
  store().index_visit(raw({40}), raw({10}), ScanOrder::Ascending, [&](BytesView key, BytesView) {
    seen.emplace_back(key.begin(), key.end());
    return true;
  });
  EXPECT_TRUE(seen.empty());
}

// ---- Index meta ----

TEST_P(StorageConformance, MetaSetGetDel) {
  SKIP_WITHOUT_INDEX();
  EXPECT_EQ(store().index_meta_get(bytes("m")), std::nullopt);
  store().index_meta_set(bytes("m"), bytes("one"));
  store().index_meta_set(bytes("m"), bytes("two"));
  store().index_meta_set(bytes("empty"), {});
  checkpoint();
  EXPECT_EQ(store().index_meta_get(bytes("m")), bytes("two"));
  EXPECT_EQ(store().index_meta_get(bytes("empty")), Bytes{});
  store().index_meta_del(bytes("m"));
  checkpoint();
  EXPECT_EQ(store().index_meta_get(bytes("m")), std::nullopt);
  EXPECT_EQ(store().index_meta_get(bytes("empty")), Bytes{});
}

TEST_P(StorageConformance, KeyspacesAreIndependent) {
  SKIP_WITHOUT_INDEX();
  store().set(bytes("k"), bytes("main"));
  store().index_set(bytes("k"), bytes("index"));
  store().index_meta_set(bytes("k"), bytes("meta"));
  checkpoint();
  EXPECT_EQ(store().get(bytes("k")), bytes("main"));
  EXPECT_EQ(scan_all(store()), pairs({{bytes("k"), bytes("index")}}));
  EXPECT_EQ(store().index_meta_get(bytes("k")), bytes("meta"));

  store().remove(bytes("k"));
  checkpoint();
  EXPECT_EQ(scan_all(store()), pairs({{bytes("k"), bytes("index")}}));
  EXPECT_EQ(store().index_meta_get(bytes("k")), bytes("meta"));
  store().index_del(bytes("k"));
  checkpoint();
  EXPECT_EQ(store().index_meta_get(bytes("k")), bytes("meta"));
  store().set(bytes("k"), bytes("main again"));
  store().index_meta_del(bytes("k"));
  checkpoint();
  EXPECT_EQ(store().get(bytes("k")), bytes("main again"));
  EXPECT_TRUE(scan_all(store()).empty());
  EXPECT_EQ(store().index_meta_get(bytes("k")), std::nullopt);
}

// ---- Write batches ----

TEST_P(StorageConformance, ApplyWritesEveryKeyspace) {
  SKIP_WITHOUT_INDEX();
  store().set(bytes("gone"), bytes("x"));
  store().index_set(bytes("gone"), bytes("x"));
  store().index_meta_set(bytes("gone"), bytes("x"));
  WriteBatch batch;
  batch.ops = {{Space::Main, Kind::Put, bytes("k"), bytes("main")},
               {Space::Index, Kind::Put, bytes("k"), bytes("index")},
               {Space::IndexMeta, Kind::Put, bytes("k"), bytes("meta")},
               {Space::Main, Kind::Delete, bytes("gone"), {}},
               {Space::Index, Kind::Delete, bytes("gone"), {}},
               {Space::IndexMeta, Kind::Delete, bytes("gone"), {}}};
  store().apply(batch);
  checkpoint();
  EXPECT_EQ(store().get(bytes("k")), bytes("main"));
  EXPECT_EQ(scan_all(store()), pairs({{bytes("k"), bytes("index")}}));
  EXPECT_EQ(store().index_meta_get(bytes("k")), bytes("meta"));
  EXPECT_FALSE(store().has(bytes("gone")));
  EXPECT_EQ(store().index_meta_get(bytes("gone")), std::nullopt);
}

TEST_P(StorageConformance, ApplyRunsOperationsInOrder) {
  SKIP_WITHOUT_INDEX();
  store().index_set(bytes("p/a"), bytes("old"));
  store().set(bytes("p/main"), bytes("old"));
  WriteBatch batch;
  batch.ops = {{Space::Main, Kind::Put, bytes("put-then-delete"), bytes("x")},
               {Space::Main, Kind::Delete, bytes("put-then-delete"), {}},
               {Space::Main, Kind::Delete, bytes("delete-then-put"), {}},
               {Space::Main, Kind::Put, bytes("delete-then-put"), bytes("y")},
               {Space::Main, Kind::Put, bytes("twice"), bytes("first")},
               {Space::Main, Kind::Put, bytes("twice"), bytes("second")},
               {Space::Index, Kind::Put, bytes("p/b"), bytes("dropped")},
               {Space::Index, Kind::DeletePrefix, bytes("p/"), {}},
               {Space::Index, Kind::Put, bytes("p/c"), bytes("kept")},
               {Space::Main, Kind::DeletePrefix, bytes("p/"), {}}};
  store().apply(batch);
  checkpoint();
  EXPECT_FALSE(store().has(bytes("put-then-delete")));
  EXPECT_EQ(store().get(bytes("delete-then-put")), bytes("y"));
  EXPECT_EQ(store().get(bytes("twice")), bytes("second"));
  EXPECT_FALSE(store().has(bytes("p/main")));
  EXPECT_EQ(scan_all(store()), pairs({{bytes("p/c"), bytes("kept")}}));
}

TEST_P(StorageConformance, ApplyEmptyBatchChangesNothing) {
  store().set(bytes("k"), bytes("v"));
  store().apply(WriteBatch{});
  checkpoint();
  EXPECT_EQ(store().get(bytes("k")), bytes("v"));
}

TEST_P(StorageConformance, ApplyRejectsAMalformedBatchWithoutChanges) {
  store().set(bytes("k"), bytes("before"));
  WriteBatch batch;
  batch.ops = {{Space::Main, Kind::Put, bytes("k"), bytes("after")},
               {Space::Main, Kind::Put, bytes("new"), bytes("v")},
               {static_cast<Space>(0x7F), Kind::Put, bytes("x"), bytes("y")}};
  EXPECT_THROW(store().apply(batch), StorageError);
  batch.ops.back() = {Space::Main, static_cast<Kind>(0x7F), bytes("x"), {}};
  EXPECT_THROW(store().apply(batch), StorageError);
  checkpoint();
  EXPECT_EQ(store().get(bytes("k")), bytes("before"));
  EXPECT_FALSE(store().has(bytes("new")));
}

}  // namespace
}  // namespace ward::storage::conformance
