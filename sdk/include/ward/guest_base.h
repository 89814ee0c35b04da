/*
 * Ward guest SDK, ABI-independent part: import/export macros, a freestanding libc subset and a
 * bump allocator. Included by ward/guest.h (by-reference ABI) and ward/guest_legacy.h (legacy
 * splatted ABI); nothing here imports a host function.
 */
#ifndef WARD_GUEST_BASE_H_
#define WARD_GUEST_BASE_H_

#include <stddef.h>
#include <stdint.h>

#if !defined(__wasm32__)
#error "the Ward guest SDK is for wasm32 guests: compile with --target=wasm32"
#endif

#ifdef __cplusplus
#define WARD_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
extern "C" {
#else
#define WARD_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

#define WARD_NORETURN __attribute__((noreturn))

/* ---------------------------------------------------------------------------------------------
 * Import / export plumbing
 * ------------------------------------------------------------------------------------------- */

#define WARD_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))

/* A method callable by the host: WARD_EXPORT(get) { ... } defines `void get(void)` exported as
 * "get". */
#define WARD_EXPORT(name) __attribute__((export_name(#name))) void name(void)

/* Weak so several translation units may include this header; hidden so --export-dynamic never
 * turns SDK internals into exports (which the host would treat as callable methods). */
#define WARD_WEAK __attribute__((weak, visibility("hidden")))

/* The scratch register id the Calimero Rust SDK uses; the SDK helpers use it too. */
#define WARD_SCRATCH_REGISTER UINT64_C(0xFFFFFFFE)

/* register_len() of a register that does not exist. */
#define WARD_REGISTER_ABSENT UINT64_MAX

#define WARD_PAGE_SIZE 65536u

/* ---------------------------------------------------------------------------------------------
 * Freestanding libc subset. clang emits calls to these for struct copies and zeroing; with
 * -mbulk-memory they become single memory.copy / memory.fill instructions.
 * no_builtin keeps the fallback loops from being recognised as calls to themselves.
 * ------------------------------------------------------------------------------------------- */

#ifndef WARD_NO_LIBC_SHIMS

WARD_WEAK __attribute__((no_builtin("memcpy"))) void* memcpy(void* dest, const void* src,
                                                             size_t n) {
#if defined(__wasm_bulk_memory__)
  __builtin_memcpy(dest, src, n);
#else
  unsigned char* d = (unsigned char*)dest;
  const unsigned char* s = (const unsigned char*)src;
  while (n--) *d++ = *s++;
#endif
  return dest;
}

WARD_WEAK __attribute__((no_builtin("memmove"))) void* memmove(void* dest, const void* src,
                                                               size_t n) {
#if defined(__wasm_bulk_memory__)
  __builtin_memmove(dest, src, n);
#else
  unsigned char* d = (unsigned char*)dest;
  const unsigned char* s = (const unsigned char*)src;
  if (d < s) {
    while (n--) *d++ = *s++;
  } else {
    while (n--) d[n] = s[n];
  }
#endif
  return dest;
}

WARD_WEAK __attribute__((no_builtin("memset"))) void* memset(void* dest, int c, size_t n) {
#if defined(__wasm_bulk_memory__)
  __builtin_memset(dest, c, n);
#else
  unsigned char* d = (unsigned char*)dest;
  while (n--) *d++ = (unsigned char)c;
#endif
  return dest;
}

WARD_WEAK __attribute__((no_builtin("memcmp"))) int memcmp(const void* a, const void* b, size_t n) {
  const unsigned char* x = (const unsigned char*)a;
  const unsigned char* y = (const unsigned char*)b;
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}

/* LLVM may rewrite memcmp(...) == 0 into bcmp. */
WARD_WEAK __attribute__((no_builtin("bcmp"))) int bcmp(const void* a, const void* b, size_t n) {
  return memcmp(a, b, n);
}

WARD_WEAK __attribute__((no_builtin("strlen"))) size_t strlen(const char* s) {
  size_t n = 0;
  while (s[n]) ++n;
  return n;
}

#endif /* WARD_NO_LIBC_SHIMS */

/* ---------------------------------------------------------------------------------------------
 * Memory: a bump allocator from __heap_base upwards, growing the memory as needed. There is
 * no free(); ward_heap_mark/ward_heap_release drop everything allocated after a mark.
 * ------------------------------------------------------------------------------------------- */

extern unsigned char __heap_base; /* defined by wasm-ld */

/* Next free address; 0 until the first allocation. One instance per module (weak). */
WARD_WEAK uint64_t ward_heap_next_ = 0;

/* Current memory size in bytes (64-bit: 65536 pages is exactly 4 GiB). */
static inline uint64_t ward_memory_bytes(void) {
  return (uint64_t)__builtin_wasm_memory_size(0) * WARD_PAGE_SIZE;
}

static inline uint64_t ward_heap_top(void) {
  return ward_heap_next_ ? ward_heap_next_ : (uint64_t)(uintptr_t)&__heap_base;
}

/* Returns 16-byte aligned memory, or NULL when the memory cannot grow enough. Never NULL for
 * n == 0 (a zero-length buffer still needs a valid address). */
static inline void* ward_try_alloc(size_t n) {
  uint64_t start = (ward_heap_top() + 15) & ~UINT64_C(15);
  uint64_t end = start + n;
  uint64_t have = ward_memory_bytes();
  if (end > UINT64_C(0xFFFFFFFF)) return NULL; /* end must stay a valid wasm32 pointer */
  if (end > have) {
    uint64_t pages = (end - have + WARD_PAGE_SIZE - 1) / WARD_PAGE_SIZE;
    if (__builtin_wasm_memory_grow(0, (size_t)pages) == (size_t)-1) return NULL;
  }
  ward_heap_next_ = end;
  return (void*)(uintptr_t)start;
}

static inline uint64_t ward_heap_mark(void) { return ward_heap_top(); }
static inline void ward_heap_release(uint64_t mark) { ward_heap_next_ = mark; }

/* wasm32 pointers widen to the u64 the host functions take. */
static inline uint64_t ward_ptr(const void* p) { return (uint64_t)(uintptr_t)p; }

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* WARD_GUEST_BASE_H_ */
