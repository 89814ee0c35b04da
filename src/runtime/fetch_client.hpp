// The HTTP side of the `fetch` host function when Ward enables it (calimero-abi.md §4.9, §11.2):
// a policy-checked client on libcurl. Every request is deny-by-default: the URL scheme and host
// must pass the policy, every address the client connects to is checked at connect time (so a
// DNS answer that changes between check and use cannot reach a forbidden address), redirects
// are followed here rather than by libcurl so each target is checked again, and every refusal,
// timeout or cap yields a specific message instead of an exception.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ward/runtime/context.hpp"

struct sockaddr;

namespace ward::runtime {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct FetchRequest {
  std::string_view url;
  std::string_view method;
  HttpHeaders headers;
  std::span<const uint8_t> body;  // empty: no request body
};

struct FetchResult {
  bool ok = false;
  long status = 0;    // final HTTP status, 0 when no response arrived
  Bytes body;         // response body when ok
  std::string error;  // UTF-8 reason when !ok
};

// Performs the request under `policy`. The response body may hold at most
// `max_response_size` bytes; a larger one aborts the transfer. Never throws for network,
// policy or protocol problems; only allocation failures escape.
FetchResult perform_fetch(const FetchRequest& request, const FetchPolicy& policy,
                          uint64_t max_response_size);

// Allowlist matching: an entry is an exact host name or "*.suffix", which matches any host
// ending in ".suffix" with at least one label before it (not "suffix" itself). Comparison
// ignores ASCII case and one trailing dot on either side. Any other use of '*' matches nothing.
bool host_matches_allowlist(std::string_view host, std::span<const std::string> allowlist);

// Destination classes of §11.2. Loopback, Private and LinkLocal are reachable only when the
// policy allows private addresses; Unspecified, Multicast and Reserved never are.
enum class AddressClass : uint8_t {
  Public,
  Loopback,
  Private,  // RFC 1918, shared address space (RFC 6598), IPv6 unique-local and site-local
  LinkLocal,
  Unspecified,
  Multicast,
  Reserved,  // 240.0.0.0/4, broadcast, IPv4-compatible IPv6 and other non-routable ranges
};
const char* address_class_name(AddressClass c);
AddressClass classify_address(const sockaddr* address);
// For literal IPv4/IPv6 text; nullopt when `text` is not an address literal.
std::optional<AddressClass> classify_address_literal(std::string_view text);

}  // namespace ward::runtime
