/* System group (calimero-abi.md §4.1): panic, panic_utf8. */
#include "common/harness.h"

/* count, Desc<Location> location */
WARD_EXPORT(panic) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t location;
  th_desc(TH_LOCATION, &location, 0);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_panic(location);
  th_finish();
}

/* count, Desc<Buffer> msg, Desc<Location> location */
WARD_EXPORT(panic_utf8) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t msg, location;
  th_desc(TH_BUFFER, &msg, 0);
  th_desc(TH_LOCATION, &location, 0);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_panic_utf8(msg, location);
  th_finish();
}

/* Fixed cases that need no input (and create no register). */
WARD_EXPORT(panic_fixed) {
  ward_location loc = ward_location_make("src/lib.rs", 12, 34);
  ward_host_panic(ward_ptr(&loc));
}

WARD_EXPORT(panic_utf8_fixed) { ward_panic_at("boom", "src/lib.rs", 56, 78); }

/* Empty file name and message, zero line/column. */
WARD_EXPORT(panic_utf8_empty) { ward_panic_at("", "", 0, 0); }

/* Multi-byte UTF-8 in both strings: "π ✓ 😀" and "src/ünï.rs". */
WARD_EXPORT(panic_utf8_unicode) {
  ward_panic_at("\xcf\x80 \xe2\x9c\x93 \xf0\x9f\x98\x80", "src/\xc3\xbcn\xc3\xaf.rs", 4294967295u,
                4294967295u);
}

WARD_EXPORT(noop) {}
