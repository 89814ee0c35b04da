/* Imports env.log_utf8 with type (i32) -> (), which matches neither ABI: LinkError (§2.2). */
#include <ward/guest.h>

WARD_IMPORT(log_utf8) void log_utf8_wrong(uint32_t msg);

WARD_EXPORT(noop) {}

WARD_EXPORT(call) { log_utf8_wrong(0); }
