// The blob host functions (calimero-abi.md §4.10): each step's error and each limit at its
// boundary, called through their host-table entries on an engine memory; then end to end
// through run() with small modules.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runtime_objects.hpp"
#include "runtime/host/host_function.hpp"
#include "runtime/vm_logic.hpp"
#include "support/wat.hpp"
#include "ward/engine/execution.hpp"
#include "ward/engine/store.hpp"
#include "ward/runtime/memory_blob_store.hpp"
#include "ward/runtime/runtime.hpp"
#include "ward/storage/memory_store.hpp"

namespace ward::runtime {
namespace {

using K = HostError::Kind;

constexpr uint64_t kMiB = 1'048'576;
constexpr uint64_t kPage = 65'536;
// Room for a full default-size chunk (10 MiB) plus descriptors.
constexpr uint32_t kMemoryPages = 176;
constexpr uint64_t kMemorySize = kMemoryPages * kPage;

// Guest addresses used by the tests.
constexpr uint64_t kDesc = 0;      // first descriptor
constexpr uint64_t kDesc2 = 16;    // second descriptor
constexpr uint64_t kData = 4096;   // small payloads
constexpr uint64_t kDest = 8192;   // destination buffers
constexpr uint64_t kBig = 65'536;  // large payloads (up to 10 MiB)

Bytes pattern(size_t size, uint32_t seed = 3) {
  Bytes out(size);
  uint32_t x = seed * 2'654'435'761u + 99u;
  for (auto& b : out) {
    x = x * 1'103'515'245u + 12'345u;
    b = static_cast<uint8_t>(x >> 24);
  }
  return out;
}

Bytes to_bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

struct CallResult {
  bool trapped = false;
  uint64_t value = 0;
  std::optional<HostError> error;
};

std::string describe(const CallResult& r) {
  if (!r.trapped) return "returned " + std::to_string(r.value);
  return r.error ? "trapped with " + to_string(*r.error) : "trapped without a host error";
}

::testing::AssertionResult Returns(const CallResult& r, uint64_t expected) {
  if (!r.trapped && r.value == expected) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected " << expected << ", but the call " << describe(r);
}

::testing::AssertionResult Traps(const CallResult& r, K kind, uint64_t a = 0, uint64_t b = 0) {
  HostError expected = HostError::of(kind, a, b);
  if (r.trapped && r.error && *r.error == expected) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "expected a trap with " << to_string(expected) << ", but the call " << describe(r);
}

class BlobFunctionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    engine::MemoryType type;
    type.limits.min = kMemoryPages;
    auto memory = engine_store_.create_memory(type);
    ASSERT_TRUE(memory) << memory.error();
    memory_ = *memory;
    ASSERT_EQ(memory_->size, kMemorySize);
    env_.blobs = &blobs_;
    vm_ = std::make_unique<VMLogic>(context_, limits_, options_, env_);
    vm_->memory = memory_;
    exec_.set_user_data(vm_.get());
    add_blob_functions(table_);
  }

  // Calls a host function the way the engine does: through its table entry.
  CallResult call(std::string_view name, std::vector<uint64_t> args) {
    const HostFunctionSpec* spec = nullptr;
    for (const auto& s : table_) {
      if (name == s.name) spec = &s;
    }
    if (spec == nullptr) {
      ADD_FAILURE() << "no host function " << name;
      return {};
    }
    EXPECT_EQ(args.size(), spec->type.params.size()) << name;
    args.resize(std::max<size_t>(args.size(), 1));
    vm_->host_error.reset();
    engine::HostCall host_call;
    host_call.execution_ = &exec_;
    host_call.memory_ = memory_;
    CallResult r;
    r.trapped = spec->callback(nullptr, host_call, args.data()) != engine::HostStatus::Ok;
    r.value = args[0];
    r.error = vm_->host_error;
    return r;
  }

  uint8_t* mem() { return memory_->base; }
  void put_u64(uint64_t at, uint64_t value) { std::memcpy(mem() + at, &value, 8); }
  void put_buffer(uint64_t at, uint64_t ptr, uint64_t len) {
    put_u64(at, ptr);
    put_u64(at + 8, len);
  }
  void put_bytes(uint64_t at, std::span<const uint8_t> bytes) {
    std::memcpy(mem() + at, bytes.data(), bytes.size());
  }
  Bytes get_bytes(uint64_t at, uint64_t len) { return Bytes(mem() + at, mem() + at + len); }
  Id32 get_id(uint64_t at) {
    Id32 id;
    std::memcpy(id.data(), mem() + at, 32);
    return id;
  }

