// The Outcome of one execution (calimero-abi.md §5.3) and its CLI JSON form (§9.4).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "ward/runtime/context.hpp"
#include "ward/runtime/errors.hpp"

namespace ward::runtime {

struct Event {
  std::string kind;
  Bytes data;
  std::optional<std::string> handler;
  bool operator==(const Event&) const = default;
};

struct XCall {
  Id32 context_id{};
  std::string function;
  Bytes params;
  bool operator==(const XCall&) const = default;
};

// Appendix A additions.
struct ContextMutation {
  enum class Type : uint8_t { CreateContext, DeleteContext, AddMember, RemoveMember };
  Type type = Type::CreateContext;
  std::string protocol;                 // CreateContext
  Id32 id{};                            // application_id / context_id / public_key
  Bytes init_args;                      // CreateContext
  std::optional<std::string> alias;     // CreateContext
  bool operator==(const ContextMutation&) const = default;
};

struct Outcome {
  // Ok(optional value) or Err(error).
  std::variant<std::optional<Bytes>, FunctionCallError> returns;
  std::vector<std::string> logs;
  std::vector<Event> events;
  std::vector<XCall> xcalls;
  std::optional<Id32> root_hash;
  Bytes artifact;
  std::optional<Bytes> migration_witness;
  std::optional<uint64_t> gas_used;

  // Appendix A (printed only when the compatibility functions are enabled).
  bool has_compat_fields = false;
  std::vector<std::pair<Id32, Bytes>> proposals;
  std::vector<Id32> approvals;
  std::vector<ContextMutation> context_mutations;

  bool ok() const { return returns.index() == 0; }
  const FunctionCallError* error() const { return std::get_if<FunctionCallError>(&returns); }
};

// §9.4: keys in the exact order; `pretty` indents with two spaces.
std::string to_json(const Outcome& outcome, bool pretty = false);
// The same shape for a compile failure (returns.error set, everything else empty/null).
std::string compile_error_json(const FunctionCallError& error, bool pretty = false);

}  // namespace ward::runtime
