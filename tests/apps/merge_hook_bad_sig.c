/* A __calimero_register_merge export whose type is not () -> (): the host must skip it. */
#include <ward/guest.h>

__attribute__((export_name("__calimero_register_merge"))) int32_t register_merge(void) {
  ward_log("bad hook ran");
  return 0;
}

WARD_EXPORT(noop) {}
