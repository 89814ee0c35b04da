// Public engine API: typed host functions, link-time type checks, traps with locations,
// suspension and resumption, memory access.
#include <gtest/gtest.h>

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

TEST(HostBinding, DeducesWasmTypesFromTheSignature) {
  Store store;
  auto* f = define_host_function(store, [](HostCall&, int32_t, uint64_t, float, double) {
    return std::tuple<int64_t, float>{1, 2.0f};
  });
  FuncType expected{{ValType::I32, ValType::I64, ValType::F32, ValType::F64},
                    {ValType::I64, ValType::F32}};
  EXPECT_EQ(Store::function_type(f), expected);
}

TEST(HostBinding, MismatchedImportTypeIsALinkError) {
  Store store;
  Module m = compile_wat(R"((module (import "env" "f" (func (param i32) (result i32)))))");
  auto* f = define_host_function(store, [](uint64_t x) { return x; });
  Extern imports[] = {Extern::func(f)};
  auto inst = store.instantiate(m, imports);
  ASSERT_FALSE(inst.ok());
  EXPECT_EQ(inst.error().kind, InstantiateError::Kind::Link);
  EXPECT_NE(inst.error().message.find("incompatible import type for `env::f`"), std::string::npos)
      << inst.error().message;
}

TEST(HostBinding, ArgumentsAndResultsRoundTrip) {
  Store store;
  Module m = compile_wat(R"((module
      (import "env" "mix" (func $mix (param i32 i64 f32 f64) (result i64 f64)))
      (func (export "go") (result i64 f64)
        i32.const -5 i64.const 40 f32.const 1.5 f64.const 0.25 call $mix)))");
  auto* mix = define_host_function(store, [](int32_t a, int64_t b, float c, double d) {
    return std::tuple<int64_t, double>{a + b, c + d};
  });
  Extern imports[] = {Extern::func(mix)};
  auto inst = store.instantiate(m, imports);
  ASSERT_TRUE(inst.ok());
  Execution exec;
  ASSERT_EQ(exec.call(inst->get_function("go"), {}), CallStatus::Finished);
  ASSERT_EQ(exec.results().size(), 2u);
  EXPECT_EQ(static_cast<int64_t>(exec.results()[0].as_i64()), 35);
  EXPECT_EQ(exec.results()[1].as_f64(), 1.75);
}

struct Message : HostPayload {
  explicit Message(std::string t) : text(std::move(t)) {}
  std::string message() const override { return text; }
  std::string text;
};

TEST(Traps, HostErrorCarriesThePayload) {
  Store store;
  Module m = compile_wat(R"((module (import "env" "fail" (func $fail))
      (func (export "go") call $fail)))");
  auto* fail = define_host_function(store, [](HostCall& call) {
    return call.trap(std::make_shared<Message>("storage unavailable"));
  });
  Extern imports[] = {Extern::func(fail)};
  auto inst = store.instantiate(m, imports);
  ASSERT_TRUE(inst.ok());
  Execution exec;
  ASSERT_EQ(exec.call(inst->get_function("go"), {}), CallStatus::Trapped);
  EXPECT_EQ(exec.trap().kind, TrapKind::HostError);
  ASSERT_NE(exec.trap().host_payload, nullptr);
  EXPECT_EQ(exec.trap().host_payload->message(), "storage unavailable");
  EXPECT_EQ(exec.trap().func_index, 1u);
}

TEST(Traps, NameFunctionIndexAndCodeOffset) {
  // Module layout is fixed by wat2wasm; the offset is that of the i32.div_s byte.
  auto bytes = test::wat_to_wasm(R"((module
      (func (export "ok") (result i32) i32.const 1)
      (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)))");
  auto m = Module::compile(bytes);
  ASSERT_TRUE(m.ok());
  Store store;
  auto inst = store.instantiate(*m, {});
  ASSERT_TRUE(inst.ok());
  Execution exec;
  Value args[] = {Value::i32(1), Value::i32(0)};
  ASSERT_EQ(exec.call(inst->get_function("div"), args), CallStatus::Trapped);
  EXPECT_EQ(exec.trap().kind, TrapKind::IntegerDivideByZero);
  EXPECT_EQ(exec.trap().func_index, 1u);
  ASSERT_LT(exec.trap().code_offset, bytes.size());
  EXPECT_EQ(bytes[exec.trap().code_offset], 0x6D);  // i32.div_s
}

TEST(Traps, EachKindIsReported) {
  Module m = compile_wat(R"((module
      (type $v (func))
      (table 2 funcref) (elem (i32.const 0) $f)
      (memory 1)
      (func $f (param i32))
      (func (export "unreachable") unreachable)
      (func (export "oob_mem") (drop (i32.load (i32.const 65533))))
      (func (export "oob_table") (drop (table.get 0 (i32.const 2))))
      (func (export "undefined") (call_indirect (type $v) (i32.const 5)))
      (func (export "null") (call_indirect (type $v) (i32.const 1)))
      (func (export "mismatch") (call_indirect (type $v) (i32.const 0)))
      (func (export "div0") (drop (i64.div_u (i64.const 1) (i64.const 0))))
      (func (export "overflow") (drop (i32.div_s (i32.const 0x80000000) (i32.const -1))))
      (func (export "conv") (drop (i32.trunc_f32_s (f32.const nan))))
      (func $r (export "recurse") (call $r))))");
  Store store;
  auto inst = store.instantiate(m, {});
  ASSERT_TRUE(inst.ok());
  Execution exec;
  const std::pair<const char*, TrapKind> cases[] = {
      {"unreachable", TrapKind::Unreachable},
      {"oob_mem", TrapKind::MemoryOutOfBounds},
      {"oob_table", TrapKind::TableOutOfBounds},
      {"undefined", TrapKind::UndefinedElement},
      {"null", TrapKind::UninitializedElement},
      {"mismatch", TrapKind::IndirectCallTypeMismatch},
      {"div0", TrapKind::IntegerDivideByZero},
      {"overflow", TrapKind::IntegerOverflow},
      {"conv", TrapKind::InvalidConversionToInteger},
      {"recurse", TrapKind::CallStackExhausted},
  };
  for (auto [name, kind] : cases) {
    ASSERT_EQ(exec.call(inst->get_function(name), {}), CallStatus::Trapped) << name;
    EXPECT_EQ(exec.trap().kind, kind) << name << ": " << exec.trap().to_string();
  }
}

