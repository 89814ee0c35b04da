// Compatibility surfaces of the host ABI: the removed functions of calimero-abi.md Appendix A,
// the JavaScript-SDK functions of calimero-abi-js.md (link, then trap), and the legacy splatted
// ABI of Appendix B with its per-module flavour selection. Modules are assembled from WAT and
// run through Application::compile and run.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/crypto/chacha20.hpp"
#include "runtime/host/host_function.hpp"
#include "runtime/host_registry.hpp"
#include "support/wat.hpp"
#include "ward/runtime/memory_blob_store.hpp"
#include "ward/runtime/runtime.hpp"
#include "ward/storage/memory_store.hpp"

namespace ward::runtime {
namespace {

using FK = FunctionCallError::Kind;
using Set = HostRegistry::Set;

// ---------------------------------------------------------------------------------------------
// Module text helpers.

Bytes le64(uint64_t v) {
  Bytes out(8);
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
  return out;
}

// A §3.2 Buffer descriptor.
Bytes buf(uint64_t ptr, uint64_t len) {
  Bytes out = le64(ptr);
  Bytes l = le64(len);
  out.insert(out.end(), l.begin(), l.end());
  return out;
}

Bytes bytes_of(std::string_view text) { return Bytes(text.begin(), text.end()); }

Id32 id_filled(uint8_t b) {
  Id32 id;
  id.fill(b);
  return id;
}

Bytes id_bytes(uint8_t b) { return Bytes(32, b); }

// A data segment placing `bytes` at `at`.
std::string data(uint32_t at, const Bytes& bytes) {
  std::string out = "(data (i32.const " + std::to_string(at) + ") \"";
  for (uint8_t b : bytes) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "\\%02x", b);
    out += hex;
  }
  return out + "\")\n";
}
std::string data(uint32_t at, std::string_view text) { return data(at, bytes_of(text)); }

enum class Abi { ByReference, Legacy };

// Every test module imports value_return, register_len and read_register in its flavour and
// gets helpers that return bytes, an i32, or a register's content as the method's value.
// Memory below 0x100 is reserved for the helpers; register contents are staged at 0x8000.
constexpr std::string_view kByReferencePrelude = R"(
  (import "env" "value_return" (func $value_return (param i64)))
  (import "env" "register_len" (func $register_len (param i64) (result i64)))
  (import "env" "read_register" (func $read_register (param i64 i64) (result i32)))
)";
constexpr std::string_view kByReferenceHelpers = R"(
  (func $return_bytes (param $ptr i32) (param $len i32)
    (i64.store (i32.const 0x20) (i64.const 0))
    (i64.store (i32.const 0x28) (i64.extend_i32_u (local.get $ptr)))
    (i64.store (i32.const 0x30) (i64.extend_i32_u (local.get $len)))
    (call $value_return (i64.const 0x20)))
  (func $return_register (param $id i64)
    (local $len i64)
    (local.set $len (call $register_len (local.get $id)))
    (i64.store (i32.const 0x40) (i64.const 0x8000))
    (i64.store (i32.const 0x48) (local.get $len))
    (drop (call $read_register (local.get $id) (i64.const 0x40)))
    (call $return_bytes (i32.const 0x8000) (i32.wrap_i64 (local.get $len))))
)";
constexpr std::string_view kLegacyPrelude = R"(
  (import "env" "value_return" (func $value_return (param i64 i64 i64)))
  (import "env" "register_len" (func $register_len (param i64) (result i64)))
  (import "env" "read_register" (func $read_register (param i64 i64 i64) (result i32)))
)";
constexpr std::string_view kLegacyHelpers = R"(
  (func $return_bytes (param $ptr i32) (param $len i32)
    (call $value_return (i64.const 0) (i64.extend_i32_u (local.get $ptr))
                        (i64.extend_i32_u (local.get $len))))
  (func $return_register (param $id i64)
    (local $len i64)
    (local.set $len (call $register_len (local.get $id)))
    (drop (call $read_register (local.get $id) (i64.const 0x8000) (local.get $len)))
    (call $return_bytes (i32.const 0x8000) (i32.wrap_i64 (local.get $len))))
)";
constexpr std::string_view kCommonHelpers = R"(
  (func $return_i32 (param i32)
    (i32.store (i32.const 0x10) (local.get 0))
    (call $return_bytes (i32.const 0x10) (i32.const 4)))
  (func $return_i64 (param i64)
    (i64.store (i32.const 0x10) (local.get 0))
    (call $return_bytes (i32.const 0x10) (i32.const 8)))
)";

std::string module(Abi abi, std::string_view imports, std::string_view funcs,
                   std::string_view data_segments = {}) {
  bool legacy = abi == Abi::Legacy;
  std::string text = "(module\n";
  text += legacy ? kLegacyPrelude : kByReferencePrelude;
  text += imports;
  text += "\n(memory (export \"memory\") 1)\n";
  text += legacy ? kLegacyHelpers : kByReferenceHelpers;
  text += kCommonHelpers;
  text += data_segments;
  text += funcs;
  return text + ")\n";
}

// ---------------------------------------------------------------------------------------------
// Running modules.

class FakeContextHost : public ContextHost {
 public:
  std::vector<Id32> member_list;
  std::map<std::string, Id32, std::less<>> aliases;
  bool fail = false;

  bool is_member(const Id32& key) override {
    return std::find(member_list.begin(), member_list.end(), key) != member_list.end();
  }
  std::vector<Id32> members() override { return member_list; }
  std::optional<Id32> resolve_alias(std::string_view alias) override {
    if (fail) throw std::runtime_error("resolver unavailable");
    auto it = aliases.find(alias);
    if (it == aliases.end()) return std::nullopt;
    return it->second;
  }
  bool alias_exists(std::string_view alias) override {
    if (fail) throw std::runtime_error("resolver unavailable");
    return aliases.find(alias) != aliases.end();
  }
};

struct Runner {
  VMLimits limits;
  RuntimeOptions options;
  VMContext context;
  storage::MemoryStore store;
  ContextHost* context_host = nullptr;
  BlobStore* blobs = nullptr;

  std::shared_ptr<const Application> compile(const std::string& wat) {
    Bytes wasm = test::wat_to_wasm(wat);
    if (wasm.empty()) {
      ADD_FAILURE() << "wat2wasm rejected:\n" << wat;
      return nullptr;
    }
    auto app = Application::compile(wasm, limits, options);
    if (!app) {
      ADD_FAILURE() << "compile failed: " << to_string(app.error());
      return nullptr;
    }
    return app.value();
  }

  Outcome run(const Application& app, std::string_view method = "m") {
    RunEnvironment env;
    env.storage = &store;
    env.blobs = blobs;
    env.context_host = context_host;
    return ward::runtime::run(app, context, method, env, limits, options);
  }

  Outcome run(const std::string& wat, std::string_view method = "m") {
    auto app = compile(wat);
    if (!app) {
      Outcome failed;
      FunctionCallError error;
      error.kind = FK::CompilationError;
      failed.returns = error;
      return failed;
    }
    return run(*app, method);
  }
};

// "ok" for a successful outcome, otherwise the §9.3 JSON of its error.
std::string result_json(const Outcome& outcome) {
  if (outcome.ok()) return "ok";
  return to_json(*outcome.error());
}

Bytes returned(const Outcome& outcome) {
  if (!outcome.ok()) {
    ADD_FAILURE() << "expected success, got " << to_json(*outcome.error());
    return {};
  }
  const auto& value = std::get<0>(outcome.returns);
  if (!value) {
    ADD_FAILURE() << "no value returned";
    return {};
  }
  return *value;
}

uint32_t returned_u32(const Outcome& outcome) {
  Bytes b = returned(outcome);
  if (b.size() != 4) {
    ADD_FAILURE() << "expected 4 bytes, got " << b.size();
    return UINT32_MAX;
  }
  return b[0] | b[1] << 8 | b[2] << 16 | static_cast<uint32_t>(b[3]) << 24;
}

std::string host_error_json(std::string_view inner) {
  return R"({"type":"HostError","data":)" + std::string(inner) + "}";
}
const std::string kInvalidMemoryAccess = host_error_json(R"({"type":"InvalidMemoryAccess"})");
const std::string kBadUtf8 = host_error_json(R"({"type":"BadUTF8"})");
const std::string kLinkError = R"({"type":"LinkError","data":{}})";

std::string host_panic_json(std::string_view message) {
  return host_error_json(R"({"type":"Panic","data":{"context":"Host","message":")" +
                         std::string(message) + "\"}}");
}

