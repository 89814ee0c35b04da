/* __calimero_register_merge (§6.2 step 6): runs before every method; its failures are ignored
 * but its effects stay. The hook has no input of its own, so it reads the method's input
 * (into register 7) and lets the first byte choose what it does. */
#include <ward/guest.h>

#define HOOK_REGISTER 7

static volatile uint64_t g_sink;

__attribute__((export_name("__calimero_register_merge"))) void register_merge(void) {
  ward_host_input(HOOK_REGISTER);
  uint8_t mode = 0;
  if (ward_host_register_len(HOOK_REGISTER) > 0) {
    /* Reading only the first byte would be a length mismatch; read the whole input. */
    size_t n;
    const uint8_t* in = (const uint8_t*)ward_register_read(HOOK_REGISTER, &n);
    mode = in[0];
  }
  ward_log("merge hook ran");
  switch (mode) {
    case 1: /* trap */
      __builtin_trap();
    case 2: /* run out of gas */
      for (;;) g_sink = g_sink + 1;
    case 3: /* record a return value, which the method may keep or override */
      ward_return_ok_str("from hook");
      return;
    case 4: /* guest panic */
      ward_panic_at("hook panicked", "src/hook.rs", 3, 4);
    case 5: /* storage write */
      ward_storage_set("hook", 4, "ran", 3);
      return;
    default:
      return;
  }
}

/* Does nothing: the outcome shows only what the hook did. */
WARD_EXPORT(noop) {}

/* -> u64 length (u64::MAX if absent) ‖ contents of register 7 as the hook left it. */
WARD_EXPORT(read_hook_register) {
  uint64_t len = ward_host_register_len(HOOK_REGISTER);
  size_t n = 0;
  const void* p = len == WARD_REGISTER_ABSENT ? 0 : ward_register_read(HOOK_REGISTER, &n);
  uint8_t* out = (uint8_t*)ward_alloc(8 + n);
  memcpy(out, &len, 8);
  if (n) memcpy(out + 8, p, n);
  ward_return_ok(out, 8 + n);
}

/* -> the value stored under "hook" (mode 5), or Err("absent"). */
WARD_EXPORT(read_hook_storage) {
  size_t n;
  void* p = ward_storage_get("hook", 4, &n);
  if (p) {
    ward_return_ok(p, n);
  } else {
    ward_return_err_str("absent");
  }
}

/* Overrides a return value recorded by the hook. */
WARD_EXPORT(return_own) { ward_return_ok_str("from method"); }
