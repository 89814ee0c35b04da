/*
 * Ward guest SDK: the Calimero host interface (calimero-abi.md §3, §4) for wasm32 guests written
 * in C or C++, with no libc.
 *
 * - ward_host_<name>: the 47 core host functions, imported from module "env" under their ABI
 *   names, with the exact wasm types of §4.0 (every parameter i64, results i32/i64).
 * - ward_buffer, ward_location, ward_event, ward_xcall, ward_value_return: the descriptors of
 *   §3.2, laid out exactly as the host reads them.
 * - Helpers built on those (ward_input, ward_return_ok, ward_log, ward_panic, ward_storage_get,
 *   ...), plus ward/guest_base.h: a bump allocator and weak memcpy/memset/strlen & co.
 *
 * Methods are declared with WARD_EXPORT(name) and have type () -> ().
 * Only functions that are actually called become imports of the module.
 */
#ifndef WARD_GUEST_H_
#define WARD_GUEST_H_

#include <ward/guest_base.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------------------------------
 * Descriptors (§3.2). Natural wasm32 layout has no padding, so these are the exact packed
 * layouts; the host requires no alignment, but aligned descriptors cost nothing.
 * ------------------------------------------------------------------------------------------- */

typedef struct ward_buffer {
  uint64_t ptr;
  uint64_t len;
} ward_buffer;

typedef struct ward_location {
  ward_buffer file; /* UTF-8 */
  uint32_t line;
  uint32_t column;
} ward_location;

typedef struct ward_event {
  ward_buffer kind; /* UTF-8 */
  ward_buffer data;
} ward_event;

typedef struct ward_xcall {
  ward_buffer context_id; /* exactly 32 bytes */
  ward_buffer function;   /* UTF-8 */
  ward_buffer params;
} ward_xcall;

#define WARD_RETURN_OK UINT64_C(0)
#define WARD_RETURN_ERR UINT64_C(1)

typedef struct ward_value_return {
  uint64_t tag; /* WARD_RETURN_OK or WARD_RETURN_ERR */
  ward_buffer value;
} ward_value_return;

WARD_STATIC_ASSERT(sizeof(ward_buffer) == 16, "Buffer is 16 bytes");
WARD_STATIC_ASSERT(offsetof(ward_buffer, len) == 8, "Buffer.len at 8");
WARD_STATIC_ASSERT(sizeof(ward_location) == 24, "Location is 24 bytes");
WARD_STATIC_ASSERT(offsetof(ward_location, line) == 16, "Location.line at 16");
WARD_STATIC_ASSERT(offsetof(ward_location, column) == 20, "Location.column at 20");
WARD_STATIC_ASSERT(sizeof(ward_event) == 32, "Event is 32 bytes");
WARD_STATIC_ASSERT(offsetof(ward_event, data) == 16, "Event.data at 16");
WARD_STATIC_ASSERT(sizeof(ward_xcall) == 48, "XCall is 48 bytes");
WARD_STATIC_ASSERT(offsetof(ward_xcall, function) == 16, "XCall.function at 16");
WARD_STATIC_ASSERT(offsetof(ward_xcall, params) == 32, "XCall.params at 32");
WARD_STATIC_ASSERT(sizeof(ward_value_return) == 24, "ValueReturn is 24 bytes");
WARD_STATIC_ASSERT(offsetof(ward_value_return, value) == 8, "ValueReturn.value at 8");

/* ---------------------------------------------------------------------------------------------
 * Host functions (§4), core set of 47. Arguments named `*_desc` are guest addresses of a
 * descriptor; `register_id` selects a host register (§3.4).
 * ------------------------------------------------------------------------------------------- */

/* §4.1 System */
WARD_IMPORT(panic) WARD_NORETURN void ward_host_panic(uint64_t location_desc);
WARD_IMPORT(panic_utf8)
WARD_NORETURN void ward_host_panic_utf8(uint64_t msg_desc, uint64_t location_desc);

/* §4.2 Registers */
WARD_IMPORT(register_len) uint64_t ward_host_register_len(uint64_t register_id);
WARD_IMPORT(read_register)
uint32_t ward_host_read_register(uint64_t register_id, uint64_t dest_desc);