Bytes keystream(const Id32& seed, size_t n) {
  crypto::ChaCha20Stream stream = crypto::random_bytes_stream(seed);
  Bytes out(n);
  stream.fill(out);
  return out;
}

engine::FuncType type_of(std::string_view params, std::string_view results) {
  engine::FuncType type;
  for (char c : params)
    type.params.push_back(c == 'i' ? engine::ValType::I32 : engine::ValType::I64);
  for (char c : results) {
    type.results.push_back(c == 'i' ? engine::ValType::I32 : engine::ValType::I64);
  }
  return type;
}

const HostFunctionSpec* find_spec(const HostTable& table, std::string_view name) {
  for (const HostFunctionSpec& spec : table) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Appendix A: removed functions.

constexpr std::string_view kRemovedImports = R"(
  (import "env" "send_proposal" (func $send_proposal (param i64 i64)))
  (import "env" "approve_proposal" (func $approve_proposal (param i64)))
  (import "env" "context_create" (func $context_create (param i64 i64 i64 i64)))
  (import "env" "context_delete" (func $context_delete (param i64)))
  (import "env" "context_add_member" (func $context_add_member (param i64)))
  (import "env" "context_remove_member" (func $context_remove_member (param i64)))
  (import "env" "context_is_member" (func $context_is_member (param i64) (result i32)))
  (import "env" "context_members" (func $context_members (param i64)))
  (import "env" "context_resolve_alias" (func $context_resolve_alias (param i64 i64) (result i32)))
)";

constexpr std::string_view kRemovedMethods = R"(
  (func (export "propose")
    (call $send_proposal (i64.const 0x100) (i64.const 0x110))
    (call $return_bytes (i32.const 0x500) (i32.const 32)))
  (func (export "propose_twice")
    (call $send_proposal (i64.const 0x100) (i64.const 0x110))
    (call $send_proposal (i64.const 0x240) (i64.const 0x110)))
  (func (export "propose_bad_length") (call $send_proposal (i64.const 0x100) (i64.const 0x120)))
  (func (export "propose_dest_out_of_bounds")
    (call $send_proposal (i64.const 0x100) (i64.const 0x130)))
  (func (export "propose_actions_out_of_bounds")
    (call $send_proposal (i64.const 0x140) (i64.const 0x120)))
  (func (export "approve") (call $approve_proposal (i64.const 0x150)))
  (func (export "approve_bad_length") (call $approve_proposal (i64.const 0x160)))
  (func (export "approve_descriptor_out_of_bounds") (call $approve_proposal (i64.const 0xfff8)))
  (func (export "create")
    (call $context_create (i64.const 0x170) (i64.const 0x180) (i64.const 0x190) (i64.const 0x1a0)))
  (func (export "create_without_alias")
    (call $context_create (i64.const 0x170) (i64.const 0x180) (i64.const 0x190) (i64.const 0)))
  (func (export "create_empty_alias")
    (call $context_create (i64.const 0x170) (i64.const 0x180) (i64.const 0x190) (i64.const 0x1b0)))
  (func (export "create_long_alias")
    (call $context_create (i64.const 0x170) (i64.const 0x180) (i64.const 0x190) (i64.const 0x1c0)))
  (func (export "create_alias_50")
    (call $context_create (i64.const 0x170) (i64.const 0x180) (i64.const 0x190) (i64.const 0x210)))
  (func (export "create_taken_alias")
    (call $context_create (i64.const 0x170) (i64.const 0x180) (i64.const 0x190) (i64.const 0x1d0)))
  (func (export "create_bad_protocol")
    (call $context_create (i64.const 0x1e0) (i64.const 0x180) (i64.const 0x190) (i64.const 0)))
  (func (export "create_bad_app_id")
    (call $context_create (i64.const 0x170) (i64.const 0x160) (i64.const 0x190) (i64.const 0)))
  (func (export "create_bad_args")
    (call $context_create (i64.const 0x170) (i64.const 0x180) (i64.const 0x140) (i64.const 0)))
  (func (export "mutations")
    (call $context_delete (i64.const 0x180))
    (call $context_add_member (i64.const 0x1f0))
    (call $context_remove_member (i64.const 0x200)))
  (func (export "delete_bad_length") (call $context_delete (i64.const 0x160)))
  (func (export "add_member_bad_length") (call $context_add_member (i64.const 0x160)))
  (func (export "remove_member_bad_length") (call $context_remove_member (i64.const 0x160)))
  (func (export "is_member") (call $return_i32 (call $context_is_member (i64.const 0x1f0))))
  (func (export "is_not_member") (call $return_i32 (call $context_is_member (i64.const 0x200))))
  (func (export "is_member_bad_length") (drop (call $context_is_member (i64.const 0x160))))
  (func (export "members")
    (call $context_members (i64.const 5))
    (call $return_register (i64.const 5)))
  (func (export "resolve_taken")
    (if (call $context_resolve_alias (i64.const 0x1d0) (i64.const 6))
      (then (call $return_register (i64.const 6)))
      (else (call $return_i32 (i32.const 0)))))
  (func (export "resolve_fresh")
    (call $return_i32 (call $context_resolve_alias (i64.const 0x1a0) (i64.const 6))))
  (func (export "resolve_long") (drop (call $context_resolve_alias (i64.const 0x1c0) (i64.const 6))))
  (func (export "resolve_bad_utf8")
    (drop (call $context_resolve_alias (i64.const 0x1e0) (i64.const 6))))
)";

std::string removed_data() {
  std::string d;
  d += data(0x100, buf(0x400, 5));    // actions
  d += data(0x110, buf(0x500, 32));   // proposal id destination
  d += data(0x120, buf(0x500, 16));   // destination of the wrong length
  d += data(0x130, buf(0xfff0, 32));  // destination past the end of memory
  d += data(0x140, buf(0xffff, 2));   // payload past the end of memory
  d += data(0x150, buf(0x600, 32));   // approval id / application id
  d += data(0x160, buf(0x600, 31));   // id of the wrong length
  d += data(0x170, buf(0x700, 4));    // protocol
  d += data(0x180, buf(0x600, 32));   // application id / context id
  d += data(0x190, buf(0x720, 3));    // init args
  d += data(0x1a0, buf(0x740, 5));    // alias "fresh"
  d += data(0x1b0, buf(0, 0));        // empty alias
  d += data(0x1c0, buf(0x760, 51));   // 51-byte alias
  d += data(0x1d0, buf(0x7a0, 5));    // alias "taken"
  d += data(0x1e0, buf(0x7c0, 2));    // invalid UTF-8
  d += data(0x1f0, buf(0x800, 32));   // a member key
  d += data(0x200, buf(0x820, 32));   // another key
  d += data(0x210, buf(0x760, 50));   // 50-byte alias
  d += data(0x240, buf(0x403, 2));    // second actions
  d += data(0x400, Bytes{1, 2, 3, 4, 5});
  d += data(0x600, id_bytes(0xaa));
  d += data(0x700, "near");
  d += data(0x720, "abc");
  d += data(0x740, "fresh");
  d += data(0x760, std::string(51, 'x'));
  d += data(0x7a0, "taken");
  d += data(0x7c0, Bytes{0xff, 0xfe});
  d += data(0x800, id_bytes(0x11));
  d += data(0x820, id_bytes(0x22));
  return d;
}

class RemovedFunctionsTest : public ::testing::Test {
 protected:
  RemovedFunctionsTest() {
    runner.options.compat_removed_functions = true;
    host.member_list = {id_filled(0x11), id_filled(0x44)};
    host.aliases.emplace("taken", id_filled(0x33));
  }

  // Runs `method` without a ContextHost.
  Outcome call(std::string_view method) { return run(method, nullptr); }
  Outcome call_with_host(std::string_view method) { return run(method, &host); }

  Outcome run(std::string_view method, ContextHost* context_host) {
    if (!app) {
      app = runner.compile(
          module(Abi::ByReference, kRemovedImports, kRemovedMethods, removed_data()));
    }
    if (!app) return {};
    runner.context_host = context_host;
    return runner.run(*app, method);
  }

  Runner runner;
  FakeContextHost host;
  std::shared_ptr<const Application> app;
};

TEST_F(RemovedFunctionsTest, LinkOnlyWithTheOption) {
  Runner plain;
  Outcome out = plain.run(
      module(Abi::ByReference, kRemovedImports, kRemovedMethods, removed_data()), "approve");
  EXPECT_EQ(result_json(out), kLinkError);
  EXPECT_FALSE(out.has_compat_fields);

  Outcome enabled = call("approve");
  EXPECT_EQ(result_json(enabled), "ok");
  EXPECT_TRUE(enabled.has_compat_fields);
}

