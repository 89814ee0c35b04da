// VMContext (calimero-abi.md §5.2) and the options that select Ward's behaviour.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ward::runtime {

using Bytes = std::vector<uint8_t>;
using Id32 = std::array<uint8_t, 32>;

struct VMContext {
  Bytes input;
  Id32 context_id{};
  Id32 account_id{};
  Id32 executor_public_key{};
  std::optional<Id32> xcall_origin;
  std::optional<uint64_t> time_ns;     // deterministic mode: the time every time_now returns
  std::optional<Id32> random_seed;     // deterministic mode: seeds random_bytes
  bool read_only = false;              // view call: storage writes are suppressed
};

// Policy for the `fetch` host function (§11.2). Deny-by-default: with no allowed host the
// function behaves as the reference (disabled message, returns 1).
struct FetchPolicy {
  std::vector<std::string> allowed_hosts;  // exact names or "*.suffix"
  bool allow_http = false;                 // https only unless set
  bool allow_private_addresses = false;    // loopback/private/link-local destinations
  uint32_t max_redirects = 3;
  uint32_t connect_timeout_ms = 5'000;
  uint32_t total_timeout_ms = 20'000;
  uint64_t max_request_body = 1'048'576;
  bool enabled() const { return !allowed_hosts.empty(); }
};

enum class ExecutorIdMode : uint8_t { Account, Device };
enum class CommitPolicy : uint8_t { Ward, Node };

struct RuntimeOptions {
  bool deterministic = false;
  FetchPolicy fetch;
  bool compat_removed_functions = false;  // Appendix A
  bool compat_legacy_abi = false;         // Appendix B
  ExecutorIdMode executor_id = ExecutorIdMode::Account;
  bool node_keys = false;                 // §10.2 key policy: only 32-byte main/private keys
  CommitPolicy commit_policy = CommitPolicy::Ward;
  bool unlimited_memory = false;          // memory-cap=unlimited: growth to 4 GiB as the reference
};

}  // namespace ward::runtime
