// A content-addressed blob store in a directory, for the `ward` CLI: each blob is the file
// `<directory>/<64 lowercase hex id>`. Uploads go to a temporary file in the same directory
// that is synced and renamed into place on finish, so a blob file is either complete or absent;
// aborted uploads leave nothing behind. Several stores (and processes) may share a directory.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "ward/runtime/blob_store.hpp"

namespace ward::runtime {

class DiskBlobStore final : public BlobStore {
 public:
  // Creates the directory if it is missing. A directory that cannot be created or written makes
  // every upload fail (see last_error()); nothing throws.
  explicit DiskBlobStore(std::filesystem::path directory);
  ~DiskBlobStore() override;

  std::unique_ptr<Upload> begin_upload() override;
  std::unique_ptr<Reader> open_read(const Id32& blob_id) override;
  std::optional<uint64_t> info(const Id32& blob_id) override;
  // A standalone store has no network to announce to: succeeds without effect.
  bool announce(const Id32& blob_id, const Id32& context_id, uint64_t size) override;

  const std::filesystem::path& directory() const { return directory_; }
  std::filesystem::path path_of(const Id32& blob_id) const;
  // A description of the most recent I/O failure, empty if there was none.
  std::string last_error() const;

 private:
  class DiskUpload;
  class DiskReader;
  void record_error(std::string message);

  std::filesystem::path directory_;
  mutable std::mutex error_mutex_;
  std::string last_error_;
};

}  // namespace ward::runtime