  // Successful calls, for setting up a step under test.
  uint64_t create() {
    CallResult r = call("blob_create", {});
    EXPECT_FALSE(r.trapped) << describe(r);
    return r.value;
  }
  void write(uint64_t fd, const Bytes& content) {
    put_bytes(kBig, content);
    put_buffer(kDesc, kBig, content.size());
    EXPECT_TRUE(Returns(call("blob_write", {fd, kDesc}), content.size()));
  }
  Id32 close(uint64_t fd) {
    put_buffer(kDesc2, kDest, 32);
    EXPECT_TRUE(Returns(call("blob_close", {fd, kDesc2}), 1));
    return get_id(kDest);
  }
  uint64_t open(const Id32& id) {
    put_bytes(kData, id);
    put_buffer(kDesc, kData, 32);
    CallResult r = call("blob_open", {kDesc});
    EXPECT_FALSE(r.trapped) << describe(r);
    return r.value;
  }
  // blob_read into kDest; the bytes read.
  Bytes read(uint64_t fd, uint64_t len) {
    put_buffer(kDesc2, kDest, len);
    CallResult r = call("blob_read", {fd, kDesc2});
    EXPECT_FALSE(r.trapped) << describe(r);
    return r.trapped ? Bytes() : get_bytes(kDest, r.value);
  }
  Id32 stored(const Bytes& content) {
    auto id = blobs_.put(content);
    EXPECT_TRUE(id);
    return id.value_or(Id32{});
  }

  engine::Store engine_store_;
  engine::MemoryInstance* memory_ = nullptr;
  engine::Execution exec_;
  VMContext context_;
  VMLimits limits_;  // VMLogic refers to it: changes apply to later calls
  RuntimeOptions options_;
  MemoryBlobStore blobs_;
  RunEnvironment env_;
  std::unique_ptr<VMLogic> vm_;
  HostTable table_;
};

TEST_F(BlobFunctionsTest, TableHasTheSixFunctionsWithTheirTypes) {
  using engine::FuncType;
  const std::vector<std::pair<std::string, FuncType>> expected = {
      {"blob_create", sig({}, {I64})},        {"blob_write", sig({I64, I64}, {I64})},
      {"blob_close", sig({I64, I64}, {I32})}, {"blob_open", sig({I64}, {I64})},
      {"blob_read", sig({I64, I64}, {I64})},  {"blob_announce_to_context", sig({I64, I64}, {I32})},
  };
  ASSERT_EQ(table_.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(table_[i].name, expected[i].first);
    EXPECT_EQ(table_[i].type, expected[i].second) << expected[i].first;
  }
}

// ---- blob_create ----

TEST_F(BlobFunctionsTest, CreateWithoutStore) {
  vm_->env.blobs = nullptr;
  EXPECT_TRUE(Traps(call("blob_create", {}), K::BlobsNotSupported));
  EXPECT_EQ(vm_->next_blob_fd, 1u);
  EXPECT_TRUE(vm_->blob_handles.empty());
}

TEST_F(BlobFunctionsTest, FdsStartAtOneAndAreSharedByReadAndWriteHandles) {
  EXPECT_EQ(create(), 1u);
  EXPECT_EQ(open(Id32{}), 2u);
  EXPECT_EQ(create(), 3u);
  close(2);
  EXPECT_EQ(create(), 4u);  // closed fds are not reused
  EXPECT_EQ(blobs_.uploads_in_progress(), 3u);
}

TEST_F(BlobFunctionsTest, HandleLimitAtDefault) {
  for (uint64_t i = 0; i < 99; ++i) create();
  EXPECT_EQ(open(Id32{}), 100u);  // the 100th handle (limit 100) is still allowed
  EXPECT_TRUE(Traps(call("blob_create", {}), K::TooManyBlobHandles, 100));
  put_buffer(kDesc, kData, 32);
  EXPECT_TRUE(Traps(call("blob_open", {kDesc}), K::TooManyBlobHandles, 100));
  EXPECT_EQ(vm_->next_blob_fd, 101u);  // failed calls allocate nothing
  close(100);
  EXPECT_EQ(create(), 101u);
}

TEST_F(BlobFunctionsTest, HandleLimitCountsOpenHandlesOnly) {
  limits_.max_blob_handles = 2;
  uint64_t first = create();
  create();
  EXPECT_TRUE(Traps(call("blob_create", {}), K::TooManyBlobHandles, 2));
  close(first);
  EXPECT_EQ(create(), 3u);
  limits_.max_blob_handles = 0;
  EXPECT_TRUE(Traps(call("blob_create", {}), K::TooManyBlobHandles, 0));
}

TEST_F(BlobFunctionsTest, CreateFdCounterOverflow) {
  vm_->next_blob_fd = UINT64_MAX - 1;
  EXPECT_EQ(create(), UINT64_MAX - 1);
  EXPECT_TRUE(Traps(call("blob_create", {}), K::IntegerOverflow));
  EXPECT_EQ(vm_->blob_handles.size(), 1u);
  EXPECT_EQ(blobs_.upload_stats().begun, 1u);  // no upload began for the failed call
}

// ---- blob_write ----

TEST_F(BlobFunctionsTest, WriteReadsTheDescriptorFirst) {
  vm_->env.blobs = nullptr;
  EXPECT_TRUE(Traps(call("blob_write", {1, kMemorySize - 15}), K::InvalidMemoryAccess));
  EXPECT_TRUE(Traps(call("blob_write", {1, UINT64_MAX - 7}), K::InvalidMemoryAccess));
  // Step 2 precedes the size limit of step 3.
  put_buffer(kDesc, 0, limits_.max_blob_chunk_size + 1);
  EXPECT_TRUE(Traps(call("blob_write", {1, kDesc}), K::BlobsNotSupported));
  put_buffer(kMemorySize - 16, kData, 0);  // a descriptor ending exactly at the memory's end
  EXPECT_TRUE(Traps(call("blob_write", {1, kMemorySize - 16}), K::BlobsNotSupported));
}

