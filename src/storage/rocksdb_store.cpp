// The RocksDB store: opening and format checks, per-context views, the execution counter and
// the listing API. Layout and guarantees: docs/storage.md.
#include "ward/storage/rocksdb_store.hpp"

#include <rocksdb/db.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/status.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

#include "ward/storage/byte_order.hpp"

namespace ward::storage {

namespace {

// Column families, in the order of kFamilyNames. RocksDB's mandatory "default" family is left
// empty.
enum Family : size_t { kMain, kPrivate, kIndex, kIndexMeta, kWardMeta, kFamilyCount };
constexpr std::array<const char*, kFamilyCount> kFamilyNames = {"main", "private", "index",
                                                                "index_meta", "ward_meta"};
constexpr std::array<Family, 4> kPerContextFamilies = {kMain, kPrivate, kIndex, kIndexMeta};

// Keys of the ward_meta family.
constexpr std::string_view kFormatVersionKey = "format_version";
constexpr std::string_view kExecutionsKeyPrefix = "executions/";  // + 32-byte context id

constexpr size_t kContextIdSize = std::tuple_size_v<ContextId>;

rocksdb::Slice slice_of(BytesView bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

BytesView bytes_of(const rocksdb::Slice& slice) {
  return {reinterpret_cast<const uint8_t*>(slice.data()), slice.size()};
}

BytesView bytes_of(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

Bytes copy_of(const rocksdb::Slice& slice) {
  const BytesView view = bytes_of(slice);
  return Bytes(view.begin(), view.end());
}

std::string encode_u64(uint64_t value) {
  std::string encoded(8, '\0');
  for (size_t i = 0; i < 8; ++i) encoded[i] = static_cast<char>(value >> (8 * i));
  return encoded;
}

std::optional<uint64_t> decode_u64(std::string_view encoded) {
  if (encoded.size() != 8) return std::nullopt;
  uint64_t value = 0;
  for (size_t i = 0; i < 8; ++i) value |= uint64_t{static_cast<uint8_t>(encoded[i])} << (8 * i);
  return value;
}

std::string context_key(const ContextId& context_id, BytesView key) {
  std::string prefixed;
  prefixed.reserve(kContextIdSize + key.size());
  prefixed.append(reinterpret_cast<const char*>(context_id.data()), kContextIdSize);
  prefixed.append(reinterpret_cast<const char*>(key.data()), key.size());
  return prefixed;
}

std::string executions_key(const ContextId& context_id) {
  std::string key(kExecutionsKeyPrefix);
  key.append(reinterpret_cast<const char*>(context_id.data()), kContextIdSize);
  return key;
}

// The smallest key above every key starting with `prefix`, none if there is none.
std::optional<std::string> prefix_upper_bound(std::string_view prefix) {
  std::optional<Bytes> end = prefix_end(bytes_of(prefix));
  if (!end) return std::nullopt;
  return std::string(end->begin(), end->end());
}

Family family_of(ContextSpace space) {
  switch (space) {
    case ContextSpace::Main:
      return kMain;
    case ContextSpace::Private:
      return kPrivate;
    case ContextSpace::Index:
      return kIndex;
    case ContextSpace::IndexMeta:
      return kIndexMeta;
  }
  throw StorageError("unknown context keyspace");
}

bool is_known_space(WriteBatch::Space space) {
  return space == WriteBatch::Space::Main || space == WriteBatch::Space::Index ||
         space == WriteBatch::Space::IndexMeta;
}

bool is_known_kind(WriteBatch::Op::Kind kind) {
  using Kind = WriteBatch::Op::Kind;
  return kind == Kind::Put || kind == Kind::Delete || kind == Kind::DeletePrefix;
}

// Rejects a batch with an unknown keyspace or operation before anything is written.
void validate(const WriteBatch& batch) {
  for (const WriteBatch::Op& op : batch.ops) {
    if (!is_known_space(op.space)) throw StorageError("unknown keyspace in write batch");
    if (!is_known_kind(op.kind)) throw StorageError("unknown operation in write batch");
  }
}

// RocksDB reports a held LOCK file as an I/O error naming "<db>/LOCK", both for another
// process (flock) and for a second handle in this process.
bool is_lock_failure(const rocksdb::Status& status, const std::string& db_name) {
  return status.IsIOError() && status.ToString().find(db_name + "/LOCK") != std::string::npos;
}

std::string describe_open_failure(const rocksdb::Status& status, const std::string& db_name) {
  if (is_lock_failure(status, db_name)) {
    return "it is locked by another process or another open handle in this process (" +
           status.ToString() + ")";
  }
  if (status.IsCorruption()) return "it is corrupted (" + status.ToString() + ")";
  if (status.IsPathNotFound()) return "a file it needs is missing (" + status.ToString() + ")";
  return status.ToString();
}

// Files that only an existing database has: their presence without a CURRENT file means the
// database is damaged, and creating a new one there would hide the old data.
bool has_database_files(const std::filesystem::path& directory) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    const std::string name = entry.path().filename().string();
    const auto ends_with = [&](std::string_view suffix) {
      return name.size() >= suffix.size() &&
             name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (name.starts_with("MANIFEST-") || ends_with(".sst") || ends_with(".log")) return true;
  }
  return false;
}

[[noreturn]] void fail_operation(const std::string& db_name, std::string_view operation,
                                 const rocksdb::Status& status) {
  throw StorageError("database " + db_name + ": " + std::string(operation) +
                     " failed: " + status.ToString());
}

// An iterator over [lower, upper) of one family, upper none meaning "to the end". Pass no
// upper bound for descending iteration: it starts with SeekForPrev at the exclusive end.
class RangeIterator {
 public:
  RangeIterator(rocksdb::DB& db, const std::string& db_name, rocksdb::ColumnFamilyHandle* family,
                std::string lower, std::optional<std::string> upper)
      : db_name_(db_name), lower_(std::move(lower)), upper_(std::move(upper)) {
    lower_slice_ = lower_;
    rocksdb::ReadOptions read_options;
    read_options.iterate_lower_bound = &lower_slice_;
    if (upper_) {
      upper_slice_ = *upper_;
      read_options.iterate_upper_bound = &upper_slice_;
    }
    iterator_.reset(db.NewIterator(read_options, family));
  }
  RangeIterator(const RangeIterator&) = delete;
  RangeIterator& operator=(const RangeIterator&) = delete;

  rocksdb::Iterator* operator->() const { return iterator_.get(); }

  void seek_first() { iterator_->Seek(lower_slice_); }
  // Positions at the greatest key below `end` (exclusive) and at or above the lower bound.
  void seek_last_below(std::string_view end) {
    iterator_->SeekForPrev(end);
    if (iterator_->Valid() && iterator_->key() == rocksdb::Slice(end)) iterator_->Prev();
  }
  // Call when iteration ends: an invalid iterator is either at the end or failed.
  void check() const {
    if (!iterator_->status().ok()) fail_operation(db_name_, "iteration", iterator_->status());
  }

 private:
  const std::string& db_name_;
  std::string lower_;
  std::optional<std::string> upper_;
  rocksdb::Slice lower_slice_;
  rocksdb::Slice upper_slice_;
  std::unique_ptr<rocksdb::Iterator> iterator_;
};

}  // namespace

struct RocksDbStore::Impl {
  std::filesystem::path path;
  std::string db_name;  // path as RocksDB sees it, for messages
  Options options;
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // every open family, for cleanup
  std::array<rocksdb::ColumnFamilyHandle*, kFamilyCount> families{};
  rocksdb::WriteOptions write_options;
  // Serialises the read-modify-write of execution counters.
  std::mutex executions_mutex;

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (db == nullptr) return;
    for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
    db->Close().PermitUncheckedError();
    delete db;
  }

