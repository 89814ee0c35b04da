// The interpreter loop: threaded dispatch over translated code (each instruction's first word
// is the address of its handler). Hot state lives in locals: pc, fp, the current instance,
// memory base and size, remaining gas and the frame-record top. Wasm calls push a frame record
// and continue in the same loop; nothing recurses natively.
#include <cstring>

#include "engine/interp/instr.hpp"
#include "engine/numeric.hpp"
#include "engine/runtime_objects.hpp"

namespace ward::engine {
namespace {

inline uint32_t lo(uint64_t w) { return static_cast<uint32_t>(w); }
inline uint32_t hi(uint64_t w) { return static_cast<uint32_t>(w >> 32); }

// Reading and writing typed values in 64-bit slots.
inline uint32_t rd_I32(uint64_t s) { return static_cast<uint32_t>(s); }
inline uint64_t rd_I64(uint64_t s) { return s; }
inline float rd_F32(uint64_t s) { return num::bits<float>(static_cast<uint32_t>(s)); }
inline double rd_F64(uint64_t s) { return num::bits<double>(s); }
inline uint64_t wr_I32(uint32_t v) { return v; }
inline uint64_t wr_I64(uint64_t v) { return v; }
inline uint64_t wr_F32(float v) { return num::bits<uint32_t>(v); }
inline uint64_t wr_F64(double v) { return num::bits<uint64_t>(v); }
// Slot representation of each type (loads/stores move raw bits).
using raw_I32 = uint32_t;
using raw_I64 = uint64_t;
using raw_F32 = uint32_t;
using raw_F64 = uint64_t;

MemoryInstance g_no_memory;  // stands in for instances without a memory (size 0)

// Most functions declare a few locals: plain stores beat a call to memset.
inline void zero_locals(uint64_t* p, uint32_t n) {
  if (n <= 4) {
    for (uint32_t i = 0; i < n; ++i) p[i] = 0;
  } else {
    std::memset(p, 0, sizeof(uint64_t) * n);
  }
}

}  // namespace

// Never inlined or cloned: handler addresses are only valid for this one copy of the loop.
__attribute__((noinline, noclone)) static CallStatus run(ExecState* st_ptr,
                                                        const void* const** handlers_out) {
  static const void* const kHandlers[] = {
#define WARD_OP_LABEL(Name, words) &&L_##Name,
      WARD_SPECIAL_OPS(WARD_OP_LABEL)
#undef WARD_OP_LABEL
#define WASM_UNOP(Name, opcode, In, Out, expr) &&L_##Name,
#define WASM_BINOP(Name, opcode, In, Out, expr) &&L_##Name, &&L_##Name##Imm,
#define WASM_TRAP_BINOP(Name, opcode, Type) &&L_##Name, &&L_##Name##Imm,
#define WASM_TRAP_CONV(Name, opcode, In, Out, fits, expr) &&L_##Name,
#define WASM_LOAD(Name, opcode, Out, MemCType) &&L_##Name, &&L_##Name##Idx,
#define WASM_STORE(Name, opcode, In, MemCType) &&L_##Name, &&L_##Name##Idx,
#include "engine/opcodes.def"
#define WARD_FUSED_LABEL(Name, CType, op) \
  &&L_##Name##BrIf, &&L_##Name##BrUnless, &&L_##Name##ImmBrIf, &&L_##Name##ImmBrUnless,
      WARD_FUSED_COMPARES(WARD_FUSED_LABEL)
#undef WARD_FUSED_LABEL
#define WARD_FUSED_LABEL(Name, CType, op) &&L_##Name##BrIf, &&L_##Name##BrUnless,
          WARD_FUSED_TESTS(WARD_FUSED_LABEL)
#undef WARD_FUSED_LABEL
  };
  static_assert(sizeof(kHandlers) / sizeof(kHandlers[0]) == static_cast<size_t>(Op::Count));
  if (handlers_out) {
    *handlers_out = kHandlers;
    return CallStatus::Finished;
  }

  ExecState& st = *st_ptr;
  const uint64_t* pc = st.pc;
  uint64_t* fp = st.fp;
  InstanceData* inst = st.instance;
  MemoryInstance* memory = inst->memory ? inst->memory : &g_no_memory;
  uint8_t* mem = memory->base;
  uint64_t mem_size = memory->size;
  uint64_t gas = st.gas;
  FrameRecord* frames_top = st.frames_top;
  TrapKind trap_kind = TrapKind::Unreachable;

  // Shared call path state.
  const FunctionInstance* callee = nullptr;
  uint32_t call_base = 0;
  const uint64_t* next_pc = nullptr;

#define DISPATCH() goto* reinterpret_cast<const void*>(*pc)
#define NEXT(n)   \
  do {            \
    pc += (n);    \
    DISPATCH();   \
  } while (0)
#define TRAP(kind)         \
  do {                     \
    trap_kind = (kind);    \
    goto do_trap;          \
  } while (0)
// Pays a region's gas; on failure the remaining gas is left as it was.
#define CHARGE(amount)                \
  do {                                \
    uint64_t charge_ = (amount);      \
    if (gas < charge_) {              \
      st.gas_exhausted = true;        \
      TRAP(TrapKind::OutOfGas);       \
    }                                 \
    gas -= charge_;                   \
  } while (0)
#define RELOAD_MEMORY()                                         \
  do {                                                          \
    memory = inst->memory ? inst->memory : &g_no_memory;        \
    mem = memory->base;                                         \
    mem_size = memory->size;                                    \
  } while (0)
#define SAVE_STATE()             \
  do {                           \
    st.pc = pc;                  \
    st.fp = fp;                  \
    st.instance = inst;          \
    st.gas = gas;                \
    st.frames_top = frames_top;  \
  } while (0)

  DISPATCH();

  // ---------------------------------------------------------------- numeric operators
#define WASM_UNOP(Name, opcode, In, Out, expr)    \
  L_##Name : {                                    \
    uint64_t w = pc[1];                           \
    auto a = rd_##In(fp[hi(w)]);                  \
    fp[lo(w)] = wr_##Out(expr);                   \
    NEXT(2);                                      \
  }
#define WASM_BINOP(Name, opcode, In, Out, expr)   \
  L_##Name : {                                    \
    uint64_t w = pc[1];                           \
    auto a = rd_##In(fp[hi(w)]);                  \
    auto b = rd_##In(fp[lo(pc[2])]);              \
    fp[lo(w)] = wr_##Out(expr);                   \
    NEXT(3);                                      \
  }                                               \
  L_##Name##Imm : {                               \
    uint64_t w = pc[1];                           \
    auto a = rd_##In(fp[hi(w)]);                  \
    auto b = rd_##In(pc[2]);                      \
    fp[lo(w)] = wr_##Out(expr);                   \
    NEXT(3);                                      \
  }
