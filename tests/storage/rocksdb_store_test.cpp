#include "ward/storage/rocksdb_store.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <rocksdb/db.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <stdexcept>
#include <string>

#include "helpers/rocksdb_crash_layout.hpp"
#include "storage_conformance.hpp"
#include "ward/storage/transaction.hpp"

extern char** environ;

namespace ward::storage::conformance {
namespace {

namespace fs = std::filesystem;
using Kind = WriteBatch::Op::Kind;
using Space = WriteBatch::Space;

// A fresh directory, removed with everything in it at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string name = (fs::temp_directory_path() / "ward-rocksdb-XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = name;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::unique_ptr<RocksDbStore> open_store(const fs::path& path, const RocksDbOptions& options = {}) {
  auto opened = RocksDbStore::open(path, options);
  if (!opened) throw std::runtime_error("open failed: " + opened.error());
  return std::move(opened.value());
}

// The error message of an open that must fail; empty if it succeeded.
std::string open_error(const fs::path& path, const RocksDbOptions& options = {}) {
  auto opened = RocksDbStore::open(path, options);
  return opened ? std::string() : opened.error();
}

ContextId context_id(uint8_t fill) {
  ContextId id;
  id.fill(fill);
  return id;
}

// The id one above or below `id` read as a big-endian number; none past either end.
std::optional<ContextId> adjacent_id(ContextId id, int direction) {
  for (size_t i = id.size(); i-- > 0;) {
    const uint8_t wrap_from = direction > 0 ? 0xFF : 0x00;
    if (id[i] != wrap_from) {
      id[i] = static_cast<uint8_t>(id[i] + direction);
      return id;
    }
    id[i] = static_cast<uint8_t>(~wrap_from);
  }
  return std::nullopt;
}

WriteBatch::Op op(Space space, Kind kind, Bytes key, Bytes value = {}) {
  return {space, kind, std::move(key), std::move(value)};
}

// ---- Raw RocksDB access, to build databases this Ward did not write ----

// Opens a database with all its column families, runs `use(db, family-by-name)` and closes it.
template <typename Use>
void with_raw_database(const fs::path& path, Use&& use) {
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path.string(), &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const auto& name : names) descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(
      rocksdb::DB::Open(rocksdb::DBOptions(), path.string(), descriptors, &handles, &db).ok());
  std::map<std::string, rocksdb::ColumnFamilyHandle*> by_name;
  for (size_t i = 0; i < names.size(); ++i) by_name[names[i]] = handles[i];
  use(*db, by_name);
  for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
  EXPECT_TRUE(db->Close().ok());
  delete db;
}

void put_raw(const fs::path& path, const std::string& family, const std::string& key,
             const std::string& value) {
  with_raw_database(path, [&](rocksdb::DB& db, auto& families) {
    ASSERT_TRUE(families.count(family)) << family;
    ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), families.at(family), key, value).ok());
  });
}

std::optional<std::string> get_raw(const fs::path& path, const std::string& family,
                                   const std::string& key) {
  std::optional<std::string> result;
  with_raw_database(path, [&](rocksdb::DB& db, auto& families) {
    std::string value;
    if (db.Get(rocksdb::ReadOptions(), families.at(family), key, &value).ok()) result = value;
  });
  return result;
}

std::vector<std::string> family_names(const fs::path& path) {
  std::vector<std::string> names;
  EXPECT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path.string(), &names).ok());
  std::sort(names.begin(), names.end());
  return names;
}

std::string u64_le(uint64_t value) {
  std::string encoded(8, '\0');
  for (size_t i = 0; i < 8; ++i) encoded[i] = static_cast<char>(value >> (8 * i));
  return encoded;
}

// ---- Conformance ----

enum class ViewKind { Main, Private, Execution };

struct HarnessSpec {
  ContextId context_id{};
  ViewKind view = ViewKind::Main;
  bool reopen_at_checkpoint = false;
  bool sync = true;
};

// Runs the suite against one context of a fresh database whose adjacent contexts hold data in
// every keyspace under the same keys the tests use; at the end it checks that the neighbours
// are exactly as they were, so a view never reads or writes outside its context.
class RocksDbHarness : public StorageHarness {
 public:
  explicit RocksDbHarness(HarnessSpec spec) : spec_(spec) {
    open();
    for (int direction : {-1, +1}) {
      if (auto id = adjacent_id(spec_.context_id, direction)) neighbours_.push_back(*id);
    }
    for (const ContextId& neighbour : neighbours_) seed(neighbour);
    for (const ContextId& neighbour : neighbours_) before_.push_back(snapshot(neighbour));
  }

  ~RocksDbHarness() override {
    for (size_t i = 0; i < neighbours_.size(); ++i) {
      EXPECT_EQ(snapshot(neighbours_[i]), before_[i]) << "a neighbouring context changed";
    }
    if (spec_.view == ViewKind::Execution) {
      EXPECT_EQ(store_->executions(spec_.context_id), commits_);
    }
  }