  rocksdb::ColumnFamilyHandle* family(Family family) const { return families[family]; }

  [[noreturn]] void fail(std::string_view operation, const rocksdb::Status& status) const {
    fail_operation(db_name, operation, status);
  }

  RangeIterator range(Family family, std::string lower, std::optional<std::string> upper) const {
    return RangeIterator(*db, db_name, families[family], std::move(lower), std::move(upper));
  }

  std::optional<Bytes> read(Family family, std::string_view key) const {
    rocksdb::PinnableSlice value;
    if (!lookup(family, key, value)) return std::nullopt;
    return copy_of(value);
  }

  // Without copying the value out.
  bool contains(Family family, std::string_view key) const {
    rocksdb::PinnableSlice value;
    return lookup(family, key, value);
  }

  bool lookup(Family family, std::string_view key, rocksdb::PinnableSlice& value) const {
    const rocksdb::Status status =
        db->Get(rocksdb::ReadOptions(), this->family(family), key, &value);
    if (status.IsNotFound()) return false;
    if (!status.ok()) fail("read", status);
    return true;
  }

  void write(rocksdb::WriteBatch& batch) const {
    const rocksdb::Status status = db->Write(write_options, &batch);
    if (!status.ok()) fail("write", status);
  }

  void check_batch_op(const rocksdb::Status& status) const {
    if (!status.ok()) fail("building a write batch", status);
  }

