/* Identity / provenance group (§4.3). */
#include "common/harness.h"

#define IDENTITY_METHOD(fn)                                   \
  WARD_EXPORT(fn) {                                           \
    th_begin();                                               \
    uint64_t count = th_u64();                                \
    uint64_t reg = th_u64();                                  \
    th_ready();                                               \
    for (uint64_t i = 0; i < count; ++i) ward_host_##fn(reg); \
    th_out_register(reg);                                     \
    th_finish();                                              \
  }

/* count, u64 reg -> register(reg) */
IDENTITY_METHOD(context_id)
IDENTITY_METHOD(account_id)
IDENTITY_METHOD(device_id)
IDENTITY_METHOD(executor_id)

/* count, u64 preload, u64 reg -> u64 result, register(reg).
 * preload != 0: input(reg) first, so an untouched register still holds the input. */
WARD_EXPORT(xcall_origin) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t preload = th_u64();
  uint64_t reg = th_u64();
  th_ready();
  if (preload) ward_host_input(reg);
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_xcall_origin(reg);
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* No input. Output: context ‖ account ‖ device ‖ executor (32 bytes each) ‖ u64 has_origin
 * ‖ origin (32 bytes, only if has_origin). */
WARD_EXPORT(all) {
  uint8_t out[4 * 32 + 8 + 32];
  ward_context_id(out);
  ward_account_id(out + 32);
  ward_device_id(out + 64);
  ward_executor_id(out + 96);
  uint64_t has_origin = (uint64_t)ward_xcall_origin(out + 136);
  th_put_u64(out + 128, has_origin);
  ward_return_ok(out, has_origin ? sizeof out : sizeof out - 32);
}
