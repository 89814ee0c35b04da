#include "ward/runtime/memory_blob_store.hpp"

#include <algorithm>
#include <map>
#include <mutex>

#include "runtime/crypto/sha256.hpp"

namespace ward::runtime {

// ---- BlobIdHasher (shared by every store) ----

struct BlobIdHasher::State {
  crypto::Sha256 chunk;      // the chunk being filled
  crypto::Sha256 chunk_ids;  // chunk_id_1 ‖ chunk_id_2 ‖ … of the completed chunks
  uint64_t chunk_fill = 0;
  uint64_t total = 0;

  void close_chunk() {
    crypto::Sha256Digest id = chunk.finish();
    chunk_ids.update(id);
    chunk_fill = 0;
  }
};

BlobIdHasher::BlobIdHasher() : state_(std::make_unique<State>()) {}
BlobIdHasher::~BlobIdHasher() = default;
BlobIdHasher::BlobIdHasher(BlobIdHasher&&) noexcept = default;
BlobIdHasher& BlobIdHasher::operator=(BlobIdHasher&&) noexcept = default;

void BlobIdHasher::update(std::span<const uint8_t> bytes) {
  State& s = *state_;
  s.total += bytes.size();
  while (!bytes.empty()) {
    size_t take = static_cast<size_t>(std::min<uint64_t>(kChunkSize - s.chunk_fill, bytes.size()));
    s.chunk.update(bytes.first(take));
    s.chunk_fill += take;
    bytes = bytes.subspan(take);
    if (s.chunk_fill == kChunkSize) s.close_chunk();
  }
}

uint64_t BlobIdHasher::size() const { return state_->total; }

Id32 BlobIdHasher::finish() {
  State& s = *state_;
  // A partial last chunk counts; empty content has no chunk, so its id is SHA-256("").
  if (s.chunk_fill > 0) s.close_chunk();
  s.total = 0;
  return s.chunk_ids.finish();
}

Id32 blob_id_of(std::span<const uint8_t> content) {
  BlobIdHasher hasher;
  hasher.update(content);
  return hasher.finish();
}

// ---- MemoryBlobStore ----

// Lives as long as the longest-lived of the store, its uploads and its readers.
struct MemoryBlobStore::Shared {
  mutable std::mutex mutex;
  std::map<Id32, std::shared_ptr<const Bytes>> blobs;
  std::vector<Announcement> announcements;
  Faults faults;
  UploadStats stats;
};

class MemoryBlobStore::MemoryUpload final : public BlobStore::Upload {
 public:
  explicit MemoryUpload(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

  ~MemoryUpload() override {
    if (state_ == State::Open || state_ == State::Failed) discard();
  }

  bool append(std::span<const uint8_t> bytes) override {
    if (state_ != State::Open) return false;
    bool fail;
    {
      std::lock_guard lock(shared_->mutex);
      fail = shared_->faults.fail_appends;
    }
    if (fail) {
      state_ = State::Failed;
      return false;
    }
    content_.insert(content_.end(), bytes.begin(), bytes.end());
    hasher_.update(bytes);
    return true;
  }

  std::optional<std::pair<Id32, uint64_t>> finish() override {
    if (state_ == State::Failed) discard();
    if (state_ != State::Open) return std::nullopt;
    std::lock_guard lock(shared_->mutex);
    if (shared_->faults.fail_finish) {
      discard_locked();
      return std::nullopt;
    }
    Id32 id = hasher_.finish();
    uint64_t size = content_.size();
    // Content-addressed: an existing blob with this id already holds these bytes.
    shared_->blobs.try_emplace(id, std::make_shared<const Bytes>(std::move(content_)));
    content_.clear();
    ++shared_->stats.finished;
    state_ = State::Finished;
    return std::make_pair(id, size);
  }

  void abort() override {
    if (state_ == State::Open || state_ == State::Failed) discard();
  }

 private:
  enum class State : uint8_t { Open, Failed, Finished, Discarded };

  void discard() {
    std::lock_guard lock(shared_->mutex);
    discard_locked();
  }
  void discard_locked() {
    ++shared_->stats.aborted;
    state_ = State::Discarded;
    content_ = Bytes();
  }

  std::shared_ptr<Shared> shared_;
  Bytes content_;
  BlobIdHasher hasher_;
  State state_ = State::Open;
};

class MemoryBlobStore::MemoryReader final : public BlobStore::Reader {
 public:
  MemoryReader(std::shared_ptr<Shared> shared, std::shared_ptr<const Bytes> content)
      : shared_(std::move(shared)), content_(std::move(content)) {}

