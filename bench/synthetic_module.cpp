#include "synthetic_module.hpp"

#include <string>
#include <utility>

#include "wasm_writer.hpp"

namespace ward::bench {
namespace {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next() {  // splitmix64
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }
  uint32_t between(uint32_t lo, uint32_t hi) { return lo + below(hi - lo + 1); }
  bool percent(uint32_t p) { return below(100) < p; }
  template <typename T, size_t N>
  T pick(const T (&items)[N]) {
    return items[below(N)];
  }

 private:
  uint64_t state_;
};

constexpr uint32_t kStackPointer = 0;  // global index
constexpr uint32_t kFrameBytes = 32;

class Generator {
 public:
  explicit Generator(uint64_t seed) : rng_(seed) {
    const FuncTypeDesc pool[] = {
        {{wt::kI32, wt::kI32}, {wt::kI32}}, {{wt::kI32}, {}}, {{wt::kI64, wt::kI32}, {wt::kI64}},
        {{wt::kF64, wt::kF64}, {wt::kF64}}, {{}, {wt::kI32}}, {{wt::kI32, wt::kI32, wt::kI32}, {}},
        {{wt::kI32}, {wt::kI64}},
    };
    for (const FuncTypeDesc& t : pool) {
      sigs_.push_back(t);
      sig_types_.push_back(w_.type(t));
    }
    w_.global_i32(true, 65536);
    w_.memory(2);
    w_.export_memory("memory");
  }

  SyntheticModule build(size_t target_bytes) {
    size_t approx_size = 0;
    while (approx_size < target_bytes) {
      uint32_t sig = rng_.below(static_cast<uint32_t>(sigs_.size()));
      Code code;
      std::vector<uint8_t> locals = function(sig, code);
      approx_size += code.size() + 8;
      uint32_t index = w_.func(sig_types_[sig], std::move(locals), std::move(code));
      func_sigs_.push_back(sig);
      if (index < 16) {
        std::string name = "f";
        name += std::to_string(index);
        w_.export_func(name, index);
      }
    }
    uint32_t count = static_cast<uint32_t>(func_sigs_.size());
    std::vector<uint32_t> all(count);
    for (uint32_t i = 0; i < count; ++i) all[i] = i;
    w_.table(count);
    w_.elements(0, std::move(all));
    return {w_.encode(), count};
  }

 private:
  // Emits one function body into `code`; returns its declared locals.
  std::vector<uint8_t> function(uint32_t sig, Code& code) {
    const FuncTypeDesc& type = sigs_[sig];
    code_ = &code;
    locals_ = type.params;
    std::vector<uint8_t> declared;
    auto declare = [&](uint8_t t, uint32_t n) {
      for (uint32_t i = 0; i < n; ++i) {
        declared.push_back(t);
        locals_.push_back(t);
      }
    };
    declare(wt::kI32, rng_.between(1, 6));
    declare(wt::kI64, rng_.between(0, 3));
    declare(wt::kF64, rng_.between(0, 2));

    // Like clang's prologue: carve a frame off the stack-pointer global.
    bool frame = rng_.percent(40);
    uint32_t sp = 0;
    if (frame) {
      sp = i32_local();
      code.op_index(op::kGlobalGet, kStackPointer).i32_const(kFrameBytes).op(op::kI32Sub);
      code.op_index(op::kLocalTee, sp).op_index(op::kGlobalSet, kStackPointer);
    }
    statements(rng_.between(3, 16), 3);
    if (frame) {
      code.op_index(op::kLocalGet, sp).i32_const(kFrameBytes).op(op::kI32Add);
      code.op_index(op::kGlobalSet, kStackPointer);
    }
    for (uint8_t t : type.results) expr(t, 3);
    return declared;
  }

  void statements(uint32_t count, int depth) {
    for (uint32_t i = 0; i < count; ++i) statement(depth);
  }

