/*
 * Test-app harness: decodes the input encoding of tests/apps/README.md ("Conventions") and
 * builds the method output described there. The test driver picks every pointer,
 * length and placement, so one method covers success paths, limits at the boundary and
 * malformed descriptors alike.
 *
 * Every method that uses it loads its input through the scratch register 0xFFFFFFFE (one
 * register of 8 + input-length bytes that stays for the rest of the execution), then decodes
 * arguments, calls th_ready(), calls the host function and finally th_finish().
 *
 * Define WARD_TH_LEGACY before including to build on the legacy ABI (guest_legacy.h) only.
 * Single translation unit per app: all state is static.
 */
#ifndef WARD_TESTS_APPS_HARNESS_H_
#define WARD_TESTS_APPS_HARNESS_H_

/* Legacy mode still uses the descriptor types of guest.h as plain structs; it never calls a
 * by-reference function, so none is imported. */
#include <ward/guest.h>
#ifdef WARD_TH_LEGACY
#include <ward/guest_legacy.h>
#endif

/* Buf kinds (how a payload is provided). */
#define TH_INLINE UINT64_C(0) /* u64 n, n bytes: the bytes as given */
#define TH_FILL UINT64_C(1)   /* u64 n, u64 byte: n copies of byte */
#define TH_RAW UINT64_C(2)    /* u64 ptr, u64 len: used verbatim, nothing allocated */
#define TH_AT_END UINT64_C(3) /* u64 n, u64 overshoot, u64 byte: ends at memory end + overshoot */

/* Desc placements (where a descriptor lives). */
#define TH_HEAP UINT64_C(0)        /* fresh memory; contents follow */
#define TH_ADDRESS UINT64_C(1)     /* u64 address passed verbatim; no contents */
#define TH_DESC_AT_END UINT64_C(2) /* u64 overshoot, contents: ends at memory end + overshoot */

/* Descriptor types of calimero-abi.md §3.2. */
typedef enum { TH_BUFFER, TH_LOCATION, TH_EVENT, TH_XCALL, TH_VALUE_RETURN } th_desc_type;

static inline uint64_t th_desc_size(th_desc_type type) {
  switch (type) {
    case TH_BUFFER:
      return sizeof(ward_buffer);
    case TH_LOCATION:
      return sizeof(ward_location);
    case TH_EVENT:
      return sizeof(ward_event);
    case TH_XCALL:
      return sizeof(ward_xcall);
    case TH_VALUE_RETURN:
      return sizeof(ward_value_return);
  }
  return 0;
}

/* What the harness knows about one decoded payload. */
typedef struct {
  ward_buffer* slot; /* the {ptr, len} handed to the host (ptr final after th_ready) */
  int backed;        /* 1 if [ptr, ptr + len) is real memory the guest may read afterwards */
} th_payload;

static const uint8_t* th_in_;
static size_t th_in_len_;
static size_t th_in_pos_;

/* The single item placed at the end of memory, resolved by th_ready(). */
static struct {
  int kind; /* 0 none, 1 payload, 2 descriptor */
  ward_buffer* slot;
  uint64_t size;
  uint64_t overshoot;
  uint8_t fill;
  const uint8_t* desc_bytes;
  uint64_t* arg;
} th_end_;

/* ------------------------------------------------------------------------------------------ */
/* ABI-dependent primitives                                                                    */

WARD_NORETURN static inline void th_fail(const char* msg) {
#ifdef WARD_TH_LEGACY
  ward_legacy_panic_at(msg, "harness", 0, 0);
#else
  ward_panic_at(msg, "harness", 0, 0);
#endif
}

static inline void* th_alloc(uint64_t n) {
  if (n > SIZE_MAX) th_fail("harness: allocation larger than memory");
  void* p = ward_try_alloc((size_t)n);
  if (!p) th_fail("harness: out of memory");
  return p;
}

static inline uint64_t th_register_len(uint64_t id) {
#ifdef WARD_TH_LEGACY
  return ward_legacy_register_len(id);
#else
  return ward_host_register_len(id);
#endif
}

static inline void th_read_register(uint64_t id, void* dest, uint64_t len) {
#ifdef WARD_TH_LEGACY
  uint32_t ok = ward_legacy_read_register(id, ward_ptr(dest), len);
#else
  ward_buffer d = {ward_ptr(dest), len};
  uint32_t ok = ward_host_read_register(id, ward_ptr(&d));
#endif
  if (!ok) th_fail("harness: register length changed");
}

