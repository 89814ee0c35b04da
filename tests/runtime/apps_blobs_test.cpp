// The blob host functions (calimero-abi.md §4.10) driven through app_blobs
// (tests/apps/README.md), with and without a MemoryBlobStore.
#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "apps/app_args.hpp"
#include "runtime/apps_harness.hpp"
#include "ward/runtime/memory_blob_store.hpp"
#include "ward/runtime/runtime.hpp"
#include "ward/storage/memory_store.hpp"

namespace ward::runtime {
namespace {

using apps::Args;
using apps::Output;

// ---------------------------------------------------------------------------------------------

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

const std::string kIma = host_error("InvalidMemoryAccess");
const std::string kNotSupported = host_error("BlobsNotSupported");
const std::string kBadHandle = host_error("InvalidBlobHandle");
const std::string kTooManyHandles = host_error("TooManyBlobHandles", R"({"max":100})");
constexpr uint64_t kMaxChunk = 10'485'760;

// The reference's blob id, computed with libsodium: SHA-256 over the SHA-256 of each 1 MiB chunk.
Bytes expected_blob_id(const Bytes& content) {
  Bytes chunk_ids;
  for (size_t at = 0; at < content.size(); at += 1'048'576) {
    size_t n = std::min<size_t>(1'048'576, content.size() - at);
    std::array<uint8_t, 32> h;
    crypto_hash_sha256(h.data(), content.data() + at, n);
    chunk_ids.insert(chunk_ids.end(), h.begin(), h.end());
  }
  Bytes id(32);
  crypto_hash_sha256(id.data(), chunk_ids.data(), chunk_ids.size());
  return id;
}

Id32 to_id(const Bytes& b) {
  Id32 id;
  std::copy(b.begin(), b.end(), id.begin());
  return id;
}

// `count, creates, opens` then the method's own arguments.
Args generic(uint64_t count, uint64_t creates, uint64_t opens) {
  Args a;
  a.u64(count).u64(creates).u64(opens);
  return a;
}

Bytes with_desc(Args head, Args payload) {
  head.heap();
  head.raw_bytes(payload.bytes());
  return head.bytes();
}

uint64_t result_of(const Outcome& o) { return Output(ok_value(o)).u64(); }

class AppsBlobs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_GE(sodium_init(), 0); }
  AppsBlobs() { guest_.blobs = &blobs_; }

  MemoryBlobStore blobs_;
  Guest guest_{"app_blobs"};
};

// ---------------------------------------------------------------------------------------------
// Without a blob store

TEST(AppsBlobsWithoutStore, EveryFunctionIsBlobsNotSupported) {
  Guest g("app_blobs");
  EXPECT_EQ(error_json(g.call("blob_create", generic(1, 0, 0).bytes())), kNotSupported);
  EXPECT_EQ(error_json(
                g.call("blob_write", with_desc(generic(1, 0, 0).u64(1), Args().inline_bytes("x")))),
            kNotSupported);
  EXPECT_EQ(error_json(g.call("blob_open", with_desc(generic(1, 0, 0), Args().fill(32, 0)))),
            kNotSupported);
  EXPECT_EQ(error_json(g.call("blob_read", with_desc(generic(1, 0, 0).u64(1), Args().fill(4, 0)))),
            kNotSupported);
  EXPECT_EQ(
      error_json(g.call("blob_close", with_desc(generic(1, 0, 0).u64(1), Args().fill(32, 0)))),
      kNotSupported);
}

TEST(AppsBlobsWithoutStore, AnnounceFailsBeforeReadingAnyMemory) {
  Guest g("app_blobs");
  auto input = generic(1, 0, 0).address(UINT64_MAX).address(UINT64_MAX).bytes();
  EXPECT_EQ(error_json(g.call("blob_announce_to_context", input)), kNotSupported);
}

