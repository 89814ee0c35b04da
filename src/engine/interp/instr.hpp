// Internal (translated) instruction set. Code is a stream of 64-bit words: the first word of an
// instruction is its handler address (threaded dispatch), followed by operand words. Slots are
// indexes of 64-bit cells relative to the frame pointer. Branch targets are word offsets
// relative to the start of the branch instruction.
//
// Operand layout per instruction (word1 = {lo32, hi32}, word2 = ...):
//   unary      {d, a}
//   binary     {d, a} {b}           binary-imm {d, a} {imm64}
//   load       {d, addr} {offset}   store      {addr, value} {offset}
//   load-idx   {d, base} {index, offset32}  (address = base + index: a fused i32.add)
//   store-idx  {base, index} {value, offset32}
//   see the comments in the list below for the rest.
#pragma once

#include <cstdint>

namespace ward::engine {

// Bespoke instructions: X(Name, words)
#define WARD_SPECIAL_OPS(X)                                                              \
  X(Unreachable, 1)                                                                      \
  X(Gas, 2)           /* {charge64} */                                                   \
  X(Copy, 2)          /* {d, a} */                                                       \
  X(Const32, 2)       /* {d, imm32} */                                                   \
  X(Const64, 3)       /* {d} {imm64} */                                                  \
  X(Br, 2)            /* {rel32, gas32} */                                                      \
  X(BrTable, 2)       /* {index, count} then count+1 words of rel64 (last = default) */  \
  X(Call, 3)          /* {base, gas32} {CodeFunc*} */                                           \
  X(CallImport, 3)    /* {base, func_index} {gas} */                                           \
  X(CallIndirect, 4)  /* {base, type_id} {table, index_slot} {gas} */                          \
  X(Return, 2)        /* {gas} */                                                                         \
  X(Exit, 1)          /* bottom of an execution: the entry function returned */         \
  X(Select, 3)        /* {d, a} {b, cond} */                                             \
  X(GlobalGet, 2)     /* {d, global} */                                                  \
  X(GlobalSet, 2)     /* {global, a} */                                                  \
  X(MemorySize, 2)    /* {d} */                                                          \
  X(MemoryGrow, 2)    /* {d, delta} */                                                   \
  X(MemoryCopy, 3)    /* {dst, src} {len} */                                             \
  X(MemoryFill, 3)    /* {dst, value} {len} */                                           \
  X(MemoryInit, 3)    /* {dst, src} {len, segment} */                                    \
  X(DataDrop, 2)      /* {segment} */                                                    \
  X(TableGet, 3)      /* {d, index} {table} */                                               \
  X(TableSet, 3)      /* {index, value} {table} */                                       \
  X(TableSize, 2)     /* {d, table} */                                                   \
  X(TableGrow, 3)     /* {d, init} {delta, table} */                                                 \
  X(TableFill, 3)     /* {index, value} {len, table} */                                  \
  X(TableCopy, 4)     /* {dst, src} {len, dst_table} {src_table} */                                         \
  X(TableInit, 4)     /* {dst, src} {len, table} {segment} */                                        \
  X(ElemDrop, 2)      /* {segment} */                                                    \
  X(RefIsNull, 2)     /* {d, a} */                                                       \
  X(RefFunc, 2)       /* {d, func_index} */

// Comparisons that fuse with a following br_if / if into one compare-and-branch instruction:
// X(Name, CType, operator). Register form {a, b} {rel32, gas32}; immediate form
// {a, imm32 (sign-extended for i64)} {rel32, gas32}. The gas field carries the charge of the
// branch's region (0 without metering).
#define WARD_FUSED_COMPARES(X) \
  X(I32Eq, uint32_t, ==)       \
  X(I32Ne, uint32_t, !=)       \
  X(I32LtS, int32_t, <)        \
  X(I32LtU, uint32_t, <)       \
  X(I32GtS, int32_t, >)        \
  X(I32GtU, uint32_t, >)       \
  X(I32LeS, int32_t, <=)       \
  X(I32LeU, uint32_t, <=)      \
  X(I32GeS, int32_t, >=)       \
  X(I32GeU, uint32_t, >=)      \
  X(I64Eq, uint64_t, ==)       \
  X(I64Ne, uint64_t, !=)       \
  X(I64LtS, int64_t, <)        \
  X(I64LtU, uint64_t, <)       \
  X(I64GtS, int64_t, >)        \
  X(I64GtU, uint64_t, >)       \
  X(I64LeS, int64_t, <=)       \
  X(I64LeU, uint64_t, <=)      \
  X(I64GeS, int64_t, >=)       \
  X(I64GeU, uint64_t, >=)
// Eqz and a plain non-zero test fuse too: {a, -} {rel32, gas32}.
#define WARD_FUSED_TESTS(X) \
  X(I32Eqz, uint32_t, == 0)  \
  X(I64Eqz, uint64_t, == 0)  \
  X(I32Nez, uint32_t, != 0)

enum class Op : uint16_t {
#define WARD_OP_ENUM(Name, words) Name,
  WARD_SPECIAL_OPS(WARD_OP_ENUM)
#undef WARD_OP_ENUM
#define WASM_UNOP(Name, opcode, In, Out, expr) Name,
#define WASM_BINOP(Name, opcode, In, Out, expr) Name, Name##Imm,
#define WASM_TRAP_BINOP(Name, opcode, Type) Name, Name##Imm,
#define WASM_TRAP_CONV(Name, opcode, In, Out, fits, expr) Name,
#define WASM_LOAD(Name, opcode, Out, MemCType) Name, Name##Idx,
#define WASM_STORE(Name, opcode, In, MemCType) Name, Name##Idx,
#include "engine/opcodes.def"
#define WARD_FUSED_ENUM(Name, CType, op) \
  Name##BrIf, Name##BrUnless, Name##ImmBrIf, Name##ImmBrUnless,
  WARD_FUSED_COMPARES(WARD_FUSED_ENUM)
#undef WARD_FUSED_ENUM
#define WARD_FUSED_ENUM(Name, CType, op) Name##BrIf, Name##BrUnless,
  WARD_FUSED_TESTS(WARD_FUSED_ENUM)
#undef WARD_FUSED_ENUM
  Count
};

// Handler addresses indexed by Op, provided by the interpreter.
const void* const* interpreter_handlers();
inline uint64_t handler_word(Op op) {
  return reinterpret_cast<uint64_t>(interpreter_handlers()[static_cast<size_t>(op)]);
}

inline uint64_t pack(uint32_t lo, uint32_t hi) { return uint64_t{lo} | (uint64_t{hi} << 32); }

}  // namespace ward::engine
