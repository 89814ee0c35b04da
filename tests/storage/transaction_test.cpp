#include "ward/storage/transaction.hpp"

#include <gtest/gtest.h>

#include <random>

#include "storage_conformance.hpp"
#include "ward/storage/memory_store.hpp"
#include "ward/storage/read_only.hpp"

namespace ward::storage::conformance {
namespace {

using Kind = WriteBatch::Op::Kind;
using Space = WriteBatch::Space;

// Forwards to a MemoryStore and records how it is used. It can also pretend to have no index,
// fail every apply, or visit the index through the generic Storage::index_visit (paging over
// index_scan / index_last) instead of the MemoryStore's direct one.
class InstrumentedStore final : public Storage {
 public:
  struct Options {
    bool generic_visit = false;
    bool has_index = true;
    bool fail_apply = false;
  };

  explicit InstrumentedStore(MemoryStore& inner) : inner_(inner) {}
  InstrumentedStore(MemoryStore& inner, Options options) : inner_(inner), options_(options) {}

  int apply_calls = 0;
  int index_scan_calls = 0;
  int index_last_calls = 0;
  uint64_t index_pairs_read = 0;  // by index_scan, index_last and index_visit together
  WriteBatch last_batch;

  std::optional<Bytes> get(BytesView key) override { return inner_.get(key); }
  std::optional<Bytes> set(BytesView key, BytesView value) override {
    return inner_.set(key, value);
  }
  std::optional<Bytes> remove(BytesView key) override { return inner_.remove(key); }
  bool has(BytesView key) override { return inner_.has(key); }

  bool supports_index() const override { return options_.has_index; }
  bool index_set(BytesView key, BytesView value) override {
    return options_.has_index && inner_.index_set(key, value);
  }
  bool index_del(BytesView key) override { return options_.has_index && inner_.index_del(key); }
  bool index_del_prefix(BytesView prefix) override {
    return options_.has_index && inner_.index_del_prefix(prefix);
  }
  std::vector<KeyValue> index_scan(BytesView lo, BytesView hi, uint64_t offset,
                                   std::optional<uint64_t> limit) override {
    ++index_scan_calls;
    if (!options_.has_index) return {};
    std::vector<KeyValue> page = inner_.index_scan(lo, hi, offset, limit);
    index_pairs_read += page.size();
    return page;
  }
  std::optional<KeyValue> index_last(BytesView lo, BytesView hi) override {
    ++index_last_calls;
    if (!options_.has_index) return std::nullopt;
    std::optional<KeyValue> last = inner_.index_last(lo, hi);
    index_pairs_read += last.has_value();
    return last;
  }
  void index_visit(BytesView lo, BytesView hi, ScanOrder order, IndexVisitor visit) override {
    if (!options_.has_index) return;
    if (options_.generic_visit) {
      Storage::index_visit(lo, hi, order, visit);
      return;
    }
    inner_.index_visit(lo, hi, order, [&](BytesView key, BytesView value) {
      ++index_pairs_read;
      return visit(key, value);
    });
  }
  bool index_meta_set(BytesView key, BytesView value) override {
    return options_.has_index && inner_.index_meta_set(key, value);
  }
  std::optional<Bytes> index_meta_get(BytesView key) override {
    if (!options_.has_index) return std::nullopt;
    return inner_.index_meta_get(key);
  }
  bool index_meta_del(BytesView key) override {
    return options_.has_index && inner_.index_meta_del(key);
  }

  void apply(const WriteBatch& batch) override {
    ++apply_calls;
    last_batch = batch;
    if (options_.fail_apply) throw StorageError("disk full");
    inner_.apply(batch);
  }

 private:
  MemoryStore& inner_;
  Options options_;
};

// ---- Conformance of transactions and of the generic index visit ----

enum class AtCheckpoint {
  Nothing,                  // every check reads through the uncommitted overlay
  CommitThenUseBase,        // checks read the base the overlay was committed to
  CommitThenNewTransaction  // checks read the committed base through a fresh overlay
};

class TransactionHarness final : public StorageHarness {
 public:
  TransactionHarness(AtCheckpoint at_checkpoint, InstrumentedStore::Options base_options)
      : at_checkpoint_(at_checkpoint),
        base_(memory_, base_options),
        transaction_(std::make_unique<Transaction>(base_)) {}