TEST(AppsBlobsWithoutStore, DescriptorReadsAndLengthChecksThatComeFirst) {
  Guest g("app_blobs");
  // blob_write, blob_open, blob_read, blob_close read their descriptor first.
  EXPECT_EQ(error_json(g.call("blob_write", generic(1, 0, 0).u64(1).address(1ull << 32).bytes())),
            kIma);
  EXPECT_EQ(error_json(g.call("blob_open", generic(1, 0, 0).address(1ull << 32).bytes())), kIma);
  EXPECT_EQ(error_json(g.call("blob_read", generic(1, 0, 0).u64(1).address(1ull << 32).bytes())),
            kIma);
  // blob_close checks the destination length before the store.
  EXPECT_EQ(
      error_json(g.call("blob_close", with_desc(generic(1, 0, 0).u64(1), Args().fill(31, 0)))),
      kIma);
  // blob_write checks the store before the size.
  EXPECT_EQ(error_json(g.call("blob_write",
                              with_desc(generic(1, 0, 0).u64(1), Args().raw(0, kMaxChunk + 1)))),
            kNotSupported);
}

// ---------------------------------------------------------------------------------------------
// Round trips and the blob id

TEST_F(AppsBlobs, RoundtripInOneExecution) {
  Outcome o = guest_.call("roundtrip", Args().inline_bytes("hello").u64(0).u64(2).bytes());
  Output out(ok_value(o));
  EXPECT_EQ(out.take(32), expected_blob_id(bytes_of("hello")));
  EXPECT_EQ(out.u64(), 1u);  // write fd
  EXPECT_EQ(out.u64(), 2u);  // read fd: one counter for both kinds
  EXPECT_EQ(out.u64(), 3u);  // reads of 2, 2, 1 bytes
  EXPECT_EQ(out.u64(), 5u);
  EXPECT_EQ(out.rest(), bytes_of("hello"));
  EXPECT_TRUE(blobs_.contains(to_id(expected_blob_id(bytes_of("hello")))));
}

TEST_F(AppsBlobs, RoundtripOfMultiChunkContentInUnevenPieces) {
  Bytes content(2'621'440 + 7, 'c');  // 2.5 MiB + 7: three 1 MiB chunks
  for (size_t i = 0; i < content.size(); i += 4099) content[i] = static_cast<uint8_t>(i);
  Outcome o =
      guest_.call("roundtrip", Args().inline_bytes(content).u64(1'048'579).u64(1'048'576).bytes());
  Output out(ok_value(o));
  EXPECT_EQ(out.take(32), expected_blob_id(content));
  out.u64();
  out.u64();
  EXPECT_EQ(out.u64(), 3u);
  EXPECT_EQ(out.u64(), content.size());
  EXPECT_EQ(out.rest(), content);
}

TEST_F(AppsBlobs, EmptyBlobIdIsTheHashOfTheEmptyString) {
  Output out(ok_value(guest_.call("roundtrip", Args().inline_bytes("").u64(0).u64(16).bytes())));
  Bytes empty_hash(32);
  crypto_hash_sha256(empty_hash.data(), nullptr, 0);
  EXPECT_EQ(out.take(32), empty_hash);
  out.u64();
  out.u64();
  EXPECT_EQ(out.u64(), 0u);
  EXPECT_EQ(out.u64(), 0u);
  EXPECT_TRUE(out.rest().empty());
}

TEST_F(AppsBlobs, UploadedBlobPersistsForLaterExecutions) {
  Output up(ok_value(guest_.call("upload", Args().inline_bytes("persisted").u64(3).bytes())));
  Bytes id = up.take(32);
  EXPECT_EQ(id, expected_blob_id(bytes_of("persisted")));
  EXPECT_EQ(up.u64(), 1u);
  Output down(ok_value(guest_.call("download", Args().heap().inline_bytes(id).u64(4).bytes())));
  EXPECT_EQ(down.u64(), 1u);  // a fresh execution starts the fd counter at 1 again
  EXPECT_EQ(down.u64(), 3u);
  EXPECT_EQ(down.u64(), 9u);
  EXPECT_EQ(down.rest(), bytes_of("persisted"));
}

