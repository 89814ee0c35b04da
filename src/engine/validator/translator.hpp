// Validates one function body and translates it into internal code in a single linear pass.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/compiled.hpp"
#include "ward/engine/error.hpp"

namespace ward::engine {

struct TranslationOutput {
  std::vector<uint64_t>& code;
  std::vector<PcMapEntry>& pc_map;
  // Word positions of `Call` instructions whose second operand word holds a defined-function
  // index, to be replaced by the CodeFunc pointer once all functions are translated.
  std::vector<uint32_t>& call_fixups;
};

std::optional<CompileError> translate_function(const CompiledModule& module,
                                               uint32_t defined_index, TranslationOutput out,
                                               CodeFunc& result);

}  // namespace ward::engine
