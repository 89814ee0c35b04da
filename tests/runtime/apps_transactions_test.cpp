// Transactional executions (calimero-abi.md §10.3): a call whose `returns` is any Err leaves
// the main, private, index and index-meta keyspaces exactly as before; an Ok call commits all of
// them; read-only calls never write (§10.2); commit-policy=node also requires a root hash.
// Driven through the guest apps and one hand-written module that touches every keyspace.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "apps/app_args.hpp"
#include "runtime/apps_harness.hpp"
#include "support/wat.hpp"
#include "ward/runtime/runtime.hpp"
#include "ward/storage/memory_store.hpp"

namespace ward::runtime {
namespace {

using apps::Args;
using apps::Output;

// ---------------------------------------------------------------------------------------------

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

using Space = storage::WriteBatch::Space;
using Pairs = std::vector<std::pair<Bytes, Bytes>>;

Pairs contents(const storage::MemoryStore& store, Space space) {
  const storage::ByteMap& map = store.entries(space);
  return Pairs(map.begin(), map.end());
}

// "k" -> "old" and "gone" -> "bye" in every keyspace of both stores.
void seed(storage::MemoryStore& main_store, storage::MemoryStore& private_store) {
  for (auto [key, value] : {std::pair{"k", "old"}, std::pair{"gone", "bye"}}) {
    main_store.set(bytes_of(key), bytes_of(value));
    main_store.index_set(bytes_of(key), bytes_of(value));
    main_store.index_meta_set(bytes_of(key), bytes_of(value));
    private_store.set(bytes_of(key), bytes_of(value));
  }
}

std::string method_error(std::string_view type, std::string_view name) {
  return R"({"type":"MethodResolutionError","data":{"type":")" + std::string(type) +
         R"(","data":{"name":")" + std::string(name) + "\"}}}";
}

// A Guest whose stores are seeded and remembered.
struct Tx : Guest {
  explicit Tx(std::string_view app_name, const VMLimits& l = {}, const RuntimeOptions& o = {})
      : Guest(app_name, l, o) {
    private_store = &private_contents;
    seed(store, private_contents);
    before = store;
    private_before = private_contents;
  }
  void expect_unchanged() const {
    EXPECT_EQ(store, before);
    EXPECT_EQ(private_contents, private_before);
  }

  storage::MemoryStore private_contents;
  storage::MemoryStore before;
  storage::MemoryStore private_before;
};

// ---------------------------------------------------------------------------------------------
// A module that writes and removes in every keyspace, then ends in the way its name says.

// `v` as `n` little-endian bytes in WAT string escapes.
std::string le_bytes(uint64_t v, int n = 8) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < n; ++i) {
    uint8_t b = static_cast<uint8_t>(v >> (8 * i));
    out += '\\';
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// A data segment holding a Buffer descriptor {ptr, len} at `at`.
std::string buffer_at(uint32_t at, uint64_t ptr, uint64_t len) {
  return "(data (i32.const " + std::to_string(at) + ") \"" + le_bytes(ptr) + le_bytes(len) +
         "\")\n";
}

std::string all_keyspaces_wat() {
  std::string wat = R"((module
  (import "env" "storage_write" (func $storage_write (param i64 i64 i64) (result i32)))
  (import "env" "storage_remove" (func $storage_remove (param i64 i64) (result i32)))
  (import "env" "storage_index_set" (func $index_set (param i64 i64) (result i32)))
  (import "env" "storage_index_remove" (func $index_remove (param i64) (result i32)))
  (import "env" "storage_index_meta_set" (func $meta_set (param i64 i64) (result i32)))
  (import "env" "storage_index_meta_clear" (func $meta_clear (param i64) (result i32)))
  (import "env" "private_storage_write" (func $private_write (param i64 i64) (result i32)))
  (import "env" "private_storage_remove" (func $private_remove (param i64 i64) (result i32)))
  (import "env" "value_return" (func $value_return (param i64)))
  (import "env" "commit" (func $commit (param i64 i64)))
  (import "env" "log_utf8" (func $log_utf8 (param i64)))
  (memory (export "memory") 1)
  (data (i32.const 256) "k")
  (data (i32.const 260) "new")
  (data (i32.const 264) "gone")
  (data (i32.const 268) "oops")
)";
  wat += "(data (i32.const 300) \"";  // 32 bytes of 0x77: the root hash
  for (int i = 0; i < 4; ++i) wat += le_bytes(0x7777777777777777);
  wat += "\")\n";
  // Descriptors (§3.2).
  wat += buffer_at(0, 256, 1);                               // key "k"
  wat += buffer_at(16, 260, 3);                              // value "new"
  wat += buffer_at(32, 264, 4);                              // key "gone"
  wat += "(data (i32.const 48) \"" + le_bytes(1) + "\")\n";  // ValueReturn tag Err
  wat += buffer_at(56, 268, 4);                              // ... payload "oops"
  wat += buffer_at(80, 300, 32);                             // root hash
  wat += buffer_at(96, 0, 0);                                // empty artifact
  wat += R"(
  (func $write_all
    (drop (call $storage_write (i64.const 0) (i64.const 16) (i64.const 1)))
    (drop (call $storage_remove (i64.const 32) (i64.const 2)))
    (drop (call $index_set (i64.const 0) (i64.const 16)))
    (drop (call $index_remove (i64.const 32)))
    (drop (call $meta_set (i64.const 0) (i64.const 16)))
    (drop (call $meta_clear (i64.const 32)))
    (drop (call $private_write (i64.const 0) (i64.const 16)))
    (drop (call $private_remove (i64.const 32) (i64.const 3))))
  (func (export "then_ok") call $write_all)
  (func (export "then_err") call $write_all (call $value_return (i64.const 48)))
  (func (export "then_trap") call $write_all unreachable)
  (func (export "then_spin") call $write_all (loop $l br $l))
  (func (export "then_host_error") call $write_all (call $log_utf8 (i64.const 4294967296)))
  (func (export "then_commit") call $write_all (call $commit (i64.const 80) (i64.const 96)))
  (func (export "returns_i32") (result i32) call $write_all i32.const 0))
)";
  return wat;
}

