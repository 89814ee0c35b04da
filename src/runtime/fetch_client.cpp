// Policy-checked HTTP for `fetch` (see fetch_client.hpp) on top of libcurl's easy interface.
#include "runtime/fetch_client.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>

namespace ward::runtime {
namespace {

using Clock = std::chrono::steady_clock;
using Milliseconds = std::chrono::milliseconds;

// ---- text helpers ----

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

std::string_view without_trailing_dot(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return name;
}

// RFC 9110 token characters (method and header names).
bool is_token(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum && std::strchr("!#$%&'*+-.^_`|~", c) == nullptr) return false;
  }
  return true;
}

// Field values may not carry control characters: CR/LF would inject further header lines.
bool is_field_value(std::string_view text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7f) return false;
  }
  return true;
}

// Messages quote guest-supplied names; keep them short so an error always fits a register.
std::string quoted(std::string_view text) {
  constexpr size_t kMaxQuoted = 200;
  std::string out = "'";
  if (text.size() > kMaxQuoted) {
    out.append(text.substr(0, kMaxQuoted));
    out.append("...");
  } else {
    out.append(text);
  }
  out.push_back('\'');
  return out;
}

// ---- address classes ----

AddressClass classify_ipv4(const uint8_t* b) {
  uint32_t a = (uint32_t{b[0]} << 24) | (uint32_t{b[1]} << 16) | (uint32_t{b[2]} << 8) | b[3];
  auto in = [a](uint32_t network, int prefix) {
    return (a >> (32 - prefix)) == (network >> (32 - prefix));
  };
  if (in(0x00000000, 8)) return AddressClass::Unspecified;  // "this network", 0.0.0.0 included
  if (in(0x7f000000, 8)) return AddressClass::Loopback;
  if (in(0x0a000000, 8) || in(0xac100000, 12) || in(0xc0a80000, 16)) return AddressClass::Private;
  if (in(0x64400000, 10)) return AddressClass::Private;  // shared address space (carrier NAT)
  if (in(0xc0000000, 24)) return AddressClass::Private;  // IETF protocol assignments
  if (in(0xc6120000, 15)) return AddressClass::Private;  // benchmarking networks
  if (in(0xa9fe0000, 16)) return AddressClass::LinkLocal;
  if (in(0xe0000000, 4)) return AddressClass::Multicast;
  if (in(0xf0000000, 4)) return AddressClass::Reserved;  // includes 255.255.255.255
  return AddressClass::Public;
}

AddressClass classify_ipv6(const uint8_t* b) {
  auto zero = [b](int from, int to) {
    return std::all_of(b + from, b + to, [](uint8_t x) { return x == 0; });
  };
  // Forms that embed an IPv4 address reach that address, so they take its class.
  if (zero(0, 10) && b[10] == 0xff && b[11] == 0xff) return classify_ipv4(b + 12);  // mapped
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && zero(4, 12)) {
    return classify_ipv4(b + 12);  // NAT64 well-known prefix
  }
  if (b[0] == 0x20 && b[1] == 0x02) return classify_ipv4(b + 2);  // 6to4
  if (zero(0, 15)) {
    if (b[15] == 0) return AddressClass::Unspecified;
    if (b[15] == 1) return AddressClass::Loopback;
  }
  if (zero(0, 12)) return AddressClass::Reserved;  // deprecated IPv4-compatible form
  if (b[0] == 0xff) return AddressClass::Multicast;
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::Private;  // unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::LinkLocal;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressClass::Private;  // site-local
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) {
    return AddressClass::Private;  // local-use NAT64 prefix 64:ff9b:1::/48
  }
  if (b[0] == 0x01 && zero(1, 8)) return AddressClass::Reserved;  // discard-only prefix
  return AddressClass::Public;
}

// The classes a policy may unlock with allow_private_addresses.
bool is_private_class(AddressClass c) {
  return c == AddressClass::Loopback || c == AddressClass::Private || c == AddressClass::LinkLocal;
}

bool address_permitted(AddressClass c, const FetchPolicy& policy) {
  return c == AddressClass::Public || (is_private_class(c) && policy.allow_private_addresses);
}

