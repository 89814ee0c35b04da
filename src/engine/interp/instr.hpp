// Internal (translated) instruction set. Code is a stream of 64-bit words: the first word of an
// instruction is its handler address (threaded dispatch), followed by operand words. Slots are
// indexes of 64-bit cells relative to the frame pointer. Branch targets are word offsets
// relative to the start of the branch instruction.
//
// Operand layout per instruction (word1 = {lo32, hi32}, word2 = ...):
//   unary      {d, a}
//   binary     {d, a} {b}           binary-imm {d, a} {imm64}
//   load       {d, addr} {offset}   store      {addr, value} {offset}
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
  X(Br, 2)            /* {rel64} */                                                      \
  X(BrIf, 2)          /* {cond, rel32} */                                                \
  X(BrUnless, 2)      /* {cond, rel32} */                                                \
  X(BrTable, 2)       /* {index, count} then count+1 words of rel64 (last = default) */  \
  X(Call, 3)          /* {base} {CodeFunc*} */                                           \
  X(CallImport, 2)    /* {base, func_index} */                                           \
  X(CallIndirect, 3)  /* {base, type_id} {table, index_slot} */                          \
  X(Return, 1)                                                                           \
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

enum class Op : uint16_t {
#define WARD_OP_ENUM(Name, words) Name,
  WARD_SPECIAL_OPS(WARD_OP_ENUM)
#undef WARD_OP_ENUM
#define WASM_UNOP(Name, opcode, In, Out, expr) Name,
#define WASM_BINOP(Name, opcode, In, Out, expr) Name, Name##Imm,
#define WASM_TRAP_BINOP(Name, opcode, Type) Name, Name##Imm,
#define WASM_TRAP_CONV(Name, opcode, In, Out, fits, expr) Name,
#define WASM_LOAD(Name, opcode, Out, MemCType) Name,
#define WASM_STORE(Name, opcode, In, MemCType) Name,
#include "engine/opcodes.def"
  Count
};

// Handler addresses indexed by Op, provided by the interpreter.
const void* const* interpreter_handlers();
inline uint64_t handler_word(Op op) {
  return reinterpret_cast<uint64_t>(interpreter_handlers()[static_cast<size_t>(op)]);
}

inline uint64_t pack(uint32_t lo, uint32_t hi) { return uint64_t{lo} | (uint64_t{hi} << 32); }

}  // namespace ward::engine
