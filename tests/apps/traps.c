/* Engine traps (calimero-abi.md §9.2), one per method. Every operand is volatile so each
 * faulting operation stays in the code (clang rewrites e.g. 1 / x without a division). */
#include <ward/guest.h>

static volatile int32_t g_zero = 0;
static volatile int32_t g_one = 1;
static volatile int32_t g_int_min = INT32_MIN;
static volatile int32_t g_minus_one = -1;
static volatile double g_nan = __builtin_nan("");
static volatile double g_big = 1e30;
static volatile uintptr_t g_far = 0xFFFFFFF0u;
static volatile int32_t g_sink;

WARD_EXPORT(unreachable) { __builtin_trap(); }

WARD_EXPORT(div_zero) { g_sink = g_one / g_zero; }

WARD_EXPORT(rem_zero) { g_sink = g_one % g_zero; }

WARD_EXPORT(div_overflow) { g_sink = g_int_min / g_minus_one; }

WARD_EXPORT(trunc_nan) { g_sink = __builtin_wasm_trunc_s_i32_f64(g_nan); }

WARD_EXPORT(trunc_overflow) { g_sink = __builtin_wasm_trunc_s_i32_f64(g_big); }

WARD_EXPORT(oob_load) { g_sink = *(volatile int32_t*)g_far; }

WARD_EXPORT(oob_store) { *(volatile int32_t*)g_far = 1; }

/* memory.fill / memory.copy reaching past the end of memory. */
WARD_EXPORT(oob_fill) { __builtin_memset((void*)g_far, 0, 64); }

WARD_EXPORT(oob_copy) { __builtin_memcpy((void*)g_far, (const void*)0, 64); }

typedef void (*void_fn)(void);
typedef int32_t (*int_fn)(int32_t);

static void target(void) { g_sink = 7; }

static volatile void_fn g_null_fn = 0;
static volatile void_fn g_target = target;
static volatile uintptr_t g_bad_index = 1000;

/* Table slot 0 is always null in wasm-ld's output. */
WARD_EXPORT(call_null) { g_null_fn(); }

/* The entry has type () -> () but is called as (i32) -> i32. */
WARD_EXPORT(call_bad_signature) { g_sink = ((int_fn)(uintptr_t)g_target)(1); }

/* Index past the end of the table. */
WARD_EXPORT(call_out_of_table) { ((void_fn)g_bad_index)(); }

WARD_EXPORT(noop) {}
