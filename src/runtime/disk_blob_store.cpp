#include "ward/runtime/disk_blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace ward::runtime {
namespace {

std::string hex(const Id32& id) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(64, '0');
  for (size_t i = 0; i < id.size(); ++i) {
    out[2 * i] = kDigits[id[i] >> 4];
    out[2 * i + 1] = kDigits[id[i] & 0xF];
  }
  return out;
}

std::string describe(const char* what, const std::filesystem::path& path, int error) {
  return std::string(what) + " " + path.string() + ": " + std::strerror(error);
}

// Closes a descriptor, retrying nothing: after EINTR the descriptor is already released on Linux.
int close_fd(int fd) { return ::close(fd) == 0 ? 0 : errno; }

// Makes a rename inside `directory` durable.
int sync_directory(const std::filesystem::path& directory) {
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  int error = ::fsync(fd) == 0 ? 0 : errno;
  int close_error = close_fd(fd);
  return error != 0 ? error : close_error;
}

}  // namespace

class DiskBlobStore::DiskUpload final : public BlobStore::Upload {
 public:
  explicit DiskUpload(DiskBlobStore& store) : store_(store) {
    // mkostemp wants a mutable template; the temp name never looks like a blob id.
    std::string name = (store_.directory_ / ".upload-XXXXXX").string();
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ < 0) {
      store_.record_error(describe("cannot create a temporary file in", store_.directory_, errno));
      state_ = State::Failed;
      return;
    }
    temp_path_ = name;
  }

  ~DiskUpload() override { discard(); }

  bool append(std::span<const uint8_t> bytes) override {
    if (state_ != State::Open) return false;
    const uint8_t* data = bytes.data();
    size_t remaining = bytes.size();
    while (remaining > 0) {
      ssize_t n = ::write(fd_, data, remaining);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        store_.record_error(describe("cannot write", temp_path_, n < 0 ? errno : EIO));
        state_ = State::Failed;
        return false;
      }
      data += n;
      remaining -= static_cast<size_t>(n);
    }
    hasher_.update(bytes);
    return true;
  }

  std::optional<std::pair<Id32, uint64_t>> finish() override {
    if (state_ != State::Open) {
      discard();
      return std::nullopt;
    }
    if (::fsync(fd_) != 0) return fail("cannot sync", temp_path_, errno);
    int close_error = close_fd(fd_);
    fd_ = -1;
    if (close_error != 0) return fail("cannot close", temp_path_, close_error);

    uint64_t size = hasher_.size();
    Id32 id = hasher_.finish();
    std::filesystem::path target = store_.path_of(id);
    // Atomic: readers see either no blob or the complete file. An existing file with this
    // name already holds the same content and is replaced by an identical one.
    if (::rename(temp_path_.c_str(), target.c_str()) != 0) {
      return fail("cannot rename into", target, errno);
    }
    temp_path_.clear();
    state_ = State::Finished;
    if (int error = sync_directory(store_.directory_); error != 0) {
      // The blob is complete but may not survive a crash: report the failure.
      store_.record_error(describe("cannot sync directory", store_.directory_, error));
      return std::nullopt;
    }
    return std::make_pair(id, size);
  }

  void abort() override { discard(); }

 private:
  enum class State : uint8_t { Open, Failed, Finished };

  std::nullopt_t fail(const char* what, const std::filesystem::path& path, int error) {
    store_.record_error(describe(what, path, error));
    state_ = State::Failed;
    discard();
    return std::nullopt;
  }

  // Removes every trace of an unfinished upload.
  void discard() {
    if (fd_ >= 0) {
      close_fd(fd_);
      fd_ = -1;
    }
    if (!temp_path_.empty()) {
      ::unlink(temp_path_.c_str());
      temp_path_.clear();
    }
    if (state_ == State::Open) state_ = State::Failed;
  }

  DiskBlobStore& store_;
  int fd_ = -1;
  std::filesystem::path temp_path_;
  BlobIdHasher hasher_;
  State state_ = State::Open;
};

class DiskBlobStore::DiskReader final : public BlobStore::Reader {
 public:
  DiskReader(DiskBlobStore& store, int fd, std::filesystem::path path)
      : store_(store), fd_(fd), path_(std::move(path)) {}
  ~DiskReader() override {
    if (fd_ >= 0) close_fd(fd_);
  }

  std::optional<Bytes> next_chunk() override {
    if (fd_ < 0) return std::nullopt;
    Bytes chunk(BlobIdHasher::kChunkSize);
    size_t filled = 0;
    while (filled < chunk.size()) {
      ssize_t n = ::read(fd_, chunk.data() + filled, chunk.size() - filled);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        store_.record_error(describe("cannot read", path_, errno));
        close_fd(fd_);
        fd_ = -1;
        return std::nullopt;
      }
      if (n == 0) break;
      filled += static_cast<size_t>(n);
    }
    chunk.resize(filled);
    return chunk;
  }

 private:
  DiskBlobStore& store_;
  int fd_;  // -1: the blob could not be opened, or a read failed
  std::filesystem::path path_;
};

DiskBlobStore::DiskBlobStore(std::filesystem::path directory) : directory_(std::move(directory)) {
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec) record_error("cannot create " + directory_.string() + ": " + ec.message());
}

DiskBlobStore::~DiskBlobStore() = default;

std::unique_ptr<BlobStore::Upload> DiskBlobStore::begin_upload() {
  return std::make_unique<DiskUpload>(*this);
}

std::unique_ptr<BlobStore::Reader> DiskBlobStore::open_read(const Id32& blob_id) {
  std::filesystem::path path = path_of(blob_id);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return nullptr;
    // The blob may exist but is unreadable: a reader that reports the error.
    record_error(describe("cannot open", path, errno));
  }
  return std::make_unique<DiskReader>(*this, fd, std::move(path));
}

std::optional<uint64_t> DiskBlobStore::info(const Id32& blob_id) {
  std::filesystem::path path = path_of(blob_id);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) record_error(describe("cannot stat", path, errno));
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) return std::nullopt;
  return static_cast<uint64_t>(st.st_size);
}

bool DiskBlobStore::announce(const Id32&, const Id32&, uint64_t) { return true; }

std::filesystem::path DiskBlobStore::path_of(const Id32& blob_id) const {
  return directory_ / hex(blob_id);
}

std::string DiskBlobStore::last_error() const {
  std::lock_guard lock(error_mutex_);
  return last_error_;
}

void DiskBlobStore::record_error(std::string message) {
  std::lock_guard lock(error_mutex_);
  last_error_ = std::move(message);
}

}  // namespace ward::runtime