TEST_F(RemovedFunctionsTest, SendProposalWritesARandomIdAndRecordsTheActions) {
  Outcome first = call("propose");
  Bytes id = returned(first);
  ASSERT_EQ(id.size(), 32u);
  ASSERT_EQ(first.proposals.size(), 1u);
  EXPECT_EQ(Bytes(first.proposals[0].first.begin(), first.proposals[0].first.end()), id);
  EXPECT_EQ(first.proposals[0].second, (Bytes{1, 2, 3, 4, 5}));

  Outcome second = call("propose");
  EXPECT_NE(returned(second), id) << "OS randomness gives a fresh id";
}

TEST_F(RemovedFunctionsTest, SendProposalUsesTheDeterministicStream) {
  runner.options.deterministic = true;
  runner.context.random_seed = id_filled(7);
  Outcome out = call("propose_twice");
  ASSERT_EQ(result_json(out), "ok");
  Bytes stream = keystream(id_filled(7), 64);
  ASSERT_EQ(out.proposals.size(), 2u);
  EXPECT_EQ(Bytes(out.proposals[0].first.begin(), out.proposals[0].first.end()),
            Bytes(stream.begin(), stream.begin() + 32));
  EXPECT_EQ(out.proposals[0].second, (Bytes{1, 2, 3, 4, 5}));
  EXPECT_EQ(Bytes(out.proposals[1].first.begin(), out.proposals[1].first.end()),
            Bytes(stream.begin() + 32, stream.end()));
  EXPECT_EQ(out.proposals[1].second, (Bytes{4, 5}));

  runner.context.random_seed.reset();
  EXPECT_EQ(result_json(call("propose")),
            host_panic_json("send_proposal: deterministic mode needs VMContext.random_seed"));
}

TEST_F(RemovedFunctionsTest, SendProposalErrors) {
  Outcome bad_length = call("propose_bad_length");
  EXPECT_EQ(
      result_json(bad_length),
      host_panic_json("source slice length (32) does not match destination slice length (16)"));
  EXPECT_TRUE(bad_length.proposals.empty());
  EXPECT_EQ(result_json(call("propose_dest_out_of_bounds")), kInvalidMemoryAccess);
  // The actions are read before the destination's length is looked at.
  EXPECT_EQ(result_json(call("propose_actions_out_of_bounds")), kInvalidMemoryAccess);
}

TEST_F(RemovedFunctionsTest, ApproveProposal) {
  Outcome out = call("approve");
  ASSERT_EQ(result_json(out), "ok");
  EXPECT_EQ(out.approvals, std::vector<Id32>{id_filled(0xaa)});
  EXPECT_EQ(result_json(call("approve_bad_length")), kInvalidMemoryAccess);
  EXPECT_EQ(result_json(call("approve_descriptor_out_of_bounds")), kInvalidMemoryAccess);
}

TEST_F(RemovedFunctionsTest, ContextCreateQueuesTheMutation) {
  for (bool with_host : {false, true}) {
    Outcome out = with_host ? call_with_host("create") : call("create");
    ASSERT_EQ(result_json(out), "ok");
    ContextMutation expected;
    expected.type = ContextMutation::Type::CreateContext;
    expected.protocol = "near";
    expected.id = id_filled(0xaa);
    expected.init_args = bytes_of("abc");
    expected.alias = "fresh";
    EXPECT_EQ(out.context_mutations, std::vector<ContextMutation>{expected});
  }
  for (std::string_view method : {"create_without_alias", "create_empty_alias"}) {
    Outcome out = call_with_host(method);
    ASSERT_EQ(result_json(out), "ok") << method;
    ASSERT_EQ(out.context_mutations.size(), 1u);
    EXPECT_EQ(out.context_mutations[0].alias, std::nullopt) << method;
  }
}

TEST_F(RemovedFunctionsTest, ContextCreateChecksAliasesOnlyWithAResolver) {
  // Without a resolver nothing is checked.
  Outcome unchecked = call("create_long_alias");
  ASSERT_EQ(result_json(unchecked), "ok");
  EXPECT_EQ(unchecked.context_mutations.at(0).alias, std::string(51, 'x'));
  EXPECT_EQ(result_json(call("create_taken_alias")), "ok");

  EXPECT_EQ(result_json(call_with_host("create_long_alias")),
            host_error_json(R"({"type":"AliasTooLong","data":51})"));
  EXPECT_EQ(result_json(call_with_host("create_alias_50")), "ok");
  Outcome taken = call_with_host("create_taken_alias");
  EXPECT_EQ(result_json(taken), host_error_json(R"({"type":"AliasAlreadyExists","data":"taken"})"));
  EXPECT_TRUE(taken.context_mutations.empty());

  host.fail = true;
  EXPECT_EQ(result_json(call_with_host("create_taken_alias")), kInvalidMemoryAccess);
}

TEST_F(RemovedFunctionsTest, ContextCreateReadErrors) {
  EXPECT_EQ(result_json(call("create_bad_protocol")), kBadUtf8);
  EXPECT_EQ(result_json(call("create_bad_app_id")), kInvalidMemoryAccess);
  EXPECT_EQ(result_json(call("create_bad_args")), kInvalidMemoryAccess);
}

TEST_F(RemovedFunctionsTest, MembershipMutations) {
  Outcome out = call("mutations");
  ASSERT_EQ(result_json(out), "ok");
  ASSERT_EQ(out.context_mutations.size(), 3u);
  EXPECT_EQ(out.context_mutations[0].type, ContextMutation::Type::DeleteContext);
  EXPECT_EQ(out.context_mutations[0].id, id_filled(0xaa));
  EXPECT_EQ(out.context_mutations[1].type, ContextMutation::Type::AddMember);
  EXPECT_EQ(out.context_mutations[1].id, id_filled(0x11));
  EXPECT_EQ(out.context_mutations[2].type, ContextMutation::Type::RemoveMember);
  EXPECT_EQ(out.context_mutations[2].id, id_filled(0x22));
  for (std::string_view method :
       {"delete_bad_length", "add_member_bad_length", "remove_member_bad_length"}) {
    EXPECT_EQ(result_json(call(method)), kInvalidMemoryAccess) << method;
  }
}

TEST_F(RemovedFunctionsTest, ContextIsMember) {
  EXPECT_EQ(returned_u32(call_with_host("is_member")), 1u);
  EXPECT_EQ(returned_u32(call_with_host("is_not_member")), 0u);
  EXPECT_EQ(returned_u32(call("is_member")), 0u) << "no ContextHost: 0";
  EXPECT_EQ(result_json(call_with_host("is_member_bad_length")), kInvalidMemoryAccess);
}

TEST_F(RemovedFunctionsTest, ContextMembersIsABorshVector) {
  Bytes expected = {2, 0, 0, 0};
  Bytes a = id_bytes(0x11), b = id_bytes(0x44);
  expected.insert(expected.end(), a.begin(), a.end());
  expected.insert(expected.end(), b.begin(), b.end());
  EXPECT_EQ(returned(call_with_host("members")), expected);
  EXPECT_EQ(returned(call("members")), (Bytes{0, 0, 0, 0}));
}

TEST_F(RemovedFunctionsTest, ContextResolveAlias) {
  EXPECT_EQ(returned(call_with_host("resolve_taken")), id_bytes(0x33));
  EXPECT_EQ(returned_u32(call_with_host("resolve_fresh")), 0u);
  EXPECT_EQ(result_json(call_with_host("resolve_long")),
            host_error_json(R"({"type":"AliasTooLong","data":51})"));
  // The resolver's absence is reported before the length.
  EXPECT_EQ(result_json(call("resolve_long")),
            host_error_json(R"({"type":"NodeClientNotAvailable"})"));
  // The string is read before anything else.
  EXPECT_EQ(result_json(call("resolve_bad_utf8")), kBadUtf8);
  host.fail = true;
  EXPECT_EQ(result_json(call_with_host("resolve_taken")), kInvalidMemoryAccess);
}