  Storage& storage() override { return execution_ ? execution_->main_state() : *view_; }

  void checkpoint() override {
    if (execution_) {
      execution_->commit();
      ++commits_;
    }
    if (spec_.reopen_at_checkpoint) {
      // Dropping staged changes is fine: the execution was just committed.
      open();
    }
  }

 private:
  using Snapshot = std::map<int, std::vector<KeyValue>>;

  void open() {
    execution_.reset();
    view_.reset();
    store_.reset();
    RocksDbOptions options;
    options.sync = spec_.sync;
    store_ = open_store(directory_.path(), options);
    switch (spec_.view) {
      case ViewKind::Main:
        view_ = store_->context(spec_.context_id);
        break;
      case ViewKind::Private:
        view_ = store_->private_context(spec_.context_id);
        break;
      case ViewKind::Execution:
        execution_ = store_->begin_execution(spec_.context_id);
        break;
    }
  }

  // One batch per keyspace group, so that seeding costs two synced writes.
  void seed(const ContextId& id) {
    WriteBatch main_batch, private_batch;
    for (const Bytes& key : {bytes("k"), bytes("missing"), bytes("gone"), bytes("p/main"), Bytes{},
                             raw({0x00}), raw({0xFF})}) {
      main_batch.ops.push_back(op(Space::Main, Kind::Put, key, bytes("neighbour main")));
      private_batch.ops.push_back(op(Space::Main, Kind::Put, key, bytes("neighbour private")));
    }
    for (const Bytes& key :
         {Bytes{}, raw({0x00}), bytes("a"), bytes("ab"), bytes("k"), bytes("p/a"), bytes("p/new"),
          raw({0x80}), raw({0xFF}), raw({0xFF, 0xFF}), raw({0xFF, 0xFF, 0xFF})}) {
      main_batch.ops.push_back(op(Space::Index, Kind::Put, key, bytes("neighbour index")));
    }
    for (const Bytes& key : {bytes("k"), bytes("m"), bytes("gone"), bytes("empty")}) {
      main_batch.ops.push_back(op(Space::IndexMeta, Kind::Put, key, bytes("neighbour meta")));
    }
    store_->context(id)->apply(main_batch);
    store_->private_context(id)->apply(private_batch);
  }

  Snapshot snapshot(const ContextId& id) {
    Snapshot snapshot;
    for (ContextSpace space : {ContextSpace::Main, ContextSpace::Private, ContextSpace::Index,
                               ContextSpace::IndexMeta}) {
      auto& pairs = snapshot[static_cast<int>(space)];
      store_->visit(id, space, {}, [&](BytesView key, BytesView value) {
        pairs.emplace_back(Bytes(key.begin(), key.end()), Bytes(value.begin(), value.end()));
        return true;
      });
    }
    return snapshot;
  }

  HarnessSpec spec_;
  TempDir directory_;
  std::unique_ptr<RocksDbStore> store_;
  std::unique_ptr<Storage> view_;
  std::unique_ptr<RocksDbExecution> execution_;
  std::vector<ContextId> neighbours_;
  std::vector<Snapshot> before_;
  uint64_t commits_ = 0;
};

StorageConformanceCase rocksdb_case(std::string name, HarnessSpec spec) {
  return harness_case(std::move(name), [spec]() -> std::unique_ptr<StorageHarness> {
    return std::make_unique<RocksDbHarness>(spec);
  });
}

const ContextId kSomeContext = context_id(0x5A);

}  // namespace

// `sync` changes only whether each write waits for fsync, so one case keeps the default and
// the others skip the wait to keep the suite fast.
INSTANTIATE_TEST_SUITE_P(
    RocksDbStore, StorageConformance,
    ::testing::Values(
        rocksdb_case("Main", {kSomeContext, ViewKind::Main, false, true}),
        rocksdb_case("MainReopened", {kSomeContext, ViewKind::Main, true, false}),
        // Prefixes of an all-0xFF context have no upper bound: prefix deletion takes its
        // key-by-key path.
        rocksdb_case("MainHighestContextId", {context_id(0xFF), ViewKind::Main, true, false}),
        rocksdb_case("PrivateReopened", {kSomeContext, ViewKind::Private, true, false}),
        rocksdb_case("Execution", {kSomeContext, ViewKind::Execution, false, false}),
        rocksdb_case("ExecutionReopened", {context_id(0xFF), ViewKind::Execution, true, false})),
    conformance_case_name);

