/* fetch: makes an HTTP request through the `fetch` host function.
 *
 *   fetch {"url": URL, "method": "GET" (default) or another, "body": text (default none)}
 *     success -> the response body, as the call's Ok value
 *     failure -> the host's error text as the call's error, e.g. "Host function 'fetch' is
 *                temporarily disabled." when the runtime has no fetch allowlist
 *
 * Ward refuses every request unless the embedder (or `ward run --allow-fetch HOST`) allows the
 * host; see README.md. */
#include <ward/guest.h>

#include "json.h"

/* Keep the log line below the 16 KiB log-size limit. */
#define MAX_URL_LEN 2048
#define MAX_REASON_LEN 1024

WARD_EXPORT(fetch) {
  json_field f[3] = {{"url", 1, 0, {0, 0}}, {"method", 0, 0, {0, 0}}, {"body", 0, 0, {0, 0}}};
  const char* err = read_args(f, 3);
  if (!err && f[0].value.len > MAX_URL_LEN) err = "invalid input: url longer than 2048 bytes";
  if (err) {
    ward_return_err_str(err);
    return;
  }
  slice url = f[0].value;
  slice method = f[1].present ? f[1].value : slice_of("GET");
  slice body = f[2].present ? f[2].value : slice_of("");

  /* Request headers: a borsh Vec<(String, String)>; four zero bytes encode an empty one. */
  static const uint8_t kNoHeaders[4] = {0, 0, 0, 0};
  ward_buffer url_d = ward_buf(url.ptr, url.len);
  ward_buffer method_d = ward_buf(method.ptr, method.len);
  ward_buffer headers_d = ward_buf(kNoHeaders, sizeof kNoHeaders);
  ward_buffer body_d = ward_buf(body.ptr, body.len);
  uint32_t failed = ward_host_fetch(ward_ptr(&url_d), ward_ptr(&method_d), ward_ptr(&headers_d),
                                    ward_ptr(&body_d), WARD_SCRATCH_REGISTER);

  /* Either way the register holds the body or the error text. */
  size_t len;
  void* reply = ward_register_read(WARD_SCRATCH_REGISTER, &len);

  strbuf line = {0, 0, 0};
  sb_put_slice(&line, method);
  sb_putc(&line, ' ');
  sb_put_slice(&line, url);
  if (failed) {
    /* The reason goes into the log too, where the Outcome shows it as text. */
    sb_puts(&line, ": failed: ");
    size_t n = len < MAX_REASON_LEN ? len : MAX_REASON_LEN;
    while (n < len && n > 0 && (((const uint8_t*)reply)[n] & 0xC0) == 0x80) --n;
    if (utf8_valid((const char*)reply, n)) sb_put(&line, reply, n);
  } else {
    sb_puts(&line, ": ");
    sb_put_decimal(&line, len);
    sb_puts(&line, " bytes");
  }
  ward_log_bytes(line.ptr, line.len);

  ward_return(failed ? WARD_RETURN_ERR : WARD_RETURN_OK, reply, len);
}
