// Every runtime limit at its boundary: at the limit succeeds, one past fails specifically.
#include <gtest/gtest.h>

#include <string>

#include "engine/compiled.hpp"
#include "engine/interp/instr.hpp"
#include "ward/engine/engine.hpp"
#include "support/wat.hpp"

namespace ward::engine {
namespace {

Module compile_wat(std::string_view wat, Config config = {}) {
  auto bytes = test::wat_to_wasm(wat);
  auto m = Module::compile(bytes, config);
  if (!m.ok()) ADD_FAILURE() << m.error().to_string();
  return m.value();
}

std::string memory_module(uint32_t initial) {
  return "(module (memory " + std::to_string(initial) + ")"
         "(func (export \"grow\") (param i32) (result i32) (memory.grow (local.get 0))))";
}

TEST(Limits, InitialMemoryAtTheCapInstantiates) {
  Limits limits;
  limits.max_memory_pages = 8;
  Store store(limits);
  auto inst = store.instantiate(compile_wat(memory_module(8)), {});
  ASSERT_TRUE(inst.ok()) << inst.error().message;
}

TEST(Limits, InitialMemoryPastTheCapIsRefused) {
  Limits limits;
  limits.max_memory_pages = 8;
  Store store(limits);
  auto inst = store.instantiate(compile_wat(memory_module(9)), {});
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, InstantiateError::Kind::Limit);
  EXPECT_NE(inst.error().message.find("max_memory_pages"), std::string::npos);
}

TEST(Limits, MemoryGrowStopsAtTheCapWhateverTheModuleDeclares) {
  Limits limits;
  limits.max_memory_pages = 4;
  Store store(limits);
  auto inst = store.instantiate(compile_wat(memory_module(1)), {});
  ASSERT_TRUE(inst.ok());
  Execution exec;
  auto grow = [&](uint32_t delta) {
    Value args[] = {Value::i32(delta)};
    EXPECT_EQ(exec.call(inst->get_function("grow"), args), CallStatus::Finished);
    return static_cast<int32_t>(exec.results()[0].as_i32());
  };
  EXPECT_EQ(grow(4), -1);  // 1 + 4 > 4
  EXPECT_EQ(grow(3), 1);   // exactly at the cap
  EXPECT_EQ(grow(1), -1);
  EXPECT_EQ(grow(0), 4);
}

TEST(Limits, TableElementsCapInitialAndGrowth) {
  Limits limits;
  limits.max_table_elements = 10;
  Store store(limits);
  auto refused = store.instantiate(compile_wat("(module (table 11 funcref))"), {});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("max_table_elements"), std::string::npos);
  auto inst = store.instantiate(compile_wat(R"((module (table 10 funcref)
      (func (export "grow") (param i32) (result i32) (table.grow 0 (ref.null func) (local.get 0)))))"),
                                {});
  ASSERT_TRUE(inst.ok()) << inst.error().message;
  Execution exec;
  Value one[] = {Value::i32(1)};
  ASSERT_EQ(exec.call(inst->get_function("grow"), one), CallStatus::Finished);
  EXPECT_EQ(static_cast<int32_t>(exec.results()[0].as_i32()), -1);
}

// Stack accounting: a call needs 8 bytes per slot of the callee's frame above its argument
// base, plus one 24-byte frame record. For a self-recursive function with frame size S whose
// recursive call places arguments at slot b, depth n needs 8 * ((n - 1) * b + S) + 24 * n bytes.
TEST(Limits, StackBytesBoundIsExact) {
  Module m = compile_wat(R"((module
      (func $down (export "down") (param i32) (result i32)
        (if (result i32) (i32.eqz (local.get 0))
          (then (i32.const 0))
          (else (call $down (i32.sub (local.get 0) (i32.const 1))))))))");
  const CompiledModule& cm = m.compiled();
  const CodeFunc& f = cm.funcs[0];
  uint64_t call_base = 0;
  for (uint32_t w = f.code_begin; w < f.code_end; ++w) {
    if (cm.code[w] == handler_word(Op::Call)) call_base = static_cast<uint32_t>(cm.code[w + 1]);
  }
  ASSERT_GT(call_base, 0u);
  auto bytes_for_depth = [&](uint64_t n) { return 8 * ((n - 1) * call_base + f.frame_slots) + 24 * n; };

  const uint64_t depth = 500;  // down(499) makes 500 nested activations
  for (uint64_t extra : {0, 1}) {
    Limits limits;
    limits.max_stack_bytes = bytes_for_depth(depth) - extra;
    Store store(limits);
    auto inst = store.instantiate(m, {});
    ASSERT_TRUE(inst.ok());
    Execution exec(limits);
    Value args[] = {Value::i32(depth - 1)};
    CallStatus status = exec.call(inst->get_function("down"), args);
    if (extra == 0) {
      EXPECT_EQ(status, CallStatus::Finished) << exec.trap().to_string();
    } else {
      ASSERT_EQ(status, CallStatus::Trapped);
      EXPECT_EQ(exec.trap().kind, TrapKind::CallStackExhausted);
    }
  }
}