namespace {

// ---- Contexts, persistence, listing ----

TEST(RocksDbStore, OpenCreatesTheDirectoryAndRecordsTheFormatVersion) {
  TempDir dir;
  const fs::path path = dir.path() / "nested" / "db";
  open_store(path);
  EXPECT_TRUE(fs::is_directory(path));
  EXPECT_EQ(get_raw(path, "ward_meta", "format_version"), u64_le(RocksDbStore::kFormatVersion));
  EXPECT_EQ(family_names(path), (std::vector<std::string>{"default", "index", "index_meta", "main",
                                                          "private", "ward_meta"}));
}

TEST(RocksDbStore, StatePersistsAcrossReopen) {
  TempDir dir;
  const ContextId id = context_id(0x42);
  {
    auto store = open_store(dir.path());
    EXPECT_TRUE(store->options().sync);
    auto main = store->context(id);
    main->set(bytes("k"), bytes("main"));
    main->index_set(bytes("i"), bytes("index"));
    main->index_meta_set(bytes("m"), bytes("meta"));
    store->private_context(id)->set(bytes("k"), bytes("private"));
    store->apply_execution(id, {}, {});
  }
  auto store = open_store(dir.path());
  auto main = store->context(id);
  EXPECT_EQ(main->get(bytes("k")), bytes("main"));
  EXPECT_EQ(scan_all(*main), (std::vector<KeyValue>{{bytes("i"), bytes("index")}}));
  EXPECT_EQ(main->index_meta_get(bytes("m")), bytes("meta"));
  EXPECT_EQ(store->private_context(id)->get(bytes("k")), bytes("private"));
  EXPECT_EQ(store->executions(id), 1u);
}

TEST(RocksDbStore, ContextsSharingADatabaseAreIsolated) {
  TempDir dir;
  auto store = open_store(dir.path());
  const ContextId a = context_id(0x01), b = context_id(0x02);
  auto view_a = store->context(a);
  auto view_b = store->context(b);
  view_a->set(bytes("k"), bytes("a"));
  view_b->set(bytes("k"), bytes("b"));
  view_a->index_set(bytes("x"), bytes("a"));
  view_b->index_set(bytes("x"), bytes("b"));
  view_b->index_set(bytes("y"), bytes("b"));
  view_a->index_meta_set(bytes("m"), bytes("a"));
  EXPECT_EQ(view_a->get(bytes("k")), bytes("a"));
  EXPECT_EQ(view_b->get(bytes("k")), bytes("b"));
  EXPECT_EQ(scan_all(*view_a), (std::vector<KeyValue>{{bytes("x"), bytes("a")}}));
  EXPECT_EQ(view_b->index_meta_get(bytes("m")), std::nullopt);

  EXPECT_EQ(view_a->remove(bytes("k")), bytes("a"));
  EXPECT_TRUE(view_a->index_del_prefix({}));
  EXPECT_EQ(view_b->get(bytes("k")), bytes("b"));
  EXPECT_EQ(keys_of(scan_all(*view_b)), (std::vector<Bytes>{bytes("x"), bytes("y")}));
  EXPECT_EQ(view_b->index_last({}, beyond_all_keys())->first, bytes("y"));
  EXPECT_EQ(view_a->index_last({}, beyond_all_keys()), std::nullopt);
}

TEST(RocksDbStore, PrivateStateIsSeparateFromMainState) {
  TempDir dir;
  auto store = open_store(dir.path());
  const ContextId id = context_id(0x07);
  auto main = store->context(id);
  auto private_state = store->private_context(id);
  main->set(bytes("k"), bytes("main"));
  EXPECT_FALSE(private_state->has(bytes("k")));
  private_state->set(bytes("k"), bytes("private"));
  EXPECT_EQ(main->get(bytes("k")), bytes("main"));
  EXPECT_EQ(private_state->remove(bytes("k")), bytes("private"));
  EXPECT_EQ(main->get(bytes("k")), bytes("main"));
}

TEST(RocksDbStore, PrivateViewHasNoIndexAndApplyIgnoresIndexOperations) {
  TempDir dir;
  auto store = open_store(dir.path());
  const ContextId id = context_id(0x07);
  auto private_state = store->private_context(id);
  EXPECT_FALSE(private_state->supports_index());
  EXPECT_FALSE(private_state->index_set(bytes("i"), bytes("v")));
  EXPECT_FALSE(private_state->index_meta_set(bytes("m"), bytes("v")));
  WriteBatch batch;
  batch.ops = {op(Space::Main, Kind::Put, bytes("k"), bytes("v")),
               op(Space::Index, Kind::Put, bytes("i"), bytes("v")),
               op(Space::IndexMeta, Kind::Put, bytes("m"), bytes("v"))};
  private_state->apply(batch);
  EXPECT_EQ(private_state->get(bytes("k")), bytes("v"));
  auto main = store->context(id);
  EXPECT_TRUE(scan_all(*main).empty());
  EXPECT_EQ(main->index_meta_get(bytes("m")), std::nullopt);
  EXPECT_FALSE(main->has(bytes("k")));
}

TEST(RocksDbStore, DeletePrefixOfTheHighestContextCoversEarlierPutsOfTheSameBatch) {
  TempDir dir;
  auto store = open_store(dir.path());
  auto view = store->context(context_id(0xFF));
  view->index_set(bytes("stored"), {});
  view->index_set(raw({0xFF, 0xFF}), {});
  WriteBatch batch;
  batch.ops = {op(Space::Index, Kind::Put, raw({0xFF}), {}),
               op(Space::Index, Kind::Put, raw({0xFF, 0xFF, 0x01}), {}),
               op(Space::Index, Kind::DeletePrefix, raw({0xFF, 0xFF})),
               op(Space::Index, Kind::Put, raw({0xFF, 0xFF, 0x02}), {})};
  view->apply(batch);
  EXPECT_EQ(keys_of(scan_all(*view)),
            (std::vector<Bytes>{bytes("stored"), raw({0xFF}), raw({0xFF, 0xFF, 0x02})}));
  batch.ops = {op(Space::Index, Kind::Put, bytes("new"), {}),
               op(Space::Index, Kind::DeletePrefix, {}),
               op(Space::Index, Kind::Put, bytes("last"), {})};
  view->apply(batch);
  EXPECT_EQ(keys_of(scan_all(*view)), (std::vector<Bytes>{bytes("last")}));
}

TEST(RocksDbStore, ListsContextsAndTheirKeys) {
  TempDir dir;
  auto store = open_store(dir.path());
  EXPECT_TRUE(store->contexts().empty());
  const ContextId only_main = context_id(0x30), only_private = context_id(0x10),
                  only_index = context_id(0xFF), only_meta = context_id(0x00),
                  counted_only = context_id(0x77);
  store->context(only_main)->set(bytes("b"), bytes("2"));
  store->context(only_main)->set(bytes("a"), bytes("1"));
  store->context(only_main)->set(bytes("ab"), bytes("3"));
  store->private_context(only_private)->set(bytes("p"), bytes("secret"));
  store->context(only_index)->index_set(bytes("i"), {});
  store->context(only_meta)->index_meta_set(bytes("m"), {});
  store->apply_execution(counted_only, {}, {});
  EXPECT_EQ(store->contexts(),
            (std::vector<ContextId>{only_meta, only_private, only_main, only_index}));

  std::vector<KeyValue> seen;
  auto collect = [&](BytesView key, BytesView value) {
    seen.emplace_back(Bytes(key.begin(), key.end()), Bytes(value.begin(), value.end()));
    return true;
  };
  store->visit(only_main, ContextSpace::Main, {}, collect);
  EXPECT_EQ(seen,
            (std::vector<KeyValue>{
                {bytes("a"), bytes("1")}, {bytes("ab"), bytes("3")}, {bytes("b"), bytes("2")}}));
  seen.clear();
  store->visit(only_main, ContextSpace::Main, bytes("a"), collect);
  EXPECT_EQ(keys_of(seen), (std::vector<Bytes>{bytes("a"), bytes("ab")}));
  seen.clear();
  store->visit(only_main, ContextSpace::Private, {}, collect);
  EXPECT_TRUE(seen.empty());
  store->visit(only_index, ContextSpace::Index, {}, collect);
  EXPECT_EQ(keys_of(seen), (std::vector<Bytes>{bytes("i")}));
  seen.clear();
  int visits = 0;
  store->visit(only_main, ContextSpace::Main, {}, [&](BytesView, BytesView) {
    ++visits;
    return false;
  });
  EXPECT_EQ(visits, 1);

  EXPECT_EQ(store->get(only_private, ContextSpace::Private, bytes("p")), bytes("secret"));
  EXPECT_EQ(store->get(only_private, ContextSpace::Main, bytes("p")), std::nullopt);
  EXPECT_EQ(store->get(only_meta, ContextSpace::IndexMeta, bytes("m")), Bytes{});
}

// ---- Execution counter and staged executions ----

TEST(RocksDbStore, ExecutionCounterCountsCommittedExecutionsPerContext) {
  TempDir dir;
  const ContextId a = context_id(0x01), b = context_id(0x02);
  {
    auto store = open_store(dir.path());
    EXPECT_EQ(store->executions(a), 0u);
    WriteBatch main_batch, private_batch;
    main_batch.ops = {op(Space::Main, Kind::Put, bytes("k"), bytes("v")),
                      op(Space::Index, Kind::Put, bytes("i"), bytes("v"))};
    private_batch.ops = {op(Space::Main, Kind::Put, bytes("p"), bytes("v"))};
    store->apply_execution(a, main_batch, private_batch);
    store->apply_execution(a, {}, {});
    store->apply_execution(b, {}, {});
    EXPECT_EQ(store->executions(a), 2u);
    EXPECT_EQ(store->executions(b), 1u);
    EXPECT_EQ(store->context(a)->get(bytes("k")), bytes("v"));
    EXPECT_EQ(scan_all(*store->context(a)).size(), 1u);
    EXPECT_EQ(store->private_context(a)->get(bytes("p")), bytes("v"));
    EXPECT_FALSE(store->context(a)->has(bytes("p")));
  }
  auto store = open_store(dir.path());
  EXPECT_EQ(store->executions(a), 2u);
  EXPECT_EQ(store->executions(b), 1u);
  EXPECT_EQ(store->executions(context_id(0x03)), 0u);
}

TEST(RocksDbStore, ApplyExecutionRejectsAMalformedBatchWithoutWriting) {
  TempDir dir;
  auto store = open_store(dir.path());
  const ContextId id = context_id(0x01);
  WriteBatch good, bad;
  good.ops = {op(Space::Main, Kind::Put, bytes("k"), bytes("v"))};
  bad.ops = {op(Space::Main, Kind::Put, bytes("p"), bytes("v")),
             op(static_cast<Space>(0x7F), Kind::Put, bytes("x"))};
  EXPECT_THROW(store->apply_execution(id, good, bad), StorageError);
  EXPECT_THROW(store->apply_execution(id, bad, good), StorageError);
  EXPECT_EQ(store->executions(id), 0u);
  EXPECT_FALSE(store->context(id)->has(bytes("k")));
  EXPECT_FALSE(store->private_context(id)->has(bytes("p")));
}

TEST(RocksDbExecution, CommitWritesMainPrivateAndTheCounterTogether) {
  TempDir dir;
  auto store = open_store(dir.path());
  const ContextId id = context_id(0x09);
  store->context(id)->set(bytes("before"), bytes("1"));
  auto execution = store->begin_execution(id);
  {
    // What runtime::run does: transactions over the views, committed when the call succeeds.
    Transaction main_tx(execution->main_state());
    Transaction private_tx(execution->private_state());
    EXPECT_EQ(main_tx.get(bytes("before")), bytes("1"));
    main_tx.set(bytes("k"), bytes("main"));
    main_tx.index_set(bytes("i"), bytes("index"));
    private_tx.set(bytes("p"), bytes("private"));
    main_tx.commit();
    private_tx.commit();
  }
  // Staged, visible through the execution's views, not yet in the database.
  EXPECT_EQ(execution->main_state().get(bytes("k")), bytes("main"));
  EXPECT_EQ(scan_all(execution->main_state()).size(), 1u);
  EXPECT_EQ(execution->private_state().get(bytes("p")), bytes("private"));
  EXPECT_FALSE(store->context(id)->has(bytes("k")));
  EXPECT_FALSE(store->private_context(id)->has(bytes("p")));
  EXPECT_EQ(store->executions(id), 0u);

  execution->commit();
  EXPECT_EQ(store->context(id)->get(bytes("k")), bytes("main"));
  EXPECT_EQ(scan_all(*store->context(id)), (std::vector<KeyValue>{{bytes("i"), bytes("index")}}));
  EXPECT_EQ(store->private_context(id)->get(bytes("p")), bytes("private"));
  EXPECT_EQ(store->executions(id), 1u);

  // The views serve the next execution; one that writes nothing still counts.
  execution->commit();
  EXPECT_EQ(store->executions(id), 2u);
}

TEST(RocksDbExecution, DestroyingWithoutCommitDropsStagedChanges) {
  TempDir dir;
  auto store = open_store(dir.path());
  const ContextId id = context_id(0x09);
  {
    auto execution = store->begin_execution(id);
    execution->main_state().set(bytes("k"), bytes("v"));
    execution->private_state().set(bytes("p"), bytes("v"));
  }
  EXPECT_FALSE(store->context(id)->has(bytes("k")));
  EXPECT_FALSE(store->private_context(id)->has(bytes("p")));
  EXPECT_EQ(store->executions(id), 0u);
  EXPECT_TRUE(store->contexts().empty());
}

// ---- Locks ----

TEST(RocksDbStore, SecondOpenInTheSameProcessReportsTheLock) {
  TempDir dir;
  auto first = open_store(dir.path());
  const std::string error = open_error(dir.path());
  EXPECT_NE(error.find("cannot open database at " + dir.path().string()), std::string::npos)
      << error;
  EXPECT_NE(error.find("locked"), std::string::npos) << error;
  first.reset();
  EXPECT_EQ(open_error(dir.path()), "");
}

TEST(RocksDbStore, APathThatIsAFileIsRefused) {
  TempDir dir;
  std::ofstream(dir.path() / "file") << "not a directory";
  const std::string error = open_error(dir.path() / "file");
  EXPECT_NE(error.find((dir.path() / "file").string()), std::string::npos) << error;
}

// ---- Format version ----

TEST(RocksDbStore, NewerFormatVersionIsRefusedWithoutTouchingTheDatabase) {
  TempDir dir;
  open_store(dir.path());
  put_raw(dir.path(), "ward_meta", "format_version", u64_le(2));
  const auto families_before = family_names(dir.path());
  const std::string error = open_error(dir.path());
  EXPECT_EQ(error, "cannot open database at " + dir.path().string() +
                       ": database format version 2 is newer than this Ward supports (1); "
                       "upgrade Ward");
  EXPECT_EQ(family_names(dir.path()), families_before);
  EXPECT_EQ(get_raw(dir.path(), "ward_meta", "format_version"), u64_le(2));
}

TEST(RocksDbStore, UnknownOrMalformedFormatVersionIsRefused) {
  TempDir dir;
  open_store(dir.path());
  put_raw(dir.path(), "ward_meta", "format_version", u64_le(0));
  EXPECT_NE(open_error(dir.path()).find("database format version 0 is unknown"), std::string::npos);
  put_raw(dir.path(), "ward_meta", "format_version", "v1");
  EXPECT_NE(open_error(dir.path()).find("format version record is malformed"), std::string::npos);
}

TEST(RocksDbStore, ADatabaseWithDataButNoFormatVersionIsRefused) {
  TempDir dir;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir.path().string(), &db).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "foreign", "data").ok());
    delete db;
  }
  const std::string error = open_error(dir.path());
  EXPECT_NE(error.find("not a Ward database"), std::string::npos) << error;
  EXPECT_EQ(family_names(dir.path()), (std::vector<std::string>{"default"}));
}