// ---- libcurl plumbing ----

struct EasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;
using HeaderList = std::unique_ptr<curl_slist, ListDeleter>;

bool curl_ready() {
  static std::once_flag once;
  static bool ready = false;
  std::call_once(once, [] { ready = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; });
  return ready;
}

std::string url_part(CURLU* url, CURLUPart part) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, 0) != CURLUE_OK || text == nullptr) return {};
  std::string out(text);
  curl_free(text);
  return out;
}

FetchResult failure(std::string message) {
  FetchResult r;
  r.error = std::move(message);
  return r;
}

// Parses an absolute URL; the error message on failure.
std::optional<std::string> parse_url(CURLU* url, std::string_view text) {
  // A NUL would cut the text short of what the guest asked for.
  if (text.find('\0') != std::string_view::npos) return "fetch refused: invalid URL";
  CURLUcode rc =
      curl_url_set(url, CURLUPART_URL, std::string(text).c_str(), CURLU_NON_SUPPORT_SCHEME);
  if (rc != CURLUE_OK) {
    return std::string("fetch refused: invalid URL (") + curl_url_strerror(rc) + ")";
  }
  return std::nullopt;
}

// Scheme and host policy for the original URL and for each redirect target. On success
// `host` is the host name as matched against the allowlist.
std::optional<std::string> check_target(CURLU* url, const FetchPolicy& policy, bool is_redirect,
                                        std::string& host) {
  const std::string target = is_redirect ? "redirect target" : "URL";
  std::string scheme = url_part(url, CURLUPART_SCHEME);
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), ascii_lower);
  if (scheme == "http" && !policy.allow_http) {
    return "fetch refused: " + target + " scheme 'http' is not allowed (only https is enabled)";
  }
  if (scheme != "https" && scheme != "http") {
    return "fetch refused: " + target + " scheme " + quoted(scheme) + " is not allowed (" +
           (policy.allow_http ? "only http and https" : "only https") + ")";
  }
  host = url_part(url, CURLUPART_HOST);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);  // IPv6 literals are listed without brackets
  }
  if (host.empty()) return "fetch refused: " + target + " has no host";
  // Internationalised names must arrive in punycode, so the name matched is the name dialled.
  if (std::any_of(host.begin(), host.end(),
                  [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    return "fetch refused: " + target + " host is not ASCII (use the punycode form)";
  }
  if (!host_matches_allowlist(host, policy.allowed_hosts)) {
    return "fetch refused: " + target + " host " + quoted(host) + " is not on the allowlist";
  }
  return std::nullopt;
}

// Per-transfer state shared with the libcurl callbacks, which must not throw.
struct TransferState {
  const FetchPolicy* policy = nullptr;
  uint64_t max_body = 0;
  Bytes body;
  bool body_too_large = false;
  bool out_of_memory = false;
  bool refused_address = false;  // a forbidden destination was seen at connect time
  AddressClass refused_class = AddressClass::Public;
  char refused_text[INET6_ADDRSTRLEN] = {};
};

size_t on_body_data(char* data, size_t size, size_t count, void* user) {
  auto* state = static_cast<TransferState*>(user);
  size_t n = size * count;
  if (n > state->max_body - state->body.size()) {
    state->body_too_large = true;
    return 0;  // any count other than n aborts the transfer
  }
  try {
    state->body.insert(state->body.end(), data, data + n);
  } catch (...) {
    state->out_of_memory = true;
    return 0;
  }
  return n;
}

// Every connection goes through here with the exact address libcurl is about to dial, so the
// address checked is the address used: a resolver answer cannot change in between.
curl_socket_t on_open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* state = static_cast<TransferState*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN ||
      (address->family != AF_INET && address->family != AF_INET6)) {
    return CURL_SOCKET_BAD;
  }
  sockaddr_storage storage{};
  std::memcpy(&storage, &address->addr, std::min<size_t>(address->addrlen, sizeof(storage)));
  AddressClass c = classify_address(reinterpret_cast<const sockaddr*>(&storage));
  if (!address_permitted(c, *state->policy)) {
    if (!state->refused_address) {
      state->refused_address = true;
      state->refused_class = c;
      const void* raw =
          storage.ss_family == AF_INET
              ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(&storage)->sin_addr)
              : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(&storage)->sin6_addr);
      if (inet_ntop(storage.ss_family, raw, state->refused_text, sizeof(state->refused_text)) ==
          nullptr) {
        std::strcpy(state->refused_text, "?");
      }
    }
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

