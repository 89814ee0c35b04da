// A realistic application: a string-to-string map with JSON arguments and results, in the
// style of a Calimero Rust-SDK app (JSON input, 32-byte hashed storage keys, events on change,
// value_return for results and errors; no commit). Written in C++ to cover the C++ SDK path.
//
// Storage layout (every key is 32 bytes, so it also works under the node's 32-byte key policy):
//   SHA-256(0x01 ‖ key)   -> u32 LE key length ‖ key ‖ value
//   SHA-256(0x00 ‖ "keys") -> concatenated 32-byte entry keys, in insertion order
#include <ward/guest.h>

#include "common/sha256.h"

namespace {

struct Bytes {
  const uint8_t* data = nullptr;
  size_t len = 0;
};

Bytes bytes_of(const char* s) { return {reinterpret_cast<const uint8_t*>(s), strlen(s)}; }

bool bytes_less(Bytes a, Bytes b) {
  size_t n = a.len < b.len ? a.len : b.len;
  int c = memcmp(a.data, b.data, n);
  return c < 0 || (c == 0 && a.len < b.len);
}

// Growable output buffer on the bump heap.
class Writer {
 public:
  void put(const void* p, size_t n) {
    reserve(n);
    memcpy(data_ + len_, p, n);
    len_ += n;
  }
  void put(char c) { put(&c, 1); }
  void put(const char* s) { put(s, strlen(s)); }
  void put(Bytes b) { put(b.data, b.len); }

  void put_json_string(Bytes s) {
    static const char kHex[] = "0123456789abcdef";
    put('"');
    for (size_t i = 0; i < s.len; ++i) {
      uint8_t c = s.data[i];
      switch (c) {
        case '"':
          put("\\\"");
          break;
        case '\\':
          put("\\\\");
          break;
        case '\b':
          put("\\b");
          break;
        case '\f':
          put("\\f");
          break;
        case '\n':
          put("\\n");
          break;
        case '\r':
          put("\\r");
          break;
        case '\t':
          put("\\t");
          break;
        default:
          if (c < 0x20) {
            char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
            put(esc, sizeof esc);
          } else {
            put(static_cast<char>(c));
          }
      }
    }
    put('"');
  }

  void put_decimal(uint64_t v) {
    char digits[20];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v);
    while (n) put(digits[--n]);
  }

  Bytes bytes() const { return {data_, len_}; }

 private:
  void reserve(size_t n) {
    if (len_ + n <= cap_) return;
    size_t cap = cap_ * 2 > len_ + n ? cap_ * 2 : len_ + n + 64;
    auto* p = static_cast<uint8_t*>(ward_alloc(cap));
    if (len_) memcpy(p, data_, len_);
    data_ = p;
    cap_ = cap;
  }

  uint8_t* data_ = nullptr;
  size_t len_ = 0;
  size_t cap_ = 0;
};

// Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF.
bool valid_utf8(Bytes s) {
  size_t i = 0;
  while (i < s.len) {
    uint8_t c = s.data[i];
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (s.len - i <= n) return false;
    for (size_t k = 1; k <= n; ++k) {
      uint8_t cc = s.data[i + k];
      if ((cc & 0xC0) != 0x80) return false;
      cp = cp << 6 | (cc & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF))) return false;
    if (cp >= 0xD800 && cp <= 0xDFFF) return false;
    i += n + 1;
  }
  return true;
}

// A JSON object whose members are all strings, e.g. {"key": "a", "value": "b"}.
struct Field {
  const char* name;
  Bytes value;
  bool present = false;
};

class JsonObjectReader {
 public:
  explicit JsonObjectReader(Bytes in) : in_(in) {}