static inline void th_return_ok(const void* p, size_t len) {
#ifdef WARD_TH_LEGACY
  ward_legacy_value_return(0, ward_ptr(p), len);
#else
  ward_return_ok(p, len);
#endif
}

/* ------------------------------------------------------------------------------------------ */
/* Input                                                                                       */

static inline void th_begin(void) {
#ifdef WARD_TH_LEGACY
  ward_legacy_input(WARD_SCRATCH_REGISTER);
#else
  ward_host_input(WARD_SCRATCH_REGISTER);
#endif
  uint64_t n = th_register_len(WARD_SCRATCH_REGISTER);
  uint8_t* p = (uint8_t*)th_alloc(n);
  th_read_register(WARD_SCRATCH_REGISTER, p, n);
  th_in_ = p;
  th_in_len_ = (size_t)n;
  th_in_pos_ = 0;
  th_end_.kind = 0;
}

static inline const uint8_t* th_take(uint64_t n) {
  if (n > th_in_len_ - th_in_pos_) th_fail("harness: input too short");
  const uint8_t* p = th_in_ + th_in_pos_;
  th_in_pos_ += (size_t)n;
  return p;
}

static inline uint64_t th_u64(void) {
  uint64_t v;
  memcpy(&v, th_take(8), 8);
  return v;
}

static inline void th_claim_end(int kind) {
  if (th_end_.kind) th_fail("harness: more than one item at the memory end");
  th_end_.kind = kind;
}

/* Decodes one Buf into *slot. */
static inline th_payload th_payload_into(ward_buffer* slot) {
  th_payload r = {slot, 0};
  uint64_t kind = th_u64();
  if (kind == TH_INLINE) {
    uint64_t n = th_u64();
    slot->ptr = ward_ptr(th_take(n));
    slot->len = n;
    r.backed = 1;
  } else if (kind == TH_FILL) {
    uint64_t n = th_u64();
    uint8_t byte = (uint8_t)th_u64();
    void* p = th_alloc(n);
    memset(p, byte, (size_t)n);
    slot->ptr = ward_ptr(p);
    slot->len = n;
    r.backed = 1;
  } else if (kind == TH_RAW) {
    slot->ptr = th_u64();
    slot->len = th_u64();
  } else if (kind == TH_AT_END) {
    th_claim_end(1);
    slot->ptr = 0;
    slot->len = th_u64();
    th_end_.slot = slot;
    th_end_.size = slot->len;
    th_end_.overshoot = th_u64();
    th_end_.fill = (uint8_t)th_u64();
    r.backed = th_end_.overshoot == 0;
  } else {
    th_fail("harness: unknown payload kind");
  }
  return r;
}

/* Decodes a Buf passed as raw (ptr, len) arguments rather than through a descriptor. */
static inline th_payload th_payload_raw(void) {
  ward_buffer* slot = (ward_buffer*)th_alloc(sizeof(ward_buffer));
  return th_payload_into(slot);
}

/* Decodes one Desc of the given type and stores the address to pass in *arg. If `first` is
 * non-null it receives the descriptor's first payload (the destination of BufferMut calls). */
static inline void th_desc(th_desc_type type, uint64_t* arg, th_payload* first) {
  uint64_t size = th_desc_size(type);
  uint64_t placement = th_u64();
  uint64_t overshoot = 0;
  if (first) {
    first->slot = (ward_buffer*)th_alloc(sizeof(ward_buffer));
    first->slot->ptr = 0;
    first->slot->len = 0;
    first->backed = 0;
  }
  if (placement == TH_ADDRESS) {
    *arg = th_u64();
    return;
  }
  if (placement == TH_DESC_AT_END) {
    overshoot = th_u64();
  } else if (placement != TH_HEAP) {
    th_fail("harness: unknown descriptor placement");
  }
  uint8_t* d = (uint8_t*)th_alloc(size);
  memset(d, 0, (size_t)size);
  th_payload p = {0, 0};
  switch (type) {
    case TH_BUFFER:
      p = th_payload_into((ward_buffer*)d);
      break;
    case TH_LOCATION: {
      ward_location* l = (ward_location*)d;
      p = th_payload_into(&l->file);
      l->line = (uint32_t)th_u64();
      l->column = (uint32_t)th_u64();
      break;
    }
    case TH_EVENT: {
      ward_event* e = (ward_event*)d;
      p = th_payload_into(&e->kind);
      th_payload_into(&e->data);
      break;
    }
    case TH_XCALL: {
      ward_xcall* x = (ward_xcall*)d;
      p = th_payload_into(&x->context_id);
      th_payload_into(&x->function);
      th_payload_into(&x->params);
      break;
    }
    case TH_VALUE_RETURN: {
      ward_value_return* v = (ward_value_return*)d;
      v->tag = th_u64();
      p = th_payload_into(&v->value);
      break;
    }
  }
  if (first) *first = p;
  if (placement == TH_DESC_AT_END) {
    th_claim_end(2);
    th_end_.size = size;
    th_end_.overshoot = overshoot;
    th_end_.desc_bytes = d;
    th_end_.arg = arg;
    /* The copy at the end is what the host reads; readback still uses the heap copy, which
     * holds the same payload pointers. */
  } else {
    *arg = ward_ptr(d);
  }
}

