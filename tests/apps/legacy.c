/* The legacy splatted ABI (Appendix B), linked only with `compat-legacy-abi`. Payloads use the
 * Buf encoding but are passed as inline (ptr, len) arguments; there are no descriptors. */
#define WARD_TH_LEGACY
#include "common/harness.h"

#define NO_LOAD UINT64_MAX

static uint64_t g_count;

static void begin(void) {
  th_begin();
  g_count = th_u64();
}

#define PTR_LEN(p) (p).slot->ptr, (p).slot->len

/* Ok(input), verbatim. */
WARD_EXPORT(echo) {
  size_t n;
  void* p = ward_legacy_input_read(&n);
  ward_legacy_return_ok(p, n);
}

/* count, u64 tag, Buf value. No output of its own. */
WARD_EXPORT(value_return) {
  begin();
  uint64_t tag = th_u64();
  th_payload v = th_payload_raw();
  th_ready();
  for (uint64_t i = 0; i < g_count; ++i) ward_legacy_value_return(tag, PTR_LEN(v));
}

/* count, Buf msg -> empty. */
WARD_EXPORT(log_utf8) {
  begin();
  th_payload m = th_payload_raw();
  th_ready();
  for (uint64_t i = 0; i < g_count; ++i) ward_legacy_log_utf8(PTR_LEN(m));
  th_finish();
}

/* count, Buf kind, Buf data -> empty. */
WARD_EXPORT(emit) {
  begin();
  th_payload kind = th_payload_raw();
  th_payload data = th_payload_raw();
  th_ready();
  for (uint64_t i = 0; i < g_count; ++i) ward_legacy_emit(PTR_LEN(kind), PTR_LEN(data));
  th_finish();
}

/* count, Buf file, u64 line, u64 column (low 32 bits each). */
WARD_EXPORT(panic) {
  begin();
  th_payload file = th_payload_raw();
  uint32_t line = (uint32_t)th_u64();
  uint32_t column = (uint32_t)th_u64();
  th_ready();
  for (uint64_t i = 0; i < g_count; ++i) ward_legacy_panic(PTR_LEN(file), line, column);
  th_finish();
}

/* count, Buf msg, Buf file, u64 line, u64 column. */
WARD_EXPORT(panic_utf8) {
  begin();
  th_payload msg = th_payload_raw();
  th_payload file = th_payload_raw();
  uint32_t line = (uint32_t)th_u64();
  uint32_t column = (uint32_t)th_u64();
  th_ready();
  for (uint64_t i = 0; i < g_count; ++i) {
    ward_legacy_panic_utf8(PTR_LEN(msg), PTR_LEN(file), line, column);
  }
  th_finish();
}

/* count, u64 load_id, u64 query_id -> u64 result. */
WARD_EXPORT(register_len) {
  begin();
  uint64_t load_id = th_u64();
  uint64_t query_id = th_u64();
  th_ready();
  if (load_id != NO_LOAD) ward_legacy_input(load_id);
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_legacy_register_len(query_id);
  th_out_u64(r);
  th_finish();
}

/* count, u64 load_id, u64 read_id, Buf dest -> u64 result, payload(dest). */
WARD_EXPORT(read_register) {
  begin();
  uint64_t load_id = th_u64();
  uint64_t read_id = th_u64();
  th_payload dest = th_payload_raw();
  th_ready();
  if (load_id != NO_LOAD) ward_legacy_input(load_id);
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_legacy_read_register(read_id, PTR_LEN(dest));
  th_out_u64(r);
  th_out_payload(&dest);
  th_finish();
}

#define REGISTER_METHOD(fn)                                       \
  WARD_EXPORT(fn) {                                               \
    begin();                                                      \
    uint64_t reg = th_u64();                                      \
    th_ready();                                                   \
    for (uint64_t i = 0; i < g_count; ++i) ward_legacy_##fn(reg); \
    th_out_register(reg);                                         \
    th_finish();                                                  \
  }

/* count, u64 reg -> register(reg). */
REGISTER_METHOD(context_id)
REGISTER_METHOD(executor_id)
REGISTER_METHOD(input)

/* count, Buf root_hash, Buf artifact -> empty. */
WARD_EXPORT(commit) {
  begin();
  th_payload root = th_payload_raw();
  th_payload artifact = th_payload_raw();
  th_ready();
  for (uint64_t i = 0; i < g_count; ++i) ward_legacy_commit(PTR_LEN(root), PTR_LEN(artifact));
  th_finish();
}

