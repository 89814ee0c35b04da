// §4.9 `fetch(url, method, headers, body, register_id) -> i32`: disabled as in the reference
// unless a FetchPolicy allowlist is configured outside deterministic mode (§11.1, §11.2).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "runtime/fetch_client.hpp"
#include "runtime/host/host_function.hpp"

namespace ward::runtime {

inline constexpr std::string_view kFetchDisabledMessage =
    "Host function 'fetch' is temporarily disabled.";

void add_fetch_function(HostTable& table);

// The body wrapped by host_entry: slots are (url, method, headers, body, register_id) and the
// i32 result (0 success, 1 failure) goes to slots[0].
void fetch_host_function(VMLogic& vm, uint64_t* slots);

// The headers argument: borsh Vec<(String, String)>. nullopt on any malformation (short input,
// invalid UTF-8) or trailing bytes.
std::optional<HttpHeaders> decode_fetch_headers(std::span<const uint8_t> bytes);

}  // namespace ward::runtime
