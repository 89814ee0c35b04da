/* Hostile guests: every loop they drive must end in gas exhaustion or a limit error, never in
 * a hang or a host crash. Methods without input never call input(), so they start with an
 * empty register map. */
#include "common/harness.h"

/* Keeps the optimiser from proving loops or recursion pointless. */
static volatile uint64_t g_sink;

WARD_EXPORT(spin) {
  for (;;) g_sink = g_sink + 1;
}

/* Not a tail call (the result is used afterwards), and no linear-memory frame, so only the
 * engine's own call stack grows. */
__attribute__((noinline)) static uint64_t dive(uint64_t depth, uint64_t stop) {
  if (depth == stop) return depth;
  return dive(depth + 1, stop) * 3 + depth;
}

/* Unbounded: stops only at engine stack exhaustion. */
WARD_EXPORT(recurse) { g_sink = dive(0, UINT64_MAX); }

/* u64 depth -> u64 depth: recursion exactly `depth` calls deep (plus the method's frame). */
WARD_EXPORT(recurse_to) {
  th_begin();
  uint64_t depth = th_u64();
  th_ready();
  g_sink = dive(0, depth);
  th_out_u64(depth);
  th_finish();
}

/* Grows one page at a time until memory.grow fails.
 * Output: u64 pages_gained ‖ u64 final_pages. */
WARD_EXPORT(memory_bomb) {
  uint64_t gained = 0;
  while (__builtin_wasm_memory_grow(0, 1) != (size_t)-1) ++gained;
  uint64_t out[2] = {gained, (uint64_t)__builtin_wasm_memory_size(0)};
  /* The heap has not been used, so this static buffer is the only memory touched. */
  ward_return_ok(out, sizeof out);
}

/* u64 delta -> u64 result of one memory.grow(delta) (u64::MAX on failure) ‖ u64 final_pages. */
WARD_EXPORT(grow) {
  th_begin();
  uint64_t delta = th_u64();
  th_ready();
  size_t r = __builtin_wasm_memory_grow(0, (size_t)delta);
  th_out_u64(r == (size_t)-1 ? UINT64_MAX : (uint64_t)r);
  th_out_u64((uint64_t)__builtin_wasm_memory_size(0));
  th_finish();
}

/* Grows until refused, then writes and reads the last byte of memory. Output as memory_bomb. */
WARD_EXPORT(memory_bomb_touch) {
  uint64_t gained = 0;
  while (__builtin_wasm_memory_grow(0, 1) != (size_t)-1) ++gained;
  uint64_t pages = (uint64_t)__builtin_wasm_memory_size(0);
  volatile uint8_t* last = (volatile uint8_t*)(uintptr_t)(pages * WARD_PAGE_SIZE - 1);
  *last = 0xAB;
  if (*last != 0xAB) ward_panic("last byte lost");
  uint64_t out[2] = {gained, pages};
  ward_return_ok(out, sizeof out);
}

WARD_EXPORT(log_flood) {
  for (;;) ward_log("flood");
}

WARD_EXPORT(event_flood) {
  for (;;) ward_emit("flood", "x", 1);
}

WARD_EXPORT(xcall_flood) {
  static const uint8_t ctx[32] = {0};
  for (;;) ward_xcall_send(ctx, "flood", "", 0);
}

/* input() into ids 0, 1, 2, ... until the register limit traps. */
WARD_EXPORT(register_flood) {
  for (uint64_t id = 0;; ++id) ward_host_input(id);
}

/* storage_write("k", "v"), then storage_read("k") into ids 0, 1, 2, ... until a trap. */
WARD_EXPORT(register_flood_storage) {
  ward_buffer k = ward_str("k");
  ward_buffer v = ward_str("v");
  ward_host_storage_write(ward_ptr(&k), ward_ptr(&v), 0);
  for (uint64_t id = 1;; ++id) ward_host_storage_read(ward_ptr(&k), id);
}

/* Distinct 8-byte keys with 1-byte values until the write budget traps. */
WARD_EXPORT(storage_flood) {
  uint64_t key = 0;
  ward_buffer k = ward_buf(&key, sizeof key);
  ward_buffer v = ward_str("v");
  for (;; ++key) ward_host_storage_write(ward_ptr(&k), ward_ptr(&v), 0);
}

/* blob_create until the handle limit traps (or BlobsNotSupported without a blob store). */
WARD_EXPORT(blob_handle_flood) {
  for (;;) ward_host_blob_create();
}

/* storage_write with a key length of u64::MAX (pointer 0): KeyLengthOverflow, not a memory
 * error, because the length is checked before the key is read. */
WARD_EXPORT(huge_key) {
  ward_buffer k = {0, UINT64_MAX};
  ward_buffer v = ward_str("v");
  ward_host_storage_write(ward_ptr(&k), ward_ptr(&v), 0);
}

/* A real 1 MiB + 1 byte key. */
WARD_EXPORT(huge_key_backed) {
  size_t n = 1048576 + 1;
  void* key = ward_alloc(n);
  memset(key, 'k', n);
  ward_buffer k = ward_buf(key, n);
  ward_buffer v = ward_str("v");
  ward_host_storage_write(ward_ptr(&k), ward_ptr(&v), 0);
}

/* storage_read with a key length of u64::MAX. */
WARD_EXPORT(huge_key_read) {
  ward_buffer k = {0, UINT64_MAX};
  ward_host_storage_read(ward_ptr(&k), 0);
}

/* storage_write with a value length of u64::MAX: ValueLengthOverflow. */
WARD_EXPORT(huge_value) {
  ward_buffer k = ward_str("k");
  ward_buffer v = {0, UINT64_MAX};
  ward_host_storage_write(ward_ptr(&k), ward_ptr(&v), 0);
}

/* A log line of u64::MAX bytes: read first (R4), so InvalidMemoryAccess. */
WARD_EXPORT(huge_log) {
  ward_buffer m = {0, UINT64_MAX};
  ward_host_log_utf8(ward_ptr(&m));
}

/* value_return of u64::MAX bytes: the size check comes first, ReturnValueSizeOverflow. */
WARD_EXPORT(huge_return) {
  ward_value_return v = {WARD_RETURN_OK, {0, UINT64_MAX}};
  ward_host_value_return(ward_ptr(&v));
}