TEST(RocksDbStore, AnEmptyDatabaseWithoutFormatVersionIsAdopted) {
  TempDir dir;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir.path().string(), &db).ok());
    delete db;
  }
  auto store = open_store(dir.path());
  store->context(context_id(1))->set(bytes("k"), bytes("v"));
  store.reset();
  EXPECT_EQ(get_raw(dir.path(), "ward_meta", "format_version"), u64_le(1));
}

// ---- Corruption ----

// A database with some state in table files (flushed) and nothing left in the log.
void write_flushed_database(const fs::path& path) {
  auto store = open_store(path);
  WriteBatch batch;
  std::mt19937 random(7);
  for (int i = 0; i < 100; ++i) {
    Bytes incompressible(4000);
    for (auto& byte : incompressible) byte = static_cast<uint8_t>(random());
    batch.ops.push_back(
        op(Space::Main, Kind::Put, bytes("key/" + std::to_string(i)), std::move(incompressible)));
    batch.ops.push_back(op(Space::Index, Kind::Put, bytes("index/" + std::to_string(i)), {}));
  }
  store->context(context_id(0x01))->apply(batch);
  store->flush();
}

std::vector<fs::path> files_matching(const fs::path& directory, const std::string& prefix,
                                     const std::string& suffix) {
  std::vector<fs::path> found;
  for (const auto& entry : fs::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(prefix) && name.size() >= suffix.size() &&
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
      found.push_back(entry.path());
    }
  }
  return found;
}