/* All arguments decoded: the input must be used up; place the memory-end item. Nothing may be
 * allocated between th_ready() and the host call. */
static inline void th_ready(void) {
  if (th_in_pos_ != th_in_len_) th_fail("harness: trailing input bytes");
  if (!th_end_.kind) return;
  uint64_t size = th_end_.size;
  uint64_t top = ward_heap_top();
  uint64_t mem = ward_memory_bytes();
  if (size > UINT64_C(0xFFFFFFFF) || top + size > mem) {
    if (size > UINT64_C(0xFFFFFFFF)) th_fail("harness: memory-end item larger than memory");
    uint64_t pages = (top + size - mem + WARD_PAGE_SIZE - 1) / WARD_PAGE_SIZE;
    if (__builtin_wasm_memory_grow(0, (size_t)pages) == (size_t)-1) {
      th_fail("harness: cannot grow memory for the memory-end item");
    }
    mem = ward_memory_bytes();
  }
  /* Later allocations (output) must not land on the item. */
  ward_heap_release(mem);
  uint64_t start = mem - size + th_end_.overshoot;
  uint64_t in_bounds = start < mem ? mem - start : 0;
  if (in_bounds > size) in_bounds = size;
  uint8_t* at = (uint8_t*)(uintptr_t)start;
  if (th_end_.kind == 1) {
    if (in_bounds) memset(at, th_end_.fill, (size_t)in_bounds);
    th_end_.slot->ptr = start;
  } else {
    if (in_bounds) memcpy(at, th_end_.desc_bytes, (size_t)in_bounds);
    *th_end_.arg = start;
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Output                                                                                      */

static uint8_t* th_out_;
static size_t th_out_len_;
static size_t th_out_cap_;

static inline uint8_t* th_out_reserve(uint64_t n) {
  if (n > SIZE_MAX - th_out_len_) th_fail("harness: output too large");
  if (th_out_len_ + n > th_out_cap_) {
    size_t cap = th_out_cap_ * 2;
    if (cap < th_out_len_ + n) cap = th_out_len_ + (size_t)n;
    if (cap < 256) cap = 256;
    uint8_t* p = (uint8_t*)th_alloc(cap);
    if (th_out_len_) memcpy(p, th_out_, th_out_len_);
    th_out_ = p;
    th_out_cap_ = cap;
  }
  uint8_t* at = th_out_ + th_out_len_;
  th_out_len_ += (size_t)n;
  return at;
}

static inline void th_out_u64(uint64_t v) { memcpy(th_out_reserve(8), &v, 8); }

static inline void th_out_bytes(const void* p, uint64_t n) {
  uint8_t* at = th_out_reserve(n);
  if (n) memcpy(at, p, (size_t)n);
}

/* u64 length (u64::MAX if absent), then the register's bytes. */
static inline void th_out_register(uint64_t id) {
  uint64_t n = th_register_len(id);
  th_out_u64(n);
  if (n == WARD_REGISTER_ABSENT) return;
  uint8_t* at = th_out_reserve(n);
  th_read_register(id, at, n);
}

/* u64 length, then the payload's bytes as they are now; u64::MAX alone if not backed. */
static inline void th_out_payload(const th_payload* p) {
  if (!p->backed) {
    th_out_u64(UINT64_MAX);
    return;
  }
  th_out_u64(p->slot->len);
  th_out_bytes((const void*)(uintptr_t)p->slot->ptr, p->slot->len);
}

/* value_return(Ok(output)); the output may be empty. */
static inline void th_finish(void) { th_return_ok(th_out_, th_out_len_); }

/* ------------------------------------------------------------------------------------------ */
/* Small helpers for scenario methods                                                          */

static inline void th_put_u64(uint8_t* p, uint64_t v) { memcpy(p, &v, 8); }

#endif /* WARD_TESTS_APPS_HARNESS_H_ */