/* §4.3 Identity / provenance */
WARD_IMPORT(context_id) void ward_host_context_id(uint64_t register_id);
WARD_IMPORT(account_id) void ward_host_account_id(uint64_t register_id);
WARD_IMPORT(device_id) void ward_host_device_id(uint64_t register_id);
WARD_IMPORT(executor_id) void ward_host_executor_id(uint64_t register_id);
WARD_IMPORT(xcall_origin) uint32_t ward_host_xcall_origin(uint64_t register_id);

/* §4.4 Input, return value, logs, events, cross-context calls */
WARD_IMPORT(input) void ward_host_input(uint64_t register_id);
WARD_IMPORT(value_return) void ward_host_value_return(uint64_t value_return_desc);
WARD_IMPORT(emit_migration_witness) void ward_host_emit_migration_witness(uint64_t blob_desc);
WARD_IMPORT(log_utf8) void ward_host_log_utf8(uint64_t msg_desc);
/* Raw pointer and length, no descriptor. */
WARD_IMPORT(js_std_d_print)
uint32_t ward_host_js_std_d_print(uint64_t ctx, uint64_t msg_ptr, uint64_t msg_len);
WARD_IMPORT(emit) void ward_host_emit(uint64_t event_desc);
/* handler_desc = 0 means no handler. */
WARD_IMPORT(emit_with_handler)
void ward_host_emit_with_handler(uint64_t event_desc, uint64_t handler_desc);
WARD_IMPORT(xcall) void ward_host_xcall(uint64_t xcall_desc);

/* §4.5 State commit and JS root state */
WARD_IMPORT(commit) void ward_host_commit(uint64_t root_hash_desc, uint64_t artifact_desc);
WARD_IMPORT(persist_root_state)
void ward_host_persist_root_state(uint64_t doc_desc, uint64_t created_at, uint64_t updated_at);
WARD_IMPORT(read_root_state) uint32_t ward_host_read_root_state(uint64_t register_id);
WARD_IMPORT(apply_storage_delta) void ward_host_apply_storage_delta(uint64_t delta_desc);
WARD_IMPORT(flush_delta) uint32_t ward_host_flush_delta(void);
WARD_IMPORT(register_js_sdk_root_merge) void ward_host_register_js_sdk_root_merge(void);

/* §4.6 Synchronised storage. Results mean "a value existed", not success. */
WARD_IMPORT(storage_read) uint32_t ward_host_storage_read(uint64_t key_desc, uint64_t register_id);
WARD_IMPORT(storage_write)
uint32_t ward_host_storage_write(uint64_t key_desc, uint64_t value_desc, uint64_t register_id);
WARD_IMPORT(storage_remove)
uint32_t ward_host_storage_remove(uint64_t key_desc, uint64_t register_id);

/* §4.7 Ordered secondary index */
WARD_IMPORT(storage_index_set)
uint32_t ward_host_storage_index_set(uint64_t key_desc, uint64_t value_desc);
WARD_IMPORT(storage_index_remove) uint32_t ward_host_storage_index_remove(uint64_t key_desc);
WARD_IMPORT(storage_index_remove_prefix)
uint32_t ward_host_storage_index_remove_prefix(uint64_t prefix_desc);
/* limit = 0: unbounded; otherwise at most limit - 1 results. */
WARD_IMPORT(storage_index_scan)
uint32_t ward_host_storage_index_scan(uint64_t lo_desc, uint64_t hi_desc, uint64_t offset,
                                      uint64_t limit, uint64_t register_id);
WARD_IMPORT(storage_index_last)
uint32_t ward_host_storage_index_last(uint64_t lo_desc, uint64_t hi_desc, uint64_t register_id);
WARD_IMPORT(storage_index_meta_set)
uint32_t ward_host_storage_index_meta_set(uint64_t key_desc, uint64_t value_desc);
WARD_IMPORT(storage_index_meta_get)
uint32_t ward_host_storage_index_meta_get(uint64_t key_desc, uint64_t register_id);
WARD_IMPORT(storage_index_meta_clear)
uint32_t ward_host_storage_index_meta_clear(uint64_t key_desc);

/* §4.8 Private (node-local) storage. private_storage_write returns a success flag. */
WARD_IMPORT(private_storage_read)
uint32_t ward_host_private_storage_read(uint64_t key_desc, uint64_t register_id);
WARD_IMPORT(private_storage_write)
uint32_t ward_host_private_storage_write(uint64_t key_desc, uint64_t value_desc);
WARD_IMPORT(private_storage_remove)
uint32_t ward_host_private_storage_remove(uint64_t key_desc, uint64_t register_id);

