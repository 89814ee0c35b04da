/* Text helpers for the example guests: byte slices, a growable output buffer, JSON output, a
 * reader for flat JSON objects whose members are all strings (the argument format the examples
 * use, like Calimero Rust-SDK apps), and hex. Everything lives on the SDK's bump heap. */
#ifndef WARD_EXAMPLES_JSON_H_
#define WARD_EXAMPLES_JSON_H_

#include <ward/guest.h>

/* A byte string, not NUL-terminated. */
typedef struct {
  const char* ptr;
  size_t len;
} slice;

static inline slice slice_of(const char* s) {
  slice r = {s, strlen(s)};
  return r;
}

static inline int slice_eq(slice a, const char* b) {
  size_t n = strlen(b);
  return a.len == n && memcmp(a.ptr, b, n) == 0;
}

/* ---------------------------------------------------------------------------------------------
 * Output buffer
 * ------------------------------------------------------------------------------------------- */

typedef struct {
  char* ptr;
  size_t len;
  size_t cap;
} strbuf;

static inline void sb_put(strbuf* b, const void* p, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = 2 * b->cap > b->len + n ? 2 * b->cap : b->len + n + 64;
    char* grown = (char*)ward_alloc(cap);
    if (b->len) memcpy(grown, b->ptr, b->len);
    b->ptr = grown;
    b->cap = cap;
  }
  if (n) memcpy(b->ptr + b->len, p, n);
  b->len += n;
}

static inline void sb_putc(strbuf* b, char c) { sb_put(b, &c, 1); }
static inline void sb_puts(strbuf* b, const char* s) { sb_put(b, s, strlen(s)); }
static inline void sb_put_slice(strbuf* b, slice s) { sb_put(b, s.ptr, s.len); }
static inline slice sb_slice(const strbuf* b) {
  slice r = {b->ptr, b->len};
  return r;
}

static inline void sb_put_decimal(strbuf* b, uint64_t v) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) sb_putc(b, digits[--n]);
}

static inline void sb_put_hex(strbuf* b, const uint8_t* p, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < n; ++i) {
    sb_putc(b, kHex[p[i] >> 4]);
    sb_putc(b, kHex[p[i] & 15]);
  }
}

/* A JSON string literal; s must be UTF-8 (everything the reader below returns is). */
static inline void sb_put_json_string(strbuf* b, slice s) {
  static const char kHex[] = "0123456789abcdef";
  sb_putc(b, '"');
  for (size_t i = 0; i < s.len; ++i) {
    unsigned char c = (unsigned char)s.ptr[i];
    if (c == '"' || c == '\\') {
      sb_putc(b, '\\');
      sb_putc(b, (char)c);
    } else if (c == '\n') {
      sb_puts(b, "\\n");
    } else if (c == '\t') {
      sb_puts(b, "\\t");
    } else if (c < 0x20) {
      char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
      sb_put(b, esc, sizeof esc);
    } else {
      sb_putc(b, (char)c);
    }
  }
  sb_putc(b, '"');
}

static inline void return_ok_buf(const strbuf* b) { ward_return_ok(b->ptr, b->len); }
static inline void return_err_buf(const strbuf* b) { ward_return_err(b->ptr, b->len); }

/* ---------------------------------------------------------------------------------------------
 * Reading arguments
 * ------------------------------------------------------------------------------------------- */

/* Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF. Host functions that
 * take text (log_utf8, event kinds) trap on anything else, so inputs are checked up front. */
static inline int utf8_valid(const char* s, size_t len) {
  const unsigned char* p = (const unsigned char*)s;
  size_t i = 0;
  while (i < len) {
    unsigned char c = p[i];
    size_t extra;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return 0;
    }
    if (len - i <= extra) return 0;
    for (size_t k = 1; k <= extra; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return 0;
      cp = cp << 6 | (p[i + k] & 0x3F);
    }
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    i += extra + 1;
  }
  return 1;
}

/* One expected member of the argument object. */
typedef struct {
  const char* name;
  int required;
  int present; /* set by json_read_object */
  slice value; /* unescaped */
} json_field;

typedef struct {
  const unsigned char* p;
  size_t len;
  size_t pos;
} json_reader_;

static inline void json_skip_ws_(json_reader_* r) {
  while (r->pos < r->len && (r->p[r->pos] == ' ' || r->p[r->pos] == '\t' || r->p[r->pos] == '\n' ||
                             r->p[r->pos] == '\r')) {
    ++r->pos;
  }
}

static inline int json_eat_(json_reader_* r, char c) {
  if (r->pos < r->len && r->p[r->pos] == (unsigned char)c) {
    ++r->pos;
    return 1;
  }
  return 0;
}

static inline int json_hex4_(json_reader_* r, uint32_t* out) {
  if (r->len - r->pos < 4) return 0;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    unsigned char c = r->p[r->pos++];
    uint32_t d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
      d = (c | 0x20) - 'a' + 10;
    } else {
      return 0;
    }
    v = v << 4 | d;
  }
  *out = v;
  return 1;
}