  void statement(int depth) {
    Code& c = *code_;
    uint32_t r = rng_.below(100);
    if (r < 12 && !func_sigs_.empty()) {
      uint32_t callee = rng_.below(static_cast<uint32_t>(func_sigs_.size()));
      const FuncTypeDesc& type = sigs_[func_sigs_[callee]];
      for (uint8_t p : type.params) expr(p, 1);
      c.op_index(op::kCall, callee);
      consume(type.results);
    } else if (r < 15 && !func_sigs_.empty()) {
      uint32_t sig = rng_.below(static_cast<uint32_t>(sigs_.size()));
      const FuncTypeDesc& type = sigs_[sig];
      for (uint8_t p : type.params) expr(p, 1);
      leaf(wt::kI32);
      c.call_indirect(sig_types_[sig]);
      consume(type.results);
    } else if (r < 32) {
      store();
    } else if (depth > 0 && r < 42) {
      expr(wt::kI32, 2);
      c.block(op::kIf);
      statements(rng_.between(1, 5), depth - 1);
      if (rng_.percent(50)) {
        c.op(op::kElse);
        statements(rng_.between(1, 4), depth - 1);
      }
      c.op(op::kEnd);
    } else if (depth > 0 && r < 52) {
      // A counted loop in the shape compilers emit: exit test at the top, back edge at the end.
      uint32_t counter = i32_local();
      c.i32_const(static_cast<int32_t>(rng_.between(4, 64))).op_index(op::kLocalSet, counter);
      c.block(op::kBlock).block(op::kLoop);
      c.op_index(op::kLocalGet, counter).op(op::kI32Eqz).op_index(op::kBrIf, 1);
      statements(rng_.between(1, 6), depth - 1);
      c.op_index(op::kLocalGet, counter).i32_const(1).op(op::kI32Sub);
      c.op_index(op::kLocalSet, counter).op_index(op::kBr, 0);
      c.op(op::kEnd).op(op::kEnd);
    } else if (depth > 0 && r < 58) {
      c.block(op::kBlock);
      statements(rng_.between(1, 3), depth - 1);
      expr(wt::kI32, 2);
      c.op_index(op::kBrIf, 0);
      statements(rng_.between(1, 3), depth - 1);
      c.op(op::kEnd);
    } else if (depth > 0 && r < 61) {
      // switch: three nested blocks, br_table picks which one to leave.
      c.block(op::kBlock).block(op::kBlock).block(op::kBlock);
      expr(wt::kI32, 1);
      c.op(op::kBrTable).u32(2);
      c.u32(0);
      c.u32(1);
      c.u32(2);
      c.op(op::kEnd);
      statements(rng_.between(1, 3), depth - 1);
      c.op_index(op::kBr, 1).op(op::kEnd);
      statements(rng_.between(1, 3), depth - 1);
      c.op(op::kEnd);
    } else {
      uint32_t local = rng_.below(static_cast<uint32_t>(locals_.size()));
      expr(locals_[local], 3);
      c.op_index(op::kLocalSet, local);
    }
  }

  // Stores call results into locals of the same type, or drops them.
  void consume(const std::vector<uint8_t>& results) {
    for (auto it = results.rbegin(); it != results.rend(); ++it) {
      int64_t local = find_local(*it);
      if (local >= 0 && rng_.percent(70)) {
        code_->op_index(op::kLocalSet, static_cast<uint32_t>(local));
      } else {
        code_->op(op::kDrop);
      }
    }
  }

  void store() {
    Code& c = *code_;
    uint32_t offset = 4 * rng_.below(16);
    switch (rng_.below(10)) {
      case 0:
      case 1:
        address();
        expr(wt::kI64, 2);
        c.mem(op::kI64Store, 3, offset);
        break;
      case 2:
        address();
        expr(wt::kF64, 2);
        c.mem(op::kF64Store, 3, offset);
        break;
      case 3:
        address();
        expr(wt::kI32, 2);
        c.mem(op::kI32Store8, 0, offset);
        break;
      default:
        address();
        expr(wt::kI32, 2);
        c.mem(op::kI32Store, 2, offset);
        break;
    }
  }

  // A pointer: usually a local, sometimes computed and masked into the first page.
  void address() {
    if (rng_.percent(60)) {
      code_->op_index(op::kLocalGet, i32_local());
    } else {
      expr(wt::kI32, 1);
      code_->i32_const(0xFFC0).op(op::kI32And);
    }
  }

