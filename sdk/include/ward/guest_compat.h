/*
 * Ward guest SDK: the nine host functions removed from the reference (calimero-abi.md
 * Appendix A), with their by-reference signatures. Ward links them only with the
 * `compat-removed-functions` option; without it a module importing any of them fails to link.
 */
#ifndef WARD_GUEST_COMPAT_H_
#define WARD_GUEST_COMPAT_H_

#include <ward/guest.h>

#ifdef __cplusplus
extern "C" {
#endif

/* actions: Buffer; dest_id: BufferMut receiving the 32-byte proposal id. */
WARD_IMPORT(send_proposal)
void ward_host_send_proposal(uint64_t actions_desc, uint64_t dest_id_desc);
/* approval: Buffer holding a 32-byte proposal id. */
WARD_IMPORT(approve_proposal) void ward_host_approve_proposal(uint64_t approval_desc);
/* alias_desc = 0 (or an empty alias) means no alias. */
WARD_IMPORT(context_create)
void ward_host_context_create(uint64_t protocol_desc, uint64_t application_id_desc,
                              uint64_t init_args_desc, uint64_t alias_desc);
WARD_IMPORT(context_delete) void ward_host_context_delete(uint64_t context_id_desc);
WARD_IMPORT(context_add_member) void ward_host_context_add_member(uint64_t public_key_desc);
WARD_IMPORT(context_remove_member) void ward_host_context_remove_member(uint64_t public_key_desc);
WARD_IMPORT(context_is_member) uint32_t ward_host_context_is_member(uint64_t public_key_desc);
/* Register <- u32 LE count, then the 32-byte member keys. */
WARD_IMPORT(context_members) void ward_host_context_members(uint64_t register_id);
WARD_IMPORT(context_resolve_alias)
uint32_t ward_host_context_resolve_alias(uint64_t alias_desc, uint64_t register_id);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WARD_GUEST_COMPAT_H_ */
