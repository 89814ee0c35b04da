/* Linked with --import-memory: imports env.memory, a ModuleValidationError (§2.1 step 3). */
#include <ward/guest.h>

WARD_EXPORT(noop) {}