  void expr(uint8_t t, int depth) {
    if (depth <= 0 || rng_.percent(30)) {
      leaf(t);
      return;
    }
    Code& c = *code_;
    uint32_t r = rng_.below(10);
    if (t == wt::kI32) {
      static const uint8_t kBinary[] = {op::kI32Add,  op::kI32Sub, op::kI32Mul, op::kI32And,
                                        op::kI32Or,   op::kI32Xor, op::kI32Shl, op::kI32ShrU,
                                        op::kI32Rotl, op::kI32Eq,  op::kI32LtS, op::kI32LtU,
                                        op::kI32Ne,   op::kI32GtS, op::kI32GeU};
      if (r < 4) {
        expr(wt::kI32, depth - 1);
        expr(wt::kI32, depth - 1);
        c.op(rng_.pick(kBinary));
      } else if (r < 5) {
        expr(wt::kI32, depth - 1);
        c.i32_const(static_cast<int32_t>(rng_.between(1, 255))).op(rng_.pick(kBinary));
      } else if (r < 6) {
        address();
        if (rng_.percent(75)) {
          c.mem(op::kI32Load, 2, 4 * rng_.below(16));
        } else {
          c.mem(op::kI32Load8U, 0, rng_.below(64));
        }
      } else if (r < 7) {
        expr(wt::kI64, depth - 1);
        expr(wt::kI64, depth - 1);
        c.op(rng_.percent(50) ? op::kI64LtU : op::kI64Eq);
      } else if (r < 8) {
        expr(wt::kF64, depth - 1);
        expr(wt::kF64, depth - 1);
        c.op(rng_.percent(50) ? op::kF64Lt : op::kF64Gt);
      } else if (r < 9) {
        expr(wt::kI64, depth - 1);
        c.op(op::kI32WrapI64);
      } else {
        expr(wt::kI32, depth - 1);
        expr(wt::kI32, depth - 1);
        expr(wt::kI32, depth - 1);
        c.op(op::kSelect);
      }
    } else if (t == wt::kI64) {
      static const uint8_t kBinary[] = {op::kI64Add, op::kI64Sub,  op::kI64Mul,
                                        op::kI64And, op::kI64Or,   op::kI64Xor,
                                        op::kI64Shl, op::kI64ShrU, op::kI64Rotl};
      if (r < 5) {
        expr(wt::kI64, depth - 1);
        expr(wt::kI64, depth - 1);
        c.op(rng_.pick(kBinary));
      } else if (r < 7) {
        address();
        c.mem(op::kI64Load, 3, 8 * rng_.below(8));
      } else {
        expr(wt::kI32, depth - 1);
        c.op(rng_.percent(50) ? op::kI64ExtendI32U : op::kI64ExtendI32S);
      }
    } else {
      static const uint8_t kBinary[] = {op::kF64Add, op::kF64Sub, op::kF64Mul, op::kF64Div};
      if (r < 5) {
        expr(wt::kF64, depth - 1);
        expr(wt::kF64, depth - 1);
        c.op(rng_.pick(kBinary));
      } else if (r < 7) {
        address();
        c.mem(op::kF64Load, 3, 8 * rng_.below(8));
      } else if (r < 9) {
        expr(wt::kI32, depth - 1);
        c.op(op::kF64ConvertI32S);
      } else {
        expr(wt::kF64, depth - 1);
        c.op(op::kF64Sqrt);
      }
    }
  }

  void leaf(uint8_t t) {
    Code& c = *code_;
    if (rng_.percent(85)) {
      if (int64_t local = find_local(t); local >= 0) {
        c.op_index(op::kLocalGet, static_cast<uint32_t>(local));
        return;
      }
    }
    if (t == wt::kI32) {
      c.i32_const(rng_.percent(80) ? static_cast<int32_t>(rng_.below(1024))
                                   : static_cast<int32_t>(rng_.next()));
    } else if (t == wt::kI64) {
      c.i64_const(rng_.percent(80) ? rng_.below(1024) : static_cast<int64_t>(rng_.next()));
    } else {
      c.f64_const(static_cast<double>(rng_.below(1 << 20)) / 1024.0);
    }
  }

  // A random local of type `t`, or -1 when there is none.
  int64_t find_local(uint8_t t) {
    uint32_t n = static_cast<uint32_t>(locals_.size());
    uint32_t start = rng_.below(n);
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t k = (start + i) % n;
      if (locals_[k] == t) return k;
    }
    return -1;
  }

  // Every function declares at least one i32 local.
  uint32_t i32_local() { return static_cast<uint32_t>(find_local(wt::kI32)); }

