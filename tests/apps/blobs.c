/* Blobs (§4.10). The generic methods first open `creates` write handles (blob_create) and then
 * `opens` read handles (blob_open of 32 zero bytes), so fds 1..creates are write handles and
 * creates+1..creates+opens read handles when a blob store is configured. */
#include "common/harness.h"

static uint64_t g_count, g_creates, g_opens;
static ward_buffer* g_zero_id;

static void begin_generic(void) {
  th_begin();
  g_count = th_u64();
  g_creates = th_u64();
  g_opens = th_u64();
  uint8_t* zero = (uint8_t*)th_alloc(32);
  memset(zero, 0, 32);
  g_zero_id = (ward_buffer*)th_alloc(sizeof(ward_buffer));
  g_zero_id->ptr = ward_ptr(zero);
  g_zero_id->len = 32;
}

static void open_handles(void) {
  for (uint64_t i = 0; i < g_creates; ++i) ward_host_blob_create();
  for (uint64_t i = 0; i < g_opens; ++i) ward_host_blob_open(ward_ptr(g_zero_id));
}

/* count, creates, opens -> u64 result. */
WARD_EXPORT(blob_create) {
  begin_generic();
  th_ready();
  open_handles();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_host_blob_create();
  th_out_u64(r);
  th_finish();
}

/* count, creates, opens, u64 fd, Desc<Buffer> data -> u64 result. */
WARD_EXPORT(blob_write) {
  begin_generic();
  uint64_t fd = th_u64();
  uint64_t data;
  th_desc(TH_BUFFER, &data, 0);
  th_ready();
  open_handles();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_host_blob_write(fd, data);
  th_out_u64(r);
  th_finish();
}

/* count, creates, opens, u64 fd, Desc<Buffer> dest -> u64 result, payload(dest). */
WARD_EXPORT(blob_close) {
  begin_generic();
  uint64_t fd = th_u64();
  uint64_t dest;
  th_payload d;
  th_desc(TH_BUFFER, &dest, &d);
  th_ready();
  open_handles();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_host_blob_close(fd, dest);
  th_out_u64(r);
  th_out_payload(&d);
  th_finish();
}

/* count, creates, opens, Desc<Buffer> blob_id -> u64 result. */
WARD_EXPORT(blob_open) {
  begin_generic();
  uint64_t id;
  th_desc(TH_BUFFER, &id, 0);
  th_ready();
  open_handles();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_host_blob_open(id);
  th_out_u64(r);
  th_finish();
}

/* count, creates, opens, u64 fd, Desc<Buffer> dest -> u64 result, payload(dest). */
WARD_EXPORT(blob_read) {
  begin_generic();
  uint64_t fd = th_u64();
  uint64_t dest;
  th_payload d;
  th_desc(TH_BUFFER, &dest, &d);
  th_ready();
  open_handles();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_host_blob_read(fd, dest);
  th_out_u64(r);
  th_out_payload(&d);
  th_finish();
}

/* count, creates, opens, Desc<Buffer> blob_id, Desc<Buffer> context_id -> u64 result. */
WARD_EXPORT(blob_announce_to_context) {
  begin_generic();
  uint64_t blob, ctx;
  th_desc(TH_BUFFER, &blob, 0);
  th_desc(TH_BUFFER, &ctx, 0);
  th_ready();
  open_handles();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_host_blob_announce_to_context(blob, ctx);
  th_out_u64(r);
  th_finish();
}

/* Writes `data` to a new blob in pieces of `chunk` bytes (0: one write) and closes it. */
static uint64_t upload_blob(const ward_buffer* data, uint64_t chunk, uint8_t id[32]) {
  uint64_t fd = ward_host_blob_create();
  if (chunk == 0) chunk = data->len ? data->len : 1;
  for (uint64_t off = 0; off < data->len; off += chunk) {
    uint64_t n = data->len - off < chunk ? data->len - off : chunk;
    ward_buffer piece = {data->ptr + off, n};
    ward_host_blob_write(fd, ward_ptr(&piece));
  }
  ward_blob_close(fd, id);
  return fd;
}

/* Reads fd to its end in reads of read_size bytes, appending u64 reads, u64 total, content. */
static void download_blob(uint64_t fd, uint64_t read_size) {
  if (read_size == 0) th_fail("download: read_size 0");
  size_t counts_at = th_out_len_;
  th_out_u64(0);
  th_out_u64(0);
  uint64_t reads = 0, total = 0;
  for (;;) {
    uint8_t* at = th_out_reserve(read_size);
    uint64_t n = ward_blob_read(fd, at, (size_t)read_size);
    th_out_len_ -= (size_t)(read_size - n);
    if (n == 0) break;
    ++reads;
    total += n;
  }
  th_put_u64(th_out_ + counts_at, reads);
  th_put_u64(th_out_ + counts_at + 8, total);
}

/* Buf data, u64 chunk, u64 read_size -> blob_id(32) ‖ u64 write_fd ‖ u64 read_fd ‖ u64 reads
 * ‖ u64 total ‖ content: upload, close, open, read back, all in one execution. */
WARD_EXPORT(roundtrip) {
  th_begin();
  ward_buffer* data = (ward_buffer*)th_alloc(sizeof *data);
  th_payload_into(data);
  uint64_t chunk = th_u64();
  uint64_t read_size = th_u64();
  th_ready();
  uint8_t* id = th_out_reserve(32);
  size_t id_at = (size_t)(id - th_out_);
  uint64_t write_fd = upload_blob(data, chunk, id);
  uint64_t read_fd = ward_blob_open(th_out_ + id_at);
  th_out_u64(write_fd);
  th_out_u64(read_fd);
  download_blob(read_fd, read_size);
  th_finish();
}

/* Buf data, u64 chunk -> blob_id(32) ‖ u64 fd. */
WARD_EXPORT(upload) {
  th_begin();
  ward_buffer* data = (ward_buffer*)th_alloc(sizeof *data);
  th_payload_into(data);
  uint64_t chunk = th_u64();
  th_ready();
  uint8_t id[32];
  uint64_t fd = upload_blob(data, chunk, id);
  th_out_bytes(id, 32);
  th_out_u64(fd);
  th_finish();
}

/* Desc<Buffer> blob_id, u64 read_size -> u64 fd ‖ u64 reads ‖ u64 total ‖ content. */
WARD_EXPORT(download) {
  th_begin();
  uint64_t id;
  th_desc(TH_BUFFER, &id, 0);
  uint64_t read_size = th_u64();
  th_ready();
  uint64_t fd = ward_host_blob_open(id);
  th_out_u64(fd);
  download_blob(fd, read_size);
  th_finish();
}

/* Buf data -> blob_id(32) ‖ u64 announce_result: upload, then announce to this context. */
WARD_EXPORT(upload_announce) {
  th_begin();
  ward_buffer* data = (ward_buffer*)th_alloc(sizeof *data);
  th_payload_into(data);
  th_ready();
  uint8_t id[32], ctx[32];
  upload_blob(data, 0, id);
  ward_context_id(ctx);
  th_out_bytes(id, 32);
  th_out_u64((uint64_t)ward_blob_announce(id, ctx));
  th_finish();
}

/* Buf data -> u64 fd: writes without closing; the upload must be aborted at the end. */
WARD_EXPORT(write_unclosed) {
  th_begin();
  ward_buffer* data = (ward_buffer*)th_alloc(sizeof *data);
  th_payload_into(data);
  th_ready();
  uint64_t fd = ward_host_blob_create();
  ward_host_blob_write(fd, ward_ptr(data));
  th_out_u64(fd);
  th_finish();
}
