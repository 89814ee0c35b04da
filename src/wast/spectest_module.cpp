#include "wast/spectest_module.hpp"

#include <cstdint>
#include <string>

#include "ward/engine/host.hpp"

namespace ward::spec {
namespace {

using engine::Extern;
using engine::GlobalType;
using engine::ValType;
using engine::Value;

}  // namespace

void define_spectest_module(engine::Store& store, engine::Linker& linker) {
  auto define_function = [&](const char* name, auto callable) {
    linker.define("spectest", name, Extern::func(engine::define_host_function(store, callable)));
  };
  // The scripts only check that these can be called; their output is not part of any assertion.
  define_function("print", [] {});
  define_function("print_i32", [](int32_t) {});
  define_function("print_i64", [](int64_t) {});
  define_function("print_f32", [](float) {});
  define_function("print_f64", [](double) {});
  define_function("print_i32_f32", [](int32_t, float) {});
  define_function("print_f64_f64", [](double, double) {});

  auto define_global = [&](const char* name, ValType type, Value value) {
    linker.define("spectest", name,
                  Extern::global(store.create_global(GlobalType{type, false}, value)));
  };
  define_global("global_i32", ValType::I32, Value::i32(666));
  define_global("global_i64", ValType::I64, Value::i64(666));
  define_global("global_f32", ValType::F32, Value::f32(666.6f));
  define_global("global_f64", ValType::F64, Value::f64(666.6));

  engine::TableType table_type{ValType::FuncRef, {10, true, 20}};
  auto table = store.create_table(table_type, Value::null_ref(ValType::FuncRef));
  if (table) linker.define("spectest", "table", Extern::table(table.value()));

  engine::MemoryType memory_type{{1, true, 2}};
  auto memory = store.create_memory(memory_type);
  if (memory) linker.define("spectest", "memory", Extern::memory(memory.value()));
}

}  // namespace ward::spec