/* §4.9 Utility. fetch returns 0 on success, 1 on failure. */
WARD_IMPORT(fetch)
uint32_t ward_host_fetch(uint64_t url_desc, uint64_t method_desc, uint64_t headers_desc,
                         uint64_t body_desc, uint64_t register_id);
WARD_IMPORT(random_bytes) void ward_host_random_bytes(uint64_t dest_desc);
WARD_IMPORT(time_now) void ward_host_time_now(uint64_t dest_desc);
WARD_IMPORT(ed25519_verify)
uint32_t ward_host_ed25519_verify(uint64_t sig_desc, uint64_t pk_desc, uint64_t msg_desc);

/* §4.10 Blobs */
WARD_IMPORT(blob_create) uint64_t ward_host_blob_create(void);
WARD_IMPORT(blob_write) uint64_t ward_host_blob_write(uint64_t fd, uint64_t data_desc);
WARD_IMPORT(blob_close) uint32_t ward_host_blob_close(uint64_t fd, uint64_t dest_blob_id_desc);
WARD_IMPORT(blob_open) uint64_t ward_host_blob_open(uint64_t blob_id_desc);
WARD_IMPORT(blob_read) uint64_t ward_host_blob_read(uint64_t fd, uint64_t dest_desc);
WARD_IMPORT(blob_announce_to_context)
uint32_t ward_host_blob_announce_to_context(uint64_t blob_id_desc, uint64_t context_id_desc);

/* ---------------------------------------------------------------------------------------------
 * Descriptor builders
 * ------------------------------------------------------------------------------------------- */

static inline ward_buffer ward_buf(const void* p, size_t len) {
  ward_buffer b = {ward_ptr(p), (uint64_t)len};
  return b;
}

static inline ward_buffer ward_str(const char* s) { return ward_buf(s, strlen(s)); }

static inline ward_location ward_location_make(const char* file, uint32_t line, uint32_t column) {
  ward_location l = {ward_str(file), line, column};
  return l;
}

static inline ward_event ward_event_make(const char* kind, const void* data, size_t data_len) {
  ward_event e = {ward_str(kind), ward_buf(data, data_len)};
  return e;
}

static inline ward_xcall ward_xcall_make(const uint8_t context_id[32], const char* function,
                                         const void* params, size_t params_len) {
  ward_xcall x = {ward_buf(context_id, 32), ward_str(function), ward_buf(params, params_len)};
  return x;
}

static inline ward_value_return ward_value_return_make(uint64_t tag, const void* p, size_t len) {
  ward_value_return v = {tag, ward_buf(p, len)};
  return v;
}

/* ---------------------------------------------------------------------------------------------
 * Panics and logs
 * ------------------------------------------------------------------------------------------- */

WARD_NORETURN static inline void ward_panic_at(const char* msg, const char* file, uint32_t line,
                                               uint32_t column) {
  ward_buffer m = ward_str(msg);
  ward_location l = ward_location_make(file, line, column);
  ward_host_panic_utf8(ward_ptr(&m), ward_ptr(&l));
}

/* Panics with the caller's file and line. The CMake helper maps __FILE__ to a path relative to
 * the app's source directory, so locations do not depend on the build machine. */
#define ward_panic(msg) ward_panic_at((msg), __FILE__, __LINE__, 0)

