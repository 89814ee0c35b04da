// The execution pipeline (calimero-abi.md §6) and gas (§7.5) through ward::runtime::run.
#include <gtest/gtest.h>

#include "support/wat.hpp"
#include "ward/runtime/runtime.hpp"
#include "ward/storage/memory_store.hpp"

namespace ward::runtime {
namespace {

std::shared_ptr<const Application> compile_app(std::string_view wat, const VMLimits& limits = {},
                                               const RuntimeOptions& options = {}) {
  auto bytes = test::wat_to_wasm(wat);
  auto app = Application::compile(bytes, limits, options);
  if (!app.ok()) {
    ADD_FAILURE() << to_string(app.error());
    return nullptr;
  }
  return app.value();
}

// A module with the log_utf8 import and the given functions.
std::string app_module(std::string_view functions) {
  return std::string(R"((module (import "env" "log_utf8" (func $log_utf8 (param i64)))
      (import "env" "value_return" (func $value_return (param i64)))
      (import "env" "storage_write" (func $storage_write (param i64 i64 i64) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 8) "\18\00\00\00\00\00\00\00\05\00\00\00\00\00\00\00hello")
      )") + std::string(functions) + ")";
}

struct Runner {
  storage::MemoryStore store;
  VMLimits limits;
  VMContext context;
  Outcome run(const Application& app, std::string_view method) {
    RunEnvironment env;
    env.storage = &store;
    return runtime::run(app, context, method, env, limits);
  }
};

const FunctionCallError& error_of(const Outcome& o) {
  static FunctionCallError none;
  if (o.error() == nullptr) {
    ADD_FAILURE() << "expected an error, got " << to_json(o);
    return none;
  }
  return *o.error();
}

TEST(RunGas, EmptyMethodUsesOne) {
  auto app = compile_app(app_module(R"((func (export "noop")))"));
  Runner r;
  Outcome o = r.run(*app, "noop");
  ASSERT_TRUE(o.ok()) << to_json(o);
  EXPECT_EQ(o.gas_used, 1u);
  EXPECT_EQ(std::get<0>(o.returns), std::nullopt);
}

TEST(RunGas, UnreachableIsATrapWithNothingCharged) {
  auto app = compile_app(app_module(R"((func (export "boom") unreachable))"));
  Runner r;
  Outcome o = r.run(*app, "boom");
  EXPECT_EQ(to_json(error_of(o)), R"({"type":"WasmTrap","data":"Unreachable"})");
  EXPECT_EQ(o.gas_used, 0u);
}

TEST(RunGas, HostCallCostsTheCallOperator) {
  auto app = compile_app(app_module(R"((func (export "log") i64.const 8 call $log_utf8))"));
  Runner r;
  Outcome o = r.run(*app, "log");
  ASSERT_TRUE(o.ok()) << to_json(o);
  EXPECT_EQ(o.gas_used, 3u);
  EXPECT_EQ(o.logs, std::vector<std::string>{"hello"});
}

constexpr const char* kCountdown = R"((func (export "countdown") (local $i i32)
    i32.const 100000 local.set $i
    block $exit loop $again
      local.get $i i32.eqz br_if $exit
      local.get $i i32.const 1 i32.sub local.set $i
      br $again
    end end))";

TEST(RunGas, CountdownBudgets) {
  auto app = compile_app(app_module(kCountdown));
  for (auto [budget, ok, used] : {std::tuple{uint64_t{1'000'000'000}, true, uint64_t{800'008}},
                                  std::tuple{uint64_t{800'008}, true, uint64_t{800'008}},
                                  std::tuple{uint64_t{800'007}, false, uint64_t{800'007}},
                                  std::tuple{uint64_t{100'000}, false, uint64_t{100'000}}}) {
    Runner r;
    r.limits.max_gas = budget;
    Outcome o = r.run(*app, "countdown");
    EXPECT_EQ(o.ok(), ok) << budget;
    EXPECT_EQ(o.gas_used, used) << budget;
    if (!ok) {
      EXPECT_EQ(to_json(error_of(o)),
                R"({"type":"GasExhausted","data":{"limit":)" + std::to_string(budget) + "}}");
    }
  }
}

