// The decoded (not yet translated) form of a module: what the binary says, with every
// section-level rule already validated. Function bodies stay as byte ranges; the validator /
// translator reads them in one pass.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ward/engine/types.hpp"

namespace ward::engine {

// A constant expression (global initialisers, segment offsets, element items). Wasm 2.0 allows
// exactly one of these instructions followed by `end`.
struct ConstExpr {
  enum class Kind : uint8_t { I32, I64, F32, F64, RefNull, RefFunc, GlobalGet };
  Kind kind = Kind::I32;
  uint64_t value = 0;  // constant bits, or function index (RefFunc), or global index (GlobalGet)
  ValType type = ValType::I32;  // result type (for RefNull: the reference type)
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t func_type = 0;  // kind == Func: type index
  TableType table;         // kind == Table
  MemoryType memory;       // kind == Memory
  GlobalType global;       // kind == Global
};

struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;
};

struct Global {
  GlobalType type;
  ConstExpr init;
};

struct ElementSegment {
  enum class Mode : uint8_t { Active, Passive, Declarative };
  Mode mode = Mode::Active;
  ValType type = ValType::FuncRef;
  uint32_t table = 0;   // active only
  ConstExpr offset;     // active only
  std::vector<ConstExpr> items;  // each RefFunc / RefNull / GlobalGet
};

struct DataSegment {
  bool active = true;
  uint32_t memory = 0;
  ConstExpr offset;   // active only
  uint32_t begin = 0;  // byte range of the payload within the module bytes
  uint32_t size = 0;
};

struct FunctionBody {
  uint32_t type = 0;          // type index
  uint32_t body_offset = 0;   // offset of the body's size-prefixed entry (for error messages)
  uint32_t locals_offset = 0; // start of the local declarations vector
  uint32_t code_end = 0;      // one past the final `end`
  std::vector<ValType> locals;  // declared locals expanded (params not included)
  uint32_t code_offset = 0;   // first instruction byte
};

struct CustomSection {
  std::string name;
  uint32_t begin = 0;  // payload byte range within the module bytes
  uint32_t size = 0;
};

struct ModuleIR {
  std::vector<FuncType> types;
  std::vector<Import> imports;
  // Index spaces include imports first, as in the spec.
  std::vector<uint32_t> func_types;  // type index of every function (imports then defined)
  uint32_t num_imported_funcs = 0;
  std::vector<TableType> tables;      // imported then defined
  uint32_t num_imported_tables = 0;
  std::vector<MemoryType> memories;   // imported then defined
  uint32_t num_imported_memories = 0;
  std::vector<GlobalType> global_types;  // imported then defined
  uint32_t num_imported_globals = 0;
  std::vector<Global> globals;        // defined only
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<ElementSegment> elements;
  std::vector<DataSegment> datas;
  std::optional<uint32_t> data_count;
  std::vector<FunctionBody> functions;  // defined only
  std::vector<CustomSection> customs;
  // Functions referenced outside function bodies (exports, element segments, global
  // initialisers): the only ones `ref.func` may name inside a body.
  std::vector<bool> declared_func_refs;  // indexed by function index
};

}  // namespace ward::engine