TEST(RemovedFunctionsTable, NamesAndTypes) {
  const std::map<std::string, engine::FuncType> expected = {
      {"send_proposal", type_of("II", "")},          {"approve_proposal", type_of("I", "")},
      {"context_create", type_of("IIII", "")},       {"context_delete", type_of("I", "")},
      {"context_add_member", type_of("I", "")},      {"context_remove_member", type_of("I", "")},
      {"context_is_member", type_of("I", "i")},      {"context_members", type_of("I", "")},
      {"context_resolve_alias", type_of("II", "i")},
  };
  HostTable table;
  add_removed_functions(table);
  ASSERT_EQ(table.size(), expected.size());
  for (const auto& [name, type] : expected) {
    const HostFunctionSpec* spec = find_spec(table, name);
    ASSERT_NE(spec, nullptr) << name;
    EXPECT_EQ(spec->type, type) << name;
    const HostFunctionRef* registered = HostRegistry::get().find(Set::Removed, name);
    ASSERT_NE(registered, nullptr) << name;
    EXPECT_EQ(*registered->type, type) << name;
  }
}

// ---------------------------------------------------------------------------------------------
// JavaScript-SDK collection functions.

// calimero-abi-js.md §4, verbatim.
constexpr std::string_view kJsSignatureList = R"(
js_crdt_map_new(register_id)
js_crdt_map_new_with_id(id_ptr, register_id)
js_crdt_map_get(map_id_ptr, key_ptr, register_id)
js_crdt_map_insert(map_id_ptr, key_ptr, value_ptr, register_id)
js_crdt_map_remove(map_id_ptr, key_ptr, register_id)
js_crdt_map_contains(map_id_ptr, key_ptr)
js_crdt_map_iter(map_id_ptr, register_id)
js_crdt_vector_new(register_id)
js_crdt_vector_new_with_id(id_ptr, register_id)
js_crdt_vector_len(vector_id_ptr, register_id)
js_crdt_vector_push(vector_id_ptr, value_ptr)
js_crdt_vector_get(vector_id_ptr, index, register_id)
js_crdt_vector_pop(vector_id_ptr, register_id)
js_crdt_set_new(register_id)
js_crdt_set_new_with_id(id_ptr, register_id)
js_crdt_set_insert(set_id_ptr, value_ptr)
js_crdt_set_contains(set_id_ptr, value_ptr)
js_crdt_set_remove(set_id_ptr, value_ptr)
js_crdt_set_len(set_id_ptr, register_id)
js_crdt_set_iter(set_id_ptr, register_id)
js_crdt_set_clear(set_id_ptr)
js_crdt_lww_new(register_id)
js_crdt_lww_new_with_id(id_ptr, register_id)
js_crdt_lww_set(register_id_ptr, value_ptr, has_value: i32)
js_crdt_lww_get(register_id_ptr, register_id)
js_crdt_lww_timestamp(register_id_ptr, register_id)
js_crdt_counter_new(register_id)
js_crdt_counter_new_with_id(id_ptr, register_id)
js_crdt_counter_increment(counter_id_ptr)
js_crdt_counter_value(counter_id_ptr, register_id)
js_crdt_counter_get_executor_count(counter_id_ptr, executor_ptr, has_executor: i32, register_id)
js_crdt_pncounter_new(register_id)
js_crdt_pncounter_new_with_id(id_ptr, register_id)
js_crdt_pncounter_increment(counter_id_ptr)
js_crdt_pncounter_decrement(counter_id_ptr)
js_crdt_pncounter_value(counter_id_ptr, register_id)
js_crdt_pncounter_get_executor_count(counter_id_ptr, executor_ptr, has_executor: i32, register_id)
js_crdt_rga_new(register_id)
js_crdt_rga_new_with_id(id_ptr, register_id)
js_crdt_rga_insert(rga_id_ptr, index, value_ptr)
js_crdt_rga_delete(rga_id_ptr, index)
js_crdt_rga_get_text(rga_id_ptr, register_id)
js_crdt_rga_len(rga_id_ptr, register_id)
js_crdt_sortedmap_new(register_id)
js_crdt_sortedmap_new_with_id(id_ptr, register_id)
js_crdt_sortedmap_get(map_id_ptr, key_ptr, register_id)
js_crdt_sortedmap_insert(map_id_ptr, key_ptr, value_ptr, register_id)
js_crdt_sortedmap_remove(map_id_ptr, key_ptr, register_id)
js_crdt_sortedmap_contains(map_id_ptr, key_ptr)
js_crdt_sortedmap_iter(map_id_ptr, register_id)
js_crdt_sortedset_new(register_id)
js_crdt_sortedset_new_with_id(id_ptr, register_id)
js_crdt_sortedset_insert(set_id_ptr, value_ptr)
js_crdt_sortedset_contains(set_id_ptr, value_ptr)
js_crdt_sortedset_remove(set_id_ptr, value_ptr)
js_crdt_sortedset_len(set_id_ptr, register_id)
js_crdt_sortedset_iter(set_id_ptr, register_id)
js_crdt_sortedset_clear(set_id_ptr)
js_crdt_authored_map_new(register_id)
js_crdt_authored_map_new_with_id(id_ptr, register_id)
js_crdt_authored_map_insert(map_id_ptr, key_ptr, value_ptr, register_id)
js_crdt_authored_map_update(map_id_ptr, key_ptr, value_ptr, register_id)
js_crdt_authored_map_remove(map_id_ptr, key_ptr, register_id)
js_crdt_authored_map_get(map_id_ptr, key_ptr, register_id)
js_crdt_authored_map_contains(map_id_ptr, key_ptr)
js_crdt_authored_map_owner_of(map_id_ptr, key_ptr, register_id)
js_crdt_authored_map_owned_by_me(map_id_ptr, key_ptr)
js_crdt_authored_map_iter(map_id_ptr, register_id)
js_crdt_authored_map_len(map_id_ptr, register_id)
js_crdt_authored_vector_new(register_id)
js_crdt_authored_vector_new_with_id(id_ptr, register_id)
js_crdt_authored_vector_push(vector_id_ptr, value_ptr, register_id)
js_crdt_authored_vector_update(vector_id_ptr, index, value_ptr, register_id)
js_crdt_authored_vector_tombstone(vector_id_ptr, index, register_id)
js_crdt_authored_vector_get(vector_id_ptr, index, register_id)
js_crdt_authored_vector_owner_of(vector_id_ptr, index, register_id)
js_crdt_authored_vector_owned_by_me(vector_id_ptr, index)
js_crdt_authored_vector_iter(vector_id_ptr, register_id)
js_crdt_authored_vector_len(vector_id_ptr, register_id)
js_crdt_shared_new(writers_ptr, frozen: i32, register_id)
js_crdt_shared_new_with_id(id_ptr, writers_ptr, frozen: i32, register_id)
js_crdt_shared_set(cell_id_ptr, value_ptr)
js_crdt_shared_get(cell_id_ptr, register_id)
js_crdt_shared_writers(cell_id_ptr, register_id)
js_crdt_shared_writable_by_me(cell_id_ptr)
js_crdt_shared_is_frozen(cell_id_ptr)
js_crdt_shared_rotate_writers(cell_id_ptr, writers_ptr)
js_crdt_delete_collection(id_ptr, register_id)
js_user_storage_new(register_id)
js_user_storage_new_with_id(id_ptr, register_id)
js_user_storage_insert(storage_id_ptr, value_ptr, register_id)
js_user_storage_get(storage_id_ptr, register_id)
js_user_storage_get_for_user(storage_id_ptr, user_key_ptr, register_id)
js_user_storage_remove(storage_id_ptr, register_id)
js_user_storage_contains(storage_id_ptr)
js_user_storage_contains_user(storage_id_ptr, user_key_ptr)
js_frozen_storage_new(register_id)
js_frozen_storage_new_with_id(id_ptr, register_id)
js_frozen_storage_add(storage_id_ptr, value_ptr, register_id)
js_frozen_storage_get(storage_id_ptr, hash_ptr, register_id)
js_frozen_storage_contains(storage_id_ptr, hash_ptr)
)";

struct JsSignature {
  std::string name;
  engine::FuncType type;
};

// Parses the list above: parameters marked ": i32" are i32, all others i64; results are i32.
std::vector<JsSignature> js_signatures() {
  std::vector<JsSignature> out;
  size_t pos = 0;
  while (pos < kJsSignatureList.size()) {
    size_t end = kJsSignatureList.find('\n', pos);
    std::string_view line = kJsSignatureList.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) continue;
    size_t open = line.find('(');
    JsSignature sig{std::string(line.substr(0, open)), {}};
    std::string_view params = line.substr(open + 1, line.size() - open - 2);
    size_t p = 0;
    while (p <= params.size()) {
      size_t comma = std::min(params.find(',', p), params.size());
      std::string_view param = params.substr(p, comma - p);
      sig.type.params.push_back(param.find(": i32") != std::string_view::npos
                                    ? engine::ValType::I32
                                    : engine::ValType::I64);
      p = comma + 1;
    }
    sig.type.results = {engine::ValType::I32};
    out.push_back(std::move(sig));
  }
  return out;
}