#define WASM_TRAP_CONV(Name, opcode, In, Out, fits, expr)                             \
  L_##Name : {                                                                        \
    uint64_t w = pc[1];                                                               \
    auto a = rd_##In(fp[hi(w)]);                                                      \
    if (a != a) TRAP(TrapKind::InvalidConversionToInteger);                           \
    if (!(fits)) TRAP(TrapKind::IntegerOverflow);                                     \
    fp[lo(w)] = wr_##Out(expr);                                                       \
    NEXT(2);                                                                          \
  }
#define WASM_LOAD(Name, opcode, Out, MemCType)                       \
  L_##Name : {                                                       \
    uint64_t w = pc[1];                                              \
    uint64_t ea = uint64_t{static_cast<uint32_t>(fp[hi(w)])} + pc[2]; \
    if (ea + sizeof(MemCType) > mem_size) TRAP(TrapKind::MemoryOutOfBounds); \
    MemCType v;                                                      \
    std::memcpy(&v, mem + ea, sizeof(MemCType));                     \
    fp[lo(w)] = static_cast<raw_##Out>(v);                           \
    NEXT(3);                                                         \
  }                                                                  \
  L_##Name##Idx : {                                                  \
    uint64_t w = pc[1], w2 = pc[2];                                  \
    uint64_t ea = uint64_t{static_cast<uint32_t>(fp[hi(w)] + fp[lo(w2)])} + hi(w2); \
    if (ea + sizeof(MemCType) > mem_size) TRAP(TrapKind::MemoryOutOfBounds); \
    MemCType v;                                                      \
    std::memcpy(&v, mem + ea, sizeof(MemCType));                     \
    fp[lo(w)] = static_cast<raw_##Out>(v);                           \
    NEXT(3);                                                         \
  }
