/* A legacy module (log_utf8 has its legacy type) that also imports account_id, which is not
 * one of the 25 legacy functions: LinkError (Appendix B rule 3). */
#include <ward/guest.h>
#include <ward/guest_legacy.h>

WARD_EXPORT(run) {
  ward_legacy_log("legacy log");
  ward_host_account_id(1);
}