TEST_F(AppsBlobs, DownloadOfAMissingBlobReadsNothing) {
  Output down(ok_value(guest_.call("download", Args().heap().fill(32, 0x5A).u64(4).bytes())));
  EXPECT_EQ(down.u64(), 1u);
  EXPECT_EQ(down.u64(), 0u);
  EXPECT_EQ(down.u64(), 0u);
  EXPECT_TRUE(down.rest().empty());
}

TEST_F(AppsBlobs, UploadAnnounceAnnouncesToTheOwnContext) {
  Output out(ok_value(guest_.call("upload_announce", Args().inline_bytes("shared").bytes())));
  Bytes id = out.take(32);
  EXPECT_EQ(out.u64(), 1u);
  auto announcements = blobs_.announcements();
  ASSERT_EQ(announcements.size(), 1u);
  EXPECT_EQ(announcements[0].blob_id, to_id(id));
  EXPECT_EQ(announcements[0].context_id, guest_.context.context_id);
  EXPECT_EQ(announcements[0].size, 6u);
}

TEST_F(AppsBlobs, UnclosedUploadIsAbortedAtTheEnd) {
  Output out(ok_value(guest_.call("write_unclosed", Args().inline_bytes("partial").bytes())));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_FALSE(blobs_.contains(to_id(expected_blob_id(bytes_of("partial")))));
  EXPECT_EQ(blobs_.blob_count(), 0u);
  EXPECT_EQ(blobs_.uploads_in_progress(), 0u);
  EXPECT_EQ(blobs_.upload_stats().aborted, 1u);
}

// ---------------------------------------------------------------------------------------------
// blob_create / blob_open and the handle limit

TEST_F(AppsBlobs, CreateReturnsTheNextFd) {
  EXPECT_EQ(result_of(guest_.call("blob_create", generic(1, 0, 0).bytes())), 1u);
  EXPECT_EQ(result_of(guest_.call("blob_create", generic(1, 3, 2).bytes())), 6u);
}

TEST_F(AppsBlobs, HandleLimitAtAndPastTheBoundary) {
  EXPECT_EQ(result_of(guest_.call("blob_create", generic(1, 99, 0).bytes())), 100u);
  EXPECT_EQ(error_json(guest_.call("blob_create", generic(1, 100, 0).bytes())), kTooManyHandles);
  EXPECT_EQ(error_json(guest_.call("blob_create", generic(1, 50, 50).bytes())), kTooManyHandles);
  EXPECT_EQ(result_of(guest_.call("blob_open", with_desc(generic(1, 0, 99), Args().fill(32, 0)))),
            100u);
  EXPECT_EQ(error_json(guest_.call("blob_open", with_desc(generic(1, 60, 40), Args().fill(32, 0)))),
            kTooManyHandles);
}

TEST_F(AppsBlobs, ClosingAHandleFreesItsSlotButNotItsFdNumber) {
  VMLimits limits;
  limits.max_blob_handles = 1;
  Guest g("app_blobs", limits);
  g.blobs = &blobs_;
  // roundtrip holds one handle at a time: create, close, then open.
  Output out(ok_value(g.call("roundtrip", Args().inline_bytes("one").u64(0).u64(8).bytes())));
  out.take(32);
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.u64(), 2u);
  EXPECT_EQ(error_json(g.call("blob_create", generic(1, 1, 0).bytes())),
            host_error("TooManyBlobHandles", R"({"max":1})"));
}

TEST_F(AppsBlobs, OpenRequiresA32ByteId) {
  for (uint64_t n : {0, 31, 33}) {
    EXPECT_EQ(error_json(guest_.call("blob_open", with_desc(generic(1, 0, 0), Args().fill(n, 0)))),
              kIma)
        << n;
  }
  EXPECT_EQ(
      error_json(guest_.call("blob_open", with_desc(generic(1, 0, 0), Args().raw(1ull << 32, 32)))),
      kIma);
  EXPECT_EQ(
      error_json(guest_.call("blob_open", with_desc(generic(1, 0, 0), Args().at_end(32, 1, 0)))),
      kIma);
  EXPECT_EQ(
      result_of(guest_.call("blob_open", with_desc(generic(1, 0, 0), Args().at_end(32, 0, 0)))),
      1u);
}