TEST(RunGas, ExhaustingHookLeavesTheMethodNothing) {
  auto app = compile_app(app_module(R"(
      (func (export "__calimero_register_merge") loop $l br $l end)
      (func (export "app_method")))"));
  Runner r;
  r.limits.max_gas = 100'000;
  Outcome o = r.run(*app, "app_method");
  EXPECT_EQ(to_json(error_of(o)), R"({"type":"GasExhausted","data":{"limit":100000}})");
  EXPECT_EQ(o.gas_used, 100'000u);
}

TEST(RunPipeline, HookFailureIsIgnoredButItsEffectsStay) {
  auto app = compile_app(app_module(R"(
      (func (export "__calimero_register_merge") i64.const 8 call $log_utf8 unreachable)
      (func (export "m") i64.const 8 call $log_utf8))"));
  Runner r;
  Outcome o = r.run(*app, "m");
  ASSERT_TRUE(o.ok()) << to_json(o);
  EXPECT_EQ(o.logs, (std::vector<std::string>{"hello", "hello"}));
  EXPECT_EQ(o.gas_used, 2u + 3u);  // the hook's charges count
}

TEST(RunPipeline, MethodNameValidation) {
  auto app = compile_app(app_module(R"((func (export "m")))"));
  Runner r;
  EXPECT_EQ(to_json(error_of(r.run(*app, ""))),
            R"({"type":"MethodResolutionError","data":{"type":"EmptyMethodName"}})");
  std::string long_name(257, 'a');
  r.limits.max_method_name_length = 256;
  EXPECT_EQ(to_json(error_of(r.run(*app, long_name))),
            R"({"type":"MethodResolutionError","data":{"type":"MethodNameTooLong","data":{"name":")" +
                long_name + R"(","length":257,"max":256}}})");
  Outcome at_limit = r.run(*app, std::string(256, 'a'));
  EXPECT_EQ(error_of(at_limit).method.kind, MethodResolutionError::Kind::MethodNotFound);
  // Position counts characters, not bytes.
  Outcome bad = r.run(*app, "a\xC3\xA9-b");
  EXPECT_EQ(error_of(bad).method.kind, MethodResolutionError::Kind::InvalidMethodNameCharacter);
  EXPECT_EQ(error_of(bad).method.position, 1u);
  EXPECT_EQ(error_of(bad).method.character, U'\u00E9');
  EXPECT_EQ(bad.gas_used, std::nullopt);
}

