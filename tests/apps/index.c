/* Ordered secondary index (§4.7). */
#include "common/harness.h"

/* count, Desc<Buffer> key, Desc<Buffer> value -> u64 result. */
WARD_EXPORT(storage_index_set) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t key, value;
  th_desc(TH_BUFFER, &key, 0);
  th_desc(TH_BUFFER, &value, 0);
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_storage_index_set(key, value);
  th_out_u64(r);
  th_finish();
}

/* count, Desc<Buffer> key -> u64 result. */
WARD_EXPORT(storage_index_remove) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t key;
  th_desc(TH_BUFFER, &key, 0);
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_storage_index_remove(key);
  th_out_u64(r);
  th_finish();
}

/* count, Desc<Buffer> prefix -> u64 result. */
WARD_EXPORT(storage_index_remove_prefix) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t prefix;
  th_desc(TH_BUFFER, &prefix, 0);
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_storage_index_remove_prefix(prefix);
  th_out_u64(r);
  th_finish();
}

/* count, Desc<Buffer> lo, Desc<Buffer> hi, u64 offset, u64 limit, u64 reg
 * -> u64 result, register(reg). */
WARD_EXPORT(storage_index_scan) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t lo, hi;
  th_desc(TH_BUFFER, &lo, 0);
  th_desc(TH_BUFFER, &hi, 0);
  uint64_t offset = th_u64();
  uint64_t limit = th_u64();
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) {
    r = ward_host_storage_index_scan(lo, hi, offset, limit, reg);
  }
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* count, Desc<Buffer> lo, Desc<Buffer> hi, u64 reg -> u64 result, register(reg). */
WARD_EXPORT(storage_index_last) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t lo, hi;
  th_desc(TH_BUFFER, &lo, 0);
  th_desc(TH_BUFFER, &hi, 0);
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_storage_index_last(lo, hi, reg);
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* count, Desc<Buffer> key, Desc<Buffer> value -> u64 result. */
WARD_EXPORT(storage_index_meta_set) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t key, value;
  th_desc(TH_BUFFER, &key, 0);
  th_desc(TH_BUFFER, &value, 0);
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_storage_index_meta_set(key, value);
  th_out_u64(r);
  th_finish();
}

/* count, Desc<Buffer> key, u64 reg -> u64 result, register(reg). */
WARD_EXPORT(storage_index_meta_get) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t key;
  th_desc(TH_BUFFER, &key, 0);
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_storage_index_meta_get(key, reg);
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* count, Desc<Buffer> key -> u64 result. */
WARD_EXPORT(storage_index_meta_clear) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t key;
  th_desc(TH_BUFFER, &key, 0);
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_storage_index_meta_clear(key);
  th_out_u64(r);
  th_finish();
}

/* Key i of the scenarios: "ix" ‖ u32 BE i; value: u64 LE i ‖ 24 zero bytes. */
static void put_entries(uint64_t n) {
  uint8_t key[6] = {'i', 'x', 0, 0, 0, 0};
  uint8_t value[32];
  memset(value, 0, sizeof value);
  ward_buffer k = ward_buf(key, sizeof key);
  ward_buffer v = ward_buf(value, sizeof value);
  for (uint64_t i = 0; i < n; ++i) {
    key[2] = (uint8_t)(i >> 24);
    key[3] = (uint8_t)(i >> 16);
    key[4] = (uint8_t)(i >> 8);
    key[5] = (uint8_t)i;
    th_put_u64(value, i);
    ward_host_storage_index_set(ward_ptr(&k), ward_ptr(&v));
  }
}

/* u64 n, u64 offset, u64 limit -> u64 result, register: sets entries 0..n-1, then scans
 * ["ix", "iy") in the same execution. */
WARD_EXPORT(set_then_scan) {
  th_begin();
  uint64_t n = th_u64();
  uint64_t offset = th_u64();
  uint64_t limit = th_u64();
  th_ready();
  put_entries(n);
  ward_buffer lo = ward_str("ix");
  ward_buffer hi = ward_str("iy");
  th_out_u64(ward_host_storage_index_scan(ward_ptr(&lo), ward_ptr(&hi), offset, limit, 1));
  th_out_register(1);
  th_finish();
}

/* u64 n -> u64 result, register: sets entries 0..n-1, then index_last over ["ix", "iy"). */
WARD_EXPORT(set_then_last) {
  th_begin();
  uint64_t n = th_u64();
  th_ready();
  put_entries(n);
  ward_buffer lo = ward_str("ix");
  ward_buffer hi = ward_str("iy");
  th_out_u64(ward_host_storage_index_last(ward_ptr(&lo), ward_ptr(&hi), 1));
  th_out_register(1);
  th_finish();
}
