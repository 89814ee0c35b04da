/* Legacy splatted send_proposal/approve_proposal (Appendix B): need both `compat-legacy-abi`
 * and `compat-removed-functions`. */
#define WARD_TH_LEGACY
#include "common/harness.h"

/* count, Buf actions, Buf id_dest -> payload(id_dest). */
WARD_EXPORT(send_proposal) {
  th_begin();
  uint64_t count = th_u64();
  th_payload actions = th_payload_raw();
  th_payload dest = th_payload_raw();
  th_ready();
  for (uint64_t i = 0; i < count; ++i) {
    ward_legacy_send_proposal(actions.slot->ptr, actions.slot->len, dest.slot->ptr, dest.slot->len);
  }
  th_out_payload(&dest);
  th_finish();
}

/* count, Buf proposal_id -> empty. */
WARD_EXPORT(approve_proposal) {
  th_begin();
  uint64_t count = th_u64();
  th_payload id = th_payload_raw();
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_legacy_approve_proposal(id.slot->ptr, id.slot->len);
  th_finish();
}
