/* The JavaScript-SDK root-state functions of §4.5, js_std_d_print (§4.4), and one JS
 * collection function that must link but trap until the CRDT layer exists. */
#include "common/harness.h"

/* calimero-abi-js.md: js_crdt_map_new(register_id: i64) -> i32. */
WARD_IMPORT(js_crdt_map_new) uint32_t js_crdt_map_new_import(uint64_t register_id);

/* count, Desc<Buffer> doc, u64 created_at, u64 updated_at -> empty. */
WARD_EXPORT(persist_root_state) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t doc;
  th_desc(TH_BUFFER, &doc, 0);
  uint64_t created = th_u64();
  uint64_t updated = th_u64();
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_persist_root_state(doc, created, updated);
  th_finish();
}

/* count, u64 reg -> u64 result, register(reg). */
WARD_EXPORT(read_root_state) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_read_root_state(reg);
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* count, Desc<Buffer> delta -> empty. */
WARD_EXPORT(apply_storage_delta) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t delta;
  th_desc(TH_BUFFER, &delta, 0);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_apply_storage_delta(delta);
  th_finish();
}

/* count -> u64 result. */
WARD_EXPORT(flush_delta) {
  th_begin();
  uint64_t count = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_flush_delta();
  th_out_u64(r);
  th_finish();
}

/* count -> empty. */
WARD_EXPORT(register_js_sdk_root_merge) {
  th_begin();
  uint64_t count = th_u64();
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_register_js_sdk_root_merge();
  th_finish();
}

/* count, u64 ctx, Buf msg (raw pointer and length) -> u64 result. */
WARD_EXPORT(js_std_d_print) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t ctx = th_u64();
  th_payload msg = th_payload_raw();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) {
    r = ward_host_js_std_d_print(ctx, msg.slot->ptr, msg.slot->len);
  }
  th_out_u64(r);
  th_finish();
}

/* Buf doc -> u64 read_result, register(1): the JS SDK's sequence for saving its root. */
WARD_EXPORT(root_merge_then_persist) {
  th_begin();
  ward_buffer* doc = (ward_buffer*)th_alloc(sizeof *doc);
  th_payload_into(doc);
  th_ready();
  ward_host_register_js_sdk_root_merge();
  ward_host_persist_root_state(ward_ptr(doc), 0, 0);
  th_out_u64(ward_host_read_root_state(1));
  th_out_register(1);
  th_finish();
}

/* count, u64 reg -> u64 result (the i32 sign-extended, so -1 is u64::MAX), register(reg). */
WARD_EXPORT(js_crdt_map_new) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) {
    r = (uint64_t)(int64_t)(int32_t)js_crdt_map_new_import(reg);
  }
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}