/* count, Buf key, Buf value, u64 reg -> u64 result, register(reg). */
WARD_EXPORT(storage_write) {
  begin();
  th_payload key = th_payload_raw();
  th_payload value = th_payload_raw();
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) {
    r = ward_legacy_storage_write(PTR_LEN(key), PTR_LEN(value), reg);
  }
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* count, Buf key, u64 reg -> u64 result, register(reg). */
WARD_EXPORT(storage_read) {
  begin();
  th_payload key = th_payload_raw();
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_legacy_storage_read(PTR_LEN(key), reg);
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* count, Buf key, u64 reg -> u64 result, register(reg). */
WARD_EXPORT(storage_remove) {
  begin();
  th_payload key = th_payload_raw();
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_legacy_storage_remove(PTR_LEN(key), reg);
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* count, Buf url, Buf method, Buf headers, Buf body, u64 reg -> u64 result, register(reg). */
WARD_EXPORT(fetch) {
  begin();
  th_payload url = th_payload_raw();
  th_payload method = th_payload_raw();
  th_payload headers = th_payload_raw();
  th_payload body = th_payload_raw();
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) {
    r = ward_legacy_fetch(PTR_LEN(url), PTR_LEN(method), PTR_LEN(headers), PTR_LEN(body), reg);
  }
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* count, Buf dest -> payload(dest). */
WARD_EXPORT(random_bytes) {
  begin();
  th_payload dest = th_payload_raw();
  th_ready();
  for (uint64_t i = 0; i < g_count; ++i) ward_legacy_random_bytes(PTR_LEN(dest));
  th_out_payload(&dest);
  th_finish();
}

/* count, Buf dest -> payload(dest). */
WARD_EXPORT(time_now) {
  begin();
  th_payload dest = th_payload_raw();
  th_ready();
  for (uint64_t i = 0; i < g_count; ++i) ward_legacy_time_now(PTR_LEN(dest));
  th_out_payload(&dest);
  th_finish();
}

/* Blob methods: count, u64 creates, u64 opens, then the arguments, as in app_blobs. */
static uint64_t g_creates, g_opens;
static uint8_t* g_zero_id;

static void begin_blob(void) {
  begin();
  g_creates = th_u64();
  g_opens = th_u64();
  g_zero_id = (uint8_t*)th_alloc(32);
  memset(g_zero_id, 0, 32);
}

static void open_handles(void) {
  for (uint64_t i = 0; i < g_creates; ++i) ward_legacy_blob_create();
  for (uint64_t i = 0; i < g_opens; ++i) ward_legacy_blob_open(ward_ptr(g_zero_id), 32);
}

/* count, creates, opens -> u64 result. */
WARD_EXPORT(blob_create) {
  begin_blob();
  th_ready();
  open_handles();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_legacy_blob_create();
  th_out_u64(r);
  th_finish();
}

/* count, creates, opens, u64 fd, Buf data -> u64 result. */
WARD_EXPORT(blob_write) {
  begin_blob();
  uint64_t fd = th_u64();
  th_payload data = th_payload_raw();
  th_ready();
  open_handles();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_legacy_blob_write(fd, PTR_LEN(data));
  th_out_u64(r);
  th_finish();
}

/* count, creates, opens, u64 fd, Buf dest -> u64 result, payload(dest). */
WARD_EXPORT(blob_close) {
  begin_blob();
  uint64_t fd = th_u64();
  th_payload dest = th_payload_raw();
  th_ready();
  open_handles();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_legacy_blob_close(fd, PTR_LEN(dest));
  th_out_u64(r);
  th_out_payload(&dest);
  th_finish();
}

/* count, creates, opens, Buf blob_id -> u64 result. */
WARD_EXPORT(blob_open) {
  begin_blob();
  th_payload id = th_payload_raw();
  th_ready();
  open_handles();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_legacy_blob_open(PTR_LEN(id));
  th_out_u64(r);
  th_finish();
}

/* count, creates, opens, u64 fd, Buf dest -> u64 result, payload(dest). */
WARD_EXPORT(blob_read) {
  begin_blob();
  uint64_t fd = th_u64();
  th_payload dest = th_payload_raw();
  th_ready();
  open_handles();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) r = ward_legacy_blob_read(fd, PTR_LEN(dest));
  th_out_u64(r);
  th_out_payload(&dest);
  th_finish();
}

/* count, creates, opens, Buf blob_id, Buf context_id -> u64 result. */
WARD_EXPORT(blob_announce_to_context) {
  begin_blob();
  th_payload blob = th_payload_raw();
  th_payload ctx = th_payload_raw();
  th_ready();
  open_handles();
  uint64_t r = 0;
  for (uint64_t i = 0; i < g_count; ++i) {
    r = ward_legacy_blob_announce_to_context(PTR_LEN(blob), PTR_LEN(ctx));
  }
  th_out_u64(r);
  th_finish();
}

/* Buf key, Buf value -> u64 existed, u64 found, register(1): write then read back. */
WARD_EXPORT(write_then_read) {
  th_begin();
  th_payload key = th_payload_raw();
  th_payload value = th_payload_raw();
  th_ready();
  uint64_t existed = ward_legacy_storage_write(PTR_LEN(key), PTR_LEN(value), 1);
  uint64_t found = ward_legacy_storage_read(PTR_LEN(key), 1);
  th_out_u64(existed);
  th_out_u64(found);
  th_out_register(1);
  th_finish();
}
