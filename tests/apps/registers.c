/* Registers group (§4.2): register_len, read_register, and the register limits of §3.4. */
#include "common/harness.h"

#define NO_LOAD UINT64_MAX

/* count, u64 load_id, u64 query_id -> u64 result. load_id != u64::MAX: input(load_id) first. */
WARD_EXPORT(register_len) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t load_id = th_u64();
  uint64_t query_id = th_u64();
  th_ready();
  if (load_id != NO_LOAD) ward_host_input(load_id);
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_register_len(query_id);
  th_out_u64(r);
  th_finish();
}

/* count, u64 load_id, u64 read_id, Desc<Buffer> dest -> u64 result, payload(dest). */
WARD_EXPORT(read_register) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t load_id = th_u64();
  uint64_t read_id = th_u64();
  uint64_t dest;
  th_payload dest_payload;
  th_desc(TH_BUFFER, &dest, &dest_payload);
  th_ready();
  if (load_id != NO_LOAD) ward_host_input(load_id);
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_read_register(read_id, dest);
  th_out_u64(r);
  th_out_payload(&dest_payload);
  th_finish();
}

/* u64 count, u64 base_id, u64 step, u64 pad_len, pad_len bytes -> u64 count.
 * input(base_id + i * step) for i in [0, count): each register holds the whole input. */
WARD_EXPORT(fill_registers) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t base = th_u64();
  uint64_t step = th_u64();
  th_take(th_u64());
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_input(base + i * step);
  th_out_u64(count);
  th_finish();
}

/* No input: the register map starts empty. Output: register_len(0), register_len(u64::MAX). */
WARD_EXPORT(empty_at_start) {
  uint64_t out[2] = {ward_host_register_len(0), ward_host_register_len(UINT64_MAX)};
  ward_return_ok(out, sizeof out);
}