// A guest that suspends several times, from inside nested wasm calls.
TEST(Suspend, ResumesNestedCallsWithHostResults) {
  Store store;
  Module m = compile_wat(R"((module
      (import "env" "ask" (func $ask (param i32) (result i32)))
      (func $inner (param i32) (result i32)
        (i32.add (call $ask (local.get 0)) (i32.const 1000)))
      (func $middle (param i32) (result i32)
        (i32.add (call $inner (local.get 0)) (call $inner (i32.add (local.get 0) (i32.const 1)))))
      (func (export "go") (param i32) (result i32)
        (i32.mul (call $middle (local.get 0)) (call $ask (i32.const 99))))))");
  auto* ask = define_host_function(store, [](HostCall& call, int32_t question) -> HostResult<int32_t> {
    return call.suspend(std::make_shared<int32_t>(question));
  });
  Extern imports[] = {Extern::func(ask)};
  auto inst = store.instantiate(m, imports);
  ASSERT_TRUE(inst.ok());

  Execution exec;
  Value args[] = {Value::i32(10)};
  CallStatus status = exec.call(inst->get_function("go"), args);
  std::vector<int32_t> questions;
  while (status == CallStatus::Suspended) {
    ASSERT_TRUE(exec.is_suspended());
    int32_t q = *std::static_pointer_cast<int32_t>(exec.suspend_payload());
    questions.push_back(q);
    // Meanwhile, other work on another execution of the same store.
    Execution other;
    Value other_args[] = {Value::i32(1)};
    EXPECT_EQ(other.call(inst->get_function("go"), other_args), CallStatus::Suspended);
    Value answer[] = {Value::i32(static_cast<uint32_t>(q * 2))};
    status = exec.resume(answer);
  }
  ASSERT_EQ(status, CallStatus::Finished);
  EXPECT_EQ(questions, (std::vector<int32_t>{10, 11, 99}));
  // (10*2 + 1000) + (11*2 + 1000) = 2042; times 99*2.
  EXPECT_EQ(exec.results()[0].as_i32(), 2042u * 198u);
}

TEST(Suspend, ResumeChecksTheResultTypes) {
  Store store;
  Module m = compile_wat(R"((module
      (import "env" "ask" (func $ask (result i64)))
      (func (export "go") (result i64) call $ask)))");
  auto* ask = define_host_function(
      store, [](HostCall& call) -> HostResult<int64_t> { return call.suspend(nullptr); });
  Extern imports[] = {Extern::func(ask)};
  auto inst = store.instantiate(m, imports);
  ASSERT_TRUE(inst.ok());
  Execution exec;
  ASSERT_EQ(exec.call(inst->get_function("go"), {}), CallStatus::Suspended);
  Value wrong[] = {Value::i32(1)};
  EXPECT_EQ(exec.resume(wrong), CallStatus::Trapped);
  EXPECT_TRUE(exec.is_suspended());
  Value right[] = {Value::i64(77)};
  ASSERT_EQ(exec.resume(right), CallStatus::Finished);
  EXPECT_EQ(exec.results()[0].as_i64(), 77u);
}

TEST(Memory, CheckedAccessors) {
  Module m = compile_wat(R"((module (memory (export "memory") 1 3)
      (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))))");
  Store store;
  auto inst = store.instantiate(m, {});
  ASSERT_TRUE(inst.ok());
  auto mem = inst->get_memory("memory");
  ASSERT_TRUE(mem.has_value());
  EXPECT_EQ(mem->size_bytes(), 65536u);
  uint32_t v = 0xDEADBEEF;
  EXPECT_TRUE(mem->write(100, &v, 4));
  EXPECT_FALSE(mem->write(65533, &v, 4));
  EXPECT_FALSE(mem->write(UINT64_MAX - 1, &v, 4));
  EXPECT_EQ(mem->span(65536, 1), nullptr);
  EXPECT_NE(mem->span(65536, 0), nullptr);
  Execution exec;
  Value args[] = {Value::i32(100)};
  ASSERT_EQ(exec.call(inst->get_function("load"), args), CallStatus::Finished);
  EXPECT_EQ(exec.results()[0].as_i32(), 0xDEADBEEF);
  EXPECT_EQ(mem->grow(2), 1);
  EXPECT_EQ(mem->grow(1), -1);  // the module's own maximum is 3
  EXPECT_EQ(mem->size_pages(), 3u);
}

}  // namespace
}  // namespace ward::engine