  Storage& storage() override {
    if (transaction_) return *transaction_;
    return base_;
  }

  void checkpoint() override {
    if (!transaction_ || at_checkpoint_ == AtCheckpoint::Nothing) return;
    transaction_->commit();
    EXPECT_TRUE(transaction_->empty());
    if (at_checkpoint_ == AtCheckpoint::CommitThenUseBase) transaction_.reset();
  }

 private:
  AtCheckpoint at_checkpoint_;
  MemoryStore memory_;
  InstrumentedStore base_;
  std::unique_ptr<Transaction> transaction_;
};

// A transaction whose base is itself an uncommitted transaction: checkpoints commit the inner
// one into the outer one only.
class NestedTransactionHarness final : public StorageHarness {
 public:
  Storage& storage() override { return *inner_; }
  void checkpoint() override {
    inner_->commit();
    inner_ = std::make_unique<Transaction>(outer_as_base());
  }

 private:
  MemoryStore memory_;
  Transaction outer_{memory_};
  std::unique_ptr<Transaction> inner_ = std::make_unique<Transaction>(outer_as_base());
  Storage& outer_as_base() { return outer_; }
};

StorageConformanceCase transaction_case(std::string name, AtCheckpoint at_checkpoint,
                                        InstrumentedStore::Options base_options = {}) {
  return harness_case(std::move(name), [=] {
    return std::make_unique<TransactionHarness>(at_checkpoint, base_options);
  });
}

class GenericVisitHarness final : public StorageHarness {
 public:
  Storage& storage() override { return store_; }

