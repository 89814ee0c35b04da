/* Imports a function from a module other than "env": LinkError (§2.2). */
#include <ward/guest.h>

__attribute__((import_module("wasi_snapshot_preview1"), import_name("proc_exit"))) void
wasi_proc_exit(int32_t code);

WARD_EXPORT(noop) {}

WARD_EXPORT(call) { wasi_proc_exit(0); }
