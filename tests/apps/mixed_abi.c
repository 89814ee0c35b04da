/* Imports value_return with its legacy type and log_utf8 with its by-reference type: a module
 * mixing the two ABIs is a LinkError (Appendix B rule 2; without the legacy option, the legacy
 * value_return type is itself a mismatch). */
#include <ward/guest.h>
#include <ward/guest_legacy.h>

WARD_EXPORT(run) {
  ward_log("by-reference log");
  ward_legacy_value_return(0, 0, 0);
}