 private:
  MemoryStore memory_;
  InstrumentedStore store_{memory_, {.generic_visit = true}};
};

INSTANTIATE_TEST_SUITE_P(
    Transaction, StorageConformance,
    ::testing::Values(
        transaction_case("Uncommitted", AtCheckpoint::Nothing),
        transaction_case("CommittedBase", AtCheckpoint::CommitThenUseBase),
        transaction_case("OverCommittedBase", AtCheckpoint::CommitThenNewTransaction),
        transaction_case("OverGenericVisitBase", AtCheckpoint::CommitThenNewTransaction,
                         {.generic_visit = true}),
        transaction_case("OverStoreWithoutIndex", AtCheckpoint::CommitThenNewTransaction,
                         {.has_index = false}),
        harness_case("Nested", [] { return std::make_unique<NestedTransactionHarness>(); }),
        harness_case("GenericVisitStore", [] { return std::make_unique<GenericVisitHarness>(); })),
    conformance_case_name);

// ---- Transaction-specific behaviour ----

MemoryStore populated_base() {
  MemoryStore base;
  base.set(bytes("a"), bytes("base a"));
  base.set(bytes("b"), bytes("base b"));
  for (const char* key : {"a", "c", "e", "g", "p/1", "p/2", "p/3", "q"}) {
    base.index_set(bytes(key), bytes(std::string("base ") + key));
  }
  base.index_meta_set(bytes("m"), bytes("base m"));
  return base;
}

TEST(Transaction, ReadsSeeTheBaseThroughAnEmptyOverlay) {
  MemoryStore base = populated_base();
  Transaction transaction(base);
  EXPECT_TRUE(transaction.empty());
  EXPECT_EQ(transaction.get(bytes("a")), bytes("base a"));
  EXPECT_TRUE(transaction.has(bytes("b")));
  EXPECT_EQ(scan_all(transaction), scan_all(base));
  EXPECT_EQ(transaction.index_last({}, beyond_all_keys()), base.index_last({}, beyond_all_keys()));
  EXPECT_EQ(transaction.index_meta_get(bytes("m")), bytes("base m"));
}

TEST(Transaction, PreviousValuesAreThoseSeenThroughTheOverlay) {
  MemoryStore base = populated_base();
  const MemoryStore snapshot = base;
  Transaction transaction(base);
  EXPECT_EQ(transaction.set(bytes("a"), bytes("one")), bytes("base a"));
  EXPECT_EQ(transaction.set(bytes("a"), bytes("two")), bytes("one"));
  EXPECT_EQ(transaction.remove(bytes("a")), bytes("two"));
  EXPECT_EQ(transaction.remove(bytes("a")), std::nullopt);
  EXPECT_FALSE(transaction.has(bytes("a")));
  EXPECT_EQ(transaction.get(bytes("a")), std::nullopt);
  EXPECT_EQ(transaction.set(bytes("a"), bytes("three")), std::nullopt);
  EXPECT_EQ(transaction.remove(bytes("b")), bytes("base b"));
  EXPECT_EQ(transaction.set(bytes("new"), {}), std::nullopt);
  EXPECT_EQ(transaction.set(bytes("new"), bytes("x")), Bytes{});
  EXPECT_EQ(base, snapshot);
  transaction.commit();
  EXPECT_EQ(base.get(bytes("a")), bytes("three"));
  EXPECT_FALSE(base.has(bytes("b")));
  EXPECT_EQ(base.get(bytes("new")), bytes("x"));
}

TEST(Transaction, RemovingAnAbsentKeyRecordsNothing) {
  MemoryStore base;
  Transaction transaction(base);
  EXPECT_EQ(transaction.remove(bytes("nothing")), std::nullopt);
  EXPECT_TRUE(transaction.empty());
}

TEST(Transaction, MergedScanReflectsPutsAndDeletesInOrder) {
  MemoryStore base = populated_base();
  Transaction transaction(base);
  transaction.index_set(bytes("b"), bytes("new b"));
  transaction.index_del(bytes("c"));
  transaction.index_set(bytes("e"), bytes("new e"));
  transaction.index_set(bytes("h"), bytes("new h"));
  transaction.index_del(bytes("never"));
  transaction.index_set(bytes("gone"), bytes("x"));
  transaction.index_del(bytes("gone"));
  const Bytes lo = bytes("a"), hi = bytes("p");
  const std::vector<KeyValue> expected = {{bytes("a"), bytes("base a")},
                                          {bytes("b"), bytes("new b")},
                                          {bytes("e"), bytes("new e")},
                                          {bytes("g"), bytes("base g")},
                                          {bytes("h"), bytes("new h")}};
  EXPECT_EQ(transaction.index_scan(lo, hi, 0, std::nullopt), expected);
  for (uint64_t offset = 0; offset <= expected.size(); ++offset) {
    for (uint64_t limit = 0; limit <= expected.size() + 1; ++limit) {
      const auto first = expected.begin() + static_cast<ptrdiff_t>(offset);
      const auto last = expected.begin() +
                        static_cast<ptrdiff_t>(std::min<uint64_t>(offset + limit, expected.size()));
      EXPECT_EQ(transaction.index_scan(lo, hi, offset, limit), std::vector<KeyValue>(first, last))
          << "offset " << offset << " limit " << limit;
    }
  }
  EXPECT_EQ(transaction.index_last(lo, hi), expected.back());
  EXPECT_EQ(transaction.index_last(lo, bytes("h")), expected[3]);
  EXPECT_EQ(transaction.index_last(bytes("c"), bytes("e")), std::nullopt);
  EXPECT_EQ(transaction.index_last(bytes("b"), bytes("e")), expected[1]);
}

TEST(Transaction, MergedScanAfterPrefixDeletion) {
  MemoryStore base = populated_base();
  Transaction transaction(base);
  transaction.index_set(bytes("p/0"), bytes("doomed"));
  transaction.index_del_prefix(bytes("p/"));
  transaction.index_set(bytes("p/2"), bytes("reborn"));
  EXPECT_EQ(keys_of(scan_all(transaction)),
            (std::vector<Bytes>{bytes("a"), bytes("c"), bytes("e"), bytes("g"), bytes("p/2"),
                                bytes("q")}));
  EXPECT_EQ(transaction.index_last(bytes("p/"), bytes("p0")),
            std::make_optional(KeyValue{bytes("p/2"), bytes("reborn")}));
  EXPECT_EQ(transaction.index_last(bytes("p/3"), bytes("p0")), std::nullopt);
  EXPECT_EQ(transaction.index_scan(bytes("e"), bytes("q"), 1, 1),
            (std::vector<KeyValue>{{bytes("g"), bytes("base g")}}));
  EXPECT_EQ(transaction.index_scan(bytes("e"), bytes("q"), 2, 1),
            (std::vector<KeyValue>{{bytes("p/2"), bytes("reborn")}}));
  transaction.commit();
  EXPECT_EQ(keys_of(scan_all(base)), (std::vector<Bytes>{bytes("a"), bytes("c"), bytes("e"),
                                                         bytes("g"), bytes("p/2"), bytes("q")}));
  EXPECT_EQ(base.entries(Space::Index).at(bytes("p/2")), bytes("reborn"));
}

TEST(Transaction, EmptyPrefixDeletionHidesTheWholeBaseIndex) {
  MemoryStore base = populated_base();
  Transaction transaction(base);
  transaction.index_del_prefix({});
  EXPECT_TRUE(scan_all(transaction).empty());
  EXPECT_EQ(transaction.index_last({}, beyond_all_keys()), std::nullopt);
  transaction.index_set(bytes("only"), bytes("1"));
  EXPECT_EQ(keys_of(scan_all(transaction)), (std::vector<Bytes>{bytes("only")}));
  EXPECT_EQ(transaction.index_meta_get(bytes("m")), bytes("base m"));
  EXPECT_EQ(transaction.get(bytes("a")), bytes("base a"));
  transaction.commit();
  EXPECT_EQ(keys_of(scan_all(base)), (std::vector<Bytes>{bytes("only")}));
  EXPECT_EQ(base.index_meta_get(bytes("m")), bytes("base m"));
}

TEST(Transaction, CommitAppliesOneBatchExactlyOnce) {
  MemoryStore memory = populated_base();
  InstrumentedStore base(memory);
  Transaction transaction(base);
  transaction.set(bytes("z"), bytes("main z"));
  transaction.remove(bytes("b"));
  transaction.index_set(bytes("p/9"), bytes("doomed"));
  transaction.index_del(bytes("q"));
  transaction.index_del_prefix(bytes("p/"));
  transaction.index_set(bytes("p/x"), bytes("x"));
  transaction.index_del(bytes("p/1"));  // already hidden by the prefix: nothing to record
  transaction.index_set(bytes("p/y"), bytes("y"));
  transaction.index_del(bytes("p/y"));  // written and deleted under the prefix: nothing either
  transaction.index_meta_set(bytes("m2"), bytes("meta"));
  transaction.index_meta_del(bytes("m"));
  EXPECT_EQ(base.apply_calls, 0);
  transaction.commit();
  ASSERT_EQ(base.apply_calls, 1);
  EXPECT_TRUE(transaction.empty());

  const std::vector<WriteBatch::Op> expected = {
      {Space::Main, Kind::Delete, bytes("b"), {}},
      {Space::Main, Kind::Put, bytes("z"), bytes("main z")},
      {Space::Index, Kind::DeletePrefix, bytes("p/"), {}},
      {Space::Index, Kind::Put, bytes("p/x"), bytes("x")},
      {Space::Index, Kind::Delete, bytes("q"), {}},
      {Space::IndexMeta, Kind::Delete, bytes("m"), {}},
      {Space::IndexMeta, Kind::Put, bytes("m2"), bytes("meta")}};
  ASSERT_EQ(base.last_batch.ops.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const WriteBatch::Op& op = base.last_batch.ops[i];
    EXPECT_EQ(op.space, expected[i].space) << "op #" << i;
    EXPECT_EQ(op.kind, expected[i].kind) << "op #" << i;
    EXPECT_EQ(op.key, expected[i].key) << "op #" << i;
    EXPECT_EQ(op.value, expected[i].value) << "op #" << i;
  }
  EXPECT_EQ(keys_of(scan_all(memory)),
            (std::vector<Bytes>{bytes("a"), bytes("c"), bytes("e"), bytes("g"), bytes("p/x")}));

  // Nothing pending: a second commit leaves the base alone.
  transaction.commit();
  EXPECT_EQ(base.apply_calls, 1);
  EXPECT_EQ(transaction.get(bytes("z")), bytes("main z"));
}

TEST(Transaction, NestedPrefixDeletionsCollapseToTheShortest) {
  for (bool shorter_first : {false, true}) {
    MemoryStore memory = populated_base();
    InstrumentedStore base(memory);
    Transaction transaction(base);
    if (shorter_first) transaction.index_del_prefix(bytes("p"));
    transaction.index_del_prefix(bytes("p/1"));
    transaction.index_del_prefix(bytes("p/2"));
    if (!shorter_first) transaction.index_del_prefix(bytes("p"));
    transaction.commit();
    ASSERT_EQ(base.last_batch.ops.size(), 1u) << shorter_first;
    EXPECT_EQ(base.last_batch.ops[0].kind, Kind::DeletePrefix);
    EXPECT_EQ(base.last_batch.ops[0].key, bytes("p"));
  }
}

TEST(Transaction, FailedCommitLeavesTheBaseUnchanged) {
  MemoryStore memory = populated_base();
  const MemoryStore snapshot = memory;
  InstrumentedStore base(memory, {.fail_apply = true});
  Transaction transaction(base);
  transaction.set(bytes("a"), bytes("changed"));
  transaction.index_del_prefix({});
  EXPECT_THROW(transaction.commit(), StorageError);
  EXPECT_EQ(base.apply_calls, 1);
  EXPECT_EQ(memory, snapshot);
  EXPECT_TRUE(transaction.empty());
}

TEST(Transaction, DiscardLeavesTheBaseByteIdentical) {
  MemoryStore base = populated_base();
  const MemoryStore snapshot = base;
  Transaction transaction(base);
  transaction.set(bytes("a"), bytes("changed"));
  transaction.remove(bytes("b"));
  transaction.index_set(bytes("new"), bytes("1"));
  transaction.index_del_prefix({});
  transaction.index_meta_del(bytes("m"));
  transaction.discard();
  EXPECT_TRUE(transaction.empty());
  EXPECT_EQ(base, snapshot);
  EXPECT_EQ(transaction.get(bytes("a")), bytes("base a"));
  EXPECT_EQ(scan_all(transaction), scan_all(base));
  transaction.commit();
  EXPECT_EQ(base, snapshot);
}

TEST(Transaction, DestructionWithoutCommitDiscards) {
  MemoryStore base = populated_base();
  const MemoryStore snapshot = base;
  {
    Transaction transaction(base);
    transaction.set(bytes("a"), bytes("changed"));
    transaction.index_del_prefix({});
  }
  EXPECT_EQ(base, snapshot);
}

TEST(Transaction, ApplyRecordsIntoTheOverlay) {
  MemoryStore base = populated_base();
  const MemoryStore snapshot = base;
  Transaction transaction(base);
  WriteBatch batch;
  batch.ops = {{Space::Main, Kind::DeletePrefix, {}, {}},
               {Space::Main, Kind::Put, bytes("k"), bytes("v")},
               {Space::Index, Kind::DeletePrefix, bytes("p/"), {}},
               {Space::IndexMeta, Kind::Put, bytes("m"), bytes("new m")}};
  transaction.apply(batch);
  EXPECT_EQ(base, snapshot);
  EXPECT_FALSE(transaction.has(bytes("a")));
  EXPECT_EQ(transaction.set(bytes("b"), bytes("x")), std::nullopt);  // hidden by the prefix
  EXPECT_EQ(transaction.remove(bytes("a")), std::nullopt);
  EXPECT_EQ(transaction.get(bytes("k")), bytes("v"));
  EXPECT_EQ(transaction.index_meta_get(bytes("m")), bytes("new m"));
  EXPECT_EQ(transaction.index_scan(bytes("p/"), bytes("p0"), 0, std::nullopt).size(), 0u);
  transaction.commit();
  EXPECT_EQ(base.entries(Space::Main).size(), 2u);
  EXPECT_EQ(base.get(bytes("b")), bytes("x"));
}

TEST(Transaction, IndexOperationsNeedAnIndexInTheBase) {
  MemoryStore memory;
  InstrumentedStore base(memory, {.has_index = false});
  Transaction transaction(base);
  EXPECT_FALSE(transaction.supports_index());
  EXPECT_FALSE(transaction.index_set(bytes("k"), bytes("v")));
  EXPECT_FALSE(transaction.index_meta_set(bytes("k"), bytes("v")));
  EXPECT_FALSE(transaction.index_del_prefix({}));
  transaction.set(bytes("k"), bytes("v"));
  transaction.commit();
  ASSERT_EQ(base.last_batch.ops.size(), 1u);
  EXPECT_EQ(base.last_batch.ops[0].space, Space::Main);
}

TEST(Transaction, LimitedScanReadsOnlyWhatItNeedsFromTheBase) {
  MemoryStore memory;
  for (int i = 0; i < 10000; ++i) memory.index_set(bytes("k/" + std::to_string(100000 + i)), {});
  for (bool generic_visit : {false, true}) {
    InstrumentedStore base(memory, {.generic_visit = generic_visit});
    Transaction transaction(base);
    transaction.index_set(bytes("k/0"), {});
    EXPECT_EQ(transaction.index_scan({}, beyond_all_keys(), 0, 3).size(), 3u);
    // The generic visit reads one first window of 16 pairs; the direct one exactly two.
    EXPECT_LE(base.index_pairs_read, generic_visit ? 16u : 2u) << generic_visit;
    EXPECT_LE(base.index_scan_calls, 1);
    base.index_pairs_read = 0;
    EXPECT_TRUE(transaction.index_last({}, beyond_all_keys()).has_value());
    EXPECT_EQ(base.index_pairs_read, 1u) << generic_visit;
  }
}

TEST(Transaction, ScansJumpOverADeletedPrefixInOneSeek) {
  MemoryStore memory;
  memory.index_set(bytes("a"), bytes("before"));
  for (int i = 0; i < 10000; ++i) memory.index_set(bytes("p/" + std::to_string(i)), {});
  memory.index_set(bytes("q"), bytes("after"));
  for (bool generic_visit : {false, true}) {
    InstrumentedStore base(memory, {.generic_visit = generic_visit});
    Transaction transaction(base);
    transaction.index_del_prefix(bytes("p/"));
    EXPECT_EQ(transaction.index_scan(bytes("b"), beyond_all_keys(), 0, 1),
              (std::vector<KeyValue>{{bytes("q"), bytes("after")}}));
    EXPECT_LE(base.index_pairs_read, generic_visit ? 17u : 2u) << generic_visit;
    base.index_pairs_read = 0;
    EXPECT_EQ(transaction.index_last({}, bytes("p0")),
              std::make_optional(KeyValue{bytes("a"), bytes("before")}));
    EXPECT_LE(base.index_pairs_read, 2u) << generic_visit;
    EXPECT_EQ(transaction.index_scan({}, beyond_all_keys(), 0, std::nullopt).size(), 2u);
  }
}

TEST(Transaction, ReadOnlyWrapperKeepsTheOverlayEmpty) {
  MemoryStore base = populated_base();
  Transaction transaction(base);
  ReadOnlyStorage view(transaction);
  EXPECT_EQ(view.set(bytes("a"), bytes("x")), std::nullopt);
  EXPECT_EQ(view.remove(bytes("a")), std::nullopt);
  EXPECT_FALSE(view.index_set(bytes("a"), bytes("x")));
  EXPECT_FALSE(view.index_del_prefix({}));
  EXPECT_FALSE(view.index_meta_del(bytes("m")));
  EXPECT_TRUE(transaction.empty());
  EXPECT_EQ(view.get(bytes("a")), bytes("base a"));
}

// ---- Differential test: a transaction against a model that takes every write directly ----

class RandomOperations {
 public:
  explicit RandomOperations(uint32_t seed) : random_(seed) {}

