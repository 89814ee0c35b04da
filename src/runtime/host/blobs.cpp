// §4.10 Blobs. The numbered comments are the steps of §4.10, whose order decides which error a
// call with several problems reports.
#include <algorithm>
#include <cstring>

#include "runtime/host/host_function.hpp"
#include "runtime/host/shared_ops.hpp"

namespace ward::runtime {

namespace {

using K = HostError::Kind;

BlobStore& require_store(VMLogic& vm) {
  if (vm.env.blobs == nullptr) VMLogic::throw_host(K::BlobsNotSupported);
  return *vm.env.blobs;
}

void require_free_handle(VMLogic& vm) {
  if (vm.blob_handles.size() >= vm.limits.max_blob_handles) {
    VMLogic::throw_host(K::TooManyBlobHandles, vm.limits.max_blob_handles);
  }
}

// Read and write handles share one counter; a value is never handed out twice. The counter
// advances only once the handle exists, so a call that fails consumes no fd.
uint64_t next_fd(VMLogic& vm) {
  if (vm.next_blob_fd == UINT64_MAX) VMLogic::throw_host(K::IntegerOverflow);
  return vm.next_blob_fd;
}
void add_handle(VMLogic& vm, uint64_t fd, BlobHandle handle) {
  vm.blob_handles.emplace(fd, std::move(handle));
  vm.next_blob_fd = fd + 1;
}

// Copies buffered bytes of `handle` into `out`; returns how many.
size_t take_leftover(BlobHandle& handle, uint8_t* out, size_t wanted) {
  size_t available = handle.leftover.size() - handle.leftover_pos;
  size_t n = std::min(available, wanted);
  if (n > 0) std::memcpy(out, handle.leftover.data() + handle.leftover_pos, n);
  handle.leftover_pos += n;
  if (handle.leftover_pos == handle.leftover.size()) {
    handle.leftover.clear();
    handle.leftover_pos = 0;
  }
  return n;
}

void blob_create(VMLogic& vm, uint64_t* s) {
  BlobStore& store = require_store(vm);  // 1
  require_free_handle(vm);               // 2
  uint64_t fd = next_fd(vm);             // 3
  BlobHandle handle;
  handle.write = true;
  handle.upload = store.begin_upload();
  add_handle(vm, fd, std::move(handle));
  s[0] = fd;
}

void blob_write(VMLogic& vm, uint64_t* s) {
  Buffer data = vm.read_buffer(s[1]);  // 1
  s[0] = blob_write_op(vm, s[0], data);
}

void blob_close(VMLogic& vm, uint64_t* s) {
  Buffer dest = vm.read_buffer(s[1]);  // 1
  s[0] = blob_close_op(vm, s[0], dest);
}

void blob_open(VMLogic& vm, uint64_t* s) {
  Buffer id = vm.read_buffer(s[0]);  // 1
  s[0] = blob_open_op(vm, id);
}

void blob_read(VMLogic& vm, uint64_t* s) {
  Buffer dest = vm.read_buffer(s[1]);  // 1
  s[0] = blob_read_op(vm, s[0], dest);
}

void blob_announce_to_context(VMLogic& vm, uint64_t* s) {
  require_store(vm);  // 1, before any memory is read
  Buffer blob_id = vm.read_buffer(s[0]);
  Buffer context_id = vm.read_buffer(s[1]);
  s[0] = blob_announce_to_context_op(vm, blob_id, context_id);
}

}  // namespace

uint64_t blob_write_op(VMLogic& vm, uint64_t fd, Buffer data) {
  require_store(vm);  // 2
  const uint64_t max_chunk = vm.limits.max_blob_chunk_size;
  if (data.len > max_chunk) VMLogic::throw_host(K::BlobWriteTooLarge, data.len, max_chunk);  // 3
  std::span<const uint8_t> bytes = vm.payload(data);                                         // 4
  auto it = vm.blob_handles.find(fd);                                                        // 5
  if (it == vm.blob_handles.end() || !it->second.write) VMLogic::throw_host(K::InvalidBlobHandle);
  const uint64_t max_total = vm.limits.max_blob_total_size;  // 6
  if (data.len > max_total || vm.blob_bytes_written > max_total - data.len) {
    uint64_t current = vm.blob_bytes_written > UINT64_MAX - data.len
                           ? UINT64_MAX
                           : vm.blob_bytes_written + data.len;
    VMLogic::throw_host(K::TotalBlobMemoryExceeded, current, max_total);
  }
  vm.blob_bytes_written += data.len;
  BlobStore::Upload* upload = it->second.upload.get();  // 7
  if (upload == nullptr || !upload->append(bytes)) {
    vm.blob_bytes_written -= data.len;
    VMLogic::throw_host(K::BlobWriteFailed);
  }
  return data.len;  // 8
}

uint32_t blob_close_op(VMLogic& vm, uint64_t fd, Buffer dest_blob_id) {
  if (dest_blob_id.len != 32) VMLogic::throw_host(K::InvalidMemoryAccess);  // 2
  require_store(vm);                                                        // 3
  vm.payload(dest_blob_id);                                                 // 4
  auto node = vm.blob_handles.extract(fd);                                  // 5
  if (node.empty()) VMLogic::throw_host(K::InvalidBlobHandle);
  BlobHandle& handle = node.mapped();
  Id32 id;  // 6
  if (handle.write) {
    auto finished = handle.upload ? handle.upload->finish() : std::nullopt;
    if (!finished) VMLogic::throw_host(K::BlobsNotSupported);
    id = finished->first;
  } else {
    id = handle.blob_id;
  }
  vm.write_to(dest_blob_id, id);  // 7
  return 1;
}

uint64_t blob_open_op(VMLogic& vm, Buffer blob_id) {
  require_store(vm);              // 2
  require_free_handle(vm);        // 3
  Id32 id = vm.read_id(blob_id);  // 4
  uint64_t fd = next_fd(vm);      // 5
  BlobHandle handle;
  handle.blob_id = id;
  add_handle(vm, fd, std::move(handle));
  return fd;
}

uint64_t blob_read_op(VMLogic& vm, uint64_t fd, Buffer dest) {
  BlobStore& store = require_store(vm);  // 2
  const uint64_t max_chunk = vm.limits.max_blob_chunk_size;
  if (dest.len > max_chunk) VMLogic::throw_host(K::BlobBufferTooLarge, dest.len, max_chunk);  // 3
  if (dest.len == 0) return 0;                                                                // 4
  auto it = vm.blob_handles.find(fd);                                                         // 5
  if (it == vm.blob_handles.end() || it->second.write) VMLogic::throw_host(K::InvalidBlobHandle);
  BlobHandle& handle = it->second;

  // 6, with R5's bounds check done first so a bad `dest` consumes nothing. The bytes then go
  // straight into guest memory: exactly the first n bytes of `dest` are written, as R5 requires.
  std::span<const uint8_t> checked = vm.payload(dest);
  uint8_t* out = const_cast<uint8_t*>(checked.data());
  const size_t wanted = checked.size();
  size_t n = take_leftover(handle, out, wanted);
  while (n < wanted && !handle.ended) {
    if (!handle.reader) {
      handle.reader = store.open_read(handle.blob_id);
      if (!handle.reader) {  // a missing blob reads as empty
        handle.ended = true;
        break;
      }
    }
    std::optional<Bytes> chunk = handle.reader->next_chunk();
    if (!chunk || chunk->empty()) {  // the stream errored or ended
      handle.ended = true;
      handle.reader.reset();
      break;
    }
    size_t used = std::min(chunk->size(), wanted - n);
    std::memcpy(out + n, chunk->data(), used);
    n += used;
    if (used < chunk->size()) {
      handle.leftover = std::move(*chunk);
      handle.leftover_pos = used;
    }
  }
  return n;  // 7: 0 means the end of the blob
}

uint32_t blob_announce_to_context_op(VMLogic& vm, Buffer blob_id, Buffer context_id) {
  BlobStore& store = require_store(vm);  // 1
  Id32 blob = vm.read_id(blob_id);       // 2
  Id32 context = vm.read_id(context_id);
  std::optional<uint64_t> size = store.info(blob);  // 3
  if (!size) VMLogic::throw_host(K::BlobsNotSupported);
  if (!store.announce(blob, context, *size)) VMLogic::throw_host(K::BlobsNotSupported);  // 4
  return 1;
}

void add_blob_functions(HostTable& t) {
  t.push_back({"blob_create", sig({}, {I64}), host_entry<blob_create>});
  t.push_back({"blob_write", sig({I64, I64}, {I64}), host_entry<blob_write>});
  t.push_back({"blob_close", sig({I64, I64}, {I32}), host_entry<blob_close>});
  t.push_back({"blob_open", sig({I64}, {I64}), host_entry<blob_open>});
  t.push_back({"blob_read", sig({I64, I64}, {I64}), host_entry<blob_read>});
  t.push_back(
      {"blob_announce_to_context", sig({I64, I64}, {I32}), host_entry<blob_announce_to_context>});
}

}  // namespace ward::runtime
