// Appendix A: host functions the reference no longer provides (option compat-removed-functions).
// Proposals, approvals and context mutations are collected for the embedder; membership and
// aliases come from the embedder's ContextHost.
#include <sodium.h>

#include <algorithm>
#include <string>

#include "runtime/host/host_function.hpp"
#include "runtime/host/shared_ops.hpp"

namespace ward::runtime {

using K = HostError::Kind;

namespace {

constexpr uint64_t kMaxAliasLength = 50;

Id32 random_proposal_id(VMLogic& vm) {
  Id32 id;
  if (vm.options.deterministic) {
    // Never fall back to OS randomness: nodes replaying the call must agree on the id.
    if (!vm.random_stream) {
      VMLogic::throw_host(HostError::panic(
          PanicContext::Host, "send_proposal: deterministic mode needs VMContext.random_seed"));
    }
    vm.random_stream->fill(id.data(), id.size());
  } else {
    randombytes_buf(id.data(), id.size());
  }
  return id;
}

// A failure inside the embedder's alias resolver.
[[noreturn]] void resolver_failed() { VMLogic::throw_host(K::InvalidMemoryAccess); }

}  // namespace

void send_proposal_op(VMLogic& vm, Buffer actions, Buffer dest_id,
                      ProposalIdLengthError on_bad_length) {
  auto action_bytes = vm.payload(actions);
  vm.payload(dest_id);  // bounds check only
  Id32 id = random_proposal_id(vm);
  if (dest_id.len != id.size()) {
    if (on_bad_length == ProposalIdLengthError::InvalidMemoryAccess) {
      VMLogic::throw_host(K::InvalidMemoryAccess);
    }
    // The reference's slice-copy panic text.
    VMLogic::throw_host(HostError::panic(
        PanicContext::Host, "source slice length (32) does not match destination slice length (" +
                                std::to_string(dest_id.len) + ")"));
  }
  vm.write_to(dest_id, id);
  Bytes recorded(action_bytes.begin(), action_bytes.end());
  auto existing = std::find_if(vm.proposals.begin(), vm.proposals.end(),
                               [&](const auto& entry) { return entry.first == id; });
  if (existing != vm.proposals.end()) {
    existing->second = std::move(recorded);  // a map keyed by id
  } else {
    vm.proposals.emplace_back(id, std::move(recorded));
  }
}

void approve_proposal_op(VMLogic& vm, Buffer approval) {
  vm.approvals.push_back(vm.read_id(approval));
}

namespace {

void send_proposal(VMLogic& vm, uint64_t* s) {
  Buffer actions = vm.read_buffer(s[0]);
  Buffer dest_id = vm.read_buffer(s[1]);
  send_proposal_op(vm, actions, dest_id, ProposalIdLengthError::HostPanic);
}

void approve_proposal(VMLogic& vm, uint64_t* s) { approve_proposal_op(vm, vm.read_buffer(s[0])); }

void context_create(VMLogic& vm, uint64_t* s) {
  ContextMutation mutation;
  mutation.type = ContextMutation::Type::CreateContext;
  mutation.protocol = std::string(vm.read_str(vm.read_buffer(s[0])));
  mutation.id = vm.read_id(vm.read_buffer(s[1]));
  auto args = vm.payload(vm.read_buffer(s[2]));
  mutation.init_args.assign(args.begin(), args.end());
  if (s[3] != 0) {
    Buffer alias = vm.read_buffer(s[3]);
    if (alias.len > 0) mutation.alias = std::string(vm.read_str(alias));
  }
  ContextHost* host = vm.env.context_host;
  if (mutation.alias && host != nullptr) {
    if (mutation.alias->size() > kMaxAliasLength) {
      VMLogic::throw_host(K::AliasTooLong, mutation.alias->size());
    }
    bool exists = false;
    try {
      exists = host->alias_exists(*mutation.alias);
    } catch (...) {
      resolver_failed();
    }
    if (exists) {
      HostError error = HostError::of(K::AliasAlreadyExists);
      error.text = *mutation.alias;
      VMLogic::throw_host(std::move(error));
    }
  }
  vm.context_mutations.push_back(std::move(mutation));
}

template <ContextMutation::Type Type>
void queue_id_mutation(VMLogic& vm, uint64_t* s) {
  ContextMutation mutation;
  mutation.type = Type;
  mutation.id = vm.read_id(vm.read_buffer(s[0]));
  vm.context_mutations.push_back(std::move(mutation));
}

void context_is_member(VMLogic& vm, uint64_t* s) {
  Id32 key = vm.read_id(vm.read_buffer(s[0]));
  ContextHost* host = vm.env.context_host;
  s[0] = host != nullptr && host->is_member(key) ? 1 : 0;
}

void context_members(VMLogic& vm, uint64_t* s) {
  std::vector<Id32> members;
  if (vm.env.context_host != nullptr) members = vm.env.context_host->members();
  // borsh encodes a Vec's length as u32.
  if (members.size() > UINT32_MAX) VMLogic::throw_host(K::SerializationError);
  Bytes encoded(4 + members.size() * 32);
  uint32_t count = static_cast<uint32_t>(members.size());
  for (int i = 0; i < 4; ++i) encoded[i] = static_cast<uint8_t>(count >> (8 * i));
  for (size_t i = 0; i < members.size(); ++i) {
    std::copy(members[i].begin(), members[i].end(), encoded.begin() + 4 + 32 * i);
  }
  vm.set_register(s[0], encoded);
}

void context_resolve_alias(VMLogic& vm, uint64_t* s) {
  std::string_view alias = vm.read_str(vm.read_buffer(s[0]));
  ContextHost* host = vm.env.context_host;
  if (host == nullptr) VMLogic::throw_host(K::NodeClientNotAvailable);
  if (alias.size() > kMaxAliasLength) VMLogic::throw_host(K::AliasTooLong, alias.size());
  std::optional<Id32> resolved;
  try {
    resolved = host->resolve_alias(alias);
  } catch (...) {
    resolver_failed();
  }
  if (!resolved) {
    s[0] = 0;
    return;
  }
  vm.set_register(s[1], *resolved);
  s[0] = 1;
}

}  // namespace

void add_removed_functions(HostTable& t) {
  using T = ContextMutation::Type;
  t.push_back({"send_proposal", sig({I64, I64}), host_entry<send_proposal>});
  t.push_back({"approve_proposal", sig({I64}), host_entry<approve_proposal>});
  t.push_back({"context_create", sig({I64, I64, I64, I64}), host_entry<context_create>});
  t.push_back({"context_delete", sig({I64}), host_entry<queue_id_mutation<T::DeleteContext>>});
  t.push_back({"context_add_member", sig({I64}), host_entry<queue_id_mutation<T::AddMember>>});
  t.push_back(
      {"context_remove_member", sig({I64}), host_entry<queue_id_mutation<T::RemoveMember>>});
  t.push_back({"context_is_member", sig({I64}, {I32}), host_entry<context_is_member>});
  t.push_back({"context_members", sig({I64}), host_entry<context_members>});
  t.push_back({"context_resolve_alias", sig({I64, I64}, {I32}), host_entry<context_resolve_alias>});
}

}  // namespace ward::runtime