// Overwrites `length` bytes at `offset` (clamped to the file) with pseudo-random bytes.
void scribble(const fs::path& file, uint64_t offset, uint64_t length) {
  const uint64_t size = fs::file_size(file);
  offset = std::min(offset, size);
  length = std::min(length, size - offset);
  std::mt19937 random(12345);
  std::string garbage(length, '\0');
  for (char& byte : garbage) byte = static_cast<char>(random());
  std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
  stream.seekp(static_cast<std::streamoff>(offset));
  stream.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
}

void expect_open_fails_naming_the_path(const fs::path& path, const std::string& cause) {
  const std::string error = open_error(path);
  EXPECT_NE(error.find("cannot open database at " + path.string() + ": "), std::string::npos)
      << error;
  EXPECT_NE(error.find(cause), std::string::npos) << error;
}

TEST(RocksDbCorruption, GarbageTableFileIsReportedAtOpen) {
  TempDir dir;
  write_flushed_database(dir.path());
  const auto tables = files_matching(dir.path(), "", ".sst");
  ASSERT_FALSE(tables.empty());
  for (const auto& table : tables) scribble(table, 0, fs::file_size(table));
  expect_open_fails_naming_the_path(dir.path(), "corrupted");
}

TEST(RocksDbCorruption, GarbageManifestIsReportedAtOpen) {
  TempDir dir;
  write_flushed_database(dir.path());
  const auto manifests = files_matching(dir.path(), "MANIFEST-", "");
  ASSERT_FALSE(manifests.empty());
  for (const auto& manifest : manifests) scribble(manifest, 0, fs::file_size(manifest));
  expect_open_fails_naming_the_path(dir.path(), "corrupted");
}