  std::optional<Bytes> next_chunk() override {
    {
      std::lock_guard lock(shared_->mutex);
      const auto& limit = shared_->faults.read_error_after_chunks;
      if (limit && chunks_returned_ >= *limit) return std::nullopt;
    }
    size_t remaining = content_->size() - position_;
    size_t take = static_cast<size_t>(std::min<uint64_t>(BlobIdHasher::kChunkSize, remaining));
    Bytes chunk(content_->begin() + static_cast<ptrdiff_t>(position_),
                content_->begin() + static_cast<ptrdiff_t>(position_ + take));
    position_ += take;
    if (take > 0) ++chunks_returned_;
    return chunk;
  }

 private:
  std::shared_ptr<Shared> shared_;
  std::shared_ptr<const Bytes> content_;
  size_t position_ = 0;
  size_t chunks_returned_ = 0;
};

MemoryBlobStore::MemoryBlobStore() : shared_(std::make_shared<Shared>()) {}
MemoryBlobStore::~MemoryBlobStore() = default;

std::unique_ptr<BlobStore::Upload> MemoryBlobStore::begin_upload() {
  {
    std::lock_guard lock(shared_->mutex);
    ++shared_->stats.begun;
  }
  return std::make_unique<MemoryUpload>(shared_);
}

std::unique_ptr<BlobStore::Reader> MemoryBlobStore::open_read(const Id32& blob_id) {
  std::shared_ptr<const Bytes> content;
  {
    std::lock_guard lock(shared_->mutex);
    auto it = shared_->blobs.find(blob_id);
    if (it == shared_->blobs.end()) return nullptr;
    content = it->second;
  }
  return std::make_unique<MemoryReader>(shared_, std::move(content));
}

std::optional<uint64_t> MemoryBlobStore::info(const Id32& blob_id) {
  std::lock_guard lock(shared_->mutex);
  if (shared_->faults.fail_info) return std::nullopt;
  auto it = shared_->blobs.find(blob_id);
  if (it == shared_->blobs.end()) return std::nullopt;
  return it->second->size();
}

bool MemoryBlobStore::announce(const Id32& blob_id, const Id32& context_id, uint64_t size) {
  std::lock_guard lock(shared_->mutex);
  if (shared_->faults.fail_announce) return false;
  shared_->announcements.push_back({blob_id, context_id, size});
  return true;
}

bool MemoryBlobStore::contains(const Id32& blob_id) const {
  std::lock_guard lock(shared_->mutex);
  return shared_->blobs.count(blob_id) != 0;
}

size_t MemoryBlobStore::blob_count() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->blobs.size();
}

std::vector<MemoryBlobStore::Announcement> MemoryBlobStore::announcements() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->announcements;
}

MemoryBlobStore::UploadStats MemoryBlobStore::upload_stats() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->stats;
}

uint64_t MemoryBlobStore::uploads_in_progress() const {
  std::lock_guard lock(shared_->mutex);
  const UploadStats& s = shared_->stats;
  return s.begun - s.finished - s.aborted;
}

void MemoryBlobStore::set_faults(const Faults& faults) {
  std::lock_guard lock(shared_->mutex);
  shared_->faults = faults;
}

MemoryBlobStore::Faults MemoryBlobStore::faults() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->faults;
}

}  // namespace ward::runtime