TEST(JsFunctions, AllOneHundredAndOneAreRegisteredWithTheirExactTypes) {
  std::vector<JsSignature> expected = js_signatures();
  ASSERT_EQ(expected.size(), 101u);
  HostTable table;
  add_js_functions(table);
  ASSERT_EQ(table.size(), 101u);
  std::set<std::string> names;
  int i32_flags = 0;
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(table[i].name, expected[i].name);
    EXPECT_EQ(table[i].type, expected[i].type) << expected[i].name;
    names.insert(table[i].name);
    const HostFunctionRef* registered = HostRegistry::get().find(Set::Js, expected[i].name);
    ASSERT_NE(registered, nullptr) << expected[i].name;
    EXPECT_EQ(*registered->type, expected[i].type) << expected[i].name;
    i32_flags += static_cast<int>(std::count(expected[i].type.params.begin(),
                                             expected[i].type.params.end(), engine::ValType::I32));
  }
  EXPECT_EQ(names.size(), 101u);
  EXPECT_EQ(i32_flags, 5) << "has_value, two has_executor, two frozen";
}

constexpr std::string_view kJsImports = R"(
  (import "env" "log_utf8" (func $log_utf8 (param i64)))
  (import "env" "js_crdt_map_new" (func $map_new (param i64) (result i32)))
  (import "env" "js_crdt_lww_set" (func $lww_set (param i64 i64 i32) (result i32)))
  (import "env" "js_crdt_counter_get_executor_count"
    (func $executor_count (param i64 i64 i32 i64) (result i32)))
  (import "env" "js_crdt_shared_new_with_id" (func $shared_new (param i64 i64 i32 i64) (result i32)))
  (import "env" "js_frozen_storage_contains" (func $frozen_contains (param i64 i64) (result i32)))
)";
constexpr std::string_view kJsMethods = R"(
  (func (export "map_new")
    (call $log_utf8 (i64.const 0x100))
    (drop (call $map_new (i64.const 1))))
  (func (export "lww_set") (drop (call $lww_set (i64.const 0) (i64.const 0) (i32.const 1))))
  (func (export "executor_count")
    (drop (call $executor_count (i64.const 0) (i64.const 0) (i32.const 0) (i64.const 1))))
  (func (export "shared_new")
    (drop (call $shared_new (i64.const 0) (i64.const 0) (i32.const 1) (i64.const 1))))
  (func (export "frozen_contains") (drop (call $frozen_contains (i64.const 0) (i64.const 0))))
)";

TEST(JsFunctions, CallsTrapWithTheirOwnName) {
  std::string wat = module(Abi::ByReference, kJsImports, kJsMethods,
                           data(0x100, buf(0x200, 6)) + data(0x200, "before"));
  for (bool legacy_option : {false, true}) {
    Runner runner;
    runner.options.compat_legacy_abi = legacy_option;
    auto app = runner.compile(wat);
    ASSERT_NE(app, nullptr);
    EXPECT_EQ(app->abi(), AbiFlavour::ByReference);
    const std::map<std::string, std::string> calls = {
        {"map_new", "js_crdt_map_new"},
        {"lww_set", "js_crdt_lww_set"},
        {"executor_count", "js_crdt_counter_get_executor_count"},
        {"shared_new", "js_crdt_shared_new_with_id"},
        {"frozen_contains", "js_frozen_storage_contains"},
    };
    for (const auto& [method, name] : calls) {
      Outcome out = runner.run(*app, method);
      EXPECT_EQ(result_json(out), host_panic_json(name + ": CRDT storage layer not available"));
      const FunctionCallError* error = out.error();
      ASSERT_NE(error, nullptr);
      EXPECT_EQ(error->host.panic_context, PanicContext::Host);
      EXPECT_FALSE(error->host.location.has_value());
      EXPECT_EQ(to_string(*error), "host panicked: " + name + ": CRDT storage layer not available");
    }
    // What happened before the trap is still reported.
    EXPECT_EQ(runner.run(*app, "map_new").logs, std::vector<std::string>{"before"});
  }
}

TEST(JsFunctions, WrongTypesDoNotLink) {
  for (std::string_view import : {
           R"((import "env" "js_crdt_lww_set" (func (param i64 i64 i64) (result i32))))",
           R"((import "env" "js_crdt_map_new" (func (param i64))))",
           R"((import "env" "js_crdt_map_new" (func (param i32) (result i32))))",
           R"((import "env" "js_crdt_shared_new" (func (param i64 i64 i64) (result i32))))",
           R"((import "env" "js_crdt_no_such_function" (func (param i64) (result i32))))",
       }) {
    Runner runner;
    Outcome out = runner.run(module(Abi::ByReference, import,
                                    R"((func (export "m") (call $return_i32 (i32.const 0))))"));
    EXPECT_EQ(result_json(out), kLinkError) << import;
  }
}

// ---------------------------------------------------------------------------------------------
// Appendix B: the legacy ABI and the choice of flavour.

struct LegacySignature {
  const char* name;
  const char* params;  // 'I' = i64, 'i' = i32
  const char* results;
};
constexpr LegacySignature kLegacyTable[] = {
    {"panic", "IIii", ""},
    {"panic_utf8", "IIIIii", ""},
    {"register_len", "I", "I"},
    {"read_register", "III", "i"},
    {"context_id", "I", ""},
    {"executor_id", "I", ""},
    {"input", "I", ""},
    {"value_return", "III", ""},
    {"log_utf8", "II", ""},
    {"emit", "IIII", ""},
    {"commit", "IIII", ""},
    {"storage_write", "IIIII", "i"},
    {"storage_read", "III", "i"},
    {"storage_remove", "III", "i"},
    {"fetch", "IIIIIIIII", "i"},
    {"random_bytes", "II", ""},
    {"time_now", "II", ""},
    {"send_proposal", "IIII", ""},
    {"approve_proposal", "II", ""},
    {"blob_create", "", "I"},
    {"blob_write", "III", "I"},
    {"blob_close", "III", "i"},
    {"blob_open", "II", "I"},
    {"blob_read", "III", "I"},
    {"blob_announce_to_context", "IIII", "i"},
};

TEST(LegacyTable, TwentyFiveFunctionsWithTheSplattedTypes) {
  HostTable table;
  add_legacy_functions(table);
  EXPECT_EQ(table.size(), std::size(kLegacyTable));
  std::set<std::string> same_type_in_both;
  for (const LegacySignature& expected : kLegacyTable) {
    engine::FuncType type = type_of(expected.params, expected.results);
    const HostFunctionSpec* spec = find_spec(table, expected.name);
    ASSERT_NE(spec, nullptr) << expected.name;
    EXPECT_EQ(spec->type, type) << expected.name;
    const HostFunctionRef* registered = HostRegistry::get().find(Set::Legacy, expected.name);
    ASSERT_NE(registered, nullptr) << expected.name;
    EXPECT_EQ(*registered->type, type) << expected.name;
    const HostFunctionRef* by_reference = HostRegistry::get().find(Set::Core, expected.name);
    if (by_reference == nullptr)
      by_reference = HostRegistry::get().find(Set::Removed, expected.name);
    ASSERT_NE(by_reference, nullptr) << expected.name;
    if (*by_reference->type == type) same_type_in_both.insert(expected.name);
  }
  EXPECT_EQ(same_type_in_both, (std::set<std::string>{"register_len", "context_id", "executor_id",
                                                      "input", "blob_create"}));
}

constexpr std::string_view kLegacyLog =
    R"((import "env" "log_utf8" (func $log_utf8 (param i64 i64))))";

TEST(LegacyAbi, LegacyModulesLinkOnlyWithTheOption) {
  std::string wat = module(Abi::Legacy, kLegacyLog, R"(
    (func (export "m")
      (call $log_utf8 (i64.const 0x400) (i64.const 5))
      (call $return_bytes (i32.const 0x400) (i32.const 5))))",
                           data(0x400, "hello"));
  Runner plain;
  auto by_reference = plain.compile(wat);
  ASSERT_NE(by_reference, nullptr);
  EXPECT_EQ(by_reference->abi(), AbiFlavour::ByReference);
  EXPECT_EQ(result_json(plain.run(*by_reference)), kLinkError);

  Runner legacy;
  legacy.options.compat_legacy_abi = true;
  auto app = legacy.compile(wat);
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->abi(), AbiFlavour::Legacy);
  Outcome out = legacy.run(*app);
  EXPECT_EQ(returned(out), bytes_of("hello"));
  EXPECT_EQ(out.logs, std::vector<std::string>{"hello"});
}