TEST_F(BlobFunctionsTest, WriteChunkSizeLimit) {
  uint64_t fd = create();
  const uint64_t max = limits_.max_blob_chunk_size;
  // One past the limit: reported before the payload (out of bounds) and the fd (unknown).
  put_buffer(kDesc, kMemorySize, max + 1);
  EXPECT_TRUE(Traps(call("blob_write", {99, kDesc}), K::BlobWriteTooLarge, max + 1, max));
  put_buffer(kDesc, 0, UINT64_MAX);
  EXPECT_TRUE(Traps(call("blob_write", {99, kDesc}), K::BlobWriteTooLarge, UINT64_MAX, max));
  // Exactly at the limit: accepted.
  Bytes content = pattern(max);
  write(fd, content);
  EXPECT_EQ(vm_->blob_bytes_written, max);
  EXPECT_EQ(blobs_.get(close(fd)), content);
}

TEST_F(BlobFunctionsTest, WritePayloadIsBoundsCheckedBeforeTheFd) {
  put_buffer(kDesc, kMemorySize - 4, 5);
  EXPECT_TRUE(Traps(call("blob_write", {99, kDesc}), K::InvalidMemoryAccess));
  put_buffer(kDesc, kMemorySize + 1, 0);
  EXPECT_TRUE(Traps(call("blob_write", {99, kDesc}), K::InvalidMemoryAccess));
  put_buffer(kDesc, UINT64_MAX, 2);  // ptr + len overflows
  EXPECT_TRUE(Traps(call("blob_write", {99, kDesc}), K::InvalidMemoryAccess));
  // In bounds (a zero-length payload may sit at the very end): now the fd is checked.
  put_buffer(kDesc, kMemorySize, 0);
  EXPECT_TRUE(Traps(call("blob_write", {99, kDesc}), K::InvalidBlobHandle));
  put_buffer(kDesc, kMemorySize - 5, 5);
  EXPECT_TRUE(Traps(call("blob_write", {99, kDesc}), K::InvalidBlobHandle));
}

TEST_F(BlobFunctionsTest, WriteNeedsAnOpenWriteHandle) {
  put_buffer(kDesc, kData, 3);
  EXPECT_TRUE(Traps(call("blob_write", {0, kDesc}), K::InvalidBlobHandle));
  EXPECT_TRUE(Traps(call("blob_write", {1, kDesc}), K::InvalidBlobHandle));
  uint64_t reader = open(stored(to_bytes("abc")));
  put_buffer(kDesc, kData, 3);
  EXPECT_TRUE(Traps(call("blob_write", {reader, kDesc}), K::InvalidBlobHandle));
  uint64_t writer = create();
  close(writer);
  EXPECT_TRUE(Traps(call("blob_write", {writer, kDesc}), K::InvalidBlobHandle));
  EXPECT_EQ(vm_->blob_bytes_written, 0u);
}

TEST_F(BlobFunctionsTest, WriteReturnsTheLengthAndAppends) {
  uint64_t fd = create();
  put_bytes(kData, to_bytes("hello world"));
  put_buffer(kDesc, kData, 6);
  EXPECT_TRUE(Returns(call("blob_write", {fd, kDesc}), 6));
  put_buffer(kDesc, kData + 6, 0);
  EXPECT_TRUE(Returns(call("blob_write", {fd, kDesc}), 0));
  put_buffer(kDesc, kData + 6, 5);
  EXPECT_TRUE(Returns(call("blob_write", {fd, kDesc}), 5));
  Id32 id = close(fd);
  EXPECT_EQ(id, blob_id_of(to_bytes("hello world")));
  EXPECT_EQ(blobs_.get(id), to_bytes("hello world"));
}

TEST_F(BlobFunctionsTest, TotalWriteLimitIsPerExecutionAndAcrossHandles) {
  limits_.max_blob_total_size = 10;
  uint64_t a = create(), b = create();
  write(a, pattern(6));
  write(b, pattern(4));  // exactly at the limit
  EXPECT_EQ(vm_->blob_bytes_written, 10u);
  put_buffer(kDesc, kData, 1);
  EXPECT_TRUE(Traps(call("blob_write", {a, kDesc}), K::TotalBlobMemoryExceeded, 11, 10));
  EXPECT_EQ(vm_->blob_bytes_written, 10u);
  // Closing does not give the bytes back.
  close(a);
  EXPECT_TRUE(Traps(call("blob_write", {b, kDesc}), K::TotalBlobMemoryExceeded, 11, 10));
  // A zero-length write at the limit is fine; the handle check comes before the total.
  put_buffer(kDesc, kData, 0);
  EXPECT_TRUE(Returns(call("blob_write", {b, kDesc}), 0));
  put_buffer(kDesc, kData, 5);
  EXPECT_TRUE(Traps(call("blob_write", {a, kDesc}), K::InvalidBlobHandle));
}

