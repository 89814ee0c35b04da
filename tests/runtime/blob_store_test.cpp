// Blob ids (calimero-abi.md §4.10), the in-memory store and the on-disk store.
#include "ward/runtime/blob_store.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "ward/runtime/disk_blob_store.hpp"
#include "ward/runtime/memory_blob_store.hpp"

namespace ward::runtime {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMiB = 1'048'576;

Bytes pattern(size_t size, uint32_t seed = 1) {
  Bytes out(size);
  uint32_t x = seed * 2'654'435'761u + 12'345u;
  for (auto& b : out) {
    x = x * 1'103'515'245u + 12'345u;
    b = static_cast<uint8_t>(x >> 24);
  }
  return out;
}

// The chunk rule computed directly with libsodium, independently of the code under test.
Id32 expected_blob_id(const Bytes& content) {
  std::vector<uint8_t> chunk_ids;
  for (size_t offset = 0; offset < content.size(); offset += kMiB) {
    size_t len = std::min(kMiB, content.size() - offset);
    uint8_t chunk_id[32];
    crypto_hash_sha256(chunk_id, content.data() + offset, len);
    chunk_ids.insert(chunk_ids.end(), chunk_id, chunk_id + 32);
  }
  Id32 id;
  crypto_hash_sha256(id.data(), chunk_ids.data(), chunk_ids.size());
  return id;
}

std::string hex(const Id32& id) {
  std::string out;
  char buf[3];
  for (uint8_t b : id) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    out += buf;
  }
  return out;
}

// Drains a reader, returning the sizes of its chunks (the final empty one excluded).
std::vector<size_t> chunk_sizes(BlobStore::Reader& reader, Bytes* content = nullptr) {
  std::vector<size_t> sizes;
  while (true) {
    std::optional<Bytes> chunk = reader.next_chunk();
    if (!chunk) {
      ADD_FAILURE() << "read error";
      return sizes;
    }
    if (chunk->empty()) return sizes;
    sizes.push_back(chunk->size());
    if (content) content->insert(content->end(), chunk->begin(), chunk->end());
  }
}

class BlobIdTest : public ::testing::TestWithParam<size_t> {};

TEST_P(BlobIdTest, FollowsTheChunkRule) {
  Bytes content = pattern(GetParam());
  Id32 expected = expected_blob_id(content);
  EXPECT_EQ(hex(blob_id_of(content)), hex(expected));

  // Any split of the content gives the same id.
  BlobIdHasher hasher;
  std::span<const uint8_t> rest(content);
  size_t step = 1;
  while (!rest.empty()) {
    size_t take = std::min(rest.size(), step);
    hasher.update(rest.first(take));
    rest = rest.subspan(take);
    step = step * 7 + 3;
  }
  EXPECT_EQ(hasher.size(), content.size());
  EXPECT_EQ(hex(hasher.finish()), hex(expected));
  // finish() starts over.
  EXPECT_EQ(hasher.size(), 0u);
  EXPECT_EQ(hex(hasher.finish()), hex(expected_blob_id({})));

  MemoryBlobStore memory;
  auto memory_id = memory.put(content);
  ASSERT_TRUE(memory_id);
  EXPECT_EQ(hex(*memory_id), hex(expected));
}

INSTANTIATE_TEST_SUITE_P(Sizes, BlobIdTest,
                         ::testing::Values(0, 1, kMiB - 1, kMiB, kMiB + 1, 2 * kMiB,
                                           3 * kMiB + kMiB / 2));

