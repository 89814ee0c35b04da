/* kv_store: a string-to-string map, the demo application of Ward.
 *
 * Methods take a JSON object of string members and return JSON:
 *   set         {"key": K, "value": V}  -> nothing; event Inserted/Updated (data K), one log line
 *   get         {"key": K}              -> "V" or null
 *   remove      {"key": K}              -> the removed "V" or null; event Removed (data K)
 *   entries     {} or no input          -> {"K1": "V1", ...} ordered by key bytes
 *   set_checked {"key": K, "value": V}  -> like set, then fails if V is not a decimal number
 * Bad input (not JSON, missing or unknown members, ...) ends the call with an error and no
 * effects.
 *
 * Storage layout:
 *   main keyspace:  SHA-256("kv_store/entry:" || K) -> V
 *                   32-byte keys, as the Calimero node requires for replicated state.
 *   ordered index:  SHA-256("kv_store/entries") || K -> the 32-byte entry key above
 *                   The index is sorted by key bytes, so `entries` is one range scan. */
#include <ward/guest.h>

#include "json.h"
#include "sha256.h"

/* Keeps keys well below the event-data and log-size limits (16 KiB). */
#define MAX_KEY_LEN 1024

static void entry_id(slice key, uint8_t out[32]) {
  sha256_ctx c;
  sha256_init(&c);
  sha256_update(&c, "kv_store/entry:", 15);
  sha256_update(&c, key.ptr, key.len);
  sha256_final(&c, out);
}

static void collection_id(uint8_t out[32]) { sha256("kv_store/entries", 16, out); }

/* collection id || key: where the key sits in the ordered index. */
static strbuf index_key(slice key) {
  uint8_t cid[32];
  collection_id(cid);
  strbuf b = {0, 0, 0};
  sb_put(&b, cid, 32);
  sb_put_slice(&b, key);
  return b;
}

static void index_set(slice key, const uint8_t id[32]) {
  strbuf k = index_key(key);
  ward_buffer kd = ward_buf(k.ptr, k.len);
  ward_buffer vd = ward_buf(id, 32);
  ward_host_storage_index_set(ward_ptr(&kd), ward_ptr(&vd));
}

static void index_remove(slice key) {
  strbuf k = index_key(key);
  ward_buffer kd = ward_buf(k.ptr, k.len);
  ward_host_storage_index_remove(ward_ptr(&kd));
}

/* The key arguments of every method: {"key": K} plus {"value": V} when `value` is given.
 * Returns NULL on success, else the error message. */
static const char* read_key_value(slice* key, slice* value) {
  json_field f[2] = {{"key", 1, 0, {0, 0}}, {"value", 1, 0, {0, 0}}};
  const char* err = read_args(f, value ? 2 : 1);
  if (err) return err;
  if (f[0].value.len == 0) return "invalid input: the key is empty";
  if (f[0].value.len > MAX_KEY_LEN) return "invalid input: the key is longer than 1024 bytes";
  *key = f[0].value;
  if (value) *value = f[1].value;
  return NULL;
}

/* Emits the change event (data: the key) and logs it, e.g. `Inserted "greeting"`. */
static void announce(const char* kind, slice key) {
  ward_emit(kind, key.ptr, key.len);
  strbuf line = {0, 0, 0};
  sb_puts(&line, kind);
  sb_putc(&line, ' ');
  sb_put_json_string(&line, key);
  ward_log_bytes(line.ptr, line.len);
}

static void put_entry(slice key, slice value) {
  uint8_t id[32];
  entry_id(key, id);
  int existed = ward_storage_set(id, 32, value.ptr, value.len);
  if (!existed) index_set(key, id);
  announce(existed ? "Updated" : "Inserted", key);
}

static void return_json_string(slice s) {
  strbuf out = {0, 0, 0};
  sb_put_json_string(&out, s);
  return_ok_buf(&out);
}

WARD_EXPORT(set) {
  slice key, value;
  const char* err = read_key_value(&key, &value);
  if (err) {
    ward_return_err_str(err);
    return;
  }
  put_entry(key, value);
}

