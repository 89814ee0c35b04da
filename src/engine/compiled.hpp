// The compiled form of a module: decoded sections plus translated code for every function.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/module_ir.hpp"
#include "ward/engine/module.hpp"

namespace ward::engine {

// Per defined function: where its code starts and the shape of its frame.
struct CodeFunc {
  const uint64_t* entry = nullptr;  // first instruction (set once the code buffer is final)
  uint32_t code_begin = 0;          // word index into CompiledModule::code
  uint32_t code_end = 0;
  uint32_t num_params = 0;
  uint32_t num_results = 0;
  uint32_t num_locals = 0;   // declared locals, zeroed on entry (they follow the params)
  uint32_t frame_slots = 0;  // params + locals + maximum operand-stack height
  uint32_t func_index = 0;   // in the module's function index space
  uint32_t type_index = 0;
};

// Maps a translated instruction back to the wasm byte offset it came from (for traps).
struct PcMapEntry {
  uint32_t code_word;
  uint32_t wasm_offset;
};

struct CompiledModule {
  Config config;
  std::vector<uint8_t> bytes;  // the original module (data segment payloads are read from it)
  ModuleIR ir;
  std::vector<uint32_t> type_ids;  // canonical (process-wide) id of every type index
  std::vector<uint64_t> code;
  std::vector<CodeFunc> funcs;     // defined functions, in order
  std::vector<PcMapEntry> pc_map;  // sorted by code_word
  std::vector<ImportDesc> imports;
  std::vector<ExportDesc> exports;
  std::unordered_map<std::string, uint32_t> export_by_name;  // -> index into exports
  std::vector<CustomSectionView> customs;

  // The defined function containing `code_word`, and the wasm offset of that instruction.
  const CodeFunc* function_at(uint32_t code_word) const;
  uint32_t wasm_offset_at(uint32_t code_word) const;
};

// Canonical function-type ids shared by all modules, so call_indirect checks are one compare.
uint32_t canonical_type_id(const FuncType& type);
const FuncType& canonical_type(uint32_t id);

}  // namespace ward::engine