std::shared_ptr<const Application> all_keyspaces_app() {
  auto wasm = test::wat_to_wasm(all_keyspaces_wat());
  auto compiled = Application::compile(wasm);
  if (!compiled.ok()) throw std::runtime_error(to_string(compiled.error()));
  return compiled.value();
}

// The contents after write_all committed.
void expect_all_written(const Tx& t) {
  const Pairs written = {{bytes_of("k"), bytes_of("new")}};
  EXPECT_EQ(contents(t.store, Space::Main), written);
  EXPECT_EQ(contents(t.store, Space::Index), written);
  EXPECT_EQ(contents(t.store, Space::IndexMeta), written);
  EXPECT_EQ(contents(t.private_contents, Space::Main), written);
}

struct TxModule : Tx {
  TxModule() : Tx("app_storage") { app = all_keyspaces_app(); }
};

TEST(AppsTransactions, OkCommitsEveryKeyspace) {
  TxModule t;
  Outcome o = t.call("then_ok");
  ASSERT_TRUE(o.ok()) << error_json(o);
  expect_all_written(t);
}

TEST(AppsTransactions, ExecutionErrorRollsBackEveryKeyspace) {
  TxModule t;
  EXPECT_EQ(error_json(t.call("then_err")),
            R"({"type":"ExecutionError","data":[111,111,112,115]})");
  t.expect_unchanged();
}

TEST(AppsTransactions, WasmTrapRollsBackEveryKeyspace) {
  TxModule t;
  EXPECT_EQ(error_json(t.call("then_trap")), R"({"type":"WasmTrap","data":"Unreachable"})");
  t.expect_unchanged();
}

TEST(AppsTransactions, GasExhaustionRollsBackEveryKeyspace) {
  TxModule t;
  t.limits.max_gas = 10'000;
  EXPECT_EQ(error_json(t.call("then_spin")), R"({"type":"GasExhausted","data":{"limit":10000}})");
  t.expect_unchanged();
}

TEST(AppsTransactions, HostErrorRollsBackEveryKeyspace) {
  TxModule t;
  EXPECT_EQ(error_json(t.call("then_host_error")), host_error("InvalidMemoryAccess"));
  t.expect_unchanged();
}

TEST(AppsTransactions, MethodResolutionErrorsWriteNothing) {
  TxModule t;
  EXPECT_EQ(error_json(t.call("returns_i32")), method_error("InvalidSignature", "returns_i32"));
  EXPECT_EQ(error_json(t.call("missing")), method_error("MethodNotFound", "missing"));
  t.expect_unchanged();
}