WARD_EXPORT(get) {
  slice key;
  const char* err = read_key_value(&key, NULL);
  if (err) {
    ward_return_err_str(err);
    return;
  }
  uint8_t id[32];
  entry_id(key, id);
  size_t len;
  const char* value = (const char*)ward_storage_get(id, 32, &len);
  if (!value) {
    ward_return_ok_str("null");
    return;
  }
  slice v = {value, len};
  return_json_string(v);
}

WARD_EXPORT(remove) {
  slice key;
  const char* err = read_key_value(&key, NULL);
  if (err) {
    ward_return_err_str(err);
    return;
  }
  uint8_t id[32];
  entry_id(key, id);
  if (!ward_storage_remove(id, 32)) {
    ward_return_ok_str("null");
    return;
  }
  /* storage_remove left the removed value in the scratch register. */
  size_t len;
  const char* removed = (const char*)ward_register_read(WARD_SCRATCH_REGISTER, &len);
  slice old = {removed, len};
  index_remove(key);
  announce("Removed", key);
  return_json_string(old);
}

static uint32_t read_u32(const uint8_t** p) {
  uint32_t v = (uint32_t)(*p)[0] | (uint32_t)(*p)[1] << 8 | (uint32_t)(*p)[2] << 16 |
               (uint32_t)(*p)[3] << 24;
  *p += 4;
  return v;
}

WARD_EXPORT(entries) {
  const char* err = read_args(NULL, 0);
  if (err) {
    ward_return_err_str(err);
    return;
  }

  /* Every index key starting with the collection id: [cid, cid + 1). */
  uint8_t lo[32], hi[32];
  collection_id(lo);
  memcpy(hi, lo, 32);
  for (int i = 31; i >= 0; --i) {
    if (++hi[i] != 0) break;
  }
  ward_buffer lo_d = ward_buf(lo, 32);
  ward_buffer hi_d = ward_buf(hi, 32);
  ward_host_storage_index_scan(ward_ptr(&lo_d), ward_ptr(&hi_d), 0, 0, WARD_SCRATCH_REGISTER);
  const uint8_t* p = (const uint8_t*)ward_register_read(WARD_SCRATCH_REGISTER, NULL);

  /* count:u32, then key_len:u32 key value_len:u32 value per pair (calimero-abi.md §3.6). */
  strbuf out = {0, 0, 0};
  sb_putc(&out, '{');
  uint32_t count = read_u32(&p);
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t key_len = read_u32(&p);
    slice key = {(const char*)p + 32, key_len - 32};
    p += key_len;
    uint32_t id_len = read_u32(&p);
    size_t value_len;
    const char* value = (const char*)ward_storage_get(p, id_len, &value_len);
    p += id_len;
    if (!value) ward_panic("kv_store: index entry without a value");
    slice v = {value, value_len};
    if (i) sb_putc(&out, ',');
    sb_put_json_string(&out, key);
    sb_putc(&out, ':');
    sb_put_json_string(&out, v);
  }
  sb_putc(&out, '}');
  return_ok_buf(&out);
}

static int is_decimal(slice s) {
  if (s.len == 0) return 0;
  for (size_t i = 0; i < s.len; ++i) {
    if (s.ptr[i] < '0' || s.ptr[i] > '9') return 0;
  }
  return 1;
}

/* Writes first and validates afterwards, on purpose: the error return makes Ward discard the
 * write (storage is transactional per call), while the event and log stay in the Outcome. */
WARD_EXPORT(set_checked) {
  slice key, value;
  const char* err = read_key_value(&key, &value);
  if (err) {
    ward_return_err_str(err);
    return;
  }
  put_entry(key, value);
  if (!is_decimal(value)) {
    strbuf msg = {0, 0, 0};
    sb_puts(&msg, "value must be a decimal number, got ");
    sb_put_json_string(&msg, value);
    return_err_buf(&msg);
  }
}