TEST(RocksDbCorruption, GarbageCurrentFileIsReportedAtOpen) {
  TempDir dir;
  write_flushed_database(dir.path());
  std::ofstream(dir.path() / "CURRENT", std::ios::trunc) << "\x01\x02garbage\xFF";
  expect_open_fails_naming_the_path(dir.path(), "corrupted");
}

TEST(RocksDbCorruption, CurrentFileNamingAMissingManifestIsReportedAtOpen) {
  TempDir dir;
  write_flushed_database(dir.path());
  std::ofstream(dir.path() / "CURRENT", std::ios::trunc) << "MANIFEST-999999\n";
  expect_open_fails_naming_the_path(dir.path(), "a file it needs is missing");
}

TEST(RocksDbCorruption, MissingCurrentFileIsReportedInsteadOfStartingAfresh) {
  TempDir dir;
  write_flushed_database(dir.path());
  fs::remove(dir.path() / "CURRENT");
  expect_open_fails_naming_the_path(dir.path(), "CURRENT file is missing");
  EXPECT_FALSE(fs::exists(dir.path() / "CURRENT"));
}

TEST(RocksDbCorruption, DamagedDataBlockThrowsStorageErrorOnRead) {
  TempDir dir;
  write_flushed_database(dir.path());
  auto tables = files_matching(dir.path(), "", ".sst");
  ASSERT_FALSE(tables.empty());
  // The largest table holds the 400 KB of main state. Its data blocks come first and its
  // index and footer last, so damage near the start lets the database open and surfaces when
  // a block is read.
  const fs::path largest = *std::max_element(
      tables.begin(), tables.end(),
      [](const fs::path& a, const fs::path& b) { return fs::file_size(a) < fs::file_size(b); });
  ASSERT_GT(fs::file_size(largest), 100'000u);
  scribble(largest, 64, 256);
  auto store = open_store(dir.path());
  auto view = store->context(context_id(0x01));
  try {
    for (int i = 0; i < 100; ++i) view->get(bytes("key/" + std::to_string(i)));
    scan_all(*view);
    store->contexts();
    FAIL() << "no read noticed the damaged block";
  } catch (const StorageError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(dir.path().string()), std::string::npos) << message;
    EXPECT_NE(message.find("Corruption"), std::string::npos) << message;
  }
}

