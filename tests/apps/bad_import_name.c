/* Imports an unknown function from "env": LinkError (§2.2). */
#include <ward/guest.h>

WARD_IMPORT(not_a_host_function) void not_a_host_function(uint64_t x);

WARD_EXPORT(noop) {}

WARD_EXPORT(call) { not_a_host_function(0); }