#define WASM_STORE(Name, opcode, In, MemCType)                       \
  L_##Name : {                                                       \
    uint64_t w = pc[1];                                              \
    uint64_t ea = uint64_t{static_cast<uint32_t>(fp[lo(w)])} + pc[2]; \
    if (ea + sizeof(MemCType) > mem_size) TRAP(TrapKind::MemoryOutOfBounds); \
    MemCType v = static_cast<MemCType>(fp[hi(w)]);                   \
    std::memcpy(mem + ea, &v, sizeof(MemCType));                     \
    NEXT(3);                                                         \
  }                                                                  \
  L_##Name##Idx : {                                                  \
    uint64_t w = pc[1], w2 = pc[2];                                  \
    uint64_t ea = uint64_t{static_cast<uint32_t>(fp[lo(w)] + fp[hi(w)])} + hi(w2); \
    if (ea + sizeof(MemCType) > mem_size) TRAP(TrapKind::MemoryOutOfBounds); \
    MemCType v = static_cast<MemCType>(fp[lo(w2)]);                  \
    std::memcpy(mem + ea, &v, sizeof(MemCType));                     \
    NEXT(3);                                                         \
  }
#include "engine/opcodes.def"

  // Integer division and remainder: traps on zero and on signed overflow.
#define DIV_HANDLERS(Name, T, S, B_EXPR, BODY) \
  L_##Name : {                                 \
    uint64_t w = pc[1];                        \
    T a = static_cast<T>(fp[hi(w)]);           \
    T b = static_cast<T>(fp[lo(pc[2])]);       \
    BODY;                                      \
  }                                            \
  L_##Name##Imm : {                            \
    uint64_t w = pc[1];                        \
    T a = static_cast<T>(fp[hi(w)]);           \
    T b = static_cast<T>(pc[2]);               \
    BODY;                                      \
  }
#define SIGNED_DIV(T, S)                                                         \
  {                                                                              \
    if (b == 0) TRAP(TrapKind::IntegerDivideByZero);                             \
    if (static_cast<S>(a) == std::numeric_limits<S>::min() && static_cast<S>(b) == -1) \
      TRAP(TrapKind::IntegerOverflow);                                           \
    fp[lo(w)] = static_cast<T>(static_cast<S>(a) / static_cast<S>(b));           \
    NEXT(3);                                                                     \
  }
#define UNSIGNED_DIV(T)                                \
  {                                                    \
    if (b == 0) TRAP(TrapKind::IntegerDivideByZero);   \
    fp[lo(w)] = static_cast<T>(a / b);                 \
    NEXT(3);                                           \
  }
#define SIGNED_REM(T, S)                                                   \
  {                                                                        \
    if (b == 0) TRAP(TrapKind::IntegerDivideByZero);                       \
    if (static_cast<S>(b) == -1) {                                         \
      fp[lo(w)] = 0;                                                       \
    } else {                                                               \
      fp[lo(w)] = static_cast<T>(static_cast<S>(a) % static_cast<S>(b));   \
    }                                                                      \
    NEXT(3);                                                               \
  }
