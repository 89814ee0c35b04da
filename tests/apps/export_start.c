/* Exports a `_start` function: compile-time ModuleValidationError (§2.1 step 4). */
#include <ward/guest.h>

__attribute__((export_name("_start"))) void start(void) {}

WARD_EXPORT(noop) {}