struct Hop {
  std::optional<std::string> error;  // transport failure or refusal
  long status = 0;
  std::string redirect_url;  // absolute Location of a 3xx response
  Bytes body;
};

struct HopRequest {
  CURLU* url;
  const std::string& host;
  const std::string& method;
  const HttpHeaders& headers;
  std::span<const uint8_t> body;
};

template <typename T>
bool set(CURL* easy, CURLoption option, T value) {
  return curl_easy_setopt(easy, option, value) == CURLE_OK;
}

HeaderList build_header_list(const HttpHeaders& headers, bool has_body) {
  bool has_content_type = false;
  bool has_expect = false;
  curl_slist* list = nullptr;
  auto append = [&list](const std::string& line) {
    curl_slist* grown = curl_slist_append(list, line.c_str());
    if (grown == nullptr) {
      curl_slist_free_all(list);
      throw std::bad_alloc();
    }
    list = grown;
  };
  for (const auto& [name, value] : headers) {
    has_content_type |= iequals(name, "Content-Type");
    has_expect |= iequals(name, "Expect");
    // "Name;" is libcurl's spelling of a header with an empty value ("Name:" deletes it).
    append(value.empty() ? name + ";" : name + ": " + value);
  }
  // Send exactly what the guest asked for: no default form content type, no 100-continue wait.
  if (has_body && !has_content_type) append("Content-Type:");
  if (!has_expect) append("Expect:");
  return HeaderList(list);
}