TEST(RunPipeline, MethodResolutionErrors) {
  auto app = compile_app(app_module(R"(
      (global (export "__heap_base") i32 (i32.const 0))
      (func (export "takes_arg") (param i32))
      (func (export "get_abi_len") (result i32) i32.const 0))"));
  Runner r;
  EXPECT_EQ(to_json(error_of(r.run(*app, "missing"))),
            R"({"type":"MethodResolutionError","data":{"type":"MethodNotFound","data":{"name":"missing"}}})");
  EXPECT_EQ(
      to_json(error_of(r.run(*app, "takes_arg"))),
      R"({"type":"MethodResolutionError","data":{"type":"InvalidSignature","data":{"name":"takes_arg"}}})");
  EXPECT_EQ(error_of(r.run(*app, "get_abi_len")).method.kind,
            MethodResolutionError::Kind::InvalidSignature);
  const char* panic =
      R"({"type":"HostError","data":{"type":"Panic","data":{"context":"Guest","message":"internal error: entered unreachable code"}}})";
  EXPECT_EQ(to_json(error_of(r.run(*app, "memory"))), panic);
  EXPECT_EQ(to_json(error_of(r.run(*app, "__heap_base"))), panic);
  EXPECT_EQ(to_json(error_of(r.run(*app, "wasmer_metering_remaining_points"))), panic);
  Outcome o = r.run(*app, "memory");
  EXPECT_EQ(o.gas_used, std::nullopt);
}

TEST(RunPipeline, ReturnValueOkAndErr) {
  auto app = compile_app(app_module(R"(
      (data (i32.const 64) "\00\00\00\00\00\00\00\00\18\00\00\00\00\00\00\00\02\00\00\00\00\00\00\00")
      (data (i32.const 96) "\01\00\00\00\00\00\00\00\18\00\00\00\00\00\00\00\02\00\00\00\00\00\00\00")
      (data (i32.const 24) "hi")
      (func (export "ok") i64.const 64 call $value_return)
      (func (export "err") i64.const 96 call $value_return))"));
  Runner r;
  Outcome ok = r.run(*app, "ok");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(std::get<0>(ok.returns), (Bytes{'h', 'i'}));
  Outcome err = r.run(*app, "err");
  EXPECT_EQ(to_json(error_of(err)), R"({"type":"ExecutionError","data":[104,105]})");
}

TEST(RunPipeline, StartFunctionCannotUseHostFunctions) {
  auto app = compile_app(app_module(R"((func $s i64.const 8 call $log_utf8) (start $s)
      (func (export "m")))"));
  Runner r;
  EXPECT_EQ(to_json(error_of(r.run(*app, "m"))), R"({"type":"WasmTrap","data":"Indeterminate"})");
}

TEST(RunPipeline, FailedCallChangesNoStorage) {
  // key "k" at 200, value "v" at 201; descriptors at 160 (key) and 176 (value).
  auto app = compile_app(app_module(R"(
      (data (i32.const 160) "\c8\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00")
      (data (i32.const 176) "\c9\00\00\00\00\00\00\00\01\00\00\00\00\00\00\00")
      (data (i32.const 200) "kv")
      (func (export "write") (drop (call $storage_write (i64.const 160) (i64.const 176) (i64.const 1))))
      (func (export "write_then_fail")
        (drop (call $storage_write (i64.const 160) (i64.const 176) (i64.const 1))) unreachable))"));
  Runner r;
  Outcome failed = r.run(*app, "write_then_fail");
  EXPECT_FALSE(failed.ok());
  EXPECT_FALSE(r.store.get(Bytes{'k'}).has_value());
  Outcome ok = r.run(*app, "write");
  ASSERT_TRUE(ok.ok()) << to_json(ok);
  EXPECT_EQ(r.store.get(Bytes{'k'}), (Bytes{'v'}));
}

TEST(Compile, ModuleChecksInOrder) {
  VMLimits limits;
  auto module_bytes = test::wat_to_wasm(R"((module (memory (export "memory") 1)))");
  limits.max_module_size = module_bytes.size() - 1;
  auto too_big = Application::compile(module_bytes, limits);
  ASSERT_FALSE(too_big.ok());
  EXPECT_EQ(too_big.error().kind, FunctionCallError::Kind::ModuleSizeLimitExceeded);
  limits.max_module_size = module_bytes.size();  // exactly the limit passes
  EXPECT_TRUE(Application::compile(module_bytes, limits).ok());

  auto imports_memory = Application::compile(
      test::wat_to_wasm(R"((module (import "env" "mem" (memory 1)) (export "memory" (memory 0))))"));
  ASSERT_FALSE(imports_memory.ok());
  EXPECT_EQ(to_string(imports_memory.error()),
            "module rejected by validation: guest imports memory `env::mem`; guests must define "
            "and export their own memory, not import it from the host");
  auto start = Application::compile(
      test::wat_to_wasm(R"((module (memory (export "memory") 1) (func (export "_start"))))"));
  ASSERT_FALSE(start.ok());
  EXPECT_EQ(start.error().kind, FunctionCallError::Kind::ModuleValidationError);
  auto no_memory = Application::compile(test::wat_to_wasm(R"((module (memory 1)))"));
  ASSERT_FALSE(no_memory.ok());
  EXPECT_EQ(no_memory.error().message,
            "guest does not export a linear memory named `memory`; the host reads guest state "
            "through that export");
  auto garbage = Application::compile(std::vector<uint8_t>{0, 1, 2});
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.error().kind, FunctionCallError::Kind::CompilationError);
}

TEST(Compile, SameBytesHitTheCache) {
  auto bytes = test::wat_to_wasm(app_module(R"((func (export "cached_method_x")))"));
  CacheStats before = application_cache_stats();
  ASSERT_TRUE(Application::compile(bytes).ok());
  ASSERT_TRUE(Application::compile(bytes).ok());
  CacheStats after = application_cache_stats();
  EXPECT_EQ(after.misses - before.misses, 1u);
  EXPECT_EQ(after.hits - before.hits, 1u);
}

TEST(Link, UnknownImportIsALinkErrorAtRun) {
  auto app = compile_app(R"((module (import "env" "no_such_function" (func))
      (memory (export "memory") 1) (func (export "m"))))");
  Runner r;
  Outcome o = r.run(*app, "m");
  EXPECT_EQ(to_json(error_of(o)), R"({"type":"LinkError","data":{}})");
  EXPECT_EQ(o.gas_used, std::nullopt);
  auto wrong_type = compile_app(R"((module (import "env" "log_utf8" (func (param i32)))
      (memory (export "memory") 1) (func (export "m"))))");
  EXPECT_EQ(error_of(r.run(*wrong_type, "m")).kind, FunctionCallError::Kind::LinkError);
}

}  // namespace
}  // namespace ward::runtime