TEST(AppsTransactions, FailedCallThenSuccessfulCallCommitsOnlyTheSecond) {
  TxModule t;
  ASSERT_FALSE(t.call("then_err").ok());
  ASSERT_TRUE(t.call("then_ok").ok());
  expect_all_written(t);
}

TEST(AppsTransactions, ReadOnlyOkCallWritesNothing) {
  TxModule t;
  t.context.read_only = true;
  Outcome o = t.call("then_ok");
  ASSERT_TRUE(o.ok()) << error_json(o);
  t.expect_unchanged();
}

TEST(AppsTransactions, ReadOnlyCommitCallWritesNothing) {
  TxModule t;
  t.context.read_only = true;
  Outcome o = t.call("then_commit");
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_TRUE(o.root_hash.has_value());
  t.expect_unchanged();
}

TEST(AppsTransactions, NodeCommitPolicyRequiresARootHash) {
  RuntimeOptions options;
  options.commit_policy = CommitPolicy::Node;
  TxModule t;
  t.options = options;
  ASSERT_TRUE(t.call("then_ok").ok());
  t.expect_unchanged();  // Ok but no root: nothing committed, private writes included
  Outcome committed = t.call("then_commit");
  ASSERT_TRUE(committed.ok()) << error_json(committed);
  expect_all_written(t);
}

// ---------------------------------------------------------------------------------------------
// The same guarantees through the guest apps

TEST(AppsTransactions, BudgetFailureAfterWritesInEveryKeyspaceRollsBack) {
  // Main, index, meta (set then clear) and one private write succeed; the second private write
  // exceeds the count budget.
  VMLimits limits;
  limits.max_storage_writes = 5;
  Tx t("app_storage", limits);
  EXPECT_EQ(error_json(t.call("budget_mix", Args().u64(1).u64(1).u64(1).u64(1).u64(2).bytes())),
            host_error("StorageWriteCountExceeded", R"({"max":5})"));
  t.expect_unchanged();
}

TEST(AppsTransactions, BudgetMixWithinTheBudgetCommitsEveryKeyspace) {
  VMLimits limits;
  limits.max_storage_writes = 6;
  Tx t("app_storage", limits);
  ASSERT_TRUE(t.call("budget_mix", Args().u64(1).u64(1).u64(1).u64(1).u64(2).bytes()).ok());
  const Pairs written = {{bytes_of("gone"), bytes_of("bye")}, {bytes_of("k"), bytes_of("v")}};
  EXPECT_EQ(contents(t.store, Space::Main), written);
  EXPECT_EQ(contents(t.store, Space::Index), written);
  EXPECT_EQ(contents(t.store, Space::IndexMeta), (Pairs{{bytes_of("gone"), bytes_of("bye")}}));
  EXPECT_EQ(contents(t.private_contents, Space::Main), written);
}