  // Fills the named fields; false on malformed JSON, unknown or duplicate members, or a
  // missing field.
  bool read(Field* fields, size_t n_fields) {
    if (!valid_utf8(in_)) return false;
    skip_ws();
    if (!eat('{')) return false;
    skip_ws();
    if (!eat('}')) {
      for (;;) {
        Bytes name, value;
        skip_ws();
        if (!string(&name)) return false;
        skip_ws();
        if (!eat(':')) return false;
        skip_ws();
        if (!string(&value)) return false;
        Field* f = find(fields, n_fields, name);
        if (!f || f->present) return false;
        f->value = value;
        f->present = true;
        skip_ws();
        if (eat('}')) break;
        if (!eat(',')) return false;
      }
    }
    skip_ws();
    if (pos_ != in_.len) return false;
    for (size_t i = 0; i < n_fields; ++i) {
      if (!fields[i].present) return false;
    }
    return true;
  }

 private:
  static Field* find(Field* fields, size_t n, Bytes name) {
    for (size_t i = 0; i < n; ++i) {
      Bytes f = bytes_of(fields[i].name);
      if (f.len == name.len && memcmp(f.data, name.data, f.len) == 0) return &fields[i];
    }
    return nullptr;
  }

  void skip_ws() {
    while (pos_ < in_.len) {
      uint8_t c = in_.data[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  bool eat(char c) {
    if (pos_ < in_.len && in_.data[pos_] == static_cast<uint8_t>(c)) {
      ++pos_;
      return true;
    }
    return false;
  }

  bool hex4(uint32_t* out) {
    if (in_.len - pos_ < 4) return false;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      uint8_t c = in_.data[pos_++];
      uint32_t d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        return false;
      }
      v = v << 4 | d;
    }
    *out = v;
    return true;
  }

  static void put_utf8(Writer* w, uint32_t cp) {
    if (cp < 0x80) {
      w->put(static_cast<char>(cp));
    } else if (cp < 0x800) {
      w->put(static_cast<char>(0xC0 | cp >> 6));
      w->put(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      w->put(static_cast<char>(0xE0 | cp >> 12));
      w->put(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
      w->put(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      w->put(static_cast<char>(0xF0 | cp >> 18));
      w->put(static_cast<char>(0x80 | (cp >> 12 & 0x3F)));
      w->put(static_cast<char>(0x80 | (cp >> 6 & 0x3F)));
      w->put(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }

  // A JSON string, unescaped into fresh memory.
  bool string(Bytes* out) {
    if (!eat('"')) return false;
    Writer w;
    for (;;) {
      if (pos_ >= in_.len) return false;
      uint8_t c = in_.data[pos_++];
      if (c == '"') break;
      if (c < 0x20) return false;
      if (c != '\\') {
        w.put(static_cast<char>(c));
        continue;
      }
      if (pos_ >= in_.len) return false;
      uint8_t e = in_.data[pos_++];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          w.put(static_cast<char>(e));
          break;
        case 'b':
          w.put('\b');
          break;
        case 'f':
          w.put('\f');
          break;
        case 'n':
          w.put('\n');
          break;
        case 'r':
          w.put('\r');
          break;
        case 't':
          w.put('\t');
          break;
        case 'u': {
          uint32_t cp;
          if (!hex4(&cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t lo;
            if (!eat('\\') || !eat('u') || !hex4(&lo)) return false;
            if (lo < 0xDC00 || lo > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          put_utf8(&w, cp);
          break;
        }
        default:
          return false;
      }
    }
    *out = w.bytes();
    return true;
  }

  Bytes in_;
  size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Storage model

struct EntryKey {
  uint8_t hash[32];
};

EntryKey entry_key(Bytes key) {
  EntryKey k;
  sha256_ctx ctx;
  sha256_init(&ctx);
  uint8_t tag = 1;
  sha256_update(&ctx, &tag, 1);
  sha256_update(&ctx, key.data, key.len);
  sha256_final(&ctx, k.hash);
  return k;
}

EntryKey list_key() {
  EntryKey k;
  sha256_ctx ctx;
  sha256_init(&ctx);
  sha256_update(&ctx, "\0keys", 5);
  sha256_final(&ctx, k.hash);
  return k;
}

struct Entry {
  Bytes key;
  Bytes value;
};

// Decodes a stored entry record; false if it is absent.
bool load_entry(const EntryKey& id, Entry* out) {
  size_t n;
  auto* p = static_cast<const uint8_t*>(ward_storage_get(id.hash, 32, &n));
  if (!p) return false;
  if (n < 4) ward_panic_at("corrupt entry", "kv_store.cpp", 1, 1);
  uint32_t key_len;
  memcpy(&key_len, p, 4);
  if (key_len > n - 4) ward_panic_at("corrupt entry", "kv_store.cpp", 1, 1);
  out->key = {p + 4, key_len};
  out->value = {p + 4 + key_len, n - 4 - key_len};
  return true;
}

void store_entry(const EntryKey& id, Bytes key, Bytes value) {
  Writer w;
  uint32_t key_len = static_cast<uint32_t>(key.len);
  w.put(&key_len, 4);
  w.put(key);
  w.put(value);
  Bytes rec = w.bytes();
  ward_storage_set(id.hash, 32, rec.data, rec.len);
}

Bytes load_list() {
  EntryKey lk = list_key();
  size_t n = 0;
  auto* p = static_cast<const uint8_t*>(ward_storage_get(lk.hash, 32, &n));
  if (!p) return {};
  return {p, n};
}

void store_list(Bytes list) {
  EntryKey lk = list_key();
  ward_storage_set(lk.hash, 32, list.data ? list.data : reinterpret_cast<const uint8_t*>(""),
                   list.len);
}

// ---------------------------------------------------------------------------------------------
// Method plumbing

Bytes input() {
  size_t n;
  auto* p = static_cast<const uint8_t*>(ward_input(&n));
  return {p, n};
}

void return_json(const Writer& w) {
  Bytes b = w.bytes();
  ward_return_ok(b.data, b.len);
}

void return_null() { ward_return_ok_str("null"); }

void return_invalid_input() { ward_return_err_str("invalid input"); }

// Reads {"key": "..."} (plus "value" when with_value).
bool read_args(Field* key, Field* value) {
  Field fields[2] = {{"key", {}, false}, {"value", {}, false}};
  JsonObjectReader r(input());
  if (!r.read(fields, value ? 2 : 1)) return false;
  *key = fields[0];
  if (value) *value = fields[1];
  return true;
}

// Empty input or an empty JSON object.
bool read_no_args() {
  Bytes in = input();
  if (in.len == 0) return true;
  JsonObjectReader r(in);
  return r.read(nullptr, 0);
}

void log_with_key(const char* prefix, Bytes key) {
  Writer w;
  w.put(prefix);
  w.put(key);
  Bytes b = w.bytes();
  ward_log_bytes(b.data, b.len);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Methods

WARD_EXPORT(init) {
  if (!read_no_args()) return return_invalid_input();
  EntryKey lk = list_key();
  size_t n;
  if (!ward_storage_get(lk.hash, 32, &n)) store_list({});
  return_null();
}

WARD_EXPORT(set) {
  Field key, value;
  if (!read_args(&key, &value)) return return_invalid_input();
  EntryKey id = entry_key(key.value);
  Entry old;
  bool existed = load_entry(id, &old);
  store_entry(id, key.value, value.value);
  if (!existed) {
    Bytes list = load_list();
    Writer w;
    w.put(list);
    w.put(id.hash, 32);
    store_list(w.bytes());
  }
  Writer event;
  event.put("{\"key\":");
  event.put_json_string(key.value);
  event.put(",\"value\":");
  event.put_json_string(value.value);
  event.put('}');
  Bytes ev = event.bytes();
  ward_emit(existed ? "Updated" : "Inserted", ev.data, ev.len);
  log_with_key("set: ", key.value);
  if (!existed) return return_null();
  Writer out;
  out.put_json_string(old.value);
  return_json(out);
}

WARD_EXPORT(get) {
  Field key;
  if (!read_args(&key, nullptr)) return return_invalid_input();
  Entry e;
  if (!load_entry(entry_key(key.value), &e)) return return_null();
  Writer out;
  out.put_json_string(e.value);
  return_json(out);
}

// Like get, but a missing key is a guest panic.
WARD_EXPORT(must_get) {
  Field key;
  if (!read_args(&key, nullptr)) return return_invalid_input();
  Entry e;
  if (!load_entry(entry_key(key.value), &e)) {
    Writer msg;
    msg.put("key not found: ");
    msg.put(key.value);
    msg.put('\0');
    ward_panic_at(reinterpret_cast<const char*>(msg.bytes().data), "kv_store.cpp", 1, 1);
  }
  Writer out;
  out.put_json_string(e.value);
  return_json(out);
}

WARD_EXPORT(remove) {
  Field key;
  if (!read_args(&key, nullptr)) return return_invalid_input();
  EntryKey id = entry_key(key.value);
  Entry old;
  if (!load_entry(id, &old)) return return_null();
  ward_storage_remove(id.hash, 32);
  // Swap-remove the id from the key list.
  Bytes list = load_list();
  auto* ids = static_cast<uint8_t*>(ward_alloc(list.len));
  memcpy(ids, list.data, list.len);
  size_t count = list.len / 32;
  for (size_t i = 0; i < count; ++i) {
    if (memcmp(ids + 32 * i, id.hash, 32) == 0) {
      memmove(ids + 32 * i, ids + 32 * (count - 1), 32);
      --count;
      break;
    }
  }
  store_list({ids, count * 32});
  Writer event;
  event.put("{\"key\":");
  event.put_json_string(key.value);
  event.put('}');
  Bytes ev = event.bytes();
  ward_emit("Removed", ev.data, ev.len);
  log_with_key("remove: ", key.value);
  Writer out;
  out.put_json_string(old.value);
  return_json(out);
}

// {"key": "value", ...} sorted by key bytes. Insertion sort: meant for small maps.
WARD_EXPORT(entries) {
  if (!read_no_args()) return return_invalid_input();
  Bytes list = load_list();
  size_t count = list.len / 32;
  auto* items = static_cast<Entry*>(ward_alloc(count * sizeof(Entry)));
  for (size_t i = 0; i < count; ++i) {
    EntryKey id;
    memcpy(id.hash, list.data + 32 * i, 32);
    if (!load_entry(id, &items[i])) ward_panic_at("dangling key", "kv_store.cpp", 1, 1);
    for (size_t j = i; j > 0 && bytes_less(items[j].key, items[j - 1].key); --j) {
      Entry t = items[j];
      items[j] = items[j - 1];
      items[j - 1] = t;
    }
  }
  Writer out;
  out.put('{');
  for (size_t i = 0; i < count; ++i) {
    if (i) out.put(',');
    out.put_json_string(items[i].key);
    out.put(':');
    out.put_json_string(items[i].value);
  }
  out.put('}');
  return_json(out);
}

WARD_EXPORT(len) {
  if (!read_no_args()) return return_invalid_input();
  Writer out;
  out.put_decimal(load_list().len / 32);
  return_json(out);
}

WARD_EXPORT(clear) {
  if (!read_no_args()) return return_invalid_input();
  Bytes list = load_list();
  size_t count = list.len / 32;
  for (size_t i = 0; i < count; ++i) ward_storage_remove(list.data + 32 * i, 32);
  store_list({});
  Writer event;
  event.put("{\"count\":");
  event.put_decimal(count);
  event.put('}');
  Bytes ev = event.bytes();
  ward_emit("Cleared", ev.data, ev.len);
  Writer out;
  out.put_decimal(count);
  return_json(out);
}