TEST(LegacyAbi, MixingTheFlavoursIsALinkError) {
  Runner runner;
  runner.options.compat_legacy_abi = true;
  // A legacy module importing a by-reference `emit`.
  Outcome legacy_with_byref =
      runner.run(module(Abi::Legacy, R"((import "env" "emit" (func $emit (param i64))))",
                        R"((func (export "m") (call $return_i32 (i32.const 0))))"));
  EXPECT_EQ(result_json(legacy_with_byref), kLinkError);
  EXPECT_NE(legacy_with_byref.error()->message, "");
  // A by-reference module importing a legacy `log_utf8`.
  Outcome byref_with_legacy = runner.run(module(
      Abi::ByReference, kLegacyLog, R"((func (export "m") (call $return_i32 (i32.const 0))))"));
  EXPECT_EQ(result_json(byref_with_legacy), kLinkError);
}

TEST(LegacyAbi, FunctionsWithIdenticalTypesDoNotDecide) {
  constexpr std::string_view kShared = R"(
    (import "env" "register_len" (func $register_len (param i64) (result i64)))
    (import "env" "context_id" (func $context_id (param i64)))
    (import "env" "executor_id" (func $executor_id (param i64)))
    (import "env" "input" (func $input (param i64)))
    (import "env" "blob_create" (func $blob_create (result i64)))
    (memory (export "memory") 1)
    (func (export "m")
      (call $context_id (i64.const 2))
      (if (i64.ne (call $register_len (i64.const 2)) (i64.const 32)) (then unreachable))))";
  Runner runner;
  runner.options.compat_legacy_abi = true;
  auto only_shared = runner.compile("(module " + std::string(kShared) + ")");
  ASSERT_NE(only_shared, nullptr);
  EXPECT_EQ(only_shared->abi(), AbiFlavour::ByReference);
  EXPECT_EQ(result_json(runner.run(*only_shared)), "ok");

  // With one legacy-typed import the same functions link from the legacy set.
  runner.context.context_id = id_filled(0x5c);
  runner.context.account_id = id_filled(0xac);
  runner.context.input = bytes_of("input!");
  std::string_view identity = R"(
    (import "env" "context_id" (func $context_id (param i64)))
    (import "env" "executor_id" (func $executor_id (param i64)))
    (import "env" "input" (func $input (param i64))))";
  auto legacy = runner.compile(module(Abi::Legacy, identity, R"(
    (func (export "context") (call $context_id (i64.const 1)) (call $return_register (i64.const 1)))
    (func (export "executor")
      (call $executor_id (i64.const 1)) (call $return_register (i64.const 1)))
    (func (export "input") (call $input (i64.const 1)) (call $return_register (i64.const 1))))"));
  ASSERT_NE(legacy, nullptr);
  EXPECT_EQ(legacy->abi(), AbiFlavour::Legacy);
  EXPECT_EQ(returned(runner.run(*legacy, "context")), id_bytes(0x5c));
  EXPECT_EQ(returned(runner.run(*legacy, "executor")), id_bytes(0xac)) << "the account id";
  EXPECT_EQ(returned(runner.run(*legacy, "input")), bytes_of("input!"));
}

TEST(LegacyAbi, LegacyModulesLinkAgainstTheLegacySetOnly) {
  RuntimeOptions both;
  both.compat_legacy_abi = true;
  both.compat_removed_functions = true;
  for (std::string_view import : {
           R"((import "env" "account_id" (func (param i64))))",
           R"((import "env" "js_crdt_map_new" (func (param i64) (result i32))))",
           R"((import "env" "context_members" (func (param i64))))",
           R"((import "env" "emit" (func (param i64 i64 i64))))",  // neither type
       }) {
    Runner runner;
    runner.options = both;
    Outcome out = runner.run(module(Abi::Legacy, import, R"((func (export "m")))"));
    EXPECT_EQ(result_json(out), kLinkError) << import;
  }
}

TEST(LegacyAbi, ByReferenceModulesStillLinkEverythingWithTheOption) {
  Runner runner;
  runner.options.compat_legacy_abi = true;
  runner.options.compat_removed_functions = true;
  auto app = runner.compile(module(Abi::ByReference, R"(
    (import "env" "log_utf8" (func $log_utf8 (param i64)))
    (import "env" "account_id" (func $account_id (param i64)))
    (import "env" "js_crdt_map_new" (func $map_new (param i64) (result i32)))
    (import "env" "approve_proposal" (func $approve_proposal (param i64))))",
                                   R"(
    (func (export "m") (call $log_utf8 (i64.const 0x100)) (call $return_i32 (i32.const 9))))",
                                   data(0x100, buf(0x200, 2)) + data(0x200, "hi")));
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->abi(), AbiFlavour::ByReference);
  Outcome out = runner.run(*app);
  EXPECT_EQ(returned_u32(out), 9u);
  EXPECT_EQ(out.logs, std::vector<std::string>{"hi"});
}

// A runner with the legacy option, for the per-function tests below.
Runner legacy_runner() {
  Runner runner;
  runner.options.compat_legacy_abi = true;
  return runner;
}

TEST(LegacyAbi, ValueReturn) {
  constexpr std::string_view kMethods = R"(
    (func (export "ok") (call $value_return (i64.const 0) (i64.const 0x400) (i64.const 5)))
    (func (export "err") (call $value_return (i64.const 1) (i64.const 0x400) (i64.const 5)))
    (func (export "bad_tag") (call $value_return (i64.const 2) (i64.const 0x400) (i64.const 5)))
    (func (export "bad_tag_out_of_bounds")
      (call $value_return (i64.const 2) (i64.const 0xffff) (i64.const 5)))
    (func (export "too_big")
      (call $value_return (i64.const 0) (i64.const 0x10000) (i64.const 9)))
    (func (export "last_wins")
      (call $value_return (i64.const 1) (i64.const 0x400) (i64.const 5))
      (call $value_return (i64.const 0) (i64.const 0x401) (i64.const 2))))";
  Runner runner = legacy_runner();
  runner.limits.max_return_value_size = 8;
  auto app = runner.compile(module(Abi::Legacy, "", kMethods, data(0x400, "hello")));
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(returned(runner.run(*app, "ok")), bytes_of("hello"));
  EXPECT_EQ(result_json(runner.run(*app, "err")),
            R"({"type":"ExecutionError","data":[104,101,108,108,111]})");
  EXPECT_EQ(result_json(runner.run(*app, "bad_tag")),
            host_error_json(R"({"type":"DeserializationError"})"));
  // The payload is read before the tag is checked.
  EXPECT_EQ(result_json(runner.run(*app, "bad_tag_out_of_bounds")), kInvalidMemoryAccess);
  // The size limit comes before the payload read.
  EXPECT_EQ(result_json(runner.run(*app, "too_big")),
            host_error_json(R"({"type":"ReturnValueSizeOverflow","data":{"size":9,"max":8}})"));
  EXPECT_EQ(returned(runner.run(*app, "last_wins")), bytes_of("el"));
}

TEST(LegacyAbi, ReadRegister) {
  constexpr std::string_view kMethods = R"(
    (func (export "absent")
      (drop (call $read_register (i64.const 77) (i64.const 0x500) (i64.const 4))))
    (func (export "length_mismatch")
      (call $input (i64.const 1))
      (call $return_i32 (call $read_register (i64.const 1) (i64.const 0x500) (i64.const 3))))
    (func (export "exact")
      (call $input (i64.const 1))
      (i32.store (i32.const 0x4fc)
        (call $read_register (i64.const 1) (i64.const 0x500) (i64.const 4)))
      (call $return_bytes (i32.const 0x4fc) (i32.const 9)))
    (func (export "out_of_bounds")
      (call $input (i64.const 1))
      (drop (call $read_register (i64.const 1) (i64.const 0xfffe) (i64.const 4)))))";
  Runner runner = legacy_runner();
  runner.context.input = bytes_of("abcd");
  auto app =
      runner.compile(module(Abi::Legacy, R"((import "env" "input" (func $input (param i64))))",
                            kMethods, data(0x504, "Z")));
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(result_json(runner.run(*app, "absent")),
            host_error_json(R"({"type":"InvalidRegisterId","data":{"id":77}})"));
  EXPECT_EQ(returned_u32(runner.run(*app, "length_mismatch")), 0u);
  // Flag 1, the four register bytes, and the byte after them untouched.
  EXPECT_EQ(returned(runner.run(*app, "exact")), (Bytes{1, 0, 0, 0, 'a', 'b', 'c', 'd', 'Z'}));
  EXPECT_EQ(result_json(runner.run(*app, "out_of_bounds")), kInvalidMemoryAccess);
}