  uint64_t executions(const ContextId& context_id) const {
    const std::optional<Bytes> stored = read(kWardMeta, executions_key(context_id));
    if (!stored) return 0;
    const std::optional<uint64_t> count =
        decode_u64(std::string_view(reinterpret_cast<const char*>(stored->data()), stored->size()));
    if (!count) throw StorageError("database " + db_name + ": malformed execution counter");
    return *count;
  }
};

// The Storage of one context: every key is the context id followed by the caller's key.
class RocksDbStore::ContextView final : public Storage {
 public:
  ContextView(const Impl& store, const ContextId& context_id, bool private_state)
      : store_(store),
        prefix_(context_key(context_id, {})),
        data_family_(private_state ? kPrivate : kMain),
        has_index_(!private_state) {}

  std::optional<Bytes> get(BytesView key) override {
    return store_.read(data_family_, key_for(key));
  }

  std::optional<Bytes> set(BytesView key, BytesView value) override {
    std::optional<Bytes> previous = get(key);
    write_one([&](rocksdb::WriteBatch& batch) {
      return batch.Put(store_.family(data_family_), key_for(key), slice_of(value));
    });
    return previous;
  }

  std::optional<Bytes> remove(BytesView key) override {
    std::optional<Bytes> previous = get(key);
    if (previous) {
      write_one([&](rocksdb::WriteBatch& batch) {
        return batch.Delete(store_.family(data_family_), key_for(key));
      });
    }
    return previous;
  }

  bool has(BytesView key) override { return store_.contains(data_family_, key_for(key)); }

  bool supports_index() const override { return has_index_; }

  bool index_set(BytesView key, BytesView value) override {
    if (!has_index_) return false;
    write_one([&](rocksdb::WriteBatch& batch) {
      return batch.Put(store_.family(kIndex), key_for(key), slice_of(value));
    });
    return true;
  }

  bool index_del(BytesView key) override {
    if (!has_index_) return false;
    write_one([&](rocksdb::WriteBatch& batch) {
      return batch.Delete(store_.family(kIndex), key_for(key));
    });
    return true;
  }

  bool index_del_prefix(BytesView prefix) override {
    if (!has_index_) return false;
    WriteBatch batch;
    batch.ops.push_back({WriteBatch::Space::Index,
                         WriteBatch::Op::Kind::DeletePrefix,
                         Bytes(prefix.begin(), prefix.end()),
                         {}});
    apply(batch);
    return true;
  }