Hop perform_hop(const HopRequest& request, const FetchPolicy& policy, uint64_t max_response_size,
                Milliseconds remaining) {
  Hop hop;
  EasyHandle easy(curl_easy_init());
  if (!easy) {
    hop.error = "fetch failed: could not create an HTTP client";
    return hop;
  }
  TransferState state;
  state.policy = &policy;
  state.max_body = max_response_size;
  HeaderList header_list = build_header_list(request.headers, !request.body.empty());
  char error_text[CURL_ERROR_SIZE] = {};
  long connect_ms = std::max<long>(1, std::min<long>(policy.connect_timeout_ms, remaining.count()));
  long total_ms = std::max<long>(1, remaining.count());
  curl_off_t size_cap = static_cast<curl_off_t>(
      std::min<uint64_t>(max_response_size, static_cast<uint64_t>(INT64_MAX)));
  CURL* h = easy.get();
  bool configured =
      set(h, CURLOPT_CURLU, request.url) &&
      set(h, CURLOPT_PROTOCOLS_STR, policy.allow_http ? "http,https" : "https") &&
      set(h, CURLOPT_FOLLOWLOCATION, 0L) &&  // redirects are checked and followed by the caller
      set(h, CURLOPT_NOSIGNAL, 1L) &&
      // On a timeout during name resolution, detach the resolver thread rather than wait for it.
      set(h, CURLOPT_QUICK_EXIT, 1L) &&
      set(h, CURLOPT_PROXY, "") &&  // ignore *_proxy variables: the checked host is the one dialled
      set(h, CURLOPT_SSL_VERIFYPEER, 1L) && set(h, CURLOPT_SSL_VERIFYHOST, 2L) &&
      set(h, CURLOPT_HTTP_CONTENT_DECODING, 0L) &&  // the size cap applies to bytes received
      set(h, CURLOPT_CONNECTTIMEOUT_MS, connect_ms) && set(h, CURLOPT_TIMEOUT_MS, total_ms) &&
      set(h, CURLOPT_OPENSOCKETFUNCTION, on_open_socket) &&
      set(h, CURLOPT_OPENSOCKETDATA, static_cast<void*>(&state)) &&
      set(h, CURLOPT_WRITEFUNCTION, on_body_data) &&
      set(h, CURLOPT_WRITEDATA, static_cast<void*>(&state)) &&
      set(h, CURLOPT_MAXFILESIZE_LARGE, size_cap) && set(h, CURLOPT_ERRORBUFFER, error_text) &&
      set(h, CURLOPT_HTTPHEADER, header_list.get()) &&
      set(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (configured && request.method == "HEAD") configured = set(h, CURLOPT_NOBODY, 1L);
  if (configured && !request.body.empty()) {
    configured =
        set(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size())) &&
        set(h, CURLOPT_POSTFIELDS, static_cast<const void*>(request.body.data()));
  }
  if (!configured) {
    hop.error = "fetch failed: the HTTP client rejected its configuration";
    return hop;
  }

  CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &hop.status);
  if (state.out_of_memory) throw std::bad_alloc();
  if (rc == CURLE_OK) {
    if (hop.status >= 300 && hop.status < 400) {
      char* location = nullptr;
      if (curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location) == CURLE_OK &&
          location != nullptr) {
        hop.redirect_url = location;
      }
    }
    hop.body = std::move(state.body);
    return hop;
  }

  if (state.body_too_large || rc == CURLE_FILESIZE_EXCEEDED) {
    hop.error = "fetch failed: response body exceeds the limit of " +
                std::to_string(max_response_size) + " bytes";
  } else if (state.refused_address) {
    hop.error = "fetch refused: host " + quoted(request.host) + " resolves to " +
                address_class_name(state.refused_class) + " address (" + state.refused_text +
                (is_private_class(state.refused_class)
                     ? "); loopback, private and link-local destinations are not allowed"
                     : "), which is never allowed");
  } else if (rc == CURLE_OPERATION_TIMEDOUT) {
    curl_off_t connected_after_us = 0;
    curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connected_after_us);
    bool connect_limit_hit = connected_after_us == 0 && connect_ms < total_ms;
    hop.error = connect_limit_hit ? "fetch failed: connecting to " + quoted(request.host) +
                                        " timed out (connect timeout " +
                                        std::to_string(policy.connect_timeout_ms) + " ms)"
                                  : "fetch failed: request timed out (total timeout " +
                                        std::to_string(policy.total_timeout_ms) + " ms)";
  } else if (rc == CURLE_COULDNT_RESOLVE_HOST) {
    hop.error = "fetch failed: could not resolve host " + quoted(request.host);
  } else {
    hop.error = std::string("fetch failed: ") +
                (error_text[0] != '\0' ? error_text : curl_easy_strerror(rc));
  }
  return hop;
}

// Credentials are meant for the host they were written for.
void drop_credentials(HttpHeaders& headers) {
  std::erase_if(headers, [](const auto& header) {
    return iequals(header.first, "Authorization") || iequals(header.first, "Cookie") ||
           iequals(header.first, "Proxy-Authorization");
  });
}

}  // namespace

const char* address_class_name(AddressClass c) {
  switch (c) {
    case AddressClass::Public:
      return "a public";
    case AddressClass::Loopback:
      return "a loopback";
    case AddressClass::Private:
      return "a private";
    case AddressClass::LinkLocal:
      return "a link-local";
    case AddressClass::Unspecified:
      return "an unspecified";
    case AddressClass::Multicast:
      return "a multicast";
    case AddressClass::Reserved:
      return "a reserved";
  }
  return "an unknown";
}

AddressClass classify_address(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    sockaddr_in v4;
    std::memcpy(&v4, address, sizeof(v4));
    return classify_ipv4(reinterpret_cast<const uint8_t*>(&v4.sin_addr));
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 v6;
    std::memcpy(&v6, address, sizeof(v6));
    return classify_ipv6(v6.sin6_addr.s6_addr);
  }
  return AddressClass::Reserved;
}

std::optional<AddressClass> classify_address_literal(std::string_view text) {
  std::string literal(text);
  uint8_t bytes[16];
  if (inet_pton(AF_INET, literal.c_str(), bytes) == 1) return classify_ipv4(bytes);
  if (inet_pton(AF_INET6, literal.c_str(), bytes) == 1) return classify_ipv6(bytes);
  return std::nullopt;
}