#define UNSIGNED_REM(T)                                \
  {                                                    \
    if (b == 0) TRAP(TrapKind::IntegerDivideByZero);   \
    fp[lo(w)] = static_cast<T>(a % b);                 \
    NEXT(3);                                           \
  }
  DIV_HANDLERS(I32DivS, uint32_t, int32_t, , SIGNED_DIV(uint32_t, int32_t))
  DIV_HANDLERS(I32DivU, uint32_t, int32_t, , UNSIGNED_DIV(uint32_t))
  DIV_HANDLERS(I32RemS, uint32_t, int32_t, , SIGNED_REM(uint32_t, int32_t))
  DIV_HANDLERS(I32RemU, uint32_t, int32_t, , UNSIGNED_REM(uint32_t))
  DIV_HANDLERS(I64DivS, uint64_t, int64_t, , SIGNED_DIV(uint64_t, int64_t))
  DIV_HANDLERS(I64DivU, uint64_t, int64_t, , UNSIGNED_DIV(uint64_t))
  DIV_HANDLERS(I64RemS, uint64_t, int64_t, , SIGNED_REM(uint64_t, int64_t))
  DIV_HANDLERS(I64RemU, uint64_t, int64_t, , UNSIGNED_REM(uint64_t))

  // ---------------------------------------------------------------- moves and control
L_Unreachable:
  TRAP(TrapKind::Unreachable);
L_Gas : {
  CHARGE(pc[1]);
  NEXT(2);
}
L_Copy : {
  uint64_t w = pc[1];
  fp[lo(w)] = fp[hi(w)];
  NEXT(2);
}
L_Const32 : {
  uint64_t w = pc[1];
  fp[lo(w)] = hi(w);
  NEXT(2);
}
L_Const64:
  fp[lo(pc[1])] = pc[2];
  NEXT(3);
L_Br : {
  uint64_t w = pc[1];
  CHARGE(hi(w));
  pc += static_cast<int32_t>(lo(w));
  DISPATCH();
}

  // Fused compare-and-branch: charge the region, compare, branch.
#define FUSED_BRANCH(Label, CType, cond_expr, b_expr, taken)   \
  Label : {                                                    \
    uint64_t w = pc[1], w2 = pc[2];                            \
    CHARGE(hi(w2));                                            \
    CType a = static_cast<CType>(fp[lo(w)]);                   \
    CType b = b_expr;                                          \
    (void)b;                                                   \
    if ((cond_expr) == taken) {                                \
      pc += static_cast<int32_t>(lo(w2));                      \
      DISPATCH();                                              \
    }                                                          \
    NEXT(3);                                                   \
  }