TEST_F(BlobFunctionsTest, TotalWriteLimitReportsTheAttemptedTotal) {
  limits_.max_blob_total_size = 100;
  limits_.max_blob_chunk_size = UINT64_MAX;
  uint64_t fd = create();
  write(fd, pattern(60));
  put_buffer(kDesc, kData, 41);
  EXPECT_TRUE(Traps(call("blob_write", {fd, kDesc}), K::TotalBlobMemoryExceeded, 101, 100));
  // A sum past 2^64 is reported saturated instead of wrapped.
  vm_->blob_bytes_written = UINT64_MAX - 1;
  put_buffer(kDesc, kData, 5);
  EXPECT_TRUE(Traps(call("blob_write", {fd, kDesc}), K::TotalBlobMemoryExceeded, UINT64_MAX, 100));
  EXPECT_EQ(vm_->blob_bytes_written, UINT64_MAX - 1);
}

TEST_F(BlobFunctionsTest, FailedAppendGivesTheBytesBackAndTraps) {
  limits_.max_blob_total_size = 10;
  uint64_t fd = create();
  write(fd, pattern(4));
  blobs_.set_faults({.fail_appends = true});
  put_buffer(kDesc, kData, 6);
  EXPECT_TRUE(Traps(call("blob_write", {fd, kDesc}), K::BlobWriteFailed));
  EXPECT_EQ(vm_->blob_bytes_written, 4u);
  EXPECT_EQ(vm_->blob_handles.count(fd), 1u);  // the handle stays open
  blobs_.set_faults({});
  EXPECT_TRUE(Traps(call("blob_write", {fd, kDesc}), K::BlobWriteFailed));  // still failed
  // Closing a failed upload: the finish fails.
  put_buffer(kDesc2, kDest, 32);
  EXPECT_TRUE(Traps(call("blob_close", {fd, kDesc2}), K::BlobsNotSupported));
  EXPECT_TRUE(vm_->blob_handles.empty());
  EXPECT_EQ(blobs_.blob_count(), 0u);
}

// ---- blob_close ----

TEST_F(BlobFunctionsTest, CloseChecksDescriptorThenLengthThenStore) {
  vm_->env.blobs = nullptr;
  EXPECT_TRUE(Traps(call("blob_close", {1, kMemorySize - 8}), K::InvalidMemoryAccess));
  put_buffer(kDesc, kDest, 31);
  EXPECT_TRUE(Traps(call("blob_close", {1, kDesc}), K::InvalidMemoryAccess));
  put_buffer(kDesc, kDest, 33);
  EXPECT_TRUE(Traps(call("blob_close", {1, kDesc}), K::InvalidMemoryAccess));
  put_buffer(kDesc, kMemorySize, 32);  // out of bounds, but the store is checked first
  EXPECT_TRUE(Traps(call("blob_close", {1, kDesc}), K::BlobsNotSupported));
}

TEST_F(BlobFunctionsTest, CloseBoundsChecksDestBeforeRemovingTheHandle) {
  uint64_t fd = create();
  write(fd, to_bytes("data"));
  put_buffer(kDesc2, kMemorySize - 31, 32);
  EXPECT_TRUE(Traps(call("blob_close", {fd, kDesc2}), K::InvalidMemoryAccess));
  put_buffer(kDesc2, kMemorySize - 31, 32);
  EXPECT_TRUE(Traps(call("blob_close", {99, kDesc2}), K::InvalidMemoryAccess));
  EXPECT_EQ(vm_->blob_handles.count(fd), 1u);
  EXPECT_EQ(blobs_.blob_count(), 0u);
  // Exactly at the end of memory is in bounds.
  put_buffer(kDesc2, kMemorySize - 32, 32);
  EXPECT_TRUE(Returns(call("blob_close", {fd, kDesc2}), 1));
  EXPECT_EQ(get_id(kMemorySize - 32), blob_id_of(to_bytes("data")));
}

TEST_F(BlobFunctionsTest, CloseUnknownFd) {
  put_buffer(kDesc2, kDest, 32);
  EXPECT_TRUE(Traps(call("blob_close", {1, kDesc2}), K::InvalidBlobHandle));
  uint64_t fd = create();
  close(fd);
  EXPECT_TRUE(Traps(call("blob_close", {fd, kDesc2}), K::InvalidBlobHandle));
}

TEST_F(BlobFunctionsTest, CloseWriteHandleStoresTheBlobAndWritesItsId) {
  uint64_t fd = create();
  Bytes content = pattern(kMiB + 1);
  write(fd, content);
  std::memset(mem() + kDest - 1, 0xAA, 34);
  Id32 id = close(fd);
  EXPECT_EQ(id, blob_id_of(content));
  EXPECT_EQ(mem()[kDest - 1], 0xAA);  // exactly 32 bytes written
  EXPECT_EQ(mem()[kDest + 32], 0xAA);
  EXPECT_EQ(blobs_.get(id), content);
  EXPECT_TRUE(vm_->blob_handles.empty());
  EXPECT_EQ(blobs_.upload_stats().finished, 1u);
}

TEST_F(BlobFunctionsTest, CloseEmptyUpload) {
  EXPECT_EQ(close(create()), blob_id_of({}));
  EXPECT_EQ(blobs_.info(blob_id_of({})), 0u);
}