#define WARD_ASSERT(cond) \
  ((cond) ? (void)0 : ward_panic_at("assertion failed: " #cond, __FILE__, __LINE__, 0))

static inline void* ward_alloc(size_t n) {
  void* p = ward_try_alloc(n);
  if (!p) ward_panic("ward: out of memory");
  return p;
}

static inline void ward_log_bytes(const void* msg, size_t len) {
  ward_buffer b = ward_buf(msg, len);
  ward_host_log_utf8(ward_ptr(&b));
}

static inline void ward_log(const char* msg) { ward_log_bytes(msg, strlen(msg)); }

/* ---------------------------------------------------------------------------------------------
 * Registers and input
 * ------------------------------------------------------------------------------------------- */

static inline uint64_t ward_register_len(uint64_t register_id) {
  return ward_host_register_len(register_id);
}

/* Copies a register into fresh memory; NULL if the register does not exist. */
static inline void* ward_register_read(uint64_t register_id, size_t* len) {
  uint64_t n = ward_host_register_len(register_id);
  if (n == WARD_REGISTER_ABSENT) return NULL;
  if (n > SIZE_MAX) ward_panic("ward: register larger than memory");
  void* p = ward_alloc((size_t)n);
  ward_buffer dest = ward_buf(p, (size_t)n);
  if (!ward_host_read_register(register_id, ward_ptr(&dest))) ward_panic("ward: register changed");
  if (len) *len = (size_t)n;
  return p;
}

/* The call's input (possibly empty), copied into fresh memory via the scratch register. */
static inline void* ward_input(size_t* len) {
  ward_host_input(WARD_SCRATCH_REGISTER);
  return ward_register_read(WARD_SCRATCH_REGISTER, len);
}

/* ---------------------------------------------------------------------------------------------
 * Return values (the last call wins)
 * ------------------------------------------------------------------------------------------- */

static inline void ward_return(uint64_t tag, const void* p, size_t len) {
  ward_value_return v = ward_value_return_make(tag, p, len);
  ward_host_value_return(ward_ptr(&v));
}

static inline void ward_return_ok(const void* p, size_t len) {
  ward_return(WARD_RETURN_OK, p, len);
}
static inline void ward_return_err(const void* p, size_t len) {
  ward_return(WARD_RETURN_ERR, p, len);
}
static inline void ward_return_ok_str(const char* s) { ward_return_ok(s, strlen(s)); }
static inline void ward_return_err_str(const char* s) { ward_return_err(s, strlen(s)); }

/* ---------------------------------------------------------------------------------------------
 * Events, cross-context calls, commit
 * ------------------------------------------------------------------------------------------- */

static inline void ward_emit(const char* kind, const void* data, size_t len) {
  ward_event e = ward_event_make(kind, data, len);
  ward_host_emit(ward_ptr(&e));
}

static inline void ward_emit_with_handler(const char* kind, const void* data, size_t len,
                                          const char* handler) {
  ward_event e = ward_event_make(kind, data, len);
  ward_buffer h = ward_str(handler);
  ward_host_emit_with_handler(ward_ptr(&e), ward_ptr(&h));
}

static inline void ward_xcall_send(const uint8_t context_id[32], const char* function,
                                   const void* params, size_t len) {
  ward_xcall x = ward_xcall_make(context_id, function, params, len);
  ward_host_xcall(ward_ptr(&x));
}

static inline void ward_commit(const uint8_t root_hash[32], const void* artifact, size_t len) {
  ward_buffer root = ward_buf(root_hash, 32);
  ward_buffer art = ward_buf(artifact, len);
  ward_host_commit(ward_ptr(&root), ward_ptr(&art));
}

/* ---------------------------------------------------------------------------------------------
 * Identity (32-byte ids, written through the scratch register)
 * ------------------------------------------------------------------------------------------- */

static inline void ward_copy_scratch_id_(uint8_t out[32]) {
  ward_buffer dest = ward_buf(out, 32);
  if (!ward_host_read_register(WARD_SCRATCH_REGISTER, ward_ptr(&dest))) {
    ward_panic("ward: identity is not 32 bytes");
  }
}

static inline void ward_context_id(uint8_t out[32]) {
  ward_host_context_id(WARD_SCRATCH_REGISTER);
  ward_copy_scratch_id_(out);
}
static inline void ward_account_id(uint8_t out[32]) {
  ward_host_account_id(WARD_SCRATCH_REGISTER);
  ward_copy_scratch_id_(out);
}
static inline void ward_device_id(uint8_t out[32]) {
  ward_host_device_id(WARD_SCRATCH_REGISTER);
  ward_copy_scratch_id_(out);
}
static inline void ward_executor_id(uint8_t out[32]) {
  ward_host_executor_id(WARD_SCRATCH_REGISTER);
  ward_copy_scratch_id_(out);
}
/* 1 and the source context id if this run was dispatched by a cross-context call, else 0. */
static inline int ward_xcall_origin(uint8_t out[32]) {
  if (!ward_host_xcall_origin(WARD_SCRATCH_REGISTER)) return 0;
  ward_copy_scratch_id_(out);
  return 1;
}

/* ---------------------------------------------------------------------------------------------
 * Storage. Values come back in fresh memory; a previous value displaced by set/remove is left
 * in the scratch register.
 * ------------------------------------------------------------------------------------------- */

/* NULL if the key is absent. */
static inline void* ward_storage_get(const void* key, size_t key_len, size_t* value_len) {
  ward_buffer k = ward_buf(key, key_len);
  if (!ward_host_storage_read(ward_ptr(&k), WARD_SCRATCH_REGISTER)) return NULL;
  return ward_register_read(WARD_SCRATCH_REGISTER, value_len);
}

/* 1 if the key held a value before. */
static inline int ward_storage_set(const void* key, size_t key_len, const void* value,
                                   size_t value_len) {
  ward_buffer k = ward_buf(key, key_len);
  ward_buffer v = ward_buf(value, value_len);
  return (int)ward_host_storage_write(ward_ptr(&k), ward_ptr(&v), WARD_SCRATCH_REGISTER);
}

/* 1 if a value was removed. */
static inline int ward_storage_remove(const void* key, size_t key_len) {
  ward_buffer k = ward_buf(key, key_len);
  return (int)ward_host_storage_remove(ward_ptr(&k), WARD_SCRATCH_REGISTER);
}

static inline void* ward_private_get(const void* key, size_t key_len, size_t* value_len) {
  ward_buffer k = ward_buf(key, key_len);
  if (!ward_host_private_storage_read(ward_ptr(&k), WARD_SCRATCH_REGISTER)) return NULL;
  return ward_register_read(WARD_SCRATCH_REGISTER, value_len);
}

/* 1 on success; 0 when the node has no private store. */
static inline int ward_private_set(const void* key, size_t key_len, const void* value,
                                   size_t value_len) {
  ward_buffer k = ward_buf(key, key_len);
  ward_buffer v = ward_buf(value, value_len);
  return (int)ward_host_private_storage_write(ward_ptr(&k), ward_ptr(&v));
}

static inline int ward_private_remove(const void* key, size_t key_len) {
  ward_buffer k = ward_buf(key, key_len);
  return (int)ward_host_private_storage_remove(ward_ptr(&k), WARD_SCRATCH_REGISTER);
}

/* ---------------------------------------------------------------------------------------------
 * Utility
 * ------------------------------------------------------------------------------------------- */

/* Nanoseconds since the Unix epoch. */
static inline uint64_t ward_time_now(void) {
  uint64_t t = 0;
  ward_buffer dest = ward_buf(&t, sizeof t);
  ward_host_time_now(ward_ptr(&dest));
  return t;
}

static inline void ward_random_bytes(void* dest, size_t n) {
  ward_buffer d = ward_buf(dest, n);
  ward_host_random_bytes(ward_ptr(&d));
}

static inline int ward_ed25519_verify(const uint8_t sig[64], const uint8_t pk[32], const void* msg,
                                      size_t len) {
  ward_buffer s = ward_buf(sig, 64);
  ward_buffer k = ward_buf(pk, 32);
  ward_buffer m = ward_buf(msg, len);
  return (int)ward_host_ed25519_verify(ward_ptr(&s), ward_ptr(&k), ward_ptr(&m));
}

/* ---------------------------------------------------------------------------------------------
 * Blobs
 * ------------------------------------------------------------------------------------------- */

static inline uint64_t ward_blob_create(void) { return ward_host_blob_create(); }

static inline uint64_t ward_blob_write(uint64_t fd, const void* data, size_t len) {
  ward_buffer b = ward_buf(data, len);
  return ward_host_blob_write(fd, ward_ptr(&b));
}

/* Closes a handle and stores the blob id. */
static inline void ward_blob_close(uint64_t fd, uint8_t blob_id[32]) {
  ward_buffer b = ward_buf(blob_id, 32);
  ward_host_blob_close(fd, ward_ptr(&b));
}

static inline uint64_t ward_blob_open(const uint8_t blob_id[32]) {
  ward_buffer b = ward_buf(blob_id, 32);
  return ward_host_blob_open(ward_ptr(&b));
}

/* Bytes read; 0 at the end of the blob. */
static inline uint64_t ward_blob_read(uint64_t fd, void* dest, size_t len) {
  ward_buffer b = ward_buf(dest, len);
  return ward_host_blob_read(fd, ward_ptr(&b));
}

static inline int ward_blob_announce(const uint8_t blob_id[32], const uint8_t context_id[32]) {
  ward_buffer b = ward_buf(blob_id, 32);
  ward_buffer c = ward_buf(context_id, 32);
  return (int)ward_host_blob_announce_to_context(ward_ptr(&b), ward_ptr(&c));
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WARD_GUEST_H_ */