TEST_F(AppsBlobs, OpenChecksTheHandleLimitBeforeReadingTheId) {
  EXPECT_EQ(error_json(guest_.call("blob_open", with_desc(generic(1, 100, 0), Args().fill(31, 0)))),
            kTooManyHandles);
}

TEST_F(AppsBlobs, OpenDoesNotCheckExistence) {
  EXPECT_EQ(result_of(guest_.call("blob_open", with_desc(generic(1, 2, 0), Args().fill(32, 0xEE)))),
            3u);
}

// ---------------------------------------------------------------------------------------------
// blob_write

TEST_F(AppsBlobs, WriteReturnsTheLength) {
  EXPECT_EQ(result_of(guest_.call("blob_write",
                                  with_desc(generic(1, 1, 0).u64(1), Args().inline_bytes("data")))),
            4u);
  EXPECT_EQ(result_of(guest_.call("blob_write",
                                  with_desc(generic(1, 1, 0).u64(1), Args().inline_bytes("")))),
            0u);
}

TEST_F(AppsBlobs, WriteChunkAtAndPastTheLimit) {
  EXPECT_EQ(result_of(guest_.call("blob_write",
                                  with_desc(generic(1, 1, 0).u64(1), Args().fill(kMaxChunk, 'b')))),
            kMaxChunk);
  const std::string too_large =
      host_error("BlobWriteTooLarge", R"({"size":10485761,"max":10485760})");
  EXPECT_EQ(error_json(guest_.call(
                "blob_write", with_desc(generic(1, 1, 0).u64(1), Args().fill(kMaxChunk + 1, 'b')))),
            too_large);
  // Checked before the data is read and before the fd.
  EXPECT_EQ(error_json(guest_.call(
                "blob_write", with_desc(generic(1, 0, 0).u64(9), Args().raw(0, kMaxChunk + 1)))),
            too_large);
}

TEST_F(AppsBlobs, WriteToAReadHandleOrUnknownFdIsInvalidBlobHandle) {
  EXPECT_EQ(error_json(guest_.call("blob_write",
                                   with_desc(generic(1, 0, 1).u64(1), Args().inline_bytes("x")))),
            kBadHandle);
  EXPECT_EQ(error_json(guest_.call("blob_write",
                                   with_desc(generic(1, 1, 0).u64(7), Args().inline_bytes("x")))),
            kBadHandle);
  EXPECT_EQ(error_json(guest_.call("blob_write",
                                   with_desc(generic(1, 1, 0).u64(0), Args().inline_bytes("x")))),
            kBadHandle);
}

TEST_F(AppsBlobs, WriteReadsTheDataBeforeCheckingTheFd) {
  EXPECT_EQ(error_json(guest_.call("blob_write",
                                   with_desc(generic(1, 0, 0).u64(7), Args().raw(1ull << 32, 1)))),
            kIma);
}

TEST_F(AppsBlobs, WriteMalformedData) {
  for (Args bad : {Args().raw(1ull << 32, 1), Args().raw(1ull << 31, 1), Args().raw(1ull << 32, 0),
                   Args().at_end(3, 1, 'd')}) {
    EXPECT_EQ(error_json(guest_.call("blob_write", with_desc(generic(1, 1, 0).u64(1), bad))), kIma);
  }
  EXPECT_EQ(result_of(guest_.call("blob_write",
                                  with_desc(generic(1, 1, 0).u64(1), Args().at_end(3, 0, 'd')))),
            3u);
  EXPECT_EQ(error_json(guest_.call(
                "blob_write", generic(1, 1, 0).u64(1).desc_at_end(1).inline_bytes("d").bytes())),
            kIma);
}

