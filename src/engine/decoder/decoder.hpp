// Binary-format decoder and module-level validator (WebAssembly 2.0 without SIMD).
//
// decode_module checks everything the binary format (spec section 5) and module validation
// (spec section 3.4) require, except the instruction sequences of function bodies: those are
// left as byte ranges for the body validator, which also reports "data count section required"
// from ModuleIR::data_count and checks `ref.func` against ModuleIR::declared_func_refs.
//
// Errors carry the byte offset where the problem was found. Messages start with the text the
// spec test suite expects (e.g. "section size mismatch", "unknown type") and may add details.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/decoder/reader.hpp"
#include "engine/module_ir.hpp"
#include "ward/engine/error.hpp"
#include "ward/engine/limits.hpp"
#include "ward/engine/types.hpp"

namespace ward::engine {

// Decodes and validates a whole module. Enforces the module-validation fields of `limits`
// (max_types ... max_segment_elements) with CompileErrorKind::LimitExceeded; runtime limits
// such as max_memory_pages are left to instantiation.
Result<ModuleIR, CompileError> decode_module(const uint8_t* bytes, size_t size,
                                             const Limits& limits);

// Decodes the constant expression at `r` (instructions, then 0x0B `end`) and validates it
// against `expected` in the context of `module` as decoded so far: `global.get` may name only
// imported immutable globals (Wasm 2.0), `ref.func` any function of the index space.
// Registering a `ref.func` target in declared_func_refs is left to the caller.
Result<ConstExpr, CompileError> decode_const_expr(Reader& r, const ModuleIR& module,
                                                  ValType expected);

}  // namespace ward::engine