  std::vector<KeyValue> index_scan(BytesView lo, BytesView hi, uint64_t offset,
                                   std::optional<uint64_t> limit) override {
    std::vector<KeyValue> page;
    if (!has_index_ || limit == 0 || compare_bytes(lo, hi) >= 0) return page;
    RangeIterator it = store_.range(kIndex, key_for(lo), key_for(hi));
    it.seek_first();
    for (uint64_t skipped = 0; it->Valid() && skipped < offset; it->Next()) ++skipped;
    for (; it->Valid() && (!limit || page.size() < *limit); it->Next()) {
      page.emplace_back(unprefixed(it->key()), copy_of(it->value()));
    }
    it.check();
    return page;
  }

  std::optional<KeyValue> index_last(BytesView lo, BytesView hi) override {
    if (!has_index_ || compare_bytes(lo, hi) >= 0) return std::nullopt;
    const std::string end = key_for(hi);
    RangeIterator it = store_.range(kIndex, key_for(lo), std::nullopt);
    it.seek_last_below(end);
    if (!it->Valid()) {
      it.check();
      return std::nullopt;
    }
    return KeyValue{unprefixed(it->key()), copy_of(it->value())};
  }

  void index_visit(BytesView lo, BytesView hi, ScanOrder order, IndexVisitor visit) override {
    if (!has_index_ || compare_bytes(lo, hi) >= 0) return;
    if (order == ScanOrder::Ascending) {
      RangeIterator it = store_.range(kIndex, key_for(lo), key_for(hi));
      for (it.seek_first(); it->Valid(); it->Next()) {
        if (!visit(bytes_of(it->key()).subspan(prefix_.size()), bytes_of(it->value()))) return;
      }
      it.check();
      return;
    }
    const std::string end = key_for(hi);
    RangeIterator it = store_.range(kIndex, key_for(lo), std::nullopt);
    for (it.seek_last_below(end); it->Valid(); it->Prev()) {
      if (!visit(bytes_of(it->key()).subspan(prefix_.size()), bytes_of(it->value()))) return;
    }
    it.check();
  }

  bool index_meta_set(BytesView key, BytesView value) override {
    if (!has_index_) return false;
    write_one([&](rocksdb::WriteBatch& batch) {
      return batch.Put(store_.family(kIndexMeta), key_for(key), slice_of(value));
    });
    return true;
  }

  std::optional<Bytes> index_meta_get(BytesView key) override {
    if (!has_index_) return std::nullopt;
    return store_.read(kIndexMeta, key_for(key));
  }

  bool index_meta_del(BytesView key) override {
    if (!has_index_) return false;
    write_one([&](rocksdb::WriteBatch& batch) {
      return batch.Delete(store_.family(kIndexMeta), key_for(key));
    });
    return true;
  }

  void apply(const WriteBatch& batch) override {
    validate(batch);
    if (batch.empty()) return;
    rocksdb::WriteBatch rocks_batch;
    append(batch, rocks_batch);
    store_.write(rocks_batch);
  }

  // Adds the operations of a validated batch to `out`, in order. A view without an index
  // ignores index and meta operations, as its index methods do.
  void append(const WriteBatch& batch, rocksdb::WriteBatch& out) const {
    using Kind = WriteBatch::Op::Kind;
    for (size_t i = 0; i < batch.ops.size(); ++i) {
      const WriteBatch::Op& op = batch.ops[i];
      if (op.space != WriteBatch::Space::Main && !has_index_) continue;
      const Family family = family_for(op.space);
      rocksdb::ColumnFamilyHandle* handle = store_.family(family);
      switch (op.kind) {
        case Kind::Put:
          store_.check_batch_op(out.Put(handle, key_for(op.key), slice_of(op.value)));
          break;
        case Kind::Delete:
          store_.check_batch_op(out.Delete(handle, key_for(op.key)));
          break;
        case Kind::DeletePrefix:
          append_delete_prefix(batch, i, family, out);
          break;
      }
    }
  }