static inline void json_put_utf8_(strbuf* b, uint32_t cp) {
  if (cp < 0x80) {
    sb_putc(b, (char)cp);
  } else if (cp < 0x800) {
    sb_putc(b, (char)(0xC0 | cp >> 6));
    sb_putc(b, (char)(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    sb_putc(b, (char)(0xE0 | cp >> 12));
    sb_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
    sb_putc(b, (char)(0x80 | (cp & 0x3F)));
  } else {
    sb_putc(b, (char)(0xF0 | cp >> 18));
    sb_putc(b, (char)(0x80 | (cp >> 12 & 0x3F)));
    sb_putc(b, (char)(0x80 | (cp >> 6 & 0x3F)));
    sb_putc(b, (char)(0x80 | (cp & 0x3F)));
  }
}

/* A string literal at the current position, unescaped. */
static inline int json_string_(json_reader_* r, slice* out) {
  if (!json_eat_(r, '"')) return 0;
  strbuf b = {0, 0, 0};
  for (;;) {
    if (r->pos >= r->len) return 0;
    unsigned char c = r->p[r->pos++];
    if (c == '"') break;
    if (c < 0x20) return 0;
    if (c != '\\') {
      sb_putc(&b, (char)c);
      continue;
    }
    if (r->pos >= r->len) return 0;
    unsigned char e = r->p[r->pos++];
    uint32_t cp = 0;
    switch (e) {
      case '"':
      case '\\':
      case '/':
        cp = e;
        break;
      case 'b':
        cp = '\b';
        break;
      case 'f':
        cp = '\f';
        break;
      case 'n':
        cp = '\n';
        break;
      case 'r':
        cp = '\r';
        break;
      case 't':
        cp = '\t';
        break;
      case 'u': {
        if (!json_hex4_(r, &cp) || (cp >= 0xDC00 && cp <= 0xDFFF)) return 0;
        if (cp >= 0xD800 && cp <= 0xDBFF) { /* a surrogate pair */
          uint32_t lo;
          if (!json_eat_(r, '\\') || !json_eat_(r, 'u') || !json_hex4_(r, &lo)) return 0;
          if (lo < 0xDC00 || lo > 0xDFFF) return 0;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
        break;
      }
      default:
        return 0;
    }
    json_put_utf8_(&b, cp);
  }
  out->ptr = b.len ? b.ptr : "";
  out->len = b.len;
  return 1;
}

static inline const char* json_error_(const char* before, slice name, const char* after) {
  strbuf b = {0, 0, 0};
  sb_puts(&b, "invalid input: ");
  sb_puts(&b, before);
  sb_put_json_string(&b, name);
  sb_puts(&b, after);
  sb_putc(&b, '\0');
  return b.ptr;
}

/* The object at the current position: `{` members `}` and nothing after it. */
static inline const char* json_object_(json_reader_* r, json_field* fields, size_t n_fields) {
  if (!json_eat_(r, '{')) return "invalid input: expected a JSON object";
  json_skip_ws_(r);
  if (!json_eat_(r, '}')) {
    for (;;) {
      slice name, value;
      json_skip_ws_(r);
      if (!json_string_(r, &name)) return "invalid input: malformed JSON";
      json_skip_ws_(r);
      if (!json_eat_(r, ':')) return "invalid input: malformed JSON";
      json_skip_ws_(r);
      if (r->pos < r->len && r->p[r->pos] != '"') {
        return json_error_("field ", name, " must be a string");
      }
      if (!json_string_(r, &value)) return "invalid input: malformed JSON";
      json_field* f = NULL;
      for (size_t i = 0; i < n_fields; ++i) {
        if (slice_eq(name, fields[i].name)) f = &fields[i];
      }
      if (!f) return json_error_("unknown field ", name, "");
      if (f->present) return json_error_("duplicate field ", name, "");
      f->present = 1;
      f->value = value;
      json_skip_ws_(r);
      if (json_eat_(r, '}')) break;
      if (!json_eat_(r, ',')) return "invalid input: malformed JSON";
    }
  }
  json_skip_ws_(r);
  if (r->pos != r->len) return "invalid input: trailing data after the JSON object";
  return NULL;
}

/* Reads a JSON object whose members are all strings into `fields`. Empty input counts as {}.
 * Returns NULL on success, else a NUL-terminated message for the caller to return as an
 * error, e.g. `invalid input: missing field "key"`. */
static inline const char* json_read_object(const void* input, size_t len, json_field* fields,
                                           size_t n_fields) {
  json_reader_ r = {(const unsigned char*)input, len, 0};
  for (size_t i = 0; i < n_fields; ++i) fields[i].present = 0;
  if (!utf8_valid((const char*)input, len)) return "invalid input: not UTF-8";
  json_skip_ws_(&r);
  if (r.pos < r.len) {
    const char* err = json_object_(&r, fields, n_fields);
    if (err) return err;
  }
  for (size_t i = 0; i < n_fields; ++i) {
    if (fields[i].required && !fields[i].present) {
      return json_error_("missing field ", slice_of(fields[i].name), "");
    }
  }
  return NULL;
}

/* Reads the call's input as a JSON object (see json_read_object). */
static inline const char* read_args(json_field* fields, size_t n_fields) {
  size_t len;
  void* input = ward_input(&len);
  return json_read_object(input, len, fields, n_fields);
}

/* ---------------------------------------------------------------------------------------------
 * Hex
 * ------------------------------------------------------------------------------------------- */

/* Decodes exactly n bytes from 2n hex digits (either case); 0 on any other input. */
static inline int hex_decode(slice s, uint8_t* out, size_t n) {
  if (s.len != 2 * n) return 0;
  for (size_t i = 0; i < 2 * n; ++i) {
    unsigned char c = (unsigned char)s.ptr[i];
    uint8_t d;
    if (c >= '0' && c <= '9') {
      d = (uint8_t)(c - '0');
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
      d = (uint8_t)((c | 0x20) - 'a' + 10);
    } else {
      return 0;
    }
    out[i / 2] = (uint8_t)(i % 2 ? out[i / 2] << 4 | d : d);
  }
  return 1;
}

#endif /* WARD_EXAMPLES_JSON_H_ */
