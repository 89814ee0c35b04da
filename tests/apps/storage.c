/* Synchronised storage (§4.6) and the shared write budget (§5.1). */
#include "common/harness.h"

/* count, Desc<Buffer> key, u64 reg -> u64 result, register(reg). */
WARD_EXPORT(storage_read) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t key;
  th_desc(TH_BUFFER, &key, 0);
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_storage_read(key, reg);
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* count, Desc<Buffer> key, Desc<Buffer> value, u64 reg -> u64 result, register(reg). */
WARD_EXPORT(storage_write) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t key, value;
  th_desc(TH_BUFFER, &key, 0);
  th_desc(TH_BUFFER, &value, 0);
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_storage_write(key, value, reg);
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* count, Desc<Buffer> key, u64 reg -> u64 result, register(reg). */
WARD_EXPORT(storage_remove) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t key;
  th_desc(TH_BUFFER, &key, 0);
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_storage_remove(key, reg);
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* u64 n, u64 key_len (>= 8), u64 value_len -> u64 n.
 * Key i: u64 LE i, zero-padded to key_len. Value: value_len bytes of 'v'. */
WARD_EXPORT(write_distinct) {
  th_begin();
  uint64_t n = th_u64();
  uint64_t key_len = th_u64();
  uint64_t value_len = th_u64();
  th_ready();
  if (key_len < 8) th_fail("write_distinct: key_len < 8");
  uint8_t* key = (uint8_t*)th_alloc(key_len);
  uint8_t* value = (uint8_t*)th_alloc(value_len);
  memset(key, 0, (size_t)key_len);
  memset(value, 'v', (size_t)value_len);
  ward_buffer k = {ward_ptr(key), key_len};
  ward_buffer v = {ward_ptr(value), value_len};
  for (uint64_t i = 0; i < n; ++i) {
    th_put_u64(key, i);
    ward_host_storage_write(ward_ptr(&k), ward_ptr(&v), WARD_SCRATCH_REGISTER);
  }
  th_out_u64(n);
  th_finish();
}

/* u64 writes, u64 index_sets, u64 meta_sets, u64 meta_clears, u64 private_writes -> u64 total.
 * Performs that many calls, in that order, all with key "k" and value "v" (each charge is
 * 2 bytes, 1 for meta_clear), so the driver can place the budget's edge on any function. */
WARD_EXPORT(budget_mix) {
  th_begin();
  uint64_t n[5];
  for (int i = 0; i < 5; ++i) n[i] = th_u64();
  th_ready();
  ward_buffer k = ward_str("k");
  ward_buffer v = ward_str("v");
  uint64_t kp = ward_ptr(&k), vp = ward_ptr(&v);
  for (uint64_t i = 0; i < n[0]; ++i) ward_host_storage_write(kp, vp, WARD_SCRATCH_REGISTER);
  for (uint64_t i = 0; i < n[1]; ++i) ward_host_storage_index_set(kp, vp);
  for (uint64_t i = 0; i < n[2]; ++i) ward_host_storage_index_meta_set(kp, vp);
  for (uint64_t i = 0; i < n[3]; ++i) ward_host_storage_index_meta_clear(kp);
  for (uint64_t i = 0; i < n[4]; ++i) ward_host_private_storage_write(kp, vp);
  th_out_u64(n[0] + n[1] + n[2] + n[3] + n[4]);
  th_finish();
}

/* Buf key, Buf value -> u64 existed_before, u64 found, value read back in the same execution. */
WARD_EXPORT(write_then_read) {
  th_begin();
  ward_buffer* k = (ward_buffer*)th_alloc(sizeof *k);
  ward_buffer* v = (ward_buffer*)th_alloc(sizeof *v);
  th_payload_into(k);
  th_payload_into(v);
  th_ready();
  uint64_t existed = ward_host_storage_write(ward_ptr(k), ward_ptr(v), 1);
  uint64_t found = ward_host_storage_read(ward_ptr(k), 2);
  th_out_u64(existed);
  th_out_u64(found);
  th_out_register(2);
  th_finish();
}

/* Buf key, Buf value: writes, then panics; the write must be rolled back. */
WARD_EXPORT(write_then_panic) {
  th_begin();
  ward_buffer* k = (ward_buffer*)th_alloc(sizeof *k);
  ward_buffer* v = (ward_buffer*)th_alloc(sizeof *v);
  th_payload_into(k);
  th_payload_into(v);
  th_ready();
  ward_host_storage_write(ward_ptr(k), ward_ptr(v), 1);
  ward_panic_at("after write", "src/storage.rs", 1, 1);
}

/* Buf key, Buf value: writes, then value_return(Err("after write")). */
WARD_EXPORT(write_then_err) {
  th_begin();
  ward_buffer* k = (ward_buffer*)th_alloc(sizeof *k);
  ward_buffer* v = (ward_buffer*)th_alloc(sizeof *v);
  th_payload_into(k);
  th_payload_into(v);
  th_ready();
  ward_host_storage_write(ward_ptr(k), ward_ptr(v), 1);
  ward_return_err_str("after write");
}
