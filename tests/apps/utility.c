/* Utility group (§4.9): random_bytes, time_now, ed25519_verify, fetch. */
#include "common/harness.h"

/* count, Desc<Buffer> dest -> payload(dest). */
WARD_EXPORT(random_bytes) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t dest;
  th_payload d;
  th_desc(TH_BUFFER, &dest, &d);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_random_bytes(dest);
  th_out_payload(&d);
  th_finish();
}

/* count, Desc<Buffer> dest -> payload(dest). */
WARD_EXPORT(time_now) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t dest;
  th_payload d;
  th_desc(TH_BUFFER, &dest, &d);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_time_now(dest);
  th_out_payload(&d);
  th_finish();
}

/* count, Desc<Buffer> sig, Desc<Buffer> pk, Desc<Buffer> msg -> u64 result. */
WARD_EXPORT(ed25519_verify) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t sig, pk, msg;
  th_desc(TH_BUFFER, &sig, 0);
  th_desc(TH_BUFFER, &pk, 0);
  th_desc(TH_BUFFER, &msg, 0);
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_ed25519_verify(sig, pk, msg);
  th_out_u64(r);
  th_finish();
}

/* count, Desc<Buffer> url, Desc<Buffer> method, Desc<Buffer> headers, Desc<Buffer> body,
 * u64 reg -> u64 result, register(reg). */
WARD_EXPORT(fetch) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t url, method, headers, body;
  th_desc(TH_BUFFER, &url, 0);
  th_desc(TH_BUFFER, &method, 0);
  th_desc(TH_BUFFER, &headers, 0);
  th_desc(TH_BUFFER, &body, 0);
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_fetch(url, method, headers, body, reg);
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}

/* u64 n -> 2n bytes: two random_bytes calls of n bytes each, in call order. */
WARD_EXPORT(random_twice) {
  th_begin();
  uint64_t n = th_u64();
  th_ready();
  uint8_t* out = th_out_reserve(2 * n);
  ward_random_bytes(out, (size_t)n);
  ward_random_bytes(out + n, (size_t)n);
  th_finish();
}

/* No input -> two u64 LE timestamps from consecutive time_now calls. */
WARD_EXPORT(time_twice) {
  uint64_t t[2];
  t[0] = ward_time_now();
  t[1] = ward_time_now();
  ward_return_ok(t, sizeof t);
}
