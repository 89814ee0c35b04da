// Gas accounting: the worked examples of calimero-abi.md §7.5, pinned exactly.
#include <gtest/gtest.h>

#include "ward/engine/engine.hpp"
#include "support/wat.hpp"

namespace ward::engine {
namespace {

struct Harness {
  explicit Harness(std::string_view wat, Config config = {}) {
    auto bytes = test::wat_to_wasm(wat);
    EXPECT_FALSE(bytes.empty());
    auto compiled = Module::compile(bytes, config);
    EXPECT_TRUE(compiled.ok()) << (compiled.ok() ? "" : compiled.error().to_string());
    module.emplace(compiled.value());
    log = define_host_function(store, [this](uint64_t ptr) { logged.push_back(ptr); });
    std::vector<Extern> imports;
    for (const ImportDesc& im : module->imports()) {
      EXPECT_EQ(im.name, "log_utf8");
      imports.push_back(Extern::func(log));
    }
    auto inst = store.instantiate(*module, imports);
    EXPECT_TRUE(inst.ok()) << (inst.ok() ? "" : inst.error().message);
    instance.emplace(inst.value());
  }

  CallStatus call(std::string_view name, uint64_t budget, std::vector<Value> args = {}) {
    exec.set_gas(budget);
    FunctionInstance* f = instance->get_function(name);
    EXPECT_NE(f, nullptr);
    return exec.call(f, args);
  }
  uint64_t used(uint64_t budget) const { return budget - exec.gas_remaining(); }

  Store store;
  std::optional<Module> module;
  std::optional<Instance> instance;
  Execution exec;
  FunctionInstance* log = nullptr;
  std::vector<uint64_t> logged;
};

constexpr uint64_t kBudget = 1'000'000'000;

TEST(Gas, EmptyBodyCostsItsEnd) {
  Harness h(R"((module (func (export "noop"))))");
  ASSERT_EQ(h.call("noop", kBudget), CallStatus::Finished);
  EXPECT_EQ(h.used(kBudget), 1u);
}

TEST(Gas, UnreachableLeavesItsRegionUncharged) {
  Harness h(R"((module (func (export "boom") unreachable)))");
  ASSERT_EQ(h.call("boom", kBudget), CallStatus::Trapped);
  EXPECT_EQ(h.exec.trap().kind, TrapKind::Unreachable);
  EXPECT_EQ(h.used(kBudget), 0u);
  EXPECT_FALSE(h.exec.gas_exhausted());
}

TEST(Gas, HostCallCostsOnlyTheCallOperator) {
  Harness h(R"((module (import "env" "log_utf8" (func $log (param i64)))
                 (func (export "m") i64.const 8 call $log)))");
  ASSERT_EQ(h.call("m", kBudget), CallStatus::Finished);
  EXPECT_EQ(h.used(kBudget), 3u);  // 2 at `call`, 1 at `end`
  EXPECT_EQ(h.logged, std::vector<uint64_t>{8});
}

TEST(Gas, IfElseChargesOnlyTheArmTaken) {
  Harness h(R"((module (func (export "m") (param i32)
                 local.get 0 if i32.const 1 drop else nop end)))");
  ASSERT_EQ(h.call("m", kBudget, {Value::i32(1)}), CallStatus::Finished);
  EXPECT_EQ(h.used(kBudget), 6u);  // 2 + 3 + 1
  ASSERT_EQ(h.call("m", kBudget, {Value::i32(0)}), CallStatus::Finished);
  EXPECT_EQ(h.used(kBudget), 5u);  // 2 + 2 + 1
}

constexpr const char* kCountdown = R"((module (func (export "countdown") (local $i i32)
    i32.const 100000 local.set $i
    block $exit loop $again
      local.get $i i32.eqz br_if $exit
      local.get $i i32.const 1 i32.sub local.set $i
      br $again
    end end)))";

