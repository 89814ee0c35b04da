// The blob store behind the blob host functions (calimero-abi.md §4.10).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "ward/runtime/context.hpp"

namespace ward::runtime {

// Blob ids: 1 MiB chunks, chunk_id = SHA-256(chunk), blob_id = SHA-256(chunk ids...).
//
// Contract for implementations:
// * A store may be shared by concurrent executions; it synchronises internally.
// * Uploads and readers never outlive the store that made them.
// * Failures (I/O errors, and timeouts of stores that talk to something remote, §11.2) are
//   reported through the return values below; nothing here is expected to throw except on
//   allocation failure.
class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // One blob being written. Destroying an upload that was not finished aborts it.
  class Upload {
   public:
    virtual ~Upload() = default;
    // false: the upload has failed (this and every later append, and finish, fail).
    virtual bool append(std::span<const uint8_t> bytes) = 0;
    // Persists the blob and returns its id and size, or nullopt on failure.
    virtual std::optional<std::pair<Id32, uint64_t>> finish() = 0;
    // Discards everything written: no partial blob becomes visible.
    virtual void abort() = 0;
  };
  class Reader {
   public:
    virtual ~Reader() = default;
    // The next chunk of the blob (empty at the end), or nullopt on error.
    virtual std::optional<Bytes> next_chunk() = 0;
  };

  // Never nullptr: a store that cannot start an upload returns one that fails.
  virtual std::unique_ptr<Upload> begin_upload() = 0;
  virtual std::unique_ptr<Reader> open_read(const Id32& blob_id) = 0;  // nullptr: unknown
  virtual std::optional<uint64_t> info(const Id32& blob_id) = 0;       // size; nullopt: unknown
  virtual bool announce(const Id32& blob_id, const Id32& context_id, uint64_t size) = 0;

  // Stores `content` as one blob; nullopt if the upload failed.
  std::optional<Id32> put(std::span<const uint8_t> content) {
    std::unique_ptr<Upload> upload = begin_upload();
    if (!upload || !upload->append(content)) return std::nullopt;
    auto finished = upload->finish();
    if (!finished) return std::nullopt;
    return finished->first;
  }
  // The whole content of a blob; nullopt if it is unknown or a read failed.
  std::optional<Bytes> get(const Id32& blob_id) {
    std::unique_ptr<Reader> reader = open_read(blob_id);
    if (!reader) return std::nullopt;
    Bytes content;
    while (true) {
      std::optional<Bytes> chunk = reader->next_chunk();
      if (!chunk) return std::nullopt;
      if (chunk->empty()) return content;
      content.insert(content.end(), chunk->begin(), chunk->end());
    }
  }
};

// The blob-id rule above, fed incrementally (any split of the content gives the same id).
class BlobIdHasher {
 public:
  static constexpr uint64_t kChunkSize = 1'048'576;

  BlobIdHasher();
  ~BlobIdHasher();
  BlobIdHasher(BlobIdHasher&&) noexcept;
  BlobIdHasher& operator=(BlobIdHasher&&) noexcept;

  void update(std::span<const uint8_t> bytes);
  uint64_t size() const;  // bytes fed so far
  // The id of everything fed so far; the hasher then starts over.
  Id32 finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The blob id of `content`.
Id32 blob_id_of(std::span<const uint8_t> content);

}  // namespace ward::runtime
