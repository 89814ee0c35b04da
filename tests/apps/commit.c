/* State commit (§4.5 commit). */
#include "common/harness.h"

/* count, Desc<Buffer> root_hash, Desc<Buffer> artifact -> empty. */
WARD_EXPORT(commit) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t root, artifact;
  th_desc(TH_BUFFER, &root, 0);
  th_desc(TH_BUFFER, &artifact, 0);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_commit(root, artifact);
  th_finish();
}

/* No input. commit(0x11 x 32, "first") then commit(0x22 x 32, "second"): the second traps. */
WARD_EXPORT(commit_twice) {
  uint8_t a[32], b[32];
  memset(a, 0x11, sizeof a);
  memset(b, 0x22, sizeof b);
  ward_commit(a, "first", 5);
  ward_commit(b, "second", 6);
}

/* No input. commit(0x33 x 32, empty artifact), then Ok("committed"). */
WARD_EXPORT(commit_empty_artifact) {
  uint8_t root[32];
  memset(root, 0x33, sizeof root);
  ward_commit(root, 0, 0);
  ward_return_ok_str("committed");
}