TEST(Gas, CountdownUsesExactly800008) {
  Harness h(kCountdown);
  ASSERT_EQ(h.call("countdown", kBudget), CallStatus::Finished);
  EXPECT_EQ(h.used(kBudget), 800'008u);
}

TEST(Gas, CountdownWithExactBudgetSucceeds) {
  Harness h(kCountdown);
  ASSERT_EQ(h.call("countdown", 800'008), CallStatus::Finished);
  EXPECT_EQ(h.exec.gas_remaining(), 0u);
  EXPECT_FALSE(h.exec.gas_exhausted());
}

TEST(Gas, CountdownOneShortExhaustsAtTheFinalEnd) {
  Harness h(kCountdown);
  ASSERT_EQ(h.call("countdown", 800'007), CallStatus::Trapped);
  EXPECT_EQ(h.exec.trap().kind, TrapKind::OutOfGas);
  EXPECT_TRUE(h.exec.gas_exhausted());
  // The failing charge is the function's `end` (1); remaining is left as it was before it.
  EXPECT_EQ(h.exec.gas_remaining(), 0u);
}

TEST(Gas, CountdownSmallBudgetLeavesRemainderUnpaid) {
  Harness h(kCountdown);
  ASSERT_EQ(h.call("countdown", 100'000), CallStatus::Trapped);
  EXPECT_EQ(h.exec.trap().kind, TrapKind::OutOfGas);
  EXPECT_TRUE(h.exec.gas_exhausted());
  // Entering costs 4; each iteration 3 + 5. 100000 - 4 = 99996 = 12499 * 8 + 4: the next
  // charge (3 at br_if) fits, the following (5 at br) does not.
  EXPECT_EQ(h.exec.gas_remaining(), 1u);
}

TEST(Gas, InfiniteLoopExhaustsAnyBudget) {
  Harness h(R"((module (func (export "spin") loop $l br $l end)))");
  for (uint64_t budget : {0ull, 1ull, 2ull, 12345ull}) {
    ASSERT_EQ(h.call("spin", budget), CallStatus::Trapped);
    EXPECT_EQ(h.exec.trap().kind, TrapKind::OutOfGas);
    EXPECT_TRUE(h.exec.gas_exhausted());
  }
}

TEST(Gas, LoopBodyStartingWithBranchPaysOnEveryIteration) {
  // `loop` region = 1 (the loop itself); each `br` costs 1 at the landing position.
  Harness h(R"((module (func (export "spin") loop $l br $l end)))");
  ASSERT_EQ(h.call("spin", 10), CallStatus::Trapped);
  EXPECT_EQ(h.exec.gas_remaining(), 0u);  // 1 for loop + 9 iterations of 1, then exhausted
}

TEST(Gas, BranchOutOfBlockSkipsTheEndCharge) {
  // block; i32.const 1; br_if 0; nop; end; end
  // regions: [block, const, br_if] = 3 | [nop, end] = 2 | [end] = 1
  Harness h(R"((module (func (export "m") (param i32)
                 block local.get 0 br_if 0 nop end)))");
  ASSERT_EQ(h.call("m", kBudget, {Value::i32(1)}), CallStatus::Finished);
  EXPECT_EQ(h.used(kBudget), 3u + 1u);
  ASSERT_EQ(h.call("m", kBudget, {Value::i32(0)}), CallStatus::Finished);
  EXPECT_EQ(h.used(kBudget), 3u + 2u + 1u);
}

TEST(Gas, CallChargesCallerAndCallee) {
  Harness h(R"((module
      (func $f (result i32) i32.const 7)
      (func (export "m") (result i32) call $f)))");
  ASSERT_EQ(h.call("m", kBudget), CallStatus::Finished);
  // caller: [call] = 1, [end] = 1; callee: [const, end] = 2
  EXPECT_EQ(h.used(kBudget), 4u);
  EXPECT_EQ(h.exec.results()[0].as_i32(), 7u);
}

TEST(Gas, TrappingIndirectCallIsAlreadyCharged) {
  Harness h(R"((module (table 1 funcref)
      (type $t (func))
      (func (export "m") i32.const 0 call_indirect (type $t))))");
  ASSERT_EQ(h.call("m", kBudget), CallStatus::Trapped);
  EXPECT_EQ(h.exec.trap().kind, TrapKind::UninitializedElement);
  EXPECT_EQ(h.used(kBudget), 2u);
}

TEST(Gas, DisabledMeteringIgnoresTheBudget) {
  Config config;
  config.gas_metering = false;
  Harness h(kCountdown, config);
  ASSERT_EQ(h.call("countdown", 5), CallStatus::Finished);
  EXPECT_EQ(h.exec.gas_remaining(), 5u);
}

TEST(Gas, HostFunctionsCanCharge) {
  Store store;
  auto bytes = test::wat_to_wasm(R"((module (import "env" "burn" (func $burn (param i64)))
      (func (export "m") (param i64) local.get 0 call $burn)))");
  auto module = Module::compile(bytes);
  ASSERT_TRUE(module.ok());
  FunctionInstance* burn = define_host_function(store, [](HostCall& call, uint64_t amount) {
    if (!call.charge_gas(amount)) return HostStatus::Trap;
    return HostStatus::Ok;
  });
  Extern imports[] = {Extern::func(burn)};
  auto inst = store.instantiate(*module, imports);
  ASSERT_TRUE(inst.ok());
  Execution exec;
  exec.set_gas(1000);
  Value args[] = {Value::i64(500)};
  ASSERT_EQ(exec.call(inst->get_function("m"), args), CallStatus::Finished);
  EXPECT_EQ(exec.gas_remaining(), 1000u - 500u - 3u);
  exec.set_gas(100);
  ASSERT_EQ(exec.call(inst->get_function("m"), args), CallStatus::Trapped);
  EXPECT_EQ(exec.trap().kind, TrapKind::OutOfGas);
  EXPECT_TRUE(exec.gas_exhausted());
}

}  // namespace
}  // namespace ward::engine