TEST(AppsTransactions, GasExhaustionInTheMiddleOfManyWritesRollsBack) {
  VMLimits limits;
  limits.max_gas = 200'000;
  limits.max_storage_writes = UINT64_MAX;
  Tx t("app_storage", limits);
  EXPECT_EQ(error_json(t.call("budget_mix",
                              Args().u64(1).u64(1).u64(1).u64(0).u64(1'000'000'000).bytes())),
            R"({"type":"GasExhausted","data":{"limit":200000}})");
  t.expect_unchanged();
}

TEST(AppsTransactions, GuestPanicAfterAWriteRollsBack) {
  Tx t("app_storage");
  EXPECT_EQ(
      error_json(t.call("write_then_panic", Args().inline_bytes("k").inline_bytes("new").bytes())),
      host_error("Panic", R"({"context":"Guest","message":"after write",)"
                          R"("location":{"file":"src/storage.rs","line":1,"column":1}})"));
  t.expect_unchanged();
}

TEST(AppsTransactions, ValueReturnErrAfterAWriteRollsBack) {
  Tx t("app_storage");
  EXPECT_EQ(error_json(
                t.call("write_then_err", Args().inline_bytes("fresh").inline_bytes("new").bytes())),
            R"({"type":"ExecutionError","data":[97,102,116,101,114,32,119,114,105,116,101]})");
  t.expect_unchanged();
}

// §10.2: in a read-only call set returns none and does nothing, also within the execution.
TEST(AppsTransactions, ReadOnlyWriteReturnsZeroAndStaysInvisible) {
  Tx t("app_storage");
  t.context.read_only = true;
  Output out(
      ok_value(t.call("write_then_read", Args().inline_bytes("k").inline_bytes("new").bytes())));
  EXPECT_EQ(out.u64(), 0u);  // set does nothing and reports no previous value
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), bytes_of("old"));
  t.expect_unchanged();
}

TEST(AppsTransactions, ReadOnlyStillChargesTheWriteBudget) {
  VMLimits limits;
  limits.max_storage_writes = 4;
  Tx t("app_storage", limits);
  t.context.read_only = true;
  ASSERT_TRUE(t.call("budget_mix", Args().u64(1).u64(1).u64(1).u64(0).u64(1).bytes()).ok());
  EXPECT_EQ(error_json(t.call("budget_mix", Args().u64(1).u64(1).u64(1).u64(1).u64(1).bytes())),
            host_error("StorageWriteCountExceeded", R"({"max":4})"));
  t.expect_unchanged();
}

// §10.2: in a read-only call index/meta writes return false and do nothing.
TEST(AppsTransactions, ReadOnlyIndexWritesReturnFalse) {
  Tx t("app_index");
  t.context.read_only = true;
  auto set = Args().u64(1).heap().inline_bytes("k").heap().inline_bytes("new").bytes();
  EXPECT_EQ(Output(ok_value(t.call("storage_index_set", set))).u64(), 0u);
  auto meta_clear = Args().u64(1).heap().inline_bytes("k").bytes();
  EXPECT_EQ(Output(ok_value(t.call("storage_index_meta_clear", meta_clear))).u64(), 0u);
  Output scan(ok_value(t.call("storage_index_scan", Args()
                                                        .u64(1)
                                                        .heap()
                                                        .inline_bytes("a")
                                                        .heap()
                                                        .inline_bytes("z")
                                                        .u64(0)
                                                        .u64(0)
                                                        .u64(1)
                                                        .bytes())));
  EXPECT_EQ(scan.u64(), 1u);
  const Bytes seeded = {2,   0,   0,   0, 4, 0, 0, 0,   'g', 'o', 'n', 'e', 3,   0,   0,  0,
                        'b', 'y', 'e', 1, 0, 0, 0, 'k', 3,   0,   0,   0,   'o', 'l', 'd'};
  EXPECT_EQ(scan.block(), seeded);
  t.expect_unchanged();
}

// §10.2: the read-only view covers the private store too.
TEST(AppsTransactions, ReadOnlyPrivateWriteStaysInvisible) {
  Tx t("app_private");
  t.context.read_only = true;
  Output out(
      ok_value(t.call("write_then_read", Args().inline_bytes("k").inline_bytes("new").bytes())));
  out.u64();
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), bytes_of("old"));
  t.expect_unchanged();
}

TEST(AppsTransactions, MergeHookWriteIsCommittedWithASuccessfulMethod) {
  Tx t("app_merge_hook");
  Outcome o = t.call("noop", Bytes{5});
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(t.store.get(bytes_of("hook")), bytes_of("ran"));
}

TEST(AppsTransactions, MergeHookWriteIsRolledBackWhenTheMethodIsMissing) {
  Tx t("app_merge_hook");
  Outcome o = t.call("missing", Bytes{5});
  EXPECT_EQ(error_json(o), method_error("MethodNotFound", "missing"));
  EXPECT_EQ(o.logs, std::vector<std::string>{"merge hook ran"});
  t.expect_unchanged();
}

TEST(AppsTransactions, KvStoreFailureAfterItsWritesRollsBack) {
  // set writes the entry and the key list, emits, then fails on its log line.
  VMLimits limits;
  limits.max_logs = 0;
  Tx t("app_kv_store", limits);
  Outcome o = t.call("set", bytes_of(R"({"key":"a","value":"1"})"));
  EXPECT_EQ(error_json(o), host_error("LogsOverflow"));
  EXPECT_EQ(o.events.size(), 1u);
  t.expect_unchanged();
}

}  // namespace
}  // namespace ward::runtime
