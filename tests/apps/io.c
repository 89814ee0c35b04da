/* Input, return value, logs, events, cross-context calls (§4.4). */
#include "common/harness.h"

/* Ok(input) / Err(input), verbatim. */
WARD_EXPORT(echo) {
  size_t n;
  void* p = ward_input(&n);
  ward_return_ok(p, n);
}

WARD_EXPORT(echo_err) {
  size_t n;
  void* p = ward_input(&n);
  ward_return_err(p, n);
}

/* No value_return at all: Ok(none). */
WARD_EXPORT(no_return) {}

/* count, u64 reg -> register(reg) (which holds the whole input). */
WARD_EXPORT(input) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t reg = th_u64();
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_input(reg);
  th_out_register(reg);
  th_finish();
}

/* count, Desc<ValueReturn> value. No output of its own: the outcome is what the calls record. */
WARD_EXPORT(value_return) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t value;
  th_desc(TH_VALUE_RETURN, &value, 0);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_value_return(value);
}

/* u64 tag1, Buf p1, u64 tag2, Buf p2: two value_return calls in that order (last wins). */
WARD_EXPORT(return_twice) {
  th_begin();
  ward_value_return* a = (ward_value_return*)th_alloc(sizeof *a);
  ward_value_return* b = (ward_value_return*)th_alloc(sizeof *b);
  a->tag = th_u64();
  th_payload_into(&a->value);
  b->tag = th_u64();
  th_payload_into(&b->value);
  th_ready();
  ward_host_value_return(ward_ptr(a));
  ward_host_value_return(ward_ptr(b));
}

/* count, Desc<Buffer> msg -> empty. */
WARD_EXPORT(log_utf8) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t msg;
  th_desc(TH_BUFFER, &msg, 0);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_log_utf8(msg);
  th_finish();
}

/* count, u64 ctx, Buf msg (passed as raw pointer and length) -> u64 result. */
WARD_EXPORT(js_std_d_print) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t ctx = th_u64();
  th_payload msg = th_payload_raw();
  th_ready();
  uint64_t r = 0;
  for (uint64_t i = 0; i < count; ++i) {
    r = ward_host_js_std_d_print(ctx, msg.slot->ptr, msg.slot->len);
  }
  th_out_u64(r);
  th_finish();
}

/* count, Desc<Event> event -> empty. */
WARD_EXPORT(emit) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t event;
  th_desc(TH_EVENT, &event, 0);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_emit(event);
  th_finish();
}

/* count, Desc<Event> event, Desc<Buffer> handler (TH_ADDRESS 0 = no handler) -> empty. */
WARD_EXPORT(emit_with_handler) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t event, handler;
  th_desc(TH_EVENT, &event, 0);
  th_desc(TH_BUFFER, &handler, 0);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_emit_with_handler(event, handler);
  th_finish();
}

/* count, Desc<XCall> call -> empty. */
WARD_EXPORT(xcall) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t call;
  th_desc(TH_XCALL, &call, 0);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_xcall(call);
  th_finish();
}

/* count, Desc<Buffer> blob -> empty. */
WARD_EXPORT(emit_migration_witness) {
  th_begin();
  uint64_t count = th_u64();
  uint64_t blob;
  th_desc(TH_BUFFER, &blob, 0);
  th_ready();
  for (uint64_t i = 0; i < count; ++i) ward_host_emit_migration_witness(blob);
  th_finish();
}

/* One of each effect, so a failing call can show that effects survive in the Outcome. */
static void all_effects(void) {
  static const uint8_t context[32] = {0};
  ward_log("effect log");
  ward_emit("effect-kind", "effect-data", 11);
  ward_emit_with_handler("effect-kind-2", "", 0, "on_effect");
  ward_xcall_send(context, "effect_fn", "effect-params", 13);
  ward_buffer witness = ward_str("effect-witness");
  ward_host_emit_migration_witness(ward_ptr(&witness));
}

WARD_EXPORT(effects_then_ok) {
  all_effects();
  ward_return_ok_str("done");
}

WARD_EXPORT(effects_then_err) {
  all_effects();
  ward_return_err_str("failed");
}

WARD_EXPORT(effects_then_panic) {
  all_effects();
  ward_return_ok_str("overridden by the panic");
  ward_panic_at("after effects", "src/io.rs", 1, 2);
}

WARD_EXPORT(effects_then_trap) {
  all_effects();
  __builtin_trap();
}