TEST(Limits, DeepRecursionNeverCrashes) {
  Module m = compile_wat(R"((module (func $r (export "r") (param i64) (result i64)
      (i64.add (call $r (i64.add (local.get 0) (i64.const 1))) (i64.const 1)))))");
  Store store;
  auto inst = store.instantiate(m, {});
  ASSERT_TRUE(inst.ok());
  Execution exec;
  Value args[] = {Value::i64(0)};
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(exec.call(inst->get_function("r"), args), CallStatus::Trapped);
    EXPECT_EQ(exec.trap().kind, TrapKind::CallStackExhausted);
  }
}

std::string functions_module(uint32_t count) {
  std::string wat = "(module";
  for (uint32_t i = 0; i < count; ++i) wat += " (func)";
  return wat + ")";
}

TEST(Limits, ModuleValidationLimitsHaveTheirOwnErrors) {
  Config config;
  config.limits.max_functions = 3;
  auto ok = Module::compile(test::wat_to_wasm(functions_module(3)), config);
  EXPECT_TRUE(ok.ok());
  auto refused = Module::compile(test::wat_to_wasm(functions_module(4)), config);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, CompileErrorKind::LimitExceeded);
  EXPECT_NE(refused.error().message.find("max_functions"), std::string::npos)
      << refused.error().message;
}

std::string nested_blocks(uint32_t depth) {
  std::string body;
  for (uint32_t i = 0; i < depth; ++i) body += "(block ";
  for (uint32_t i = 0; i < depth; ++i) body += ")";
  return "(module (func " + body + "))";
}

TEST(Limits, NestingDepth) {
  Config config;
  config.limits.max_nesting_depth = 16;
  EXPECT_TRUE(Module::compile(test::wat_to_wasm(nested_blocks(16)), config).ok());
  auto refused = Module::compile(test::wat_to_wasm(nested_blocks(17)), config);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, CompileErrorKind::LimitExceeded);
  EXPECT_NE(refused.error().message.find("max_nesting_depth"), std::string::npos);
}

std::string br_table_module(uint32_t targets) {
  std::string labels;
  for (uint32_t i = 0; i < targets; ++i) labels += " 0";
  return "(module (func (param i32) (block (br_table" + labels + " 0 (local.get 0)))))";
}

TEST(Limits, BrTableSize) {
  Config config;
  config.limits.max_br_table_size = 100;
  EXPECT_TRUE(Module::compile(test::wat_to_wasm(br_table_module(100)), config).ok());
  auto refused = Module::compile(test::wat_to_wasm(br_table_module(101)), config);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, CompileErrorKind::LimitExceeded);
  EXPECT_NE(refused.error().message.find("max_br_table_size"), std::string::npos);
}

}  // namespace
}  // namespace ward::engine

namespace ward::engine {
namespace {

std::string locals_module(uint32_t first, uint32_t second) {
  auto func = [](uint32_t n) {
    std::string f = "(func";
    for (uint32_t i = 0; i < n; ++i) f += " (local i32)";
    return f + ")";
  };
  return "(module " + func(first) + func(second) + ")";
}

TEST(Limits, LocalsSummedOverTheModule) {
  Config config;
  config.limits.max_module_locals = 10;
  EXPECT_TRUE(Module::compile(test::wat_to_wasm(locals_module(5, 5)), config).ok());
  auto refused = Module::compile(test::wat_to_wasm(locals_module(5, 6)), config);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, CompileErrorKind::LimitExceeded);
  EXPECT_NE(refused.error().message.find("max_module_locals"), std::string::npos)
      << refused.error().message;
}

}  // namespace
}  // namespace ward::engine