TEST(BlobId, EmptyContentIsTheHashOfTheEmptyString) {
  EXPECT_EQ(hex(blob_id_of({})),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(BlobId, OneByteIsTheHashOfItsChunkId) {
  const uint8_t byte = 'a';
  uint8_t chunk_id[32];
  crypto_hash_sha256(chunk_id, &byte, 1);
  Id32 expected;
  crypto_hash_sha256(expected.data(), chunk_id, 32);
  EXPECT_EQ(hex(blob_id_of(std::span(&byte, 1))), hex(expected));
}

// ---- MemoryBlobStore ----

TEST(MemoryBlobStore, RoundTripsAndReadsInOneMebibyteChunks) {
  MemoryBlobStore store;
  Bytes content = pattern(2 * kMiB + 100);
  auto id = store.put(content);
  ASSERT_TRUE(id);
  EXPECT_TRUE(store.contains(*id));
  EXPECT_EQ(store.blob_count(), 1u);
  EXPECT_EQ(store.info(*id), content.size());
  EXPECT_EQ(store.get(*id), content);

  auto reader = store.open_read(*id);
  ASSERT_TRUE(reader);
  Bytes read;
  EXPECT_EQ(chunk_sizes(*reader, &read), (std::vector<size_t>{kMiB, kMiB, 100}));
  EXPECT_EQ(read, content);
  EXPECT_EQ(reader->next_chunk(), Bytes());  // stays at the end
}

TEST(MemoryBlobStore, EmptyBlobHasNoChunks) {
  MemoryBlobStore store;
  auto id = store.put({});
  ASSERT_TRUE(id);
  EXPECT_EQ(store.info(*id), 0u);
  auto reader = store.open_read(*id);
  ASSERT_TRUE(reader);
  EXPECT_TRUE(chunk_sizes(*reader).empty());
}

TEST(MemoryBlobStore, UnknownBlob) {
  MemoryBlobStore store;
  Id32 unknown{};
  unknown[0] = 7;
  EXPECT_EQ(store.open_read(unknown), nullptr);
  EXPECT_EQ(store.info(unknown), std::nullopt);
  EXPECT_EQ(store.get(unknown), std::nullopt);
}

TEST(MemoryBlobStore, StreamingUploadHashesIncrementally) {
  MemoryBlobStore store;
  Bytes content = pattern(kMiB + 17);
  auto upload = store.begin_upload();
  EXPECT_EQ(store.uploads_in_progress(), 1u);
  for (size_t offset = 0; offset < content.size(); offset += 4099) {
    size_t len = std::min<size_t>(4099, content.size() - offset);
    ASSERT_TRUE(upload->append(std::span(content).subspan(offset, len)));
  }
  EXPECT_EQ(store.blob_count(), 0u);  // nothing visible before finish
  auto finished = upload->finish();
  ASSERT_TRUE(finished);
  EXPECT_EQ(hex(finished->first), hex(expected_blob_id(content)));
  EXPECT_EQ(finished->second, content.size());
  EXPECT_EQ(store.get(finished->first), content);
  EXPECT_FALSE(upload->append(content));  // finished uploads take nothing more
  EXPECT_FALSE(upload->finish());
  EXPECT_EQ(store.upload_stats().finished, 1u);
  EXPECT_EQ(store.uploads_in_progress(), 0u);
}

TEST(MemoryBlobStore, SameContentTwiceIsOneBlob) {
  MemoryBlobStore store;
  Bytes content = pattern(1000);
  EXPECT_EQ(store.put(content), store.put(content));
  EXPECT_EQ(store.blob_count(), 1u);
}

TEST(MemoryBlobStore, AbortAndUnfinishedUploadsLeaveNothing) {
  MemoryBlobStore store;
  auto aborted = store.begin_upload();
  ASSERT_TRUE(aborted->append(pattern(10)));
  aborted->abort();
  EXPECT_FALSE(aborted->append(pattern(10)));
  EXPECT_FALSE(aborted->finish());
  {
    auto dropped = store.begin_upload();
    ASSERT_TRUE(dropped->append(pattern(10)));
  }
  EXPECT_EQ(store.blob_count(), 0u);
  MemoryBlobStore::UploadStats stats = store.upload_stats();
  EXPECT_EQ(stats.begun, 2u);
  EXPECT_EQ(stats.aborted, 2u);
  EXPECT_EQ(stats.finished, 0u);
  EXPECT_EQ(store.uploads_in_progress(), 0u);
}

TEST(MemoryBlobStore, FailedAppendFailsTheWholeUpload) {
  MemoryBlobStore store;
  auto upload = store.begin_upload();
  ASSERT_TRUE(upload->append(pattern(10)));
  store.set_faults({.fail_appends = true});
  EXPECT_FALSE(upload->append(pattern(10)));
  store.set_faults({});
  EXPECT_FALSE(upload->append(pattern(10)));  // the upload stays failed
  EXPECT_FALSE(upload->finish());
  EXPECT_EQ(store.blob_count(), 0u);
  EXPECT_EQ(store.upload_stats().aborted, 1u);
}

TEST(MemoryBlobStore, FailedFinishStoresNothing) {
  MemoryBlobStore store;
  store.set_faults({.fail_finish = true});
  auto upload = store.begin_upload();
  ASSERT_TRUE(upload->append(pattern(10)));
  EXPECT_FALSE(upload->finish());
  EXPECT_EQ(store.blob_count(), 0u);
  EXPECT_EQ(store.put(pattern(10)), std::nullopt);
}

TEST(MemoryBlobStore, ReadErrorAfterSomeChunks) {
  MemoryBlobStore store;
  Bytes content = pattern(3 * kMiB);
  auto id = store.put(content);
  ASSERT_TRUE(id);
  store.set_faults({.read_error_after_chunks = 2});
  auto reader = store.open_read(*id);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->next_chunk()->size(), kMiB);
  EXPECT_EQ(reader->next_chunk()->size(), kMiB);
  EXPECT_EQ(reader->next_chunk(), std::nullopt);
  EXPECT_EQ(store.get(*id), std::nullopt);
}

TEST(MemoryBlobStore, InfoAndAnnounceFaults) {
  MemoryBlobStore store;
  auto id = store.put(pattern(5));
  ASSERT_TRUE(id);
  Id32 context{};
  context[31] = 9;
  ASSERT_TRUE(store.announce(*id, context, 5));
  ASSERT_EQ(store.announcements().size(), 1u);
  EXPECT_EQ(store.announcements()[0].blob_id, *id);
  EXPECT_EQ(store.announcements()[0].context_id, context);
  EXPECT_EQ(store.announcements()[0].size, 5u);

  store.set_faults({.fail_info = true, .fail_announce = true});
  EXPECT_EQ(store.info(*id), std::nullopt);
  EXPECT_FALSE(store.announce(*id, context, 5));
  EXPECT_EQ(store.announcements().size(), 1u);
}

TEST(MemoryBlobStore, ReaderOutlivesTheStore) {
  std::unique_ptr<BlobStore::Reader> reader;
  Bytes content = pattern(300);
  {
    MemoryBlobStore store;
    auto id = store.put(content);
    ASSERT_TRUE(id);
    reader = store.open_read(*id);
  }
  EXPECT_EQ(reader->next_chunk(), content);
}

// ---- DiskBlobStore ----

class DiskBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = (fs::temp_directory_path() / "ward-blobs-XXXXXX").string();
    ASSERT_NE(::mkdtemp(name.data()), nullptr);
    root_ = name;
    dir_ = root_ / "blobs";
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  std::vector<std::string> files() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  static Bytes read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  fs::path root_;
  fs::path dir_;
};

