/*
 * Ward guest SDK for the legacy (pre-August-2025) "splatted" ABI, calimero-abi.md Appendix B:
 * descriptor fields are passed inline as scalar arguments instead of through a descriptor.
 *
 * The import names are the same as those of the by-reference ABI in ward/guest.h but their
 * types differ, so a module must use one ABI only: Ward links a module that imports both
 * kinds with LinkError. Only ward_legacy_* functions and helpers are safe here; the C names
 * differ from ward/guest.h, so including both compiles, but calling a by-reference function
 * makes a mixed module. Ward links legacy modules only with the `compat-legacy-abi` option;
 * send_proposal/approve_proposal also need `compat-removed-functions`.
 */
#ifndef WARD_GUEST_LEGACY_H_
#define WARD_GUEST_LEGACY_H_

#include <ward/guest_base.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The 25 legacy functions. `line`/`column` are the only i32 parameters. */
WARD_IMPORT(panic)
WARD_NORETURN void ward_legacy_panic(uint64_t file_ptr, uint64_t file_len, uint32_t line,
                                     uint32_t column);
WARD_IMPORT(panic_utf8)
WARD_NORETURN void ward_legacy_panic_utf8(uint64_t msg_ptr, uint64_t msg_len, uint64_t file_ptr,
                                          uint64_t file_len, uint32_t line, uint32_t column);
WARD_IMPORT(register_len) uint64_t ward_legacy_register_len(uint64_t register_id);
WARD_IMPORT(read_register)
uint32_t ward_legacy_read_register(uint64_t register_id, uint64_t ptr, uint64_t len);
WARD_IMPORT(context_id) void ward_legacy_context_id(uint64_t register_id);
WARD_IMPORT(executor_id) void ward_legacy_executor_id(uint64_t register_id);
WARD_IMPORT(input) void ward_legacy_input(uint64_t register_id);
WARD_IMPORT(value_return) void ward_legacy_value_return(uint64_t tag, uint64_t ptr, uint64_t len);
WARD_IMPORT(log_utf8) void ward_legacy_log_utf8(uint64_t ptr, uint64_t len);
WARD_IMPORT(emit)
void ward_legacy_emit(uint64_t kind_ptr, uint64_t kind_len, uint64_t data_ptr, uint64_t data_len);
WARD_IMPORT(commit)
void ward_legacy_commit(uint64_t root_ptr, uint64_t root_len, uint64_t artifact_ptr,
                        uint64_t artifact_len);
WARD_IMPORT(storage_write)
uint32_t ward_legacy_storage_write(uint64_t key_ptr, uint64_t key_len, uint64_t value_ptr,
                                   uint64_t value_len, uint64_t register_id);
WARD_IMPORT(storage_read)
uint32_t ward_legacy_storage_read(uint64_t key_ptr, uint64_t key_len, uint64_t register_id);
WARD_IMPORT(storage_remove)
uint32_t ward_legacy_storage_remove(uint64_t key_ptr, uint64_t key_len, uint64_t register_id);
WARD_IMPORT(fetch)
uint32_t ward_legacy_fetch(uint64_t url_ptr, uint64_t url_len, uint64_t method_ptr,
                           uint64_t method_len, uint64_t headers_ptr, uint64_t headers_len,
                           uint64_t body_ptr, uint64_t body_len, uint64_t register_id);
WARD_IMPORT(random_bytes) void ward_legacy_random_bytes(uint64_t ptr, uint64_t len);
WARD_IMPORT(time_now) void ward_legacy_time_now(uint64_t ptr, uint64_t len);
WARD_IMPORT(send_proposal)
void ward_legacy_send_proposal(uint64_t actions_ptr, uint64_t actions_len, uint64_t id_ptr,
                               uint64_t id_len);
WARD_IMPORT(approve_proposal) void ward_legacy_approve_proposal(uint64_t ptr, uint64_t len);
WARD_IMPORT(blob_create) uint64_t ward_legacy_blob_create(void);
WARD_IMPORT(blob_write) uint64_t ward_legacy_blob_write(uint64_t fd, uint64_t ptr, uint64_t len);
WARD_IMPORT(blob_close)
uint32_t ward_legacy_blob_close(uint64_t fd, uint64_t id_ptr, uint64_t id_len);
WARD_IMPORT(blob_open) uint64_t ward_legacy_blob_open(uint64_t id_ptr, uint64_t id_len);
WARD_IMPORT(blob_read) uint64_t ward_legacy_blob_read(uint64_t fd, uint64_t ptr, uint64_t len);
WARD_IMPORT(blob_announce_to_context)
uint32_t ward_legacy_blob_announce_to_context(uint64_t blob_ptr, uint64_t blob_len,
                                              uint64_t ctx_ptr, uint64_t ctx_len);

/* Helpers, mirroring ward/guest.h. */

WARD_NORETURN static inline void ward_legacy_panic_at(const char* msg, const char* file,
                                                      uint32_t line, uint32_t column) {
  ward_legacy_panic_utf8(ward_ptr(msg), strlen(msg), ward_ptr(file), strlen(file), line, column);
}

#define ward_legacy_panic_here(msg) ward_legacy_panic_at((msg), __FILE__, __LINE__, 0)

static inline void* ward_legacy_alloc(size_t n) {
  void* p = ward_try_alloc(n);
  if (!p) ward_legacy_panic_here("ward: out of memory");
  return p;
}

static inline void ward_legacy_log(const char* msg) {
  ward_legacy_log_utf8(ward_ptr(msg), strlen(msg));
}

/* Copies a register into fresh memory; NULL if the register does not exist. */
static inline void* ward_legacy_register_read(uint64_t register_id, size_t* len) {
  uint64_t n = ward_legacy_register_len(register_id);
  if (n == WARD_REGISTER_ABSENT) return NULL;
  if (n > SIZE_MAX) ward_legacy_panic_here("ward: register larger than memory");
  void* p = ward_legacy_alloc((size_t)n);
  if (!ward_legacy_read_register(register_id, ward_ptr(p), n)) {
    ward_legacy_panic_here("ward: register changed");
  }
  if (len) *len = (size_t)n;
  return p;
}

static inline void* ward_legacy_input_read(size_t* len) {
  ward_legacy_input(WARD_SCRATCH_REGISTER);
  return ward_legacy_register_read(WARD_SCRATCH_REGISTER, len);
}

static inline void ward_legacy_return_ok(const void* p, size_t len) {
  ward_legacy_value_return(0, ward_ptr(p), len);
}

static inline void ward_legacy_return_err(const void* p, size_t len) {
  ward_legacy_value_return(1, ward_ptr(p), len);
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WARD_GUEST_LEGACY_H_ */