TEST_F(BlobFunctionsTest, CloseFinishFailureRemovesTheHandle) {
  uint64_t fd = create();
  write(fd, to_bytes("x"));
  blobs_.set_faults({.fail_finish = true});
  put_buffer(kDesc2, kDest, 32);
  EXPECT_TRUE(Traps(call("blob_close", {fd, kDesc2}), K::BlobsNotSupported));
  EXPECT_TRUE(vm_->blob_handles.empty());
  EXPECT_EQ(blobs_.uploads_in_progress(), 0u);
  EXPECT_EQ(blobs_.blob_count(), 0u);
}

TEST_F(BlobFunctionsTest, CloseReadHandleWritesTheOpenedId) {
  Id32 missing{};
  missing[5] = 42;
  uint64_t fd = open(missing);
  EXPECT_EQ(close(fd), missing);
  Id32 present = stored(to_bytes("abc"));
  fd = open(present);
  EXPECT_EQ(read(fd, 2), to_bytes("ab"));
  EXPECT_EQ(close(fd), present);
  EXPECT_TRUE(vm_->blob_handles.empty());
}

// ---- blob_open ----

TEST_F(BlobFunctionsTest, OpenStepOrder) {
  vm_->env.blobs = nullptr;
  EXPECT_TRUE(Traps(call("blob_open", {kMemorySize - 15}), K::InvalidMemoryAccess));
  put_buffer(kDesc, kMemorySize, 31);  // bad id, but the store is checked first
  EXPECT_TRUE(Traps(call("blob_open", {kDesc}), K::BlobsNotSupported));
  vm_->env.blobs = &blobs_;
  limits_.max_blob_handles = 1;
  create();
  EXPECT_TRUE(Traps(call("blob_open", {kDesc}), K::TooManyBlobHandles, 1));
  limits_.max_blob_handles = 2;
  EXPECT_TRUE(Traps(call("blob_open", {kDesc}), K::InvalidMemoryAccess));
  put_buffer(kDesc, kData, 31);
  EXPECT_TRUE(Traps(call("blob_open", {kDesc}), K::InvalidMemoryAccess));
  put_buffer(kDesc, kData, 33);
  EXPECT_TRUE(Traps(call("blob_open", {kDesc}), K::InvalidMemoryAccess));
  put_buffer(kDesc, kMemorySize - 31, 32);
  EXPECT_TRUE(Traps(call("blob_open", {kDesc}), K::InvalidMemoryAccess));
  EXPECT_EQ(vm_->next_blob_fd, 2u);
  put_buffer(kDesc, kMemorySize - 32, 32);
  EXPECT_TRUE(Returns(call("blob_open", {kDesc}), 2));
}

TEST_F(BlobFunctionsTest, OpenDoesNotCheckExistence) {
  Id32 missing{};
  missing[0] = 1;
  uint64_t fd = open(missing);
  EXPECT_EQ(fd, 1u);
  ASSERT_EQ(vm_->blob_handles.count(fd), 1u);
  EXPECT_FALSE(vm_->blob_handles.at(fd).write);
  EXPECT_EQ(vm_->blob_handles.at(fd).reader, nullptr);  // the stream opens on first read
}

TEST_F(BlobFunctionsTest, OpenFdCounterOverflow) {
  vm_->next_blob_fd = UINT64_MAX;
  put_buffer(kDesc, kData, 32);
  EXPECT_TRUE(Traps(call("blob_open", {kDesc}), K::IntegerOverflow));
  EXPECT_TRUE(vm_->blob_handles.empty());
}

// ---- blob_read ----

TEST_F(BlobFunctionsTest, ReadStepOrder) {
  vm_->env.blobs = nullptr;
  EXPECT_TRUE(Traps(call("blob_read", {1, kMemorySize - 15}), K::InvalidMemoryAccess));
  put_buffer(kDesc, kMemorySize, limits_.max_blob_chunk_size + 1);
  EXPECT_TRUE(Traps(call("blob_read", {1, kDesc}), K::BlobsNotSupported));
  vm_->env.blobs = &blobs_;
  const uint64_t max = limits_.max_blob_chunk_size;
  EXPECT_TRUE(Traps(call("blob_read", {99, kDesc}), K::BlobBufferTooLarge, max + 1, max));
  // Zero length: returns 0 without looking at the fd or the buffer's address.
  put_buffer(kDesc, UINT64_MAX, 0);
  EXPECT_TRUE(Returns(call("blob_read", {99, kDesc}), 0));
  uint64_t writer = create();
  EXPECT_TRUE(Returns(call("blob_read", {writer, kDesc}), 0));
  put_buffer(kDesc, kDest, 1);
  EXPECT_TRUE(Traps(call("blob_read", {99, kDesc}), K::InvalidBlobHandle));
  EXPECT_TRUE(Traps(call("blob_read", {writer, kDesc}), K::InvalidBlobHandle));
}

