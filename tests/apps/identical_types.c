/* Imports only the five functions whose type is the same in both ABIs (register_len,
 * context_id, executor_id, input, blob_create): a by-reference module (Appendix B rule 4) that
 * links with or without `compat-legacy-abi`. */
#include <ward/guest.h>

static volatile uint64_t g_sink;

/* No value_return: Ok(none). */
WARD_EXPORT(run) {
  ward_host_input(1);
  ward_host_context_id(2);
  ward_host_executor_id(3);
  g_sink = ward_host_register_len(1) + ward_host_register_len(2) + ward_host_register_len(3);
}

WARD_EXPORT(blob) { g_sink = ward_host_blob_create(); }
