// One-pass validation and translation of a function body into slot-based internal code.
//
// Operand-stack entry i lives in frame slot `stack_base + i` (its "home"), unless it is
// deferred: a `local.get` result that still refers to the local's slot, or a constant not yet
// written anywhere. Deferred entries are materialised when needed: before the local is
// overwritten, at control-flow joins, and when an instruction needs a slot and has no
// immediate form. Everything below a control frame's entry height is in its home slot or is a
// constant, so every path into a label agrees on where values are.
#include "engine/validator/translator.hpp"

#include <array>
#include <cstdio>
#include <cstring>
#include <string>

#include "engine/decoder/reader.hpp"
#include "engine/interp/instr.hpp"

namespace ward::engine {
namespace {

constexpr ValType kUnknown = static_cast<ValType>(0);

enum class Loc : uint8_t { Home, Local, Const };

struct Entry {
  ValType type;
  Loc loc;
  uint64_t val;  // local index or constant bits
};

enum class CtrlKind : uint8_t { Func, Block, Loop, If, Else };

// Where a forward branch keeps its offset: a whole word (br_table entries) or one half.
enum class PatchKind : uint8_t { Full64, Lo32 };

struct Patch {
  uint32_t instr;  // start of the branch instruction
  uint32_t word;   // word holding the offset
  PatchKind kind;
};

// A comparison whose result only feeds a branch: its code is removed and its operands go into
// a fused compare-and-branch instruction.
struct PendingCompare {
  bool valid = false;
  Op br_if = Op::Unreachable;
  Op br_unless = Op::Unreachable;
  uint32_t a = 0;
  uint32_t b = 0;  // slot, or the 32-bit immediate
};

struct BlockSig {
  const ValType* params = nullptr;
  uint32_t num_params = 0;
  const ValType* results = nullptr;
  uint32_t num_results = 0;
};

struct Ctrl {
  Ctrl(CtrlKind k, BlockSig s, uint32_t h, bool dead)
      : kind(k), sig(s), height(h), unreachable(false), dead_at_start(dead) {}
  CtrlKind kind;
  BlockSig sig;
  uint32_t height;     // operand height at entry, params excluded
  bool unreachable;    // validation: rest of the block is unreachable (polymorphic stack)
  bool dead_at_start;  // translation: no code of this block is ever executed
  uint32_t loop_target = 0;
  std::vector<Patch> patches;  // forward branches to the end of this block
  bool has_else_patch = false;
  Patch else_patch{};
};

// Numeric/memory operators of opcodes.def, indexed by opcode.
enum class NumKind : uint8_t { None, Unary, Binary, TrapBinary, TrapConv, Load, Store };
struct NumInfo {
  NumKind kind = NumKind::None;
  ValType in = kUnknown;
  ValType out = kUnknown;
  Op op = Op::Unreachable;
  uint8_t mem_bytes = 0;
  bool commutative = false;
};

constexpr ValType VT_I32 = ValType::I32;
constexpr ValType VT_I64 = ValType::I64;
constexpr ValType VT_F32 = ValType::F32;
constexpr ValType VT_F64 = ValType::F64;

constexpr bool is_commutative(uint32_t opcode) {
  switch (opcode) {
    case 0x46: case 0x47: case 0x6A: case 0x6C: case 0x71: case 0x72: case 0x73:
    case 0x51: case 0x52: case 0x7C: case 0x7E: case 0x83: case 0x84: case 0x85:
      return true;
    default:
      return false;
  }
}

struct NumTables {
  std::array<NumInfo, 256> main{};
  std::array<NumInfo, 8> fc{};
  NumTables() {
    auto set = [&](uint32_t opcode, NumInfo info) {
      info.commutative = is_commutative(opcode);
      if (opcode >= 0xFC00) {
        fc[opcode - 0xFC00] = info;
      } else {
        main[opcode] = info;
      }
    };
#define WASM_UNOP(Name, opcode, In, Out, expr) \
  set(opcode, {NumKind::Unary, VT_##In, VT_##Out, Op::Name, 0, false});
#define WASM_BINOP(Name, opcode, In, Out, expr) \
  set(opcode, {NumKind::Binary, VT_##In, VT_##Out, Op::Name, 0, false});
#define WASM_TRAP_BINOP(Name, opcode, Type) \
  set(opcode, {NumKind::TrapBinary, VT_##Type, VT_##Type, Op::Name, 0, false});
#define WASM_TRAP_CONV(Name, opcode, In, Out, fits, expr) \
  set(opcode, {NumKind::TrapConv, VT_##In, VT_##Out, Op::Name, 0, false});
#define WASM_LOAD(Name, opcode, Out, MemCType) \
  set(opcode, {NumKind::Load, VT_I32, VT_##Out, Op::Name, sizeof(MemCType), false});
#define WASM_STORE(Name, opcode, In, MemCType) \
  set(opcode, {NumKind::Store, VT_##In, VT_I32, Op::Name, sizeof(MemCType), false});
#include "engine/opcodes.def"
  }
};

const NumTables& num_tables() {
  static const NumTables tables;
  return tables;
}

bool is_accounting(uint32_t opcode) {
  switch (opcode) {
    case 0x03:  // loop
    case 0x04:  // if
    case 0x05:  // else
    case 0x0B:  // end
    case 0x0C:  // br
    case 0x0D:  // br_if
    case 0x0E:  // br_table
    case 0x0F:  // return
    case 0x10:  // call
    case 0x11:  // call_indirect
      return true;
    default:
      return false;
  }
}

const ValType* single_type(ValType t) {
  static const ValType kI32 = ValType::I32, kI64 = ValType::I64, kF32 = ValType::F32,
                       kF64 = ValType::F64, kFunc = ValType::FuncRef, kExtern = ValType::ExternRef;
  switch (t) {
    case ValType::I32: return &kI32;
    case ValType::I64: return &kI64;
    case ValType::F32: return &kF32;
    case ValType::F64: return &kF64;
    case ValType::FuncRef: return &kFunc;
    case ValType::ExternRef: return &kExtern;
    default: return nullptr;
  }
}

bool is_narrow(ValType t) { return t == ValType::I32 || t == ValType::F32; }

bool is_valtype_byte(uint8_t b) {
  return b == 0x7F || b == 0x7E || b == 0x7D || b == 0x7C || b == 0x70 || b == 0x6F;
}

class Translator {
 public:
  Translator(const CompiledModule& m, uint32_t defined_index, TranslationOutput out,
             CodeFunc& result)
      : m_(m),
        ir_(m.ir),
        body_(ir_.functions[defined_index]),
        out_(out),
        result_(result),
        r_(m.bytes.data() + body_.code_offset, body_.code_end - body_.code_offset,
           body_.code_offset),
        metering_(m.config.gas_metering),
        limits_(m.config.limits) {
    func_index_ = ir_.num_imported_funcs + defined_index;
    type_ = &ir_.types[body_.type];
  }

  std::optional<CompileError> run();

 private:
  // ---- errors ----
  bool invalid(std::string msg) {
    if (!error_) error_ = CompileError{CompileErrorKind::Invalid, op_offset_, std::move(msg)};
    return false;
  }
  bool malformed(std::string msg, uint64_t at) {
    if (!error_) error_ = CompileError{CompileErrorKind::Malformed, at, std::move(msg)};
    return false;
  }
  bool reader_failed() {
    if (!r_.ok()) {
      std::string msg = r_.error();
      if (msg == "unexpected end") msg = "unexpected end of section or function";
      return malformed(msg, r_.error_offset());
    }
    return true;
  }

  // ---- code emission ----
  bool live() const { return !dead_; }
  uint32_t pos() const { return static_cast<uint32_t>(code().size()); }
  std::vector<uint64_t>& code() const { return out_.code; }
  uint32_t emit(Op op) {
    uint32_t at = pos();
    code().push_back(handler_word(op));
    out_.pc_map.push_back({at, static_cast<uint32_t>(op_offset_)});
    retarget_word_ = UINT32_MAX;
    last_start_ = at;
    last_op_ = op;
    position_is_target_ = false;
    return at;
  }
  // The pending region charge as a separate instruction (for accounting operators that do not
  // carry it themselves).
  void flush_gas() {
    if (pending_gas_ != 0 && live()) emit_gas(pending_gas_);
    pending_gas_ = 0;
  }
  // A charge directly after another charge, with no branch landing between them, is added to
  // it: every execution that pays the first pays the second, and no operator runs in between.
  void emit_gas(uint64_t charge) {
    if (last_op_ == Op::Gas && last_start_ + 2 == pos() && !position_is_target_) {
      code()[last_start_ + 1] += charge;
      return;
    }
    emit(Op::Gas);
    word(charge);
  }
  uint32_t take_gas() {
    uint64_t g = live() ? pending_gas_ : 0;
    pending_gas_ = 0;
    return static_cast<uint32_t>(g);
  }
  PendingCompare take_compare(const Entry& cond);
  // When `addr` is the result of the i32.add just emitted, removes the add and gives its
  // operand slots, so a load or store can add them itself.
  bool take_address_add(const Entry& addr, uint32_t& base, uint32_t& index) {
    if (addr.loc != Loc::Home || last_op_ != Op::I32Add || retarget_word_ != last_start_ + 1) {
      return false;
    }
    uint64_t w1 = code()[last_start_ + 1];
    if (static_cast<uint32_t>(w1) != addr.val) return false;
    base = static_cast<uint32_t>(w1 >> 32);
    index = static_cast<uint32_t>(code()[last_start_ + 2]);
    code().resize(last_start_);
    out_.pc_map.pop_back();
    retarget_word_ = UINT32_MAX;
    return true;
  }
  uint32_t emit_cond_branch(const PendingCompare& cmp, uint32_t cond_slot, bool when_true,
                            uint32_t gas);
  void word(uint64_t w) { code().push_back(w); }
  void bind_label() {
    retarget_word_ = UINT32_MAX;
    position_is_target_ = true;
  }

  // ---- operand stack ----
  uint32_t home(uint32_t index) const { return stack_base_ + index; }
  uint32_t height() const { return static_cast<uint32_t>(stack_.size()); }
  void note_height() {
    if (height() > max_height_) max_height_ = height();
  }
  void push(ValType t) {
    stack_.push_back({t, Loc::Home, 0});
    note_height();
  }
  void push_entry(Entry e) {
    if (e.loc == Loc::Local) local_refs_[e.val]++;
    stack_.push_back(e);
    note_height();
  }
  Entry pop_raw() {
    Entry e = stack_.back();
    stack_.pop_back();
    if (e.loc == Loc::Local) local_refs_[e.val]--;
    if (e.loc == Loc::Home) e.val = home(height());  // a popped home entry names its slot
    return e;
  }
  // Validation pop of any type.
  bool pop_any(Entry& e) {
    Ctrl& c = ctrls_.back();
    if (height() == c.height) {
      if (c.unreachable) {
        e = {kUnknown, Loc::Home, 0};
        return true;
      }
      return invalid("type mismatch: operand stack is empty");
    }
    e = pop_raw();
    return true;
  }
  bool pop_expect(ValType t, Entry& e) {
    if (!pop_any(e)) return false;
    if (e.type != t && e.type != kUnknown && t != kUnknown) {
      return invalid(std::string("type mismatch: expected ") + to_string(t) + ", found " +
                     to_string(e.type));
    }
    return true;
  }

  // Writes a deferred entry at stack index `i` into its home slot.
  void materialize(uint32_t i) {
    Entry& e = stack_[i];
    if (e.loc == Loc::Home) return;
    if (live()) emit_move(home(i), e);
    if (e.loc == Loc::Local) local_refs_[e.val]--;
    e.loc = Loc::Home;
  }
  void emit_move(uint32_t dst, const Entry& e) {
    if (e.loc == Loc::Local) {
      if (e.val == dst) return;
      emit(Op::Copy);
      word(pack(dst, static_cast<uint32_t>(e.val)));
    } else if (e.loc == Loc::Const) {
      emit_const(dst, e.val, is_narrow(e.type));
    } else {
      emit(Op::Copy);
      word(pack(dst, static_cast<uint32_t>(e.val)));
    }
  }
  void emit_const(uint32_t dst, uint64_t bits, bool narrow) {
    if (narrow || bits <= UINT32_MAX) {
      emit(Op::Const32);
      word(pack(dst, static_cast<uint32_t>(bits)));
    } else {
      emit(Op::Const64);
      word(pack(dst, 0));
      word(bits);
    }
  }
  // The slot holding entry `e` that was at stack index `i` (already popped); constants are
  // written to the home slot first.
  uint32_t slot_of(const Entry& e, uint32_t i) {
    if (e.loc != Loc::Const) return static_cast<uint32_t>(e.val);
    if (live()) emit_const(home(i), e.val, is_narrow(e.type));
    return home(i);
  }
  void materialize_local_refs(uint32_t local) {
    if (local_refs_[local] == 0) return;
    for (uint32_t i = 0; i < height(); ++i) {
      if (stack_[i].loc == Loc::Local && stack_[i].val == local) materialize(i);
    }
  }
  void materialize_all_local_refs() {
    for (uint32_t i = 0; i < height(); ++i) {
      if (stack_[i].loc == Loc::Local) materialize(i);
    }
  }
  void materialize_top(uint32_t n) {
    for (uint32_t i = height() - n; i < height(); ++i) materialize(i);
  }

  // ---- control ----
  bool read_block_sig(BlockSig& sig);
  bool push_ctrl(CtrlKind kind, const BlockSig& sig);
  bool check_results(const ValType* types, uint32_t n, uint32_t base_height, bool exact);
  bool label_types(const Ctrl& c, const ValType*& types, uint32_t& n) const {
    if (c.kind == CtrlKind::Loop) {
      types = c.sig.params;
      n = c.sig.num_params;
    } else {
      types = c.sig.results;
      n = c.sig.num_results;
    }
    return true;
  }
  // Copies the top `n` values to the label's slots; returns whether any copy was needed.
  bool needs_branch_copies(const Ctrl& target, uint32_t n) const;
  void emit_branch_copies(const Ctrl& target, uint32_t n);
  void emit_branch_to(Ctrl& target, uint32_t gas);
  void emit_return_sequence(uint32_t gas);
  void patch_here(const Patch& p);
  void patch_to(uint32_t instr, uint32_t word, uint32_t target) {
    uint64_t& w = code()[word];
    int32_t rel = static_cast<int32_t>(target) - static_cast<int32_t>(instr);
    w = (w & 0xFFFFFFFF00000000ull) | static_cast<uint32_t>(rel);
  }
  void end_frame_code(Ctrl& c);
  void mark_unreachable() {
    Ctrl& c = ctrls_.back();
    while (height() > c.height) pop_raw();
    c.unreachable = true;
    dead_ = true;
  }

  bool op_memarg(uint32_t& offset, uint8_t natural_bytes);
  bool require_memory() {
    if (ir_.memories.empty()) return invalid("unknown memory 0");
    return true;
  }
  bool read_table_index(uint32_t& t) {
    t = r_.u32();
    if (!reader_failed()) return false;
    if (t >= ir_.tables.size()) return invalid("unknown table " + std::to_string(t));
    return true;
  }

  bool translate_op(uint32_t opcode);
  bool translate_numeric(const NumInfo& info, uint32_t opcode);
  bool translate_fc(uint32_t sub);
  bool do_call(uint32_t type_index, bool indirect, uint32_t table, uint32_t func);

  const CompiledModule& m_;
  const ModuleIR& ir_;
  const FunctionBody& body_;
  TranslationOutput out_;
  CodeFunc& result_;
  Reader r_;
  bool metering_;
  const Limits& limits_;
  const FuncType* type_;
  uint32_t func_index_ = 0;

  std::vector<ValType> locals_;
  std::vector<uint32_t> local_refs_;
  uint32_t stack_base_ = 0;
  uint32_t max_height_ = 0;
  std::vector<Entry> stack_;
  std::vector<Ctrl> ctrls_;
  bool dead_ = false;
  uint64_t acc_ = 0;  // gas accumulator for the current region
  uint64_t op_offset_ = 0;
  uint64_t pending_gas_ = 0;  // charge of the current accounting operator, not yet emitted
  bool position_is_target_ = false;  // some branch lands at the current position
  uint32_t last_start_ = 0;   // start and op of the last emitted instruction
  Op last_op_ = Op::Unreachable;
  uint32_t retarget_word_ = UINT32_MAX;  // word holding the dst of the last instruction
  uint32_t retarget_slot_ = 0;
  std::optional<CompileError> error_;
};

bool Translator::read_block_sig(BlockSig& sig) {
  uint8_t b = r_.peek();
  if (b == 0x40) {
    r_.u8();
    return true;
  }
  if (is_valtype_byte(b)) {
    r_.u8();
    sig.results = single_type(static_cast<ValType>(b));
    sig.num_results = 1;
    return true;
  }
  int64_t idx = r_.s33();
  if (!reader_failed()) return false;
  if (idx < 0) return malformed("malformed block type", op_offset_);
  if (static_cast<uint64_t>(idx) >= ir_.types.size()) {
    return invalid("unknown type " + std::to_string(idx));
  }
  const FuncType& ft = ir_.types[idx];
  sig.params = ft.params.data();
  sig.num_params = static_cast<uint32_t>(ft.params.size());
  sig.results = ft.results.data();
  sig.num_results = static_cast<uint32_t>(ft.results.size());
  return true;
}

bool Translator::push_ctrl(CtrlKind kind, const BlockSig& sig) {
  if (ctrls_.size() > limits_.max_nesting_depth) {
    if (!error_) {
      error_ = CompileError{CompileErrorKind::LimitExceeded, op_offset_,
                            "control nesting deeper than " +
                                std::to_string(limits_.max_nesting_depth) +
                                " (max_nesting_depth)"};
    }
    return false;
  }
  // Pop and check the params, then push them back as entries of the new frame.
  std::vector<Entry> params(sig.num_params);
  for (uint32_t i = sig.num_params; i-- > 0;) {
    if (!pop_expect(sig.params[i], params[i])) return false;
  }
  uint32_t h = height();
  for (uint32_t i = 0; i < sig.num_params; ++i) {
    if (params[i].type == kUnknown) params[i].type = sig.params[i];
    push_entry(params[i]);
  }
  // Joins need every value that flows in to be at a fixed place: params in their home slots,
  // and no entry below may still refer to a local the block might overwrite.
  materialize_all_local_refs();
  materialize_top(sig.num_params);
  ctrls_.emplace_back(kind, sig, h, dead_);
  return true;
}

bool Translator::check_results(const ValType* types, uint32_t n, uint32_t base_height,
                               bool exact) {
  Ctrl& c = ctrls_.back();
  uint32_t avail = height() - base_height;
  if (exact && avail > n) return invalid("type mismatch: values remaining on the stack at end of block");
  for (uint32_t k = 0; k < n; ++k) {
    uint32_t from_top = n - 1 - k;
    if (from_top >= avail) {
      if (c.unreachable) continue;
      return invalid("type mismatch: not enough values on the stack");
    }
    ValType have = stack_[height() - 1 - from_top].type;
    if (have != types[k] && have != kUnknown) {
      return invalid(std::string("type mismatch: expected ") + to_string(types[k]) + ", found " +
                     to_string(have));
    }
  }
  return true;
}

bool Translator::needs_branch_copies(const Ctrl& target, uint32_t n) const {
  uint32_t dst = home(target.height);
  uint32_t first = height() - n;
  for (uint32_t k = 0; k < n; ++k) {
    const Entry& e = stack_[first + k];
    if (e.loc != Loc::Home || home(first + k) != dst + k) return true;
  }
  return false;
}

void Translator::emit_branch_copies(const Ctrl& target, uint32_t n) {
  uint32_t dst = home(target.height);
  uint32_t first = height() - n;
  // Destinations are never above their sources, so ascending order is overlap-safe.
  for (uint32_t k = 0; k < n; ++k) {
    Entry e = stack_[first + k];
    if (e.loc == Loc::Home) {
      if (home(first + k) == dst + k) continue;
      e.val = home(first + k);
    }
    emit_move(dst + k, e);
  }
}

void Translator::emit_return_sequence(uint32_t gas) {
  uint32_t n = static_cast<uint32_t>(type_->results.size());
  uint32_t first = height() - n;
  // Results go to slots 0..n-1, where the caller expects them. A home source of result k sits
  // at or above slot k, so ascending copies are safe; a local that is itself a destination is
  // first copied to the result's home (this may run on a conditional path only, so the
  // stack entries are left as they are).
  std::vector<Entry> sources(stack_.begin() + first, stack_.end());
  // A single result just computed into its home slot is computed into slot 0 instead.
  bool retargeted = false;
  if (n == 1 && sources[0].loc == Loc::Home && retarget_word_ != UINT32_MAX &&
      retarget_slot_ == home(first)) {
    uint64_t& w = code()[retarget_word_];
    w &= 0xFFFFFFFF00000000ull;
    sources[0].val = 0;
    retarget_word_ = UINT32_MAX;
    retargeted = true;
  }
  for (uint32_t k = 0; k < n; ++k) {
    Entry& e = sources[k];
    if (e.loc == Loc::Home) {
      if (!retargeted) e.val = home(first + k);
    } else if (e.loc == Loc::Local && e.val < n && e.val != k) {
      emit_move(home(first + k), e);
      e = {e.type, Loc::Home, home(first + k)};
    }
  }
  for (uint32_t k = 0; k < n; ++k) {
    const Entry& e = sources[k];
    if (e.loc != Loc::Const && e.val == k) continue;
    emit_move(k, e);
  }
  emit(Op::Return);
  word(gas);
}

void Translator::emit_branch_to(Ctrl& target, uint32_t gas) {
  const ValType* types;
  uint32_t n;
  label_types(target, types, n);
  if (target.kind == CtrlKind::Func) {
    emit_return_sequence(gas);
    return;
  }
  emit_branch_copies(target, n);
  uint32_t at = emit(Op::Br);
  if (target.kind == CtrlKind::Loop) {
    word(pack(static_cast<uint32_t>(static_cast<int32_t>(target.loop_target) -
                                    static_cast<int32_t>(at)),
              gas));
  } else {
    word(pack(0, gas));
    target.patches.push_back({at, at + 1, PatchKind::Lo32});
  }
}

PendingCompare Translator::take_compare(const Entry& cond) {
  PendingCompare cmp;
  if (!live() || cond.loc != Loc::Home || retarget_word_ != last_start_ + 1) return cmp;
  uint64_t w1 = code()[last_start_ + 1];
  if (static_cast<uint32_t>(w1) != cond.val) return cmp;
  uint32_t a = static_cast<uint32_t>(w1 >> 32);
  uint64_t w2 = last_start_ + 2 < pos() ? code()[last_start_ + 2] : 0;
  switch (last_op_) {
#define FUSE_COMPARE(Name, CType, op)                              \
  case Op::Name:                                                   \
    cmp = {true, Op::Name##BrIf, Op::Name##BrUnless, a,            \
           static_cast<uint32_t>(w2)};                             \
    break;                                                         \
  case Op::Name##Imm:                                              \
    if (static_cast<int64_t>(w2) != static_cast<int32_t>(w2) &&    \
        sizeof(CType) == 8)                                        \
      return cmp;                                                  \
    cmp = {true, Op::Name##ImmBrIf, Op::Name##ImmBrUnless, a,      \
           static_cast<uint32_t>(w2)};                             \
    break;
    WARD_FUSED_COMPARES(FUSE_COMPARE)
#undef FUSE_COMPARE
    case Op::I32Eqz:
      cmp = {true, Op::I32EqzBrIf, Op::I32EqzBrUnless, a, 0};
      break;
    case Op::I64Eqz:
      cmp = {true, Op::I64EqzBrIf, Op::I64EqzBrUnless, a, 0};
      break;
    default:
      return cmp;
  }
  // Drop the comparison: the branch evaluates it.
  code().resize(last_start_);
  out_.pc_map.pop_back();
  retarget_word_ = UINT32_MAX;
  return cmp;
}

uint32_t Translator::emit_cond_branch(const PendingCompare& cmp, uint32_t cond_slot,
                                      bool when_true, uint32_t gas) {
  uint32_t at;
  if (cmp.valid) {
    at = emit(when_true ? cmp.br_if : cmp.br_unless);
    word(pack(cmp.a, cmp.b));
  } else {
    at = emit(when_true ? Op::I32NezBrIf : Op::I32NezBrUnless);
    word(pack(cond_slot, 0));
  }
  word(pack(0, gas));
  return at;
}

void Translator::patch_here(const Patch& p) {
  int64_t rel = static_cast<int64_t>(pos()) - p.instr;
  uint64_t& w = code()[p.word];
  if (p.kind == PatchKind::Lo32) {
    w = (w & 0xFFFFFFFF00000000ull) | static_cast<uint32_t>(rel);
  } else {
    w = static_cast<uint64_t>(rel);
  }
}

bool Translator::op_memarg(uint32_t& offset, uint8_t natural_bytes) {
  uint32_t align = r_.u32();
  offset = r_.u32();
  if (!reader_failed()) return false;
  if (!require_memory()) return false;
  if (align >= 32 || (1u << align) > natural_bytes) {
    return invalid("alignment must not be larger than natural");
  }
  return true;
}

bool Translator::translate_numeric(const NumInfo& info, uint32_t opcode) {
  (void)opcode;
  switch (info.kind) {
    case NumKind::Unary:
    case NumKind::TrapConv: {
      Entry a;
      if (!pop_expect(info.in, a)) return false;
      uint32_t i = height();
      if (live()) {
        uint32_t sa = slot_of(a, i);
        emit(info.op);
        word(pack(home(i), sa));
        retarget_word_ = pos() - 1;
        retarget_slot_ = home(i);
      }
      push(info.out);
      return true;
    }
    case NumKind::Binary:
    case NumKind::TrapBinary: {
      Entry b, a;
      if (!pop_expect(info.in, b) || !pop_expect(info.in, a)) return false;
      uint32_t i = height();
      if (live()) {
        if (a.loc == Loc::Const && b.loc != Loc::Const && info.commutative) std::swap(a, b);
        uint32_t at;
        if (b.loc == Loc::Const) {
          uint32_t sa = slot_of(a, i);
          at = emit(static_cast<Op>(static_cast<uint16_t>(info.op) + 1));  // Name##Imm
          word(pack(home(i), sa));
          word(b.val);
        } else {
          uint32_t sa = slot_of(a, i);
          uint32_t sb = slot_of(b, i + 1);
          at = emit(info.op);
          word(pack(home(i), sa));
          word(sb);
        }
        retarget_word_ = at + 1;
        retarget_slot_ = home(i);
      }
      push(info.out);
      return true;
    }
    case NumKind::Load: {
      uint32_t offset;
      if (!op_memarg(offset, info.mem_bytes)) return false;
      Entry a;
      if (!pop_expect(ValType::I32, a)) return false;
      uint32_t i = height();
      if (live()) {
        uint32_t base, index;
        uint32_t at;
        if (take_address_add(a, base, index)) {
          at = emit(static_cast<Op>(static_cast<uint16_t>(info.op) + 1));  // Name##Idx
          word(pack(home(i), base));
          word(pack(index, offset));
        } else {
          uint32_t sa = slot_of(a, i);
          at = emit(info.op);
          word(pack(home(i), sa));
          word(offset);
        }
        retarget_word_ = at + 1;
        retarget_slot_ = home(i);
      }
      push(info.out);
      return true;
    }
    case NumKind::Store: {
      uint32_t offset;
      if (!op_memarg(offset, info.mem_bytes)) return false;
      Entry v, a;
      if (!pop_expect(info.in, v) || !pop_expect(ValType::I32, a)) return false;
      uint32_t i = height();
      if (live()) {
        uint32_t base, index;
        // A constant value would be written to a slot the fused address add may read.
        if (v.loc != Loc::Const && take_address_add(a, base, index)) {
          uint32_t sv = slot_of(v, i + 1);
          emit(static_cast<Op>(static_cast<uint16_t>(info.op) + 1));  // Name##Idx
          word(pack(base, index));
          word(pack(sv, offset));
        } else {
          uint32_t sa = slot_of(a, i);
          uint32_t sv = slot_of(v, i + 1);
          emit(info.op);
          word(pack(sa, sv));
          word(offset);
        }
      }
      return true;
    }
    case NumKind::None:
      break;
  }
  return false;
}

bool Translator::do_call(uint32_t type_index, bool indirect, uint32_t table, uint32_t func) {
  const FuncType& ft = ir_.types[type_index];
  Entry index_entry{};
  if (indirect && !pop_expect(ValType::I32, index_entry)) return false;
  uint32_t n = static_cast<uint32_t>(ft.params.size());
  // Validate argument types.
  {
    Ctrl& c = ctrls_.back();
    uint32_t avail = height() - c.height;
    for (uint32_t k = 0; k < n; ++k) {
      uint32_t from_top = n - 1 - k;
      if (from_top >= avail) {
        if (c.unreachable) continue;
        return invalid("type mismatch: not enough arguments for call");
      }
      ValType have = stack_[height() - 1 - from_top].type;
      if (have != ft.params[k] && have != kUnknown) {
        return invalid(std::string("type mismatch: call argument expected ") +
                       to_string(ft.params[k]) + ", found " + to_string(have));
      }
    }
  }
  uint32_t avail = height() - ctrls_.back().height;
  uint32_t real_args = n < avail ? n : avail;
  uint32_t base = height() - real_args;
  uint32_t gas = take_gas();  // carried by the call instruction
  if (live()) {
    materialize_top(real_args);
    if (indirect) {
      // The index operand was above the arguments; read it from wherever it is.
      uint32_t si = slot_of(index_entry, height() + 0);
      // slot_of may have written a constant into home(height()); that slot is the first
      // slot of the callee frame only after the call starts, so reading it first is safe.
      emit(Op::CallIndirect);
      word(pack(home(base), m_.type_ids[type_index]));
      word(pack(table, si));
      word(gas);
    } else if (func < ir_.num_imported_funcs) {
      emit(Op::CallImport);
      word(pack(home(base), func));
      word(gas);
    } else {
      uint32_t at = emit(Op::Call);
      word(pack(home(base), gas));
      word(func - ir_.num_imported_funcs);
      out_.call_fixups.push_back(at + 2);
    }
  }
  for (uint32_t k = 0; k < real_args; ++k) pop_raw();
  for (ValType t : ft.results) push(t);
  return true;
}

bool Translator::translate_fc(uint32_t sub) {
  if (sub < 8) return translate_numeric(num_tables().fc[sub], 0xFC00 | sub);
  switch (sub) {
    case 8: {  // memory.init
      uint32_t seg = r_.u32();
      uint8_t zero = r_.u8();
      if (!reader_failed()) return false;
      if (zero != 0) return malformed("zero byte expected", r_.offset() - 1);
      if (!ir_.data_count) return malformed("data count section required", op_offset_);
      if (!require_memory()) return false;
      if (seg >= *ir_.data_count) return invalid("unknown data segment " + std::to_string(seg));
      Entry n, s, d;
      if (!pop_expect(ValType::I32, n) || !pop_expect(ValType::I32, s) ||
          !pop_expect(ValType::I32, d))
        return false;
      uint32_t i = height();
      if (live()) {
        uint32_t sd = slot_of(d, i), ss = slot_of(s, i + 1), sn = slot_of(n, i + 2);
        emit(Op::MemoryInit);
        word(pack(sd, ss));
        word(pack(sn, seg));
      }
      return true;
    }
    case 9: {  // data.drop
      uint32_t seg = r_.u32();
      if (!reader_failed()) return false;
      if (!ir_.data_count) return malformed("data count section required", op_offset_);
      if (seg >= *ir_.data_count) return invalid("unknown data segment " + std::to_string(seg));
      if (live()) {
        emit(Op::DataDrop);
        word(seg);
      }
      return true;
    }
    case 10:    // memory.copy
    case 11: {  // memory.fill
      uint8_t z1 = r_.u8();
      if (sub == 10) {
        uint8_t z2 = r_.u8();
        if (!reader_failed()) return false;
        if (z2 != 0) return malformed("zero byte expected", r_.offset() - 1);
      }
      if (!reader_failed()) return false;
      if (z1 != 0) return malformed("zero byte expected", r_.offset() - 1);
      if (!require_memory()) return false;
      Entry n, s, d;
      if (!pop_expect(ValType::I32, n) || !pop_expect(ValType::I32, s) ||
          !pop_expect(ValType::I32, d))
        return false;
      uint32_t i = height();
      if (live()) {
        uint32_t sd = slot_of(d, i), ss = slot_of(s, i + 1), sn = slot_of(n, i + 2);
        emit(sub == 10 ? Op::MemoryCopy : Op::MemoryFill);
        word(pack(sd, ss));
        word(sn);
      }
      return true;
    }
    case 12: {  // table.init
      uint32_t seg = r_.u32();
      uint32_t table;
      if (!reader_failed() || !read_table_index(table)) return false;
      if (seg >= ir_.elements.size()) return invalid("unknown elem segment " + std::to_string(seg));
      if (ir_.elements[seg].type != ir_.tables[table].elem) return invalid("type mismatch");
      Entry n, s, d;
      if (!pop_expect(ValType::I32, n) || !pop_expect(ValType::I32, s) ||
          !pop_expect(ValType::I32, d))
        return false;
      uint32_t i = height();
      if (live()) {
        uint32_t sd = slot_of(d, i), ss = slot_of(s, i + 1), sn = slot_of(n, i + 2);
        emit(Op::TableInit);
        word(pack(sd, ss));
        word(pack(sn, table));
        word(seg);
      }
      return true;
    }
    case 13: {  // elem.drop
      uint32_t seg = r_.u32();
      if (!reader_failed()) return false;
      if (seg >= ir_.elements.size()) return invalid("unknown elem segment " + std::to_string(seg));
      if (live()) {
        emit(Op::ElemDrop);
        word(seg);
      }
      return true;
    }
    case 14: {  // table.copy
      uint32_t dst_table, src_table;
      if (!read_table_index(dst_table) || !read_table_index(src_table)) return false;
      if (ir_.tables[dst_table].elem != ir_.tables[src_table].elem) return invalid("type mismatch");
      Entry n, s, d;
      if (!pop_expect(ValType::I32, n) || !pop_expect(ValType::I32, s) ||
          !pop_expect(ValType::I32, d))
        return false;
      uint32_t i = height();
      if (live()) {
        uint32_t sd = slot_of(d, i), ss = slot_of(s, i + 1), sn = slot_of(n, i + 2);
        emit(Op::TableCopy);
        word(pack(sd, ss));
        word(pack(sn, dst_table));
        word(src_table);
      }
      return true;
    }
    case 15: {  // table.grow
      uint32_t table;
      if (!read_table_index(table)) return false;
      Entry n, init;
      if (!pop_expect(ValType::I32, n) || !pop_expect(ir_.tables[table].elem, init)) return false;
      uint32_t i = height();
      if (live()) {
        uint32_t si = slot_of(init, i), sn = slot_of(n, i + 1);
        emit(Op::TableGrow);
        word(pack(home(i), si));
        word(pack(sn, table));
      }
      push(ValType::I32);
      return true;
    }
    case 16: {  // table.size
      uint32_t table;
      if (!read_table_index(table)) return false;
      if (live()) {
        emit(Op::TableSize);
        word(pack(home(height()), table));
      }
      push(ValType::I32);
      return true;
    }
    case 17: {  // table.fill
      uint32_t table;
      if (!read_table_index(table)) return false;
      Entry n, v, d;
      if (!pop_expect(ValType::I32, n) || !pop_expect(ir_.tables[table].elem, v) ||
          !pop_expect(ValType::I32, d))
        return false;
      uint32_t i = height();
      if (live()) {
        uint32_t sd = slot_of(d, i), sv = slot_of(v, i + 1), sn = slot_of(n, i + 2);
        emit(Op::TableFill);
        word(pack(sd, sv));
        word(pack(sn, table));
      }
      return true;
    }
    default:
      return malformed("illegal opcode 0xfc " + std::to_string(sub), op_offset_);
  }
}

void Translator::end_frame_code(Ctrl& c) {
  // Forward branches land here; without any, the position is reached by fall-through only.
  for (const Patch& p : c.patches) patch_here(p);
  if (c.has_else_patch) patch_here(c.else_patch);
  if (!c.patches.empty() || c.has_else_patch) bind_label();
}

bool Translator::translate_op(uint32_t opcode) {
  switch (opcode) {
    case 0x00:  // unreachable
      if (live()) emit(Op::Unreachable);
      mark_unreachable();
      return true;
    case 0x01:  // nop
      return true;
    case 0x02:    // block
    case 0x03: {  // loop
      BlockSig sig;
      if (!read_block_sig(sig)) return false;
      if (!push_ctrl(opcode == 0x02 ? CtrlKind::Block : CtrlKind::Loop, sig)) return false;
      if (opcode == 0x03) {
        flush_gas();  // paid on entry only: branches land after it
        ctrls_.back().loop_target = pos();
        bind_label();
      }
      return true;
    }
    case 0x04: {  // if
      BlockSig sig;
      if (!read_block_sig(sig)) return false;
      Entry cond;
      if (!pop_expect(ValType::I32, cond)) return false;
      PendingCompare cmp = take_compare(cond);
      uint32_t cond_slot = 0;
      if (live() && !cmp.valid) cond_slot = slot_of(cond, height());
      // The condition (or the compared operands) sits at or above its own home slot, above
      // the params and entries that push_ctrl may materialise, so it is intact at the branch.
      if (!push_ctrl(CtrlKind::If, sig)) return false;
      Ctrl& c = ctrls_.back();
      uint32_t gas = take_gas();
      if (live()) {
        uint32_t at = emit_cond_branch(cmp, cond_slot, false, gas);
        c.has_else_patch = true;
        c.else_patch = {at, at + 2, PatchKind::Lo32};
      }
      return true;
    }
    case 0x05: {  // else
      Ctrl& c = ctrls_.back();
      if (c.kind != CtrlKind::If) return invalid("else without matching if");
      if (!check_results(c.sig.results, c.sig.num_results, c.height, true)) return false;
      uint32_t gas = take_gas();
      if (live()) {
        materialize_top(c.sig.num_results);
        uint32_t at = emit(Op::Br);
        word(pack(0, gas));
        c.patches.push_back({at, at + 1, PatchKind::Lo32});
      }
      // The false arm starts here.
      if (c.has_else_patch) {
        patch_here(c.else_patch);
        c.has_else_patch = false;
      }
      bind_label();
      while (height() > c.height) pop_raw();
      for (uint32_t k = 0; k < c.sig.num_params; ++k) push(c.sig.params[k]);
      c.kind = CtrlKind::Else;
      c.unreachable = false;
      dead_ = c.dead_at_start;
      return true;
    }
    case 0x0B: {  // end
      // Paid only when falling through to the end; the function's end carries it in Return.
      uint32_t gas = take_gas();
      Ctrl& c = ctrls_.back();
      if (c.kind != CtrlKind::Func && gas != 0 && live()) emit_gas(gas);
      if (!check_results(c.sig.results, c.sig.num_results, c.height, true)) return false;
      if (c.kind == CtrlKind::If && c.sig.num_params != c.sig.num_results) {
        return invalid("type mismatch: if without else must leave its params unchanged");
      }
      if (c.kind == CtrlKind::If) {
        for (uint32_t k = 0; k < c.sig.num_params; ++k) {
          if (c.sig.params[k] != c.sig.results[k]) {
            return invalid("type mismatch: if without else must leave its params unchanged");
          }
        }
      }
      if (c.kind == CtrlKind::Func) {
        if (live()) emit_return_sequence(gas);
        ctrls_.pop_back();
        return true;
      }
      bool fallthrough = live();
      if (fallthrough) materialize_top(c.sig.num_results);
      bool reachable_after = fallthrough || !c.patches.empty() || c.has_else_patch;
      if (c.kind == CtrlKind::Loop) reachable_after = fallthrough;
      end_frame_code(c);
      bool dead_at_start = c.dead_at_start;
      uint32_t h = c.height;
      BlockSig sig = c.sig;
      ctrls_.pop_back();
      while (height() > h) pop_raw();
      for (uint32_t k = 0; k < sig.num_results; ++k) push(sig.results[k]);
      dead_ = dead_at_start || !reachable_after;
      return true;
    }
    case 0x0C: {  // br
      uint32_t depth = r_.u32();
      if (!reader_failed()) return false;
      if (depth >= ctrls_.size()) return invalid("unknown label " + std::to_string(depth));
      Ctrl& target = ctrls_[ctrls_.size() - 1 - depth];
      const ValType* types;
      uint32_t n;
      label_types(target, types, n);
      if (!check_results(types, n, ctrls_.back().height, false)) return false;
      uint32_t gas = take_gas();
      if (live()) emit_branch_to(target, gas);
      mark_unreachable();
      return true;
    }
    case 0x0D: {  // br_if
      uint32_t depth = r_.u32();
      if (!reader_failed()) return false;
      if (depth >= ctrls_.size()) return invalid("unknown label " + std::to_string(depth));
      Entry cond;
      if (!pop_expect(ValType::I32, cond)) return false;
      PendingCompare cmp = take_compare(cond);
      Ctrl& target = ctrls_[ctrls_.size() - 1 - depth];
      const ValType* types;
      uint32_t n;
      label_types(target, types, n);
      // Pop the label's operands and push them back typed as the label says (in unreachable
      // code this turns unknown operands into known ones, as validation requires).
      {
        std::vector<Entry> operands(n);
        for (uint32_t k = n; k-- > 0;) {
          if (!pop_expect(types[k], operands[k])) return false;
        }
        for (uint32_t k = 0; k < n; ++k) {
          operands[k].type = types[k];
          push_entry(operands[k]);
        }
      }
      uint32_t gas = take_gas();
      if (live()) {
        uint32_t cs = cmp.valid ? 0 : slot_of(cond, height());
        if (target.kind != CtrlKind::Func && !needs_branch_copies(target, n)) {
          uint32_t at = emit_cond_branch(cmp, cs, true, gas);
          if (target.kind == CtrlKind::Loop) {
            patch_to(at, at + 2, target.loop_target);
          } else {
            target.patches.push_back({at, at + 2, PatchKind::Lo32});
          }
        } else {
          uint32_t skip = emit_cond_branch(cmp, cs, false, gas);
          emit_branch_to(target, 0);
          patch_here({skip, skip + 2, PatchKind::Lo32});
          bind_label();
        }
      }
      return true;
    }
    case 0x0E: {  // br_table
      uint32_t count = r_.u32();
      if (!reader_failed()) return false;
      if (count > limits_.max_br_table_size) {
        if (!error_) {
          error_ = CompileError{CompileErrorKind::LimitExceeded, op_offset_,
                                "br_table with " + std::to_string(count) + " targets exceeds " +
                                    std::to_string(limits_.max_br_table_size) +
                                    " (max_br_table_size)"};
        }
        return false;
      }
      if (count > r_.remaining()) return malformed("unexpected end of section or function", r_.offset());
      std::vector<uint32_t> depths(count + 1);
      for (uint32_t k = 0; k <= count; ++k) {
        depths[k] = r_.u32();
        if (!reader_failed()) return false;
      }
      Entry index;
      if (!pop_expect(ValType::I32, index)) return false;
      uint32_t default_depth = depths[count];
      if (default_depth >= ctrls_.size()) return invalid("unknown label " + std::to_string(default_depth));
      uint32_t arity;
      {
        const ValType* t;
        label_types(ctrls_[ctrls_.size() - 1 - default_depth], t, arity);
      }
      for (uint32_t k = 0; k <= count; ++k) {
        if (depths[k] >= ctrls_.size()) return invalid("unknown label " + std::to_string(depths[k]));
        Ctrl& target = ctrls_[ctrls_.size() - 1 - depths[k]];
        const ValType* types;
        uint32_t n;
        label_types(target, types, n);
        if (n != arity) return invalid("type mismatch: br_table targets have different arities");
        if (!check_results(types, n, ctrls_.back().height, false)) return false;
      }
      flush_gas();
      if (live()) {
        uint32_t is = slot_of(index, height());
        uint32_t at = emit(Op::BrTable);
        word(pack(is, count));
        uint32_t table_begin = pos();
        for (uint32_t k = 0; k <= count; ++k) word(0);
        for (uint32_t k = 0; k <= count; ++k) {
          Ctrl& target = ctrls_[ctrls_.size() - 1 - depths[k]];
          uint32_t slot_word = table_begin + k;
          if (target.kind == CtrlKind::Loop && !needs_branch_copies(target, arity)) {
            code()[slot_word] = static_cast<uint64_t>(static_cast<int64_t>(target.loop_target) - at);
          } else if (target.kind == CtrlKind::Block || target.kind == CtrlKind::If ||
                     target.kind == CtrlKind::Else) {
            if (!needs_branch_copies(target, arity)) {
              target.patches.push_back({at, slot_word, PatchKind::Full64});
            } else {
              code()[slot_word] = static_cast<uint64_t>(static_cast<int64_t>(pos()) - at);
              emit_branch_to(target, 0);
            }
          } else {
            // Function label, or a loop needing copies: a stub after the table.
            code()[slot_word] = static_cast<uint64_t>(static_cast<int64_t>(pos()) - at);
            emit_branch_to(target, 0);
          }
        }
      }
      mark_unreachable();
      return true;
    }
    case 0x0F: {  // return
      Ctrl& f = ctrls_.front();
      if (!check_results(f.sig.results, f.sig.num_results, ctrls_.back().height, false)) return false;
      uint32_t gas = take_gas();
      if (live()) emit_return_sequence(gas);
      mark_unreachable();
      return true;
    }
    case 0x10: {  // call
      uint32_t func = r_.u32();
      if (!reader_failed()) return false;
      if (func >= ir_.func_types.size()) return invalid("unknown function " + std::to_string(func));
      return do_call(ir_.func_types[func], false, 0, func);
    }
    case 0x11: {  // call_indirect
      uint32_t type_index = r_.u32();
      uint32_t table = r_.u32();
      if (!reader_failed()) return false;
      if (table >= ir_.tables.size()) return invalid("unknown table " + std::to_string(table));
      if (type_index >= ir_.types.size()) return invalid("unknown type " + std::to_string(type_index));
      if (ir_.tables[table].elem != ValType::FuncRef) return invalid("type mismatch: call_indirect on a non-funcref table");
      return do_call(type_index, true, table, 0);
    }
    case 0x1A: {  // drop
      Entry e;
      return pop_any(e);
    }
    case 0x1B:    // select
    case 0x1C: {  // select t
      ValType want = kUnknown;
      if (opcode == 0x1C) {
        uint32_t n = r_.u32();
        if (!reader_failed()) return false;
        if (n != 1) return invalid("invalid result arity");
        uint8_t b = r_.u8();
        if (!reader_failed()) return false;
        if (!is_valtype_byte(b)) return malformed("malformed value type", r_.offset() - 1);
        want = static_cast<ValType>(b);
      }
      Entry cond, b, a;
      if (!pop_expect(ValType::I32, cond)) return false;
      if (!pop_expect(want, b) || !pop_expect(want, a)) return false;
      ValType t = want;
      if (opcode == 0x1B) {
        if ((a.type != kUnknown && !is_num(a.type)) || (b.type != kUnknown && !is_num(b.type))) {
          return invalid("type mismatch: select without a type needs numeric operands");
        }
        if (a.type != kUnknown && b.type != kUnknown && a.type != b.type) {
          return invalid("type mismatch: select operands differ");
        }
        t = a.type != kUnknown ? a.type : b.type;
      }
      uint32_t i = height();
      if (live()) {
        uint32_t sa = slot_of(a, i), sb = slot_of(b, i + 1), sc = slot_of(cond, i + 2);
        uint32_t at = emit(Op::Select);
        word(pack(home(i), sa));
        word(pack(sb, sc));
        retarget_word_ = at + 1;
        retarget_slot_ = home(i);
      }
      push(t);
      return true;
    }
    case 0x20: {  // local.get
      uint32_t x = r_.u32();
      if (!reader_failed()) return false;
      if (x >= locals_.size()) return invalid("unknown local " + std::to_string(x));
      push_entry({locals_[x], Loc::Local, x});
      return true;
    }
    case 0x21:    // local.set
    case 0x22: {  // local.tee
      uint32_t x = r_.u32();
      if (!reader_failed()) return false;
      if (x >= locals_.size()) return invalid("unknown local " + std::to_string(x));
      uint32_t retarget_word = retarget_word_;
      uint32_t retarget_slot = retarget_slot_;
      Entry v;
      if (!pop_expect(locals_[x], v)) return false;
      uint32_t i = height();
      if (live()) {
        bool fused = false;
        if (v.loc == Loc::Home && local_refs_[x] == 0 && retarget_word != UINT32_MAX &&
            retarget_slot == home(i)) {
          // The value was just computed into its home slot: compute it into the local instead.
          uint64_t& w = code()[retarget_word];
          w = (w & 0xFFFFFFFF00000000ull) | x;
          fused = true;
        }
        if (!fused) {
          materialize_local_refs(x);
          if (v.loc == Loc::Home) v.val = home(i);
          if (!(v.loc == Loc::Local && v.val == x)) emit_move(x, v);
        }
      }
      retarget_word_ = UINT32_MAX;
      if (opcode == 0x22) push_entry({locals_[x], Loc::Local, x});
      return true;
    }
    case 0x23: {  // global.get
      uint32_t g = r_.u32();
      if (!reader_failed()) return false;
      if (g >= ir_.global_types.size()) return invalid("unknown global " + std::to_string(g));
      uint32_t i = height();
      if (live()) {
        uint32_t at = emit(Op::GlobalGet);
        word(pack(home(i), g));
        retarget_word_ = at + 1;
        retarget_slot_ = home(i);
      }
      push(ir_.global_types[g].type);
      return true;
    }
    case 0x24: {  // global.set
      uint32_t g = r_.u32();
      if (!reader_failed()) return false;
      if (g >= ir_.global_types.size()) return invalid("unknown global " + std::to_string(g));
      if (!ir_.global_types[g].mutable_) return invalid("global is immutable");
      Entry v;
      if (!pop_expect(ir_.global_types[g].type, v)) return false;
      if (live()) {
        uint32_t sv = slot_of(v, height());
        emit(Op::GlobalSet);
        word(pack(g, sv));
      }
      return true;
    }
    case 0x25: {  // table.get
      uint32_t table;
      if (!read_table_index(table)) return false;
      Entry idx;
      if (!pop_expect(ValType::I32, idx)) return false;
      uint32_t i = height();
      if (live()) {
        uint32_t si = slot_of(idx, i);
        emit(Op::TableGet);
        word(pack(home(i), si));
        word(table);
      }
      push(ir_.tables[table].elem);
      return true;
    }
    case 0x26: {  // table.set
      uint32_t table;
      if (!read_table_index(table)) return false;
      Entry v, idx;
      if (!pop_expect(ir_.tables[table].elem, v) || !pop_expect(ValType::I32, idx)) return false;
      uint32_t i = height();
      if (live()) {
        uint32_t si = slot_of(idx, i), sv = slot_of(v, i + 1);
        emit(Op::TableSet);
        word(pack(si, sv));
        word(table);
      }
      return true;
    }
    case 0x3F:    // memory.size
    case 0x40: {  // memory.grow
      uint8_t zero = r_.u8();
      if (!reader_failed()) return false;
      if (zero != 0) return malformed("zero byte expected", r_.offset() - 1);
      if (!require_memory()) return false;
      uint32_t i;
      if (opcode == 0x3F) {
        i = height();
        if (live()) {
          emit(Op::MemorySize);
          word(pack(home(i), 0));
        }
      } else {
        Entry d;
        if (!pop_expect(ValType::I32, d)) return false;
        i = height();
        if (live()) {
          uint32_t sd = slot_of(d, i);
          emit(Op::MemoryGrow);
          word(pack(home(i), sd));
        }
      }
      push(ValType::I32);
      return true;
    }
    case 0x41: {  // i32.const
      int32_t v = r_.s32();
      if (!reader_failed()) return false;
      push_entry({ValType::I32, Loc::Const, static_cast<uint32_t>(v)});
      return true;
    }
    case 0x42: {  // i64.const
      int64_t v = r_.s64();
      if (!reader_failed()) return false;
      push_entry({ValType::I64, Loc::Const, static_cast<uint64_t>(v)});
      return true;
    }
    case 0x43: {  // f32.const
      uint32_t v = r_.fixed_u32();
      if (!reader_failed()) return false;
      push_entry({ValType::F32, Loc::Const, v});
      return true;
    }
    case 0x44: {  // f64.const
      uint64_t v = r_.fixed_u64();
      if (!reader_failed()) return false;
      push_entry({ValType::F64, Loc::Const, v});
      return true;
    }
    case 0xD0: {  // ref.null
      uint8_t b = r_.u8();
      if (!reader_failed()) return false;
      if (b != 0x70 && b != 0x6F) return malformed("malformed reference type", r_.offset() - 1);
      push_entry({static_cast<ValType>(b), Loc::Const, 0});
      return true;
    }
    case 0xD1: {  // ref.is_null
      Entry a;
      if (!pop_any(a)) return false;
      if (a.type != kUnknown && !is_ref(a.type)) return invalid("type mismatch: ref.is_null needs a reference");
      uint32_t i = height();
      if (live()) {
        uint32_t sa = slot_of(a, i);
        emit(Op::RefIsNull);
        word(pack(home(i), sa));
      }
      push(ValType::I32);
      return true;
    }
    case 0xD2: {  // ref.func
      uint32_t f = r_.u32();
      if (!reader_failed()) return false;
      if (f >= ir_.func_types.size()) return invalid("unknown function " + std::to_string(f));
      if (f >= ir_.declared_func_refs.size() || !ir_.declared_func_refs[f]) {
        return invalid("undeclared function reference");
      }
      uint32_t i = height();
      if (live()) {
        emit(Op::RefFunc);
        word(pack(home(i), f));
      }
      push(ValType::FuncRef);
      return true;
    }
    case 0xFC: {
      uint32_t sub = r_.u32();
      if (!reader_failed()) return false;
      return translate_fc(sub);
    }
    default: {
      if (opcode < 256) {
        const NumInfo& info = num_tables().main[opcode];
        if (info.kind != NumKind::None) return translate_numeric(info, opcode);
      }
      char buf[32];
      std::snprintf(buf, sizeof buf, "illegal opcode 0x%02x", opcode);
      return malformed(buf, op_offset_);
    }
  }
}

std::optional<CompileError> Translator::run() {
  // Locals: params then declared locals.
  locals_ = type_->params;
  locals_.insert(locals_.end(), body_.locals.begin(), body_.locals.end());
  local_refs_.assign(locals_.size(), 0);
  stack_base_ = static_cast<uint32_t>(locals_.size());

  result_.code_begin = pos();
  result_.num_params = static_cast<uint32_t>(type_->params.size());
  result_.num_results = static_cast<uint32_t>(type_->results.size());
  result_.num_locals = static_cast<uint32_t>(body_.locals.size());
  result_.func_index = func_index_;
  result_.type_index = body_.type;

  BlockSig fsig;
  fsig.results = type_->results.data();
  fsig.num_results = static_cast<uint32_t>(type_->results.size());
  ctrls_.emplace_back(CtrlKind::Func, fsig, 0, false);

  while (!ctrls_.empty()) {
    if (r_.at_end()) {
      malformed("unexpected end of section or function", r_.offset());
      break;
    }
    op_offset_ = r_.offset();
    uint32_t opcode = r_.u8();
    acc_++;
    if (is_accounting(opcode)) {
      // Each accounting operator places this charge itself, as a Gas instruction or inside
      // its branch instruction, exactly where the wasm operator stands.
      pending_gas_ = metering_ ? acc_ : 0;
      acc_ = 0;
    }
    if (!translate_op(opcode)) {
      if (!error_) reader_failed();
      break;
    }
    pending_gas_ = 0;
  }
  if (!error_ && !r_.at_end()) {
    malformed("operators remaining after the end of the function", r_.offset());
  }
  if (error_) return error_;
  // Slot count: params + locals + deepest operand stack (+1 for constant conditions).
  uint64_t frame = uint64_t{stack_base_} + max_height_ + 1;
  if (frame > UINT32_MAX / 8) {
    return CompileError{CompileErrorKind::LimitExceeded, body_.body_offset, "function frame too large"};
  }
  result_.frame_slots = static_cast<uint32_t>(frame);
  result_.code_end = pos();
  return std::nullopt;
}

}  // namespace

std::optional<CompileError> translate_function(const CompiledModule& module,
                                               uint32_t defined_index, TranslationOutput out,
                                               CodeFunc& result) {
  Translator t(module, defined_index, out, result);
  return t.run();
}

}  // namespace ward::engine