  Rng rng_;
  ModuleWriter w_;
  std::vector<FuncTypeDesc> sigs_;
  std::vector<uint32_t> sig_types_;
  std::vector<uint32_t> func_sigs_;  // signature of each function generated so far
  Code* code_ = nullptr;
  std::vector<uint8_t> locals_;  // params then declared locals of the current function
};

}  // namespace

SyntheticModule make_synthetic_module(size_t target_bytes, uint64_t seed) {
  return Generator(seed).build(target_bytes);
}

std::vector<uint8_t> make_small_module(bool with_memory) {
  ModuleWriter w;
  uint32_t unary = w.type({{wt::kI32}, {wt::kI32}});
  uint32_t nullary = w.type({{}, {wt::kI32}});
  uint32_t sp = w.global_i32(true, 65536);
  if (with_memory) {
    w.memory(1);
    w.export_memory("memory");
  }

  Code inc;
  inc.op_index(op::kLocalGet, 0).i32_const(1).op(op::kI32Add);
  uint32_t inc_index = w.func(unary, {}, std::move(inc));

  // Spills its argument to a stack frame and reads it back, like unoptimised C.
  Code spill;
  spill.op_index(op::kGlobalGet, sp).i32_const(16).op(op::kI32Sub).op_index(op::kLocalTee, 1);
  spill.op_index(op::kGlobalSet, sp);
  if (with_memory) {
    spill.op_index(op::kLocalGet, 1).op_index(op::kLocalGet, 0).mem(op::kI32Store, 2, 12);
    spill.op_index(op::kLocalGet, 1).mem(op::kI32Load, 2, 12);
  } else {
    spill.op_index(op::kLocalGet, 0);
  }
  spill.op_index(op::kLocalGet, 1).i32_const(16).op(op::kI32Add).op_index(op::kGlobalSet, sp);
  uint32_t spill_index = w.func(unary, {wt::kI32}, std::move(spill));

  // entry: spill(inc(41)), inc called through the table; 41 comes from the data segment.
  Code entry;
  if (with_memory) {
    entry.i32_const(0).mem(op::kI32Load8U, 0, 1024);
  } else {
    entry.i32_const(41);
  }
  entry.i32_const(0).call_indirect(unary).op_index(op::kCall, spill_index);
  uint32_t entry_index = w.func(nullary, {}, std::move(entry));

  w.table(2);
  w.elements(0, {inc_index, spill_index});
  if (with_memory) {
    std::vector<uint8_t> data(64);
    for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(41 + i);
    w.data(1024, std::move(data));
  }
  w.export_func("entry", entry_index);
  w.export_func("inc", inc_index);
  w.export_func("spill", spill_index);
  return w.encode();
}

std::vector<uint8_t> make_host_call_module() {
  ModuleWriter w;
  uint32_t callee = w.type({{wt::kI64}, {wt::kI64}});
  uint32_t loop = w.type({{wt::kI32}, {wt::kI64}});
  uint32_t inc = w.import_func("env", "inc", callee);

  // Locals: 0 = n, 1 = i, 2 = acc.
  auto body = [&](bool call) {
    Code c;
    c.block(op::kBlock).block(op::kLoop);
    c.op_index(op::kLocalGet, 1).op_index(op::kLocalGet, 0).op(op::kI32GeU).op_index(op::kBrIf, 1);
    c.op_index(op::kLocalGet, 2).op_index(op::kLocalGet, 1).op(op::kI64ExtendI32U);
    c.op(op::kI64Add);
    if (call) {
      c.op_index(op::kCall, inc);
    } else {
      c.i64_const(1).op(op::kI64Add);
    }
    c.op_index(op::kLocalSet, 2);
    c.op_index(op::kLocalGet, 1).i32_const(1).op(op::kI32Add).op_index(op::kLocalSet, 1);
    c.op_index(op::kBr, 0).op(op::kEnd).op(op::kEnd);
    c.op_index(op::kLocalGet, 2);
    return c;
  };
  w.export_func("with_call", w.func(loop, {wt::kI32, wt::kI64}, body(true)));
  w.export_func("without_call", w.func(loop, {wt::kI32, wt::kI64}, body(false)));
  return w.encode();
}

}  // namespace ward::bench