TEST(LegacyAbi, LogUtf8Limits) {
  constexpr std::string_view kMethods = R"(
    (func (export "max_length") (call $log_utf8 (i64.const 0x1000) (i64.const 16384)))
    (func (export "too_long") (call $log_utf8 (i64.const 0x1000) (i64.const 16385)))
    (func (export "three")
      (call $log_utf8 (i64.const 0x400) (i64.const 1))
      (call $log_utf8 (i64.const 0x400) (i64.const 2))
      (call $log_utf8 (i64.const 0x400) (i64.const 3)))
    (func (export "bad_utf8") (call $log_utf8 (i64.const 0x7c0) (i64.const 2)))
    (func (export "out_of_bounds") (call $log_utf8 (i64.const 0xffff) (i64.const 2))))";
  Runner runner = legacy_runner();
  runner.limits.max_logs = 2;
  auto app = runner.compile(module(Abi::Legacy, kLegacyLog, kMethods,
                                   data(0x400, "abc") + data(0x7c0, Bytes{0xc0, 0x80})));
  ASSERT_NE(app, nullptr);
  Outcome max_length = runner.run(*app, "max_length");
  EXPECT_EQ(result_json(max_length), "ok");
  ASSERT_EQ(max_length.logs.size(), 1u);
  EXPECT_EQ(max_length.logs[0], std::string(16384, '\0'));
  EXPECT_EQ(result_json(runner.run(*app, "too_long")),
            host_error_json(R"({"type":"LogLengthOverflow"})"));
  Outcome three = runner.run(*app, "three");
  EXPECT_EQ(result_json(three), host_error_json(R"({"type":"LogsOverflow"})"));
  EXPECT_EQ(three.logs, (std::vector<std::string>{"a", "ab"}));
  EXPECT_EQ(result_json(runner.run(*app, "bad_utf8")), kBadUtf8);
  EXPECT_EQ(result_json(runner.run(*app, "out_of_bounds")), kInvalidMemoryAccess);
}

TEST(LegacyAbi, PanicWithInlineLocation) {
  constexpr std::string_view kImports = R"(
    (import "env" "panic" (func $panic (param i64 i64 i32 i32)))
    (import "env" "panic_utf8" (func $panic_utf8 (param i64 i64 i64 i64 i32 i32))))";
  constexpr std::string_view kMethods = R"(
    (func (export "panic") (call $panic (i64.const 0x400) (i64.const 7) (i32.const 12) (i32.const 5)))
    (func (export "panic_utf8")
      (call $panic_utf8 (i64.const 0x410) (i64.const 4) (i64.const 0x400) (i64.const 7)
                        (i32.const -1) (i32.const 9)))
    (func (export "bad_file")
      (call $panic_utf8 (i64.const 0x410) (i64.const 4) (i64.const 0x7c0) (i64.const 1)
                        (i32.const 1) (i32.const 1))))";
  Runner runner = legacy_runner();
  auto app = runner.compile(
      module(Abi::Legacy, kImports, kMethods,
             data(0x400, "main.rs") + data(0x410, "boom") + data(0x7c0, Bytes{0xff})));
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(
      result_json(runner.run(*app, "panic")),
      host_error_json(R"({"type":"Panic","data":{"context":"Guest","message":"explicit panic",)"
                      R"("location":{"file":"main.rs","line":12,"column":5}}})"));
  EXPECT_EQ(result_json(runner.run(*app, "panic_utf8")),
            host_error_json(R"({"type":"Panic","data":{"context":"Guest","message":"boom",)"
                            R"("location":{"file":"main.rs","line":4294967295,"column":9}}})"));
  EXPECT_EQ(result_json(runner.run(*app, "bad_file")), kBadUtf8);
}

TEST(LegacyAbi, Storage) {
  constexpr std::string_view kImports = R"(
    (import "env" "storage_write" (func $write (param i64 i64 i64 i64 i64) (result i32)))
    (import "env" "storage_read" (func $read (param i64 i64 i64) (result i32)))
    (import "env" "storage_remove" (func $remove (param i64 i64 i64) (result i32))))";
  constexpr std::string_view kMethods = R"(
    (func (export "write_v1")
      (call $return_i32 (call $write (i64.const 0x400) (i64.const 3) (i64.const 0x410)
                                     (i64.const 2) (i64.const 1))))
    (func (export "write_v2")
      (if (call $write (i64.const 0x400) (i64.const 3) (i64.const 0x420) (i64.const 2)
                       (i64.const 1))
        (then (call $return_register (i64.const 1)))))
    (func (export "read")
      (if (call $read (i64.const 0x400) (i64.const 3) (i64.const 2))
        (then (call $return_register (i64.const 2)))))
    (func (export "remove")
      (if (call $remove (i64.const 0x400) (i64.const 3) (i64.const 3))
        (then (call $return_register (i64.const 3)))))
    (func (export "read_absent")
      (call $return_i32 (call $read (i64.const 0x400) (i64.const 3) (i64.const 2))))
    (func (export "key_too_long")
      (drop (call $read (i64.const 0x10000) (i64.const 5) (i64.const 2))))
    (func (export "value_too_long")
      (drop (call $write (i64.const 0x400) (i64.const 3) (i64.const 0x10000) (i64.const 9)
                         (i64.const 1)))))";
  Runner runner = legacy_runner();
  runner.limits.max_storage_key_size = 4;
  runner.limits.max_storage_value_size = 8;
  auto app = runner.compile(module(Abi::Legacy, kImports, kMethods,
                                   data(0x400, "key") + data(0x410, "v1") + data(0x420, "v2")));
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(returned_u32(runner.run(*app, "write_v1")), 0u);
  EXPECT_EQ(returned(runner.run(*app, "write_v2")), bytes_of("v1"));
  EXPECT_EQ(returned(runner.run(*app, "read")), bytes_of("v2"));
  EXPECT_EQ(returned(runner.run(*app, "remove")), bytes_of("v2"));
  EXPECT_EQ(returned_u32(runner.run(*app, "read_absent")), 0u);
  EXPECT_TRUE(runner.store.empty());
  EXPECT_EQ(result_json(runner.run(*app, "key_too_long")),
            host_error_json(R"({"type":"KeyLengthOverflow"})"));
  EXPECT_EQ(result_json(runner.run(*app, "value_too_long")),
            host_error_json(R"({"type":"ValueLengthOverflow"})"));
}

TEST(LegacyAbi, CommitAndEmit) {
  constexpr std::string_view kImports = R"(
    (import "env" "commit" (func $commit (param i64 i64 i64 i64)))
    (import "env" "emit" (func $emit (param i64 i64 i64 i64))))";
  constexpr std::string_view kMethods = R"(
    (func (export "commit") (call $commit (i64.const 0x600) (i64.const 32) (i64.const 0x400)
                                          (i64.const 3)))
    (func (export "commit_twice")
      (call $commit (i64.const 0x600) (i64.const 32) (i64.const 0x400) (i64.const 3))
      (call $commit (i64.const 0x600) (i64.const 32) (i64.const 0x400) (i64.const 3)))
    (func (export "commit_short_root")
      (call $commit (i64.const 0x600) (i64.const 31) (i64.const 0x400) (i64.const 3)))
    (func (export "emit") (call $emit (i64.const 0x410) (i64.const 4) (i64.const 0x400)
                                      (i64.const 3)))
    (func (export "emit_long_kind") (call $emit (i64.const 0x10000) (i64.const 101)
                                                (i64.const 0x400) (i64.const 3))))";
  Runner runner = legacy_runner();
  auto app = runner.compile(
      module(Abi::Legacy, kImports, kMethods,
             data(0x400, "xyz") + data(0x410, "kind") + data(0x600, id_bytes(0x99))));
  ASSERT_NE(app, nullptr);
  Outcome committed = runner.run(*app, "commit");
  ASSERT_EQ(result_json(committed), "ok");
  EXPECT_EQ(committed.root_hash, id_filled(0x99));
  EXPECT_EQ(committed.artifact, bytes_of("xyz"));
  EXPECT_EQ(result_json(runner.run(*app, "commit_twice")), kInvalidMemoryAccess);
  EXPECT_EQ(result_json(runner.run(*app, "commit_short_root")), kInvalidMemoryAccess);
  Outcome emitted = runner.run(*app, "emit");
  ASSERT_EQ(result_json(emitted), "ok");
  EXPECT_EQ(emitted.events, (std::vector<Event>{{"kind", bytes_of("xyz"), std::nullopt}}));
  EXPECT_EQ(result_json(runner.run(*app, "emit_long_kind")),
            host_error_json(R"({"type":"EventKindSizeOverflow"})"));
}