TEST_F(BlobFunctionsTest, ReadBufferAtTheChunkLimit) {
  Bytes content = pattern(limits_.max_blob_chunk_size + 5);
  uint64_t fd = open(stored(content));
  put_buffer(kDesc2, kBig, limits_.max_blob_chunk_size);
  EXPECT_TRUE(Returns(call("blob_read", {fd, kDesc2}), limits_.max_blob_chunk_size));
  EXPECT_EQ(get_bytes(kBig, limits_.max_blob_chunk_size),
            Bytes(content.begin(), content.end() - 5));
  EXPECT_EQ(read(fd, 100), Bytes(content.end() - 5, content.end()));
  EXPECT_EQ(read(fd, 100), Bytes());
}

TEST_F(BlobFunctionsTest, ReadMissingBlobReturnsZero) {
  Id32 missing{};
  missing[31] = 1;
  uint64_t fd = open(missing);
  EXPECT_EQ(read(fd, 64), Bytes());
  EXPECT_EQ(read(fd, 64), Bytes());
  EXPECT_EQ(vm_->blob_handles.count(fd), 1u);
}

TEST_F(BlobFunctionsTest, ReadWritesOnlyTheBytesRead) {
  uint64_t fd = open(stored(to_bytes("abcde")));
  std::memset(mem() + kDest, 0xEE, 64);
  put_buffer(kDesc2, kDest, 64);
  EXPECT_TRUE(Returns(call("blob_read", {fd, kDesc2}), 5));
  EXPECT_EQ(get_bytes(kDest, 5), to_bytes("abcde"));
  EXPECT_EQ(get_bytes(kDest + 5, 59), Bytes(59, 0xEE));
  EXPECT_TRUE(Returns(call("blob_read", {fd, kDesc2}), 0));  // end of blob
  EXPECT_TRUE(Returns(call("blob_read", {fd, kDesc2}), 0));
}

TEST_F(BlobFunctionsTest, ReadKeepsLeftoversAcrossReads) {
  Bytes content = pattern(2 * kMiB + kMiB / 2);
  uint64_t fd = open(stored(content));
  Bytes collected;
  // Sizes that start inside a chunk, cross chunk boundaries and span several chunks.
  for (uint64_t len : {uint64_t{1000}, kMiB, uint64_t{10}, kMiB / 2, 3 * kMiB}) {
    Bytes part = read(fd, len);
    EXPECT_EQ(part.size(), std::min<uint64_t>(len, content.size() - collected.size()));
    collected.insert(collected.end(), part.begin(), part.end());
  }
  EXPECT_EQ(collected, content);
  EXPECT_EQ(read(fd, 3 * kMiB), Bytes());
}

TEST_F(BlobFunctionsTest, ReadWholeBlobInOneCall) {
  Bytes content = pattern(3 * kMiB + 11);
  uint64_t fd = open(stored(content));
  put_buffer(kDesc2, kBig, 4 * kMiB);
  EXPECT_TRUE(Returns(call("blob_read", {fd, kDesc2}), content.size()));
  EXPECT_EQ(get_bytes(kBig, content.size()), content);
  EXPECT_TRUE(Returns(call("blob_read", {fd, kDesc2}), 0));
}

TEST_F(BlobFunctionsTest, ReadBadDestConsumesNothing) {
  uint64_t fd = open(stored(to_bytes("0123456789")));
  EXPECT_EQ(read(fd, 3), to_bytes("012"));
  put_buffer(kDesc2, kMemorySize - 3, 4);
  EXPECT_TRUE(Traps(call("blob_read", {fd, kDesc2}), K::InvalidMemoryAccess));
  EXPECT_EQ(read(fd, 4), to_bytes("3456"));
  // A destination ending exactly at the memory's end is fine.
  put_buffer(kDesc2, kMemorySize - 3, 3);
  EXPECT_TRUE(Returns(call("blob_read", {fd, kDesc2}), 3));
  EXPECT_EQ(get_bytes(kMemorySize - 3, 3), to_bytes("789"));
}

TEST_F(BlobFunctionsTest, ReadStopsAtAStreamError) {
  Bytes content = pattern(3 * kMiB);
  Id32 id = stored(content);
  blobs_.set_faults({.read_error_after_chunks = 1});
  uint64_t fd = open(id);
  // The first chunk arrives, the second errors: the read returns what it collected.
  EXPECT_EQ(read(fd, 2 * kMiB), Bytes(content.begin(), content.begin() + kMiB));
  EXPECT_EQ(read(fd, 2 * kMiB), Bytes());
}

TEST_F(BlobFunctionsTest, ReadOpensTheStreamLazily) {
  Bytes content = to_bytes("late");
  Id32 id = blob_id_of(content);
  uint64_t fd = open(id);  // the blob does not exist yet
  stored(content);
  EXPECT_EQ(read(fd, 10), content);
}

// ---- blob_announce_to_context ----

TEST_F(BlobFunctionsTest, AnnounceChecksTheStoreBeforeReadingMemory) {
  vm_->env.blobs = nullptr;
  EXPECT_TRUE(
      Traps(call("blob_announce_to_context", {UINT64_MAX, UINT64_MAX}), K::BlobsNotSupported));
}