  // Keys over a small alphabet, so that writes, deletions, prefixes and bounds collide often.
  Bytes key(int max_length = 3) {
    static constexpr uint8_t kAlphabet[] = {0x00, 0x01, 0x7F, 0x80, 0xFF};
    Bytes key(std::uniform_int_distribution<int>(0, max_length)(random_));
    for (auto& byte : key) byte = kAlphabet[std::uniform_int_distribution<int>(0, 4)(random_)];
    return key;
  }
  Bytes value() { return bytes(std::to_string(counter_++)); }
  int pick(int below) { return std::uniform_int_distribution<int>(0, below - 1)(random_); }

 private:
  std::mt19937 random_;
  int counter_ = 0;
};

enum class DifferentialBase { Memory, GenericVisit, Transaction };

void populate(MemoryStore& store, RandomOperations& random) {
  for (int i = 0; i < 40; ++i) store.set(random.key(), random.value());
  for (int i = 0; i < 80; ++i) store.index_set(random.key(), random.value());
  for (int i = 0; i < 20; ++i) store.index_meta_set(random.key(), random.value());
}

void run_differential(uint32_t seed, DifferentialBase base_kind) {
  SCOPED_TRACE(::testing::Message() << "seed " << seed);
  RandomOperations random(seed);
  MemoryStore memory;
  populate(memory, random);
  const MemoryStore snapshot = memory;
  MemoryStore model = memory;

  InstrumentedStore generic(memory, {.generic_visit = true});
  Transaction outer(memory);
  Storage* base = &memory;
  if (base_kind == DifferentialBase::GenericVisit) base = &generic;
  if (base_kind == DifferentialBase::Transaction) {
    base = &outer;
    // Pending changes in the outer overlay, so that the inner one merges over a merged view.
    for (int i = 0; i < 60; ++i) {
      const Bytes key = random.key(), value = random.value();
      switch (random.pick(4)) {
        case 0:
          outer.set(key, value);
          model.set(key, value);
          break;
        case 1:
          outer.index_set(key, value);
          model.index_set(key, value);
          break;
        case 2:
          outer.index_del(key);
          model.index_del(key);
          break;
        case 3: {
          const Bytes prefix = random.key(1);
          outer.index_del_prefix(prefix);
          model.index_del_prefix(prefix);
          break;
        }
      }
    }
  }
  const MemoryStore before_transaction = model;
  Transaction transaction(*base);

  for (int step = 0; step < 1500; ++step) {
    SCOPED_TRACE(::testing::Message() << "step " << step);
    const Bytes key = random.key();
    switch (random.pick(14)) {
      case 0:
      case 1: {
        const Bytes value = random.value();
        ASSERT_EQ(transaction.set(key, value), model.set(key, value));
        break;
      }
      case 2:
        ASSERT_EQ(transaction.remove(key), model.remove(key));
        break;
      case 3:
        ASSERT_EQ(transaction.get(key), model.get(key));
        ASSERT_EQ(transaction.has(key), model.has(key));
        break;
      case 4:
      case 5: {
        const Bytes value = random.value();
        transaction.index_set(key, value);
        model.index_set(key, value);
        break;
      }
      case 6:
        transaction.index_del(key);
        model.index_del(key);
        break;
      case 7: {
        // Mostly one- or two-byte prefixes; rarely the empty prefix, which clears everything.
        const Bytes prefix = random.pick(40) == 0 ? Bytes{} : random.key(2);
        transaction.index_del_prefix(prefix);
        model.index_del_prefix(prefix);
        break;
      }
      case 8: {
        const Bytes value = random.value();
        if (random.pick(2) == 0) {
          transaction.index_meta_set(key, value);
          model.index_meta_set(key, value);
        } else {
          transaction.index_meta_del(key);
          model.index_meta_del(key);
        }
        ASSERT_EQ(transaction.index_meta_get(key), model.index_meta_get(key));
        break;
      }
      case 9:
      case 10:
      case 11: {
        const Bytes hi = random.key();
        const uint64_t offset = random.pick(3) == 0 ? random.pick(6) : 0;
        const std::optional<uint64_t> limit =
            random.pick(3) == 0 ? std::nullopt : std::make_optional(random.pick(7));
        ASSERT_EQ(transaction.index_scan(key, hi, offset, limit),
                  model.index_scan(key, hi, offset, limit));
        break;
      }
      case 12:
      case 13: {
        const Bytes hi = random.key();
        ASSERT_EQ(transaction.index_last(key, hi), model.index_last(key, hi));
        break;
      }
    }
    if (step % 100 == 0) {
      ASSERT_EQ(scan_all(transaction), scan_all(model));
    }
  }
  ASSERT_EQ(scan_all(transaction), scan_all(model));

  const bool commit = random.pick(2) == 0;
  if (commit) {
    transaction.commit();
    if (base_kind == DifferentialBase::Transaction) {
      EXPECT_EQ(memory, snapshot);
      outer.commit();
    }
    EXPECT_EQ(memory, model);
  } else {
    transaction.discard();
    if (base_kind == DifferentialBase::Transaction) outer.commit();
    EXPECT_EQ(memory, before_transaction);
  }
}

TEST(TransactionDifferential, OverMemoryStore) {
  for (uint32_t seed = 1; seed <= 40; ++seed) run_differential(seed, DifferentialBase::Memory);
}

TEST(TransactionDifferential, OverGenericVisitBase) {
  for (uint32_t seed = 101; seed <= 120; ++seed) {
    run_differential(seed, DifferentialBase::GenericVisit);
  }
}

TEST(TransactionDifferential, OverAnotherTransaction) {
  for (uint32_t seed = 201; seed <= 220; ++seed) {
    run_differential(seed, DifferentialBase::Transaction);
  }
}

}  // namespace
}  // namespace ward::storage::conformance
