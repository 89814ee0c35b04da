/* Private (node-local) storage (§4.8). */
#include "common/harness.h"

/* count, Desc<Buffer> key, u64 reg -> u64 result, register(reg). */
WARD_EXPORT(private_storage_read) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t key;
  th_desc(TH_BUFFER, &key, 0);
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_private_storage_read(key, reg);
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* count, Desc<Buffer> key, Desc<Buffer> value -> u64 result. */
WARD_EXPORT(private_storage_write) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t key, value;
  th_desc(TH_BUFFER, &key, 0);
  th_desc(TH_BUFFER, &value, 0);
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_private_storage_write(key, value);
  th_out_u64(r);
  th_finish();
}

/* count, Desc<Buffer> key, u64 reg -> u64 result, register(reg). */
WARD_EXPORT(private_storage_remove) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t key;
  th_desc(TH_BUFFER, &key, 0);
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_private_storage_remove(key, reg);
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* Buf key, Buf value -> u64 write_result, u64 read_result, register(1): write then read back
 * in the same execution. Main storage is not touched. */
WARD_EXPORT(write_then_read) {
  th_begin();
  ward_buffer* k = (ward_buffer*)th_alloc(sizeof *k);
  ward_buffer* v = (ward_buffer*)th_alloc(sizeof *v);
  th_payload_into(k);
  th_payload_into(v);
  th_ready();
  th_out_u64(ward_host_private_storage_write(ward_ptr(k), ward_ptr(v)));
  th_out_u64(ward_host_private_storage_read(ward_ptr(k), 1));
  th_out_register(1);
  th_finish();
}