TEST_F(AppsBlobs, TotalWrittenBytesAtAndPastTheLimit) {
  // A lowered total keeps the test's memory small; the arithmetic is that of the default
  // (51 × 10 MiB fits 512 MiB, 52 × 10 MiB → current 545259520).
  VMLimits limits;
  limits.max_blob_total_size = 3 * kMaxChunk;
  Guest g("app_blobs", limits);
  g.blobs = &blobs_;
  EXPECT_EQ(result_of(g.call("blob_write",
                             with_desc(generic(3, 1, 0).u64(1), Args().fill(kMaxChunk, 't')))),
            kMaxChunk);
  EXPECT_EQ(error_json(g.call("blob_write",
                              with_desc(generic(4, 1, 0).u64(1), Args().fill(kMaxChunk, 't')))),
            host_error("TotalBlobMemoryExceeded", R"({"current":41943040,"max":31457280})"));
}

TEST_F(AppsBlobs, TotalIsCountedAcrossHandles) {
  VMLimits limits;
  limits.max_blob_total_size = 10;
  Guest g("app_blobs", limits);
  g.blobs = &blobs_;
  ASSERT_TRUE(g.call("roundtrip", Args().fill(10, 'a').u64(5).u64(4).bytes()).ok());
  EXPECT_EQ(error_json(g.call("roundtrip", Args().fill(11, 'a').u64(5).u64(4).bytes())),
            host_error("TotalBlobMemoryExceeded", R"({"current":11,"max":10})"));
}

TEST_F(AppsBlobs, FailedAppendIsBlobWriteFailed) {
  MemoryBlobStore::Faults faults;
  faults.fail_appends = true;
  blobs_.set_faults(faults);
  EXPECT_EQ(error_json(guest_.call("blob_write",
                                   with_desc(generic(1, 1, 0).u64(1), Args().inline_bytes("x")))),
            host_error("BlobWriteFailed"));
  EXPECT_EQ(blobs_.uploads_in_progress(), 0u);
}

// ---------------------------------------------------------------------------------------------
// blob_close

TEST_F(AppsBlobs, CloseWriteHandleWritesTheBlobId) {
  Output out(ok_value(
      guest_.call("blob_close", with_desc(generic(1, 1, 0).u64(1), Args().fill(32, 0xAA)))));
  EXPECT_EQ(out.u64(), 1u);
  Bytes empty_hash(32);
  crypto_hash_sha256(empty_hash.data(), nullptr, 0);
  EXPECT_EQ(out.block(), empty_hash);
  EXPECT_EQ(blobs_.blob_count(), 1u);
}

TEST_F(AppsBlobs, CloseReadHandleWritesItsBlobId) {
  Output out(ok_value(
      guest_.call("blob_close", with_desc(generic(1, 0, 1).u64(1), Args().fill(32, 0xAA)))));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), Bytes(32, 0));
}

TEST_F(AppsBlobs, CloseTwiceIsInvalidBlobHandle) {
  EXPECT_EQ(
      error_json(guest_.call("blob_close", with_desc(generic(2, 1, 0).u64(1), Args().fill(32, 0)))),
      kBadHandle);
  EXPECT_EQ(
      error_json(guest_.call("blob_close", with_desc(generic(1, 1, 0).u64(2), Args().fill(32, 0)))),
      kBadHandle);
}

TEST_F(AppsBlobs, CloseDestinationMustBe32BytesInBounds) {
  for (uint64_t n : {0, 31, 33}) {
    EXPECT_EQ(error_json(
                  guest_.call("blob_close", with_desc(generic(1, 1, 0).u64(1), Args().fill(n, 0)))),
              kIma)
        << n;
  }
  EXPECT_EQ(error_json(guest_.call("blob_close",
                                   with_desc(generic(1, 1, 0).u64(1), Args().raw(1ull << 32, 32)))),
            kIma);
  EXPECT_EQ(error_json(guest_.call("blob_close",
                                   with_desc(generic(1, 1, 0).u64(1), Args().at_end(32, 1, 0)))),
            kIma);
  Output at_end(ok_value(
      guest_.call("blob_close", with_desc(generic(1, 1, 0).u64(1), Args().at_end(32, 0, 0)))));
  EXPECT_EQ(at_end.u64(), 1u);
  EXPECT_EQ(at_end.block()->size(), 32u);
}

