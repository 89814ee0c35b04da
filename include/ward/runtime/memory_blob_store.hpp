// An in-memory, content-addressed blob store for tests and examples, with switches that make
// its operations fail so the failure paths of the blob host functions can be exercised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "ward/runtime/blob_store.hpp"

namespace ward::runtime {

class MemoryBlobStore final : public BlobStore {
 public:
  // Failure injection. Changes apply to uploads and readers already in progress.
  struct Faults {
    bool fail_appends = false;   // every append fails (and marks its upload failed)
    bool fail_finish = false;    // finish fails
    bool fail_info = false;      // info reports the blob as unknown
    bool fail_announce = false;  // announce fails
    // Readers report an error instead of their next chunk once they have returned this many.
    std::optional<size_t> read_error_after_chunks = std::nullopt;
  };

  struct Announcement {
    Id32 blob_id;
    Id32 context_id;
    uint64_t size = 0;
  };

  // Counts of upload outcomes, to check that unclosed uploads are aborted.
  struct UploadStats {
    uint64_t begun = 0;
    uint64_t finished = 0;
    uint64_t aborted = 0;  // explicit abort() or destroyed unfinished
  };

  MemoryBlobStore();
  ~MemoryBlobStore() override;

  std::unique_ptr<Upload> begin_upload() override;
  std::unique_ptr<Reader> open_read(const Id32& blob_id) override;
  std::optional<uint64_t> info(const Id32& blob_id) override;
  bool announce(const Id32& blob_id, const Id32& context_id, uint64_t size) override;

  bool contains(const Id32& blob_id) const;
  size_t blob_count() const;
  std::vector<Announcement> announcements() const;
  UploadStats upload_stats() const;
  uint64_t uploads_in_progress() const;

  void set_faults(const Faults& faults);
  Faults faults() const;

 private:
  struct Shared;
  class MemoryUpload;
  class MemoryReader;
  std::shared_ptr<Shared> shared_;
};

}  // namespace ward::runtime