TEST_F(DiskBlobStoreTest, CreatesTheDirectoryAndStoresFilesNamedByHexId) {
  DiskBlobStore store(dir_);
  EXPECT_TRUE(fs::is_directory(dir_));
  Bytes content = pattern(kMiB + 1);
  auto id = store.put(content);
  ASSERT_TRUE(id) << store.last_error();
  EXPECT_EQ(hex(*id), hex(expected_blob_id(content)));
  EXPECT_EQ(files(), std::vector<std::string>{hex(*id)});
  EXPECT_EQ(store.path_of(*id), dir_ / hex(*id));
  EXPECT_EQ(read_file(dir_ / hex(*id)), content);
  EXPECT_EQ(store.info(*id), content.size());
  EXPECT_TRUE(store.last_error().empty());
}

TEST_F(DiskBlobStoreTest, IdsMatchTheChunkRule) {
  DiskBlobStore store(dir_);
  for (size_t size : {size_t{0}, size_t{1}, kMiB, kMiB + 1, 3 * kMiB + kMiB / 2}) {
    Bytes content = pattern(size, static_cast<uint32_t>(size));
    auto id = store.put(content);
    ASSERT_TRUE(id) << store.last_error();
    EXPECT_EQ(hex(*id), hex(expected_blob_id(content))) << size;
    EXPECT_EQ(store.get(*id), content) << size;
  }
}