TEST_F(AppsBlobs, CloseChecksTheDestinationBeforeTheFd) {
  EXPECT_EQ(error_json(guest_.call("blob_close",
                                   with_desc(generic(1, 0, 0).u64(5), Args().raw(1ull << 32, 32)))),
            kIma);
}

TEST_F(AppsBlobs, FailedFinishIsBlobsNotSupported) {
  MemoryBlobStore::Faults faults;
  faults.fail_finish = true;
  blobs_.set_faults(faults);
  EXPECT_EQ(
      error_json(guest_.call("blob_close", with_desc(generic(1, 1, 0).u64(1), Args().fill(32, 0)))),
      kNotSupported);
  EXPECT_EQ(blobs_.blob_count(), 0u);
}

// ---------------------------------------------------------------------------------------------
// blob_read

TEST_F(AppsBlobs, ReadOfZeroBytesDoesNotCheckTheFd) {
  Output out(
      ok_value(guest_.call("blob_read", with_desc(generic(1, 0, 0).u64(99), Args().fill(0, 0)))));
  EXPECT_EQ(out.u64(), 0u);
}

TEST_F(AppsBlobs, ReadBufferAtAndPastTheChunkLimit) {
  Output at(ok_value(
      guest_.call("blob_read", with_desc(generic(1, 0, 1).u64(1), Args().fill(kMaxChunk, 0)))));
  EXPECT_EQ(at.u64(), 0u);  // the zero id names no blob
  const std::string too_large =
      host_error("BlobBufferTooLarge", R"({"size":10485761,"max":10485760})");
  EXPECT_EQ(error_json(guest_.call(
                "blob_read", with_desc(generic(1, 0, 1).u64(1), Args().fill(kMaxChunk + 1, 0)))),
            too_large);
  EXPECT_EQ(error_json(guest_.call(
                "blob_read", with_desc(generic(1, 0, 0).u64(9), Args().raw(0, kMaxChunk + 1)))),
            too_large);
}

TEST_F(AppsBlobs, ReadFromAWriteHandleOrUnknownFdIsInvalidBlobHandle) {
  EXPECT_EQ(
      error_json(guest_.call("blob_read", with_desc(generic(1, 1, 0).u64(1), Args().fill(4, 0)))),
      kBadHandle);
  EXPECT_EQ(
      error_json(guest_.call("blob_read", with_desc(generic(1, 0, 1).u64(2), Args().fill(4, 0)))),
      kBadHandle);
}

TEST_F(AppsBlobs, ReadOfAnExistingBlobInSeveralCalls) {
  // The zero id is what the generic methods open; store content under a real id instead and
  // read it with download.
  Bytes content = bytes_of("0123456789");
  auto id = blobs_.put(content);
  ASSERT_TRUE(id.has_value());
  Output out(ok_value(guest_.call(
      "download", Args().heap().inline_bytes(Bytes(id->begin(), id->end())).u64(3).bytes())));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.u64(), 4u);  // 3 + 3 + 3 + 1
  EXPECT_EQ(out.u64(), 10u);
  EXPECT_EQ(out.rest(), content);
}

TEST_F(AppsBlobs, ReadMalformedDestination) {
  for (Args bad : {Args().raw(1ull << 32, 1), Args().raw(1ull << 31, 4), Args().at_end(4, 1, 0)}) {
    EXPECT_EQ(error_json(guest_.call("blob_read", with_desc(generic(1, 0, 1).u64(1), bad))), kIma);
  }
  EXPECT_EQ(
      error_json(guest_.call("blob_read", generic(1, 0, 1).u64(1).address(UINT64_MAX - 3).bytes())),
      kIma);
}

// ---------------------------------------------------------------------------------------------
// blob_announce_to_context

Bytes announce_input(Args blob, Args context) {
  Args a = generic(1, 0, 0);
  a.heap();
  a.raw_bytes(blob.bytes());
  a.heap();
  a.raw_bytes(context.bytes());
  return a.bytes();
}