#define FUSED_COMPARE(Name, CType, op)                                                      \
  FUSED_BRANCH(L_##Name##BrIf, CType, a op b, static_cast<CType>(fp[hi(w)]), true)         \
  FUSED_BRANCH(L_##Name##BrUnless, CType, a op b, static_cast<CType>(fp[hi(w)]), false)    \
  FUSED_BRANCH(L_##Name##ImmBrIf, CType, a op b,                                            \
               static_cast<CType>(static_cast<int64_t>(static_cast<int32_t>(hi(w)))), true) \
  FUSED_BRANCH(L_##Name##ImmBrUnless, CType, a op b,                                        \
               static_cast<CType>(static_cast<int64_t>(static_cast<int32_t>(hi(w)))), false)
  WARD_FUSED_COMPARES(FUSED_COMPARE)
#undef FUSED_COMPARE
#define FUSED_TEST(Name, CType, test)                              \
  FUSED_BRANCH(L_##Name##BrIf, CType, a test, CType{}, true)       \
  FUSED_BRANCH(L_##Name##BrUnless, CType, a test, CType{}, false)
  WARD_FUSED_TESTS(FUSED_TEST)
#undef FUSED_TEST
#undef FUSED_BRANCH
L_BrTable : {
  uint64_t w = pc[1];
  uint32_t index = static_cast<uint32_t>(fp[lo(w)]);
  uint32_t count = hi(w);
  if (index > count) index = count;
  pc += static_cast<int64_t>(pc[2 + index]);
  DISPATCH();
}
L_Select : {
  uint64_t w1 = pc[1], w2 = pc[2];
  fp[lo(w1)] = static_cast<uint32_t>(fp[hi(w2)]) != 0 ? fp[hi(w1)] : fp[lo(w2)];
  NEXT(3);
}
L_Call : {
  CHARGE(hi(pc[1]));
  const CodeFunc* f = reinterpret_cast<const CodeFunc*>(pc[2]);
  uint64_t* nfp = fp + lo(pc[1]);
  FrameRecord* fr = frames_top - 1;
  if (reinterpret_cast<uintptr_t>(nfp + f->frame_slots) > reinterpret_cast<uintptr_t>(fr)) {
    TRAP(TrapKind::CallStackExhausted);
  }
  fr->return_pc = pc + 3;
  fr->fp = fp;
  fr->instance = inst;
  frames_top = fr;
  zero_locals(nfp + f->num_params, f->num_locals);
  fp = nfp;
  pc = f->entry;
  DISPATCH();
}
L_CallImport : {
  CHARGE(pc[2]);
  uint64_t w = pc[1];
  callee = inst->funcs[hi(w)];
  call_base = lo(w);
  next_pc = pc + 3;
  goto do_call_function;
}
L_CallIndirect : {
  CHARGE(pc[3]);
  uint64_t w1 = pc[1], w2 = pc[2];
  const TableInstance* table = inst->tables[lo(w2)];
  uint32_t index = static_cast<uint32_t>(fp[hi(w2)]);
  if (index >= table->elems.size()) TRAP(TrapKind::UndefinedElement);
  callee = reinterpret_cast<const FunctionInstance*>(table->elems[index]);
  if (callee == nullptr) TRAP(TrapKind::UninitializedElement);
  if (callee->type_id != hi(w1)) TRAP(TrapKind::IndirectCallTypeMismatch);
  call_base = lo(w1);
  next_pc = pc + 4;
  goto do_call_function;
}
L_Return : {
  CHARGE(pc[1]);
  FrameRecord* fr = frames_top;
  frames_top = fr + 1;
  pc = fr->return_pc;
  fp = fr->fp;
  inst = fr->instance;
  RELOAD_MEMORY();  // the callee may have grown memory, or belonged to another instance
  DISPATCH();
}
L_Exit : {
  SAVE_STATE();
  return CallStatus::Finished;
}
L_GlobalGet : {
  uint64_t w = pc[1];
  fp[lo(w)] = inst->globals[hi(w)]->value;
  NEXT(2);
}
L_GlobalSet : {
  uint64_t w = pc[1];
  inst->globals[lo(w)]->value = fp[hi(w)];
  NEXT(2);
}

  // ---------------------------------------------------------------- memory
L_MemorySize:
  fp[lo(pc[1])] = static_cast<uint32_t>(mem_size / kPageSize);
  NEXT(2);
L_MemoryGrow : {
  uint64_t w = pc[1];
  int64_t previous = memory->grow(static_cast<uint32_t>(fp[hi(w)]));
  fp[lo(w)] = static_cast<uint32_t>(previous);
  RELOAD_MEMORY();
  NEXT(2);
}
L_MemoryCopy : {
  uint64_t w = pc[1];
  uint64_t dst = static_cast<uint32_t>(fp[lo(w)]);
  uint64_t src = static_cast<uint32_t>(fp[hi(w)]);
  uint64_t len = static_cast<uint32_t>(fp[lo(pc[2])]);
  if (dst + len > mem_size || src + len > mem_size) TRAP(TrapKind::MemoryOutOfBounds);
  if (len) std::memmove(mem + dst, mem + src, len);
  NEXT(3);
}
L_MemoryFill : {
  uint64_t w = pc[1];
  uint64_t dst = static_cast<uint32_t>(fp[lo(w)]);
  uint8_t value = static_cast<uint8_t>(fp[hi(w)]);
  uint64_t len = static_cast<uint32_t>(fp[lo(pc[2])]);
  if (dst + len > mem_size) TRAP(TrapKind::MemoryOutOfBounds);
  if (len) std::memset(mem + dst, value, len);
  NEXT(3);
}
L_MemoryInit : {
  uint64_t w = pc[1], w2 = pc[2];
  uint64_t dst = static_cast<uint32_t>(fp[lo(w)]);
  uint64_t src = static_cast<uint32_t>(fp[hi(w)]);
  uint64_t len = static_cast<uint32_t>(fp[lo(w2)]);
  uint32_t seg = hi(w2);
  const DataSegment& data = inst->module->ir.datas[seg];
  uint64_t seg_size = inst->data_dropped[seg] ? 0 : data.size;
  if (src + len > seg_size || dst + len > mem_size) TRAP(TrapKind::MemoryOutOfBounds);
  if (len) std::memcpy(mem + dst, inst->module->bytes.data() + data.begin + src, len);
  NEXT(3);
}
L_DataDrop:
  inst->data_dropped[lo(pc[1])] = 1;
  NEXT(2);

  // ---------------------------------------------------------------- tables and references
L_TableGet : {
  uint64_t w = pc[1];
  const TableInstance* table = inst->tables[lo(pc[2])];
  uint32_t index = static_cast<uint32_t>(fp[hi(w)]);
  if (index >= table->elems.size()) TRAP(TrapKind::TableOutOfBounds);
  fp[lo(w)] = table->elems[index];
  NEXT(3);
}
L_TableSet : {
  uint64_t w = pc[1];
  TableInstance* table = inst->tables[lo(pc[2])];
  uint32_t index = static_cast<uint32_t>(fp[lo(w)]);
  if (index >= table->elems.size()) TRAP(TrapKind::TableOutOfBounds);
  table->elems[index] = fp[hi(w)];
  NEXT(3);
}
L_TableSize : {
  uint64_t w = pc[1];
  fp[lo(w)] = static_cast<uint32_t>(inst->tables[hi(w)]->elems.size());
  NEXT(2);
}
L_TableGrow : {
  uint64_t w = pc[1], w2 = pc[2];
  TableInstance* table = inst->tables[hi(w2)];
  int64_t previous = table->grow(static_cast<uint32_t>(fp[lo(w2)]), fp[hi(w)]);
  fp[lo(w)] = static_cast<uint32_t>(previous);
  NEXT(3);
}
L_TableFill : {
  uint64_t w = pc[1], w2 = pc[2];
  TableInstance* table = inst->tables[hi(w2)];
  uint64_t index = static_cast<uint32_t>(fp[lo(w)]);
  uint64_t value = fp[hi(w)];
  uint64_t len = static_cast<uint32_t>(fp[lo(w2)]);
  if (index + len > table->elems.size()) TRAP(TrapKind::TableOutOfBounds);
  std::fill_n(table->elems.begin() + static_cast<ptrdiff_t>(index), len, value);
  NEXT(3);
}
L_TableCopy : {
  uint64_t w = pc[1], w2 = pc[2];
  TableInstance* dst_table = inst->tables[hi(w2)];
  const TableInstance* src_table = inst->tables[lo(pc[3])];
  uint64_t dst = static_cast<uint32_t>(fp[lo(w)]);
  uint64_t src = static_cast<uint32_t>(fp[hi(w)]);
  uint64_t len = static_cast<uint32_t>(fp[lo(w2)]);
  if (dst + len > dst_table->elems.size() || src + len > src_table->elems.size()) {
    TRAP(TrapKind::TableOutOfBounds);
  }
  if (len) {
    std::memmove(dst_table->elems.data() + dst, src_table->elems.data() + src,
                 len * sizeof(uint64_t));
  }
  NEXT(4);
}
L_TableInit : {
  uint64_t w = pc[1], w2 = pc[2];
  TableInstance* table = inst->tables[hi(w2)];
  const std::vector<uint64_t>& seg = inst->elem_segments[lo(pc[3])];
  uint64_t dst = static_cast<uint32_t>(fp[lo(w)]);
  uint64_t src = static_cast<uint32_t>(fp[hi(w)]);
  uint64_t len = static_cast<uint32_t>(fp[lo(w2)]);
  if (src + len > seg.size() || dst + len > table->elems.size()) {
    TRAP(TrapKind::TableOutOfBounds);
  }
  if (len) std::memcpy(table->elems.data() + dst, seg.data() + src, len * sizeof(uint64_t));
  NEXT(4);
}
L_ElemDrop:
  inst->elem_segments[lo(pc[1])].clear();
  inst->elem_segments[lo(pc[1])].shrink_to_fit();
  NEXT(2);
L_RefIsNull : {
  uint64_t w = pc[1];
  fp[lo(w)] = fp[hi(w)] == 0 ? 1 : 0;
  NEXT(2);
}
L_RefFunc : {
  uint64_t w = pc[1];
  fp[lo(w)] = reinterpret_cast<uint64_t>(inst->funcs[hi(w)]);
  NEXT(2);
}

  // ---------------------------------------------------------------- calls through instances
do_call_function : {
  uint64_t* nfp = fp + call_base;
  if (callee->code != nullptr) {
    const CodeFunc* f = callee->code;
    FrameRecord* fr = frames_top - 1;
    if (reinterpret_cast<uintptr_t>(nfp + f->frame_slots) > reinterpret_cast<uintptr_t>(fr)) {
      TRAP(TrapKind::CallStackExhausted);
    }
    fr->return_pc = next_pc;
    fr->fp = fp;
    fr->instance = inst;
    frames_top = fr;
    zero_locals(nfp + f->num_params, f->num_locals);
    fp = nfp;
    pc = f->entry;
    inst = callee->instance;
    RELOAD_MEMORY();
    DISPATCH();
  }
  // Host function: arguments and results share the slots at nfp.
  uint64_t needed = callee->num_params > callee->num_results ? callee->num_params
                                                              : callee->num_results;
  if (reinterpret_cast<uintptr_t>(nfp + needed) > reinterpret_cast<uintptr_t>(frames_top)) {
    TRAP(TrapKind::CallStackExhausted);
  }
  SAVE_STATE();
  HostCall call;
  call.memory_ = inst->memory;
  call.caller_ = inst;
  call.state_ = &st;
  call.execution_ = st.owner;
  HostStatus status = callee->host(callee->env, call, nfp);
  gas = st.gas;
  RELOAD_MEMORY();
  if (status == HostStatus::Ok) {
    pc = next_pc;
    DISPATCH();
  }
  if (status == HostStatus::Suspend) {
    st.pc = next_pc;
    st.host_slots = nfp;
    st.suspended_host = callee;
    st.suspend_payload = std::move(call.suspend_payload_);
    st.suspended = true;
    return CallStatus::Suspended;
  }
  st.trap.host_payload = std::move(call.payload_);
  TRAP(call.trap_kind_);
}

do_trap : {
  SAVE_STATE();
  Trap& trap = st.trap;
  trap.kind = trap_kind;
  trap.func_index = 0;
  trap.code_offset = 0;
  const CompiledModule& module = *inst->module;
  if (pc >= module.code.data() && pc < module.code.data() + module.code.size()) {
    uint32_t word = static_cast<uint32_t>(pc - module.code.data());
    if (const CodeFunc* f = module.function_at(word)) trap.func_index = f->func_index;
    trap.code_offset = module.wasm_offset_at(word);
  }
  if (trap_kind != TrapKind::HostError) trap.host_payload.reset();
  return CallStatus::Trapped;
}
#undef DISPATCH
#undef NEXT
#undef TRAP
#undef CHARGE
#undef RELOAD_MEMORY
#undef SAVE_STATE
}

const void* const* interpreter_handlers() {
  static const void* const* handlers = [] {
    const void* const* out = nullptr;
    run(nullptr, &out);
    return out;
  }();
  return handlers;
}

CallStatus interpret(ExecState& st) { return run(&st, nullptr); }

}  // namespace ward::engine