 private:
  std::string key_for(BytesView key) const {
    std::string prefixed;
    prefixed.reserve(prefix_.size() + key.size());
    prefixed.append(prefix_);
    prefixed.append(reinterpret_cast<const char*>(key.data()), key.size());
    return prefixed;
  }

  Bytes unprefixed(const rocksdb::Slice& key) const {
    const BytesView view = bytes_of(key).subspan(prefix_.size());
    return Bytes(view.begin(), view.end());
  }

  Family family_for(WriteBatch::Space space) const {
    switch (space) {
      case WriteBatch::Space::Main:
        return data_family_;
      case WriteBatch::Space::Index:
        return kIndex;
      case WriteBatch::Space::IndexMeta:
        return kIndexMeta;
    }
    throw StorageError("unknown keyspace in write batch");
  }

  // Writes one operation built by `add(batch)` as its own atomic write.
  template <typename Add>
  void write_one(Add&& add) {
    rocksdb::WriteBatch batch;
    store_.check_batch_op(add(batch));
    store_.write(batch);
  }

  // Deletes the keys under the prefix of batch.ops[index] as part of `out`. A range deletion
  // covers the keys written earlier in the same batch (RocksDB applies a batch in order), so
  // it is exact. Only a context id and prefix made entirely of 0xFF bytes have no upper bound
  // for the range; their keys are deleted one by one, the stored ones and those put earlier in
  // this batch.
  void append_delete_prefix(const WriteBatch& batch, size_t index, Family family,
                            rocksdb::WriteBatch& out) const {
    const WriteBatch::Op& op = batch.ops[index];
    rocksdb::ColumnFamilyHandle* handle = store_.family(family);
    const std::string begin = key_for(op.key);
    if (const std::optional<std::string> end = prefix_upper_bound(begin)) {
      store_.check_batch_op(out.DeleteRange(handle, begin, *end));
      return;
    }
    RangeIterator it = store_.range(family, begin, std::nullopt);
    for (it.seek_first(); it->Valid(); it->Next()) {
      store_.check_batch_op(out.Delete(handle, it->key()));
    }
    it.check();
    for (size_t earlier = 0; earlier < index; ++earlier) {
      const WriteBatch::Op& previous = batch.ops[earlier];
      if (previous.space == op.space && previous.kind == WriteBatch::Op::Kind::Put &&
          has_prefix(previous.key, op.key)) {
        store_.check_batch_op(out.Delete(handle, key_for(previous.key)));
      }
    }
  }

  const Impl& store_;
  std::string prefix_;  // the 32-byte context id
  Family data_family_;
  bool has_index_;
};

RocksDbStore::RocksDbStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RocksDbStore::~RocksDbStore() = default;

engine::Result<std::unique_ptr<RocksDbStore>, std::string> RocksDbStore::open(
    const std::filesystem::path& path, const Options& options) {
  const std::string db_name = path.string();
  const auto failure = [&](const std::string& cause) {
    return engine::Result<std::unique_ptr<RocksDbStore>, std::string>("cannot open database at " +
                                                                      db_name + ": " + cause);
  };

  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) return failure("cannot create its directory (" + error.message() + ")");
  if (!std::filesystem::is_directory(path, error)) return failure("it is not a directory");

  rocksdb::DBOptions db_options;
  db_options.keep_log_file_num = 4;  // RocksDB's info logs, rotated at every open
  // Small families (ward_meta, private) written with every execution would otherwise keep old
  // write-ahead logs alive until gigabytes accumulate; past this size they are flushed.
  db_options.max_total_wal_size = 128 << 20;