TEST(LegacyAbi, RandomBytesTimeNowAndFetch) {
  constexpr std::string_view kImports = R"(
    (import "env" "random_bytes" (func $random_bytes (param i64 i64)))
    (import "env" "time_now" (func $time_now (param i64 i64)))
    (import "env" "fetch"
      (func $fetch (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i32))))";
  constexpr std::string_view kMethods = R"(
    (func (export "random")
      (call $random_bytes (i64.const 0x500) (i64.const 16))
      (call $return_bytes (i32.const 0x500) (i32.const 16)))
    (func (export "random_out_of_bounds") (call $random_bytes (i64.const 0xfff8) (i64.const 16)))
    (func (export "time")
      (call $time_now (i64.const 0x500) (i64.const 8))
      (call $return_bytes (i32.const 0x500) (i32.const 8)))
    (func (export "time_short") (call $time_now (i64.const 0x500) (i64.const 4)))
    (func (export "fetch")
      (if (call $fetch (i64.const -1) (i64.const -1) (i64.const -1) (i64.const -1) (i64.const -1)
                       (i64.const -1) (i64.const -1) (i64.const -1) (i64.const 4))
        (then (call $return_register (i64.const 4))))))";
  Runner runner = legacy_runner();
  runner.options.deterministic = true;
  runner.context.random_seed = id_filled(3);
  runner.context.time_ns = 0x0102030405060708;
  auto app = runner.compile(module(Abi::Legacy, kImports, kMethods));
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(returned(runner.run(*app, "random")), keystream(id_filled(3), 16));
  EXPECT_EQ(result_json(runner.run(*app, "random_out_of_bounds")), kInvalidMemoryAccess);
  EXPECT_EQ(returned(runner.run(*app, "time")), (Bytes{8, 7, 6, 5, 4, 3, 2, 1}));
  EXPECT_EQ(result_json(runner.run(*app, "time_short")), kInvalidMemoryAccess);
  // Disabled fetch reads none of its arguments.
  EXPECT_EQ(returned(runner.run(*app, "fetch")),
            bytes_of("Host function 'fetch' is temporarily disabled."));
}

TEST(LegacyAbi, Proposals) {
  constexpr std::string_view kImports = R"(
    (import "env" "send_proposal" (func $send_proposal (param i64 i64 i64 i64)))
    (import "env" "approve_proposal" (func $approve_proposal (param i64 i64))))";
  constexpr std::string_view kMethods = R"(
    (func (export "propose")
      (call $send_proposal (i64.const 0x400) (i64.const 3) (i64.const 0x500) (i64.const 32))
      (call $return_bytes (i32.const 0x500) (i32.const 32)))
    (func (export "propose_short_id")
      (call $send_proposal (i64.const 0x400) (i64.const 3) (i64.const 0x500) (i64.const 16)))
    (func (export "approve") (call $approve_proposal (i64.const 0x600) (i64.const 32)))
    (func (export "approve_short_id") (call $approve_proposal (i64.const 0x600) (i64.const 31))))";
  std::string wat =
      module(Abi::Legacy, kImports, kMethods, data(0x400, "act") + data(0x600, id_bytes(0xbb)));

  Runner legacy_only = legacy_runner();
  EXPECT_EQ(result_json(legacy_only.run(wat, "approve")), kLinkError)
      << "the Appendix A option is needed as well";

  Runner runner = legacy_runner();
  runner.options.compat_removed_functions = true;
  runner.options.deterministic = true;
  runner.context.random_seed = id_filled(9);
  auto app = runner.compile(wat);
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(app->abi(), AbiFlavour::Legacy);
  Outcome proposed = runner.run(*app, "propose");
  EXPECT_EQ(returned(proposed), keystream(id_filled(9), 32));
  ASSERT_EQ(proposed.proposals.size(), 1u);
  EXPECT_EQ(proposed.proposals[0].second, bytes_of("act"));
  EXPECT_EQ(result_json(runner.run(*app, "propose_short_id")), kInvalidMemoryAccess);
  Outcome approved = runner.run(*app, "approve");
  ASSERT_EQ(result_json(approved), "ok");
  EXPECT_EQ(approved.approvals, std::vector<Id32>{id_filled(0xbb)});
  EXPECT_EQ(result_json(runner.run(*app, "approve_short_id")), kInvalidMemoryAccess);
}

constexpr std::string_view kLegacyBlobImports = R"(
  (import "env" "blob_create" (func $blob_create (result i64)))
  (import "env" "blob_write" (func $blob_write (param i64 i64 i64) (result i64)))
  (import "env" "blob_close" (func $blob_close (param i64 i64 i64) (result i32)))
  (import "env" "blob_open" (func $blob_open (param i64 i64) (result i64)))
  (import "env" "blob_read" (func $blob_read (param i64 i64 i64) (result i64)))
  (import "env" "blob_announce_to_context"
    (func $blob_announce (param i64 i64 i64 i64) (result i32))))";
constexpr std::string_view kLegacyBlobMethods = R"(
  (func (export "roundtrip")
    (local $fd i64)
    (local.set $fd (call $blob_create))
    (drop (call $blob_write (local.get $fd) (i64.const 0x400) (i64.const 5)))
    (drop (call $blob_close (local.get $fd) (i64.const 0x500) (i64.const 32)))
    (drop (call $blob_announce (i64.const 0x500) (i64.const 32) (i64.const 0x600) (i64.const 32)))
    (local.set $fd (call $blob_open (i64.const 0x500) (i64.const 32)))
    (call $return_bytes (i32.const 0x700)
      (i32.wrap_i64 (call $blob_read (local.get $fd) (i64.const 0x700) (i64.const 16)))))
  (func (export "create") (drop (call $blob_create)))
  (func (export "write") (drop (call $blob_write (i64.const 1) (i64.const 0x400) (i64.const 5))))
  (func (export "close_short") (drop (call $blob_close (i64.const 1) (i64.const 0x500) (i64.const 31))))
  (func (export "close") (drop (call $blob_close (i64.const 1) (i64.const 0x500) (i64.const 32))))
  (func (export "open") (drop (call $blob_open (i64.const 0x500) (i64.const 32))))
  (func (export "read") (drop (call $blob_read (i64.const 1) (i64.const 0x700) (i64.const 16))))
  (func (export "announce_out_of_bounds")
    (drop (call $blob_announce (i64.const -1) (i64.const 32) (i64.const -1) (i64.const 32)))))";

TEST(LegacyAbi, BlobsWithoutAStore) {
  Runner runner = legacy_runner();
  auto app = runner.compile(module(Abi::Legacy, kLegacyBlobImports, kLegacyBlobMethods));
  ASSERT_NE(app, nullptr);
  const std::string not_supported = host_error_json(R"({"type":"BlobsNotSupported"})");
  for (std::string_view method :
       {"create", "write", "close", "open", "read", "announce_out_of_bounds"}) {
    EXPECT_EQ(result_json(runner.run(*app, method)), not_supported) << method;
  }
  // The destination length is checked before the store.
  EXPECT_EQ(result_json(runner.run(*app, "close_short")), kInvalidMemoryAccess);
}

TEST(LegacyAbi, BlobRoundTrip) {
  MemoryBlobStore blobs;
  Runner runner = legacy_runner();
  runner.blobs = &blobs;
  auto app = runner.compile(module(Abi::Legacy, kLegacyBlobImports, kLegacyBlobMethods,
                                   data(0x400, "hello") + data(0x600, id_bytes(0xcc))));
  ASSERT_NE(app, nullptr);
  EXPECT_EQ(returned(runner.run(*app, "roundtrip")), bytes_of("hello"));
  Id32 id = blob_id_of(bytes_of("hello"));
  EXPECT_TRUE(blobs.contains(id));
  ASSERT_EQ(blobs.announcements().size(), 1u);
  EXPECT_EQ(blobs.announcements()[0].blob_id, id);
  EXPECT_EQ(blobs.announcements()[0].context_id, id_filled(0xcc));
  EXPECT_EQ(blobs.announcements()[0].size, 5u);
}

}  // namespace
}  // namespace ward::runtime