// ---- Other processes: the lock and crash consistency ----

TEST(RocksDbCorruption, AFailedExecutionCommitDropsTheStagedChanges) {
  TempDir dir;
  // The highest context id makes an index prefix deletion read the stored keys (it has no
  // range bound), so the commit reads the damaged table.
  const ContextId id = context_id(0xFF);
  {
    auto store = open_store(dir.path());
    WriteBatch batch;
    std::mt19937 random(11);
    for (int i = 0; i < 100; ++i) {
      Bytes incompressible(4000);
      for (auto& byte : incompressible) byte = static_cast<uint8_t>(random());
      batch.ops.push_back(op(Space::Index, Kind::Put, bytes("index/" + std::to_string(i)),
                             std::move(incompressible)));
    }
    store->context(id)->apply(batch);
    store->flush();
  }
  const auto tables = files_matching(dir.path(), "", ".sst");
  const fs::path largest = *std::max_element(
      tables.begin(), tables.end(),
      [](const fs::path& a, const fs::path& b) { return fs::file_size(a) < fs::file_size(b); });
  ASSERT_GT(fs::file_size(largest), 100'000u);
  scribble(largest, 64, 256);

  auto store = open_store(dir.path());
  auto execution = store->begin_execution(id);
  execution->main_state().set(bytes("k"), bytes("staged"));
  execution->private_state().set(bytes("p"), bytes("staged"));
  execution->main_state().index_del_prefix({});
  try {
    execution->commit();
    ADD_FAILURE() << "the commit did not notice the damaged table";
  } catch (const StorageError& error) {
    EXPECT_NE(std::string(error.what()).find("Corruption"), std::string::npos) << error.what();
  }
  EXPECT_EQ(execution->main_state().get(bytes("k")), std::nullopt);
  EXPECT_EQ(execution->private_state().get(bytes("p")), std::nullopt);
  EXPECT_EQ(store->executions(id), 0u);
  EXPECT_FALSE(store->context(id)->has(bytes("k")));
}

#ifdef WARD_ROCKSDB_CRASH_WRITER

// tests/storage/helpers/rocksdb_crash_writer running on a database, its stdout read through a
// pipe. Destruction kills it if it still runs.
class WriterProcess {
 public:
  explicit WriterProcess(const fs::path& database) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::string program = WARD_ROCKSDB_CRASH_WRITER;
    std::string argument = database.string();
    char* argv[] = {program.data(), argument.data(), nullptr};
    const int spawned = ::posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    output_fd_ = fds[0];
    if (spawned != 0) {
      pid_ = -1;
      throw std::runtime_error("cannot start " + program);
    }
  }
  WriterProcess(const WriterProcess&) = delete;
  WriterProcess& operator=(const WriterProcess&) = delete;
  ~WriterProcess() {
    if (pid_ > 0) kill_and_reap();
    ::close(output_fd_);
  }

  // Reads output for `duration` or until the writer closes it.
  void read_for(std::chrono::milliseconds duration) {
    const auto deadline = std::chrono::steady_clock::now() + duration;
    while (!closed_) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return;
      pollfd poll_fd{output_fd_, POLLIN, 0};
      if (::poll(&poll_fd, 1, static_cast<int>(left.count())) > 0) read_available();
    }
  }

  bool wait_for_line(const std::string& line, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::find(lines_.begin(), lines_.end(), line) == lines_.end()) {
      if (closed_ || std::chrono::steady_clock::now() >= deadline) return false;
      read_for(std::chrono::milliseconds(10));
    }
    return true;
  }

  // SIGKILLs the writer, reaps it and reads what it printed before dying. Returns whether it
  // was still running (died of the signal) rather than having exited on its own.
  bool kill_and_reap() {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    while (!closed_) read_available();
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
  }

  // The last generation the writer reported as committed, if any.
  std::optional<uint64_t> last_committed() const {
    for (auto it = lines_.rbegin(); it != lines_.rend(); ++it) {
      if (!it->empty() &&
          std::all_of(it->begin(), it->end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::stoull(*it);
      }
    }
    return std::nullopt;
  }

 private:
  void read_available() {
    char buffer[4096];
    const ssize_t count = ::read(output_fd_, buffer, sizeof buffer);
    if (count <= 0) {
      closed_ = true;
      return;
    }
    for (ssize_t i = 0; i < count; ++i) {
      if (buffer[i] == '\n') {
        lines_.push_back(std::move(partial_));
        partial_.clear();
      } else {
        partial_ += buffer[i];
      }
    }
  }

  pid_t pid_ = -1;
  int output_fd_ = -1;
  bool closed_ = false;
  std::string partial_;
  std::vector<std::string> lines_;
};