  // A database exists iff its CURRENT file does; then open exactly the families it has (RocksDB
  // refuses to open a database without naming all of them).
  const bool exists = std::filesystem::exists(path / "CURRENT", error);
  std::vector<std::string> family_names;
  if (exists) {
    const rocksdb::Status status =
        rocksdb::DB::ListColumnFamilies(db_options, db_name, &family_names);
    if (!status.ok()) return failure(describe_open_failure(status, db_name));
  } else if (has_database_files(path)) {
    return failure("its CURRENT file is missing but database files remain (damaged database)");
  } else {
    family_names.assign({rocksdb::kDefaultColumnFamilyName});
    family_names.insert(family_names.end(), kFamilyNames.begin(), kFamilyNames.end());
    db_options.create_if_missing = true;
    db_options.create_missing_column_families = true;
  }

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (const std::string& name : family_names) {
    descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->db_name = db_name;
  impl->options = options;
  impl->write_options.sync = options.sync;
  const rocksdb::Status open_status =
      rocksdb::DB::Open(db_options, db_name, descriptors, &impl->handles, &impl->db);
  if (!open_status.ok()) {
    impl->handles.clear();
    impl->db = nullptr;
    return failure(describe_open_failure(open_status, db_name));
  }
  for (size_t i = 0; i < family_names.size(); ++i) {
    const auto known = std::find(kFamilyNames.begin(), kFamilyNames.end(), family_names[i]);
    if (known != kFamilyNames.end()) {
      impl->families[static_cast<size_t>(known - kFamilyNames.begin())] = impl->handles[i];
    }
  }

  try {
    // The format version decides whether this Ward may touch the database at all, so it is
    // checked before anything is created or written.
    std::optional<Bytes> version_bytes;
    if (impl->families[kWardMeta] != nullptr) {
      version_bytes = impl->read(kWardMeta, kFormatVersionKey);
    }
    if (version_bytes) {
      const std::optional<uint64_t> version = decode_u64(std::string_view(
          reinterpret_cast<const char*>(version_bytes->data()), version_bytes->size()));
      if (!version) return failure("its format version record is malformed");
      if (*version > kFormatVersion) {
        return failure("database format version " + std::to_string(*version) +
                       " is newer than this Ward supports (" + std::to_string(kFormatVersion) +
                       "); upgrade Ward");
      }
      if (*version != kFormatVersion) {
        return failure("database format version " + std::to_string(*version) +
                       " is unknown to this Ward (it supports " + std::to_string(kFormatVersion) +
                       ")");
      }
    } else {
      // Only an empty database may become a Ward database.
      for (rocksdb::ColumnFamilyHandle* handle : impl->handles) {
        std::unique_ptr<rocksdb::Iterator> it(
            impl->db->NewIterator(rocksdb::ReadOptions(), handle));
        it->SeekToFirst();
        if (!it->status().ok()) return failure(describe_open_failure(it->status(), db_name));
        if (it->Valid()) return failure("it is not a Ward database (data but no format version)");
      }
    }

    for (size_t family = 0; family < kFamilyCount; ++family) {
      if (impl->families[family] != nullptr) continue;
      rocksdb::ColumnFamilyHandle* handle = nullptr;
      const rocksdb::Status status = impl->db->CreateColumnFamily(rocksdb::ColumnFamilyOptions(),
                                                                  kFamilyNames[family], &handle);
      if (!status.ok()) return failure(describe_open_failure(status, db_name));
      impl->handles.push_back(handle);
      impl->families[family] = handle;
    }

    if (!version_bytes) {
      rocksdb::WriteOptions durable;
      durable.sync = true;
      const rocksdb::Status status = impl->db->Put(durable, impl->families[kWardMeta],
                                                   kFormatVersionKey, encode_u64(kFormatVersion));
      if (!status.ok()) return failure(describe_open_failure(status, db_name));
    }
  } catch (const StorageError& read_failure) {
    return failure(read_failure.what());
  }
  return std::unique_ptr<RocksDbStore>(new RocksDbStore(std::move(impl)));
}

const std::filesystem::path& RocksDbStore::path() const { return impl_->path; }

const RocksDbStore::Options& RocksDbStore::options() const { return impl_->options; }

std::unique_ptr<Storage> RocksDbStore::context(const ContextId& context_id) {
  return std::make_unique<ContextView>(*impl_, context_id, /*private_state=*/false);
}

std::unique_ptr<Storage> RocksDbStore::private_context(const ContextId& context_id) {
  return std::make_unique<ContextView>(*impl_, context_id, /*private_state=*/true);
}

uint64_t RocksDbStore::executions(const ContextId& context_id) {
  return impl_->executions(context_id);
}

void RocksDbStore::apply_execution(const ContextId& context_id, const WriteBatch& main_batch,
                                   const WriteBatch& private_batch) {
  validate(main_batch);
  validate(private_batch);
  const ContextView main_view(*impl_, context_id, /*private_state=*/false);
  const ContextView private_view(*impl_, context_id, /*private_state=*/true);
  // Held until the write: two concurrent executions of a context must not both read n and
  // write n + 1.
  std::lock_guard lock(impl_->executions_mutex);
  const uint64_t executions = impl_->executions(context_id);
  rocksdb::WriteBatch batch;
  main_view.append(main_batch, batch);
  private_view.append(private_batch, batch);
  impl_->check_batch_op(
      batch.Put(impl_->family(kWardMeta), executions_key(context_id), encode_u64(executions + 1)));
  impl_->write(batch);
}

std::unique_ptr<RocksDbExecution> RocksDbStore::begin_execution(const ContextId& context_id) {
  return std::make_unique<RocksDbExecution>(*this, context_id);
}

std::vector<ContextId> RocksDbStore::contexts() {
  std::set<ContextId> found;
  for (const Family family : kPerContextFamilies) {
    std::unique_ptr<rocksdb::Iterator> it(
        impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->family(family)));
    // One seek per context: after a context's first key, skip to the end of its prefix.
    for (it->SeekToFirst(); it->Valid();) {
      const rocksdb::Slice key = it->key();
      if (key.size() < kContextIdSize) {
        throw StorageError("database " + impl_->db_name + ": malformed key in column family " +
                           kFamilyNames[family]);
      }
      ContextId context_id;
      std::copy_n(reinterpret_cast<const uint8_t*>(key.data()), kContextIdSize, context_id.begin());
      found.insert(context_id);
      const std::optional<std::string> next =
          prefix_upper_bound(std::string_view(key.data(), kContextIdSize));
      if (!next) break;
      it->Seek(*next);
    }
    if (!it->status().ok()) impl_->fail("listing contexts", it->status());
  }
  return std::vector<ContextId>(found.begin(), found.end());
}

void RocksDbStore::visit(const ContextId& context_id, ContextSpace space, BytesView key_prefix,
                         IndexVisitor visitor) {
  std::string begin = context_key(context_id, key_prefix);
  std::optional<std::string> end = prefix_upper_bound(begin);
  RangeIterator it = impl_->range(family_of(space), std::move(begin), std::move(end));
  for (it.seek_first(); it->Valid(); it->Next()) {
    if (!visitor(bytes_of(it->key()).subspan(kContextIdSize), bytes_of(it->value()))) return;
  }
  it.check();
}

std::optional<Bytes> RocksDbStore::get(const ContextId& context_id, ContextSpace space,
                                       BytesView key) {
  return impl_->read(family_of(space), context_key(context_id, key));
}

void RocksDbStore::flush() {
  std::vector<rocksdb::ColumnFamilyHandle*> families(impl_->families.begin(),
                                                     impl_->families.end());
  const rocksdb::Status status = impl_->db->Flush(rocksdb::FlushOptions(), families);
  if (!status.ok()) impl_->fail("flush", status);
}

}  // namespace ward::storage
