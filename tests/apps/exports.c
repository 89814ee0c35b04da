/* Export shapes for method resolution (§6.2 step 7). The helper also exports the globals
 * __heap_base and __data_end, and the memory, none of which is a function. */
#include <ward/guest.h>

WARD_EXPORT(noop) {}

/* Wrong signatures: InvalidSignature when called. */
__attribute__((export_name("returns_i32"))) int32_t returns_i32(void) { return 42; }
__attribute__((export_name("takes_i64"))) void takes_i64(int64_t x) { (void)x; }
__attribute__((export_name("takes_two"))) void takes_two(int32_t a, int32_t b) {
  (void)a;
  (void)b;
}

/* Non-ASCII method names are rejected before instantiation, so only ASCII ones are exported;
 * these exercise the accepted character set. */
WARD_EXPORT(Mixed_Case_123) { ward_return_ok_str("Mixed_Case_123"); }
WARD_EXPORT(_leading_underscore) { ward_return_ok_str("_leading_underscore"); }