TEST_F(DiskBlobStoreTest, PersistsAcrossInstances) {
  Bytes content = pattern(2 * kMiB + kMiB / 2);
  Id32 id;
  {
    DiskBlobStore writer(dir_);
    auto put = writer.put(content);
    ASSERT_TRUE(put) << writer.last_error();
    id = *put;
  }
  DiskBlobStore reader_store(dir_);
  EXPECT_EQ(reader_store.info(id), content.size());
  auto reader = reader_store.open_read(id);
  ASSERT_TRUE(reader);
  Bytes read;
  EXPECT_EQ(chunk_sizes(*reader, &read), (std::vector<size_t>{kMiB, kMiB, kMiB / 2}));
  EXPECT_EQ(read, content);
}

TEST_F(DiskBlobStoreTest, FinishIsAtomic) {
  DiskBlobStore store(dir_);
  Bytes content = pattern(5000);
  Id32 id = expected_blob_id(content);
  auto upload = store.begin_upload();
  ASSERT_TRUE(upload->append(std::span(content).first(2000)));
  ASSERT_TRUE(upload->append(std::span(content).subspan(2000)));
  // Before finish only a temporary file exists: the blob is not visible under its id.
  std::vector<std::string> pending = files();
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_NE(pending[0], hex(id));
  EXPECT_EQ(pending[0][0], '.');
  EXPECT_EQ(store.info(id), std::nullopt);
  EXPECT_EQ(store.open_read(id), nullptr);

  auto finished = upload->finish();
  ASSERT_TRUE(finished) << store.last_error();
  EXPECT_EQ(finished->first, id);
  EXPECT_EQ(finished->second, content.size());
  EXPECT_EQ(files(), std::vector<std::string>{hex(id)});  // the temporary file is gone
  EXPECT_EQ(read_file(dir_ / hex(id)), content);
  EXPECT_FALSE(upload->finish());
}

TEST_F(DiskBlobStoreTest, AbortedAndDroppedUploadsLeaveNothing) {
  DiskBlobStore store(dir_);
  auto aborted = store.begin_upload();
  ASSERT_TRUE(aborted->append(pattern(100)));
  aborted->abort();
  EXPECT_TRUE(files().empty());
  EXPECT_FALSE(aborted->append(pattern(100)));
  EXPECT_FALSE(aborted->finish());
  {
    auto dropped = store.begin_upload();
    ASSERT_TRUE(dropped->append(pattern(100)));
    EXPECT_EQ(files().size(), 1u);
  }
  EXPECT_TRUE(files().empty());
}

TEST_F(DiskBlobStoreTest, SameContentTwiceIsOneFile) {
  DiskBlobStore store(dir_);
  Bytes content = pattern(123);
  auto first = store.put(content);
  auto second = store.put(content);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(files().size(), 1u);
}

TEST_F(DiskBlobStoreTest, UnknownBlob) {
  DiskBlobStore store(dir_);
  Id32 unknown{};
  EXPECT_EQ(store.open_read(unknown), nullptr);
  EXPECT_EQ(store.info(unknown), std::nullopt);
  EXPECT_EQ(store.get(unknown), std::nullopt);
  EXPECT_TRUE(store.announce(unknown, unknown, 0));  // standalone: nothing to announce to
}

TEST_F(DiskBlobStoreTest, UnusableDirectoryFailsUploadsWithoutThrowing) {
  fs::create_directories(root_);
  std::ofstream(root_ / "file") << "not a directory";
  DiskBlobStore store(root_ / "file" / "blobs");
  EXPECT_FALSE(store.last_error().empty());
  auto upload = store.begin_upload();
  ASSERT_NE(upload, nullptr);
  EXPECT_FALSE(upload->append(pattern(10)));
  EXPECT_FALSE(upload->finish());
  EXPECT_EQ(store.put(pattern(10)), std::nullopt);
  EXPECT_EQ(store.info(Id32{}), std::nullopt);
}

TEST_F(DiskBlobStoreTest, UnreadableBlobIsAReadError) {
  DiskBlobStore store(dir_);
  Id32 id = expected_blob_id(pattern(10));
  fs::create_directories(store.path_of(id));  // a directory where the blob file should be
  EXPECT_EQ(store.info(id), std::nullopt);
  auto reader = store.open_read(id);
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->next_chunk(), std::nullopt);
  EXPECT_EQ(store.get(id), std::nullopt);
  EXPECT_FALSE(store.last_error().empty());
}

}  // namespace
}  // namespace ward::runtime