TEST_F(AppsBlobs, AnnounceOfAKnownBlob) {
  auto id = blobs_.put(bytes_of("known"));
  ASSERT_TRUE(id.has_value());
  Bytes id_bytes(id->begin(), id->end());
  EXPECT_EQ(
      result_of(guest_.call("blob_announce_to_context",
                            announce_input(Args().inline_bytes(id_bytes), Args().fill(32, 0x77)))),
      1u);
  auto announcements = blobs_.announcements();
  ASSERT_EQ(announcements.size(), 1u);
  Id32 ctx;
  ctx.fill(0x77);
  EXPECT_EQ(announcements[0].context_id, ctx);
  EXPECT_EQ(announcements[0].size, 5u);
}

TEST_F(AppsBlobs, AnnounceOfAnUnknownBlobIsBlobsNotSupported) {
  EXPECT_EQ(error_json(guest_.call("blob_announce_to_context",
                                   announce_input(Args().fill(32, 1), Args().fill(32, 2)))),
            kNotSupported);
}

TEST_F(AppsBlobs, AnnounceFailuresAreBlobsNotSupported) {
  auto id = blobs_.put(bytes_of("known"));
  ASSERT_TRUE(id.has_value());
  Bytes id_bytes(id->begin(), id->end());
  MemoryBlobStore::Faults faults;
  faults.fail_announce = true;
  blobs_.set_faults(faults);
  EXPECT_EQ(
      error_json(guest_.call("blob_announce_to_context",
                             announce_input(Args().inline_bytes(id_bytes), Args().fill(32, 2)))),
      kNotSupported);
  faults = {};
  faults.fail_info = true;
  blobs_.set_faults(faults);
  EXPECT_EQ(
      error_json(guest_.call("blob_announce_to_context",
                             announce_input(Args().inline_bytes(id_bytes), Args().fill(32, 2)))),
      kNotSupported);
}

TEST_F(AppsBlobs, AnnounceIdsMustBe32BytesInBounds) {
  EXPECT_EQ(error_json(guest_.call("blob_announce_to_context",
                                   announce_input(Args().fill(31, 1), Args().fill(32, 2)))),
            kIma);
  EXPECT_EQ(error_json(guest_.call("blob_announce_to_context",
                                   announce_input(Args().fill(32, 1), Args().fill(33, 2)))),
            kIma);
  EXPECT_EQ(error_json(guest_.call("blob_announce_to_context",
                                   announce_input(Args().raw(1ull << 32, 32), Args().fill(32, 2)))),
            kIma);
  EXPECT_EQ(
      error_json(guest_.call("blob_announce_to_context",
                             generic(1, 0, 0).heap().fill(32, 1).address(1ull << 32).bytes())),
      kIma);
}

// ---------------------------------------------------------------------------------------------
// Blobs and the rest of the execution

TEST_F(AppsBlobs, FinishedUploadsSurviveAFailedExecution) {
  // The upload is closed, then returning the output fails: blobs are not rolled back.
  VMLimits limits;
  limits.max_return_value_size = 10;
  Guest g("app_blobs", limits);
  g.blobs = &blobs_;
  EXPECT_EQ(error_json(g.call("upload", Args().inline_bytes("kept").u64(0).bytes())),
            host_error("ReturnValueSizeOverflow", R"({"size":40,"max":10})"));
  EXPECT_TRUE(blobs_.contains(to_id(expected_blob_id(bytes_of("kept")))));
}

TEST_F(AppsBlobs, HandlesDoNotSurviveTheExecution) {
  ASSERT_EQ(result_of(guest_.call("blob_create", generic(1, 99, 0).bytes())), 100u);
  EXPECT_EQ(result_of(guest_.call("blob_create", generic(1, 99, 0).bytes())), 100u);
  EXPECT_EQ(blobs_.uploads_in_progress(), 0u);
  EXPECT_EQ(blobs_.upload_stats().aborted, 200u);
}

}  // namespace
}  // namespace ward::runtime
