/* The removed host functions of Appendix A (by-reference), linked only with
 * `compat-removed-functions`. */
#include <ward/guest_compat.h>

#include "common/harness.h"

/* count, Desc<Buffer> actions, Desc<Buffer> dest_id -> payload(dest_id). */
WARD_EXPORT(send_proposal) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t actions, dest;
  th_payload d;
  th_desc(TH_BUFFER, &actions, 0);
  th_desc(TH_BUFFER, &dest, &d);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_send_proposal(actions, dest);
  th_out_payload(&d);
  th_finish();
}

#define ONE_DESC_METHOD(fn)                                   \
  WARD_EXPORT(fn) {                                           \
    th_begin();                                               \
    uint64_t count = th_u64();                                \
    uint64_t arg;                                             \
    th_desc(TH_BUFFER, &arg, 0);                              \
    th_ready();                                               \
    for (uint64_t i = 0; i < count; ++i) ward_host_##fn(arg); \
    th_finish();                                              \
  }

/* count, Desc<Buffer> id -> empty. */
ONE_DESC_METHOD(approve_proposal)
ONE_DESC_METHOD(context_delete)
ONE_DESC_METHOD(context_add_member)
ONE_DESC_METHOD(context_remove_member)

/* count, Desc<Buffer> protocol, Desc<Buffer> application_id, Desc<Buffer> init_args,
 * Desc<Buffer> alias (TH_ADDRESS 0 = no alias) -> empty. */
WARD_EXPORT(context_create) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t protocol, app, args, alias;
  th_desc(TH_BUFFER, &protocol, 0);
  th_desc(TH_BUFFER, &app, 0);
  th_desc(TH_BUFFER, &args, 0);
  th_desc(TH_BUFFER, &alias, 0);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_context_create(protocol, app, args, alias);
  th_finish();
}

/* count, Desc<Buffer> public_key -> u64 result. */
WARD_EXPORT(context_is_member) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t key;
  th_desc(TH_BUFFER, &key, 0);
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_context_is_member(key);
  th_out_u64(r);
  th_finish();
}

/* count, u64 reg -> register(reg). */
WARD_EXPORT(context_members) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t reg = th_u64();
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_context_members(reg);
  th_out_register(reg);
  th_finish();
}

/* count, Desc<Buffer> alias, u64 reg -> u64 result, register(reg). */
WARD_EXPORT(context_resolve_alias) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t alias;
  th_desc(TH_BUFFER, &alias, 0);
  uint64_t reg = th_u64();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) r = ward_host_context_resolve_alias(alias, reg);
  th_out_u64(r);
  th_out_register(reg);
  th_finish();
}