bool host_matches_allowlist(std::string_view host, std::span<const std::string> allowlist) {
  host = without_trailing_dot(host);
  if (host.empty()) return false;
  for (const std::string& entry_text : allowlist) {
    std::string_view entry = without_trailing_dot(entry_text);
    if (entry.starts_with("*.")) {
      std::string_view suffix = entry.substr(1);  // ".suffix"
      if (suffix.size() > 1 && host.size() > suffix.size() &&
          iequals(host.substr(host.size() - suffix.size()), suffix)) {
        return true;
      }
    } else if (!entry.empty() && entry.find('*') == std::string_view::npos &&
               iequals(host, entry)) {  // a '*' elsewhere is not a pattern Ward knows
      return true;
    }
  }
  return false;
}

FetchResult perform_fetch(const FetchRequest& request, const FetchPolicy& policy,
                          uint64_t max_response_size) {
  if (!is_token(request.method)) return failure("fetch refused: invalid HTTP method");
  for (const auto& [name, value] : request.headers) {
    if (!is_token(name)) return failure("fetch refused: invalid header name " + quoted(name));
    if (!is_field_value(value)) {
      return failure("fetch refused: invalid value for header " + quoted(name));
    }
    // Message framing and the destination belong to the client, not the guest.
    if (iequals(name, "Host") || iequals(name, "Content-Length") ||
        iequals(name, "Transfer-Encoding")) {
      return failure("fetch refused: header " + quoted(name) +
                     " may not be set by the application");
    }
  }
  if (request.body.size() > policy.max_request_body) {
    return failure("fetch refused: request body of " + std::to_string(request.body.size()) +
                   " bytes exceeds the limit of " + std::to_string(policy.max_request_body) +
                   " bytes");
  }
  if (!curl_ready()) return failure("fetch failed: the HTTP client could not be initialised");

  UrlHandle url(curl_url());
  if (!url) throw std::bad_alloc();
  if (auto error = parse_url(url.get(), request.url)) return failure(*error);

  std::string method(request.method);
  HttpHeaders headers = request.headers;
  std::span<const uint8_t> body = request.body;
  const auto deadline = Clock::now() + Milliseconds(policy.total_timeout_ms);
  std::string previous_host;
  for (uint32_t redirects = 0;; ++redirects) {
    std::string host;
    if (auto refusal = check_target(url.get(), policy, redirects > 0, host)) {
      return failure(*refusal);
    }
    if (redirects > 0 && !iequals(host, previous_host)) drop_credentials(headers);
    previous_host = host;

    auto remaining = std::chrono::duration_cast<Milliseconds>(deadline - Clock::now());
    if (remaining.count() <= 0) {
      return failure("fetch failed: request timed out (total timeout " +
                     std::to_string(policy.total_timeout_ms) + " ms)");
    }
    Hop hop =
        perform_hop({url.get(), host, method, headers, body}, policy, max_response_size, remaining);
    if (hop.error) return failure(*hop.error);

    if (hop.status >= 300 && hop.status < 400 && !hop.redirect_url.empty()) {
      if (redirects >= policy.max_redirects) {
        return failure("fetch refused: too many redirects (limit " +
                       std::to_string(policy.max_redirects) + ")");
      }
      // 303 always, and 301/302 for POST, continue as a bodiless GET (as browsers do).
      bool becomes_get = (hop.status == 303 && method != "HEAD") ||
                         ((hop.status == 301 || hop.status == 302) && method == "POST");
      if (becomes_get) {
        method = "GET";
        body = {};
      }
      UrlHandle next(curl_url());
      if (!next) throw std::bad_alloc();
      if (auto error = parse_url(next.get(), hop.redirect_url)) {
        return failure("fetch refused: invalid redirect target");
      }
      url = std::move(next);
      continue;
    }
    if (hop.status >= 200 && hop.status < 400) {
      FetchResult result;
      result.ok = true;
      result.status = hop.status;
      result.body = std::move(hop.body);
      return result;
    }
    FetchResult result = failure("fetch failed: HTTP status " + std::to_string(hop.status));
    result.status = hop.status;
    return result;
  }
}

}  // namespace ward::runtime