// Checks that the context holds exactly one whole generation, the one its execution counter
// names, in every keyspace; returns that generation.
uint64_t expect_one_whole_generation(RocksDbStore& store) {
  using namespace crash_layout;
  const uint64_t generation = store.executions(kContext);
  auto main = store.context(kContext);
  auto private_state = store.private_context(kContext);
  int wrong_main = 0, wrong_private = 0;
  for (int i = 0; i < kMainKeys; ++i) {
    const std::optional<Bytes> value = main->get(main_key(i));
    const bool expected = generation == 0 ? !value
                                          : value && value->size() == 8 + kFillerBytes &&
                                                decode_generation(*value) == generation;
    if (!expected) ++wrong_main;
  }
  for (int i = 0; i < kPrivateKeys; ++i) {
    const std::optional<Bytes> value = private_state->get(private_key(i));
    if (generation == 0 ? value.has_value() : (!value || decode_generation(*value) != generation)) {
      ++wrong_private;
    }
  }
  EXPECT_EQ(wrong_main, 0) << "main keys not of generation " << generation;
  EXPECT_EQ(wrong_private, 0) << "private keys not of generation " << generation;

  std::vector<Bytes> expected_index;
  for (int i = 0; i < kIndexKeys && generation != 0; ++i) {
    expected_index.push_back(index_key(generation, i));
  }
  std::sort(expected_index.begin(), expected_index.end());
  EXPECT_EQ(keys_of(main->index_scan(kIndexPrefix, text("idx0"), 0, std::nullopt)), expected_index)
      << "index keys not of generation " << generation;

  const std::optional<Bytes> meta = main->index_meta_get(kGenerationMetaKey);
  if (generation == 0) {
    EXPECT_EQ(meta, std::nullopt);
  } else {
    EXPECT_EQ(meta, encode_generation(generation));
  }
  return generation;
}

TEST(RocksDbProcesses, OpenWhileAnotherProcessHoldsTheDatabaseReportsTheLock) {
  TempDir dir;
  WriterProcess writer(dir.path());
  ASSERT_TRUE(writer.wait_for_line("ready", std::chrono::seconds(60)));
  expect_open_fails_naming_the_path(dir.path(), "locked");
  EXPECT_TRUE(writer.kill_and_reap());
  EXPECT_EQ(open_error(dir.path()), "");
}

TEST(RocksDbProcesses, EveryBatchIsWhollyPresentOrAbsentAfterAKill) {
  TempDir dir;
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("random seed " + std::to_string(seed));
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delay_ms(0, 400);
  uint64_t generation = 0;
  constexpr int kRounds = 8;
  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    WriterProcess writer(dir.path());
    // Every third round the kill may land while the writer opens and recovers the database.
    if (round % 3 != 2) {
      ASSERT_TRUE(writer.wait_for_line("ready", std::chrono::seconds(60)));
    }
    writer.read_for(std::chrono::milliseconds(delay_ms(random)));
    const bool was_running = writer.kill_and_reap();
    ASSERT_TRUE(was_running) << "the writer exited on its own";
    const uint64_t reported = writer.last_committed().value_or(generation);

    auto store = open_store(dir.path());
    const uint64_t found = expect_one_whole_generation(*store);
    // A commit that returned survives; at most the one batch in flight may also have landed.
    EXPECT_GE(found, reported);
    EXPECT_LE(found, reported + 1);
    EXPECT_GE(found, generation);
    generation = found;
  }
  EXPECT_GT(generation, 0u) << "the writer never committed";
}

#endif  // WARD_ROCKSDB_CRASH_WRITER

}  // namespace
}  // namespace ward::storage::conformance