TEST_F(BlobFunctionsTest, AnnounceReadsBothIds) {
  Id32 blob = stored(to_bytes("announced"));
  put_bytes(kData, blob);
  put_buffer(kDesc, kData, 32);
  EXPECT_TRUE(
      Traps(call("blob_announce_to_context", {kDesc, kMemorySize - 15}), K::InvalidMemoryAccess));
  EXPECT_TRUE(
      Traps(call("blob_announce_to_context", {kMemorySize - 15, kDesc}), K::InvalidMemoryAccess));
  put_buffer(kDesc2, kData + 64, 31);
  EXPECT_TRUE(Traps(call("blob_announce_to_context", {kDesc, kDesc2}), K::InvalidMemoryAccess));
  put_buffer(kDesc2, kMemorySize - 31, 32);
  EXPECT_TRUE(Traps(call("blob_announce_to_context", {kDesc, kDesc2}), K::InvalidMemoryAccess));
  put_buffer(kDesc2, kData + 64, 32);
  put_buffer(kDesc, kData, 33);
  EXPECT_TRUE(Traps(call("blob_announce_to_context", {kDesc, kDesc2}), K::InvalidMemoryAccess));
  EXPECT_TRUE(blobs_.announcements().empty());
}

TEST_F(BlobFunctionsTest, AnnounceRecordsBlobContextAndSize) {
  Bytes content = to_bytes("announced");
  Id32 blob = stored(content);
  Id32 context{};
  for (size_t i = 0; i < 32; ++i) context[i] = static_cast<uint8_t>(200 + i);
  put_bytes(kData, blob);
  put_bytes(kData + 64, context);
  put_buffer(kDesc, kData, 32);
  put_buffer(kDesc2, kData + 64, 32);
  EXPECT_TRUE(Returns(call("blob_announce_to_context", {kDesc, kDesc2}), 1));
  auto announced = blobs_.announcements();
  ASSERT_EQ(announced.size(), 1u);
  EXPECT_EQ(announced[0].blob_id, blob);
  EXPECT_EQ(announced[0].context_id, context);  // from guest memory, not VMContext
  EXPECT_EQ(announced[0].size, content.size());
}

TEST_F(BlobFunctionsTest, AnnounceFailures) {
  Id32 unknown{};
  unknown[3] = 3;
  put_bytes(kData, unknown);
  put_buffer(kDesc, kData, 32);
  put_buffer(kDesc2, kData + 64, 32);
  EXPECT_TRUE(Traps(call("blob_announce_to_context", {kDesc, kDesc2}), K::BlobsNotSupported));

  Id32 blob = stored(to_bytes("x"));
  put_bytes(kData, blob);
  blobs_.set_faults({.fail_info = true});
  EXPECT_TRUE(Traps(call("blob_announce_to_context", {kDesc, kDesc2}), K::BlobsNotSupported));
  blobs_.set_faults({.fail_announce = true});
  EXPECT_TRUE(Traps(call("blob_announce_to_context", {kDesc, kDesc2}), K::BlobsNotSupported));
  blobs_.set_faults({});
  EXPECT_TRUE(Returns(call("blob_announce_to_context", {kDesc, kDesc2}), 1));
}

// ---- end to end through run() ----

// Layout: 0 Buffer{256, 5} ("hello" at 256) · 16 Buffer{512, 32} · 32 ValueReturn{Ok, 512, 32}
// · 56 Buffer{1024, 4096} · 72 ValueReturn{Ok, 1024, n}.
constexpr std::string_view kBlobModule = R"(
(module
  (import "env" "blob_create" (func $blob_create (result i64)))
  (import "env" "blob_write" (func $blob_write (param i64 i64) (result i64)))
  (import "env" "blob_close" (func $blob_close (param i64 i64) (result i32)))
  (import "env" "blob_open" (func $blob_open (param i64) (result i64)))
  (import "env" "blob_read" (func $blob_read (param i64 i64) (result i64)))
  (import "env" "input" (func $input (param i64)))
  (import "env" "read_register" (func $read_register (param i64 i64) (result i32)))
  (import "env" "value_return" (func $value_return (param i64)))
  (memory (export "memory") 1)
  (data (i32.const 256) "hello")
  (func $layout
    (i64.store (i32.const 0) (i64.const 256))
    (i64.store (i32.const 8) (i64.const 5))
    (i64.store (i32.const 16) (i64.const 512))
    (i64.store (i32.const 24) (i64.const 32))
    (i64.store (i32.const 32) (i64.const 0))
    (i64.store (i32.const 40) (i64.const 512))
    (i64.store (i32.const 48) (i64.const 32))
    (i64.store (i32.const 56) (i64.const 1024))
    (i64.store (i32.const 64) (i64.const 4096))
    (i64.store (i32.const 72) (i64.const 0))
    (i64.store (i32.const 80) (i64.const 1024)))
  (func $return_bytes (param $len i64)
    (i64.store (i32.const 88) (local.get $len))
    (call $value_return (i64.const 72)))
  (func (export "upload_and_close")
    (local $fd i64)
    (call $layout)
    (local.set $fd (call $blob_create))
    (drop (call $blob_write (local.get $fd) (i64.const 0)))
    (drop (call $blob_close (local.get $fd) (i64.const 16)))
    (call $value_return (i64.const 32)))
  (func (export "upload_unclosed")
    (call $layout)
    (drop (call $blob_write (call $blob_create) (i64.const 0))))
  (func (export "upload_then_trap")
    (call $layout)
    (drop (call $blob_write (call $blob_create) (i64.const 0)))
    (unreachable))
  (func (export "read_input_blob")
    (local $fd i64)
    (call $layout)
    (call $input (i64.const 0))
    (drop (call $read_register (i64.const 0) (i64.const 16)))
    (local.set $fd (call $blob_open (i64.const 16)))
    (call $return_bytes (call $blob_read (local.get $fd) (i64.const 56))))
  (func (export "fds")
    (call $layout)
    (i64.store (i32.const 1024) (call $blob_create))
    (i64.store (i32.const 1032) (call $blob_open (i64.const 16)))
    (i64.store (i32.const 1040) (call $blob_create))
    (call $return_bytes (i64.const 24)))
  (func (export "write_bad_fd")
    (call $layout)
    (drop (call $blob_write (i64.const 7) (i64.const 0)))))
)";

class BlobRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Bytes wasm = test::wat_to_wasm(kBlobModule);
    ASSERT_FALSE(wasm.empty()) << "wat2wasm failed (run scripts/setup.sh)";
    auto compiled = Application::compile(wasm);
    ASSERT_TRUE(compiled) << to_string(compiled.error());
    app_ = *compiled;
    env_.storage = &storage_;
    env_.blobs = &blobs_;
  }

  Outcome run_method(std::string_view method, Bytes input = {}) {
    VMContext context;
    context.input = std::move(input);
    return run(*app_, context, method, env_);
  }

  static std::optional<Bytes> returned(const Outcome& outcome) {
    if (!outcome.ok()) {
      ADD_FAILURE() << "the run failed: " << to_string(*outcome.error());
      return std::nullopt;
    }
    return std::get<0>(outcome.returns);
  }

  std::shared_ptr<const Application> app_;
  storage::MemoryStore storage_;
  MemoryBlobStore blobs_;
  RunEnvironment env_;
};

TEST_F(BlobRunTest, UploadAndCloseStoresTheBlob) {
  Outcome outcome = run_method("upload_and_close");
  Id32 expected = blob_id_of(to_bytes("hello"));
  EXPECT_EQ(returned(outcome), Bytes(expected.begin(), expected.end()));
  EXPECT_EQ(blobs_.get(expected), to_bytes("hello"));
  EXPECT_EQ(blobs_.uploads_in_progress(), 0u);
}

TEST_F(BlobRunTest, UnclosedUploadsAreAbortedAtTheEnd) {
  Outcome outcome = run_method("upload_unclosed");
  EXPECT_TRUE(outcome.ok());
  EXPECT_EQ(blobs_.blob_count(), 0u);
  EXPECT_EQ(blobs_.upload_stats().begun, 1u);
  EXPECT_EQ(blobs_.upload_stats().aborted, 1u);
  EXPECT_EQ(blobs_.uploads_in_progress(), 0u);
}

TEST_F(BlobRunTest, UnclosedUploadsAreAbortedWhenTheRunTraps) {
  Outcome outcome = run_method("upload_then_trap");
  ASSERT_FALSE(outcome.ok());
  EXPECT_EQ(outcome.error()->kind, FunctionCallError::Kind::WasmTrap);
  EXPECT_EQ(blobs_.blob_count(), 0u);
  EXPECT_EQ(blobs_.upload_stats().aborted, 1u);
  EXPECT_EQ(blobs_.uploads_in_progress(), 0u);
}

TEST_F(BlobRunTest, ReadsABlobNamedByTheInput) {
  Bytes content = pattern(3000);
  auto id = blobs_.put(content);
  ASSERT_TRUE(id);
  EXPECT_EQ(returned(run_method("read_input_blob", Bytes(id->begin(), id->end()))), content);
  // A missing blob reads as empty.
  Id32 missing{};
  EXPECT_EQ(returned(run_method("read_input_blob", Bytes(missing.begin(), missing.end()))),
            Bytes());
}

TEST_F(BlobRunTest, FdCounterIsPerExecution) {
  Bytes expected(24, 0);
  expected[0] = 1;
  expected[8] = 2;
  expected[16] = 3;
  EXPECT_EQ(returned(run_method("fds")), expected);
  EXPECT_EQ(returned(run_method("fds")), expected);
  EXPECT_EQ(blobs_.upload_stats().aborted, 4u);
}

TEST_F(BlobRunTest, HostErrorsEndTheRun) {
  Outcome outcome = run_method("write_bad_fd");
  ASSERT_FALSE(outcome.ok());
  ASSERT_EQ(outcome.error()->kind, FunctionCallError::Kind::HostError);
  EXPECT_EQ(outcome.error()->host, HostError::of(K::InvalidBlobHandle));

  env_.blobs = nullptr;
  outcome = run_method("upload_and_close");
  ASSERT_FALSE(outcome.ok());
  ASSERT_EQ(outcome.error()->kind, FunctionCallError::Kind::HostError);
  EXPECT_EQ(outcome.error()->host, HostError::of(K::BlobsNotSupported));
}

}  // namespace
}  // namespace ward::runtime
