// Which post-MVP WebAssembly features a module uses (calimero-abi.md §2.3), for `ward inspect`.
// Section-level uses come from the decoded module; code uses from a scan of every function
// body that reads only opcodes and skips their immediates.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "ward/engine/error.hpp"

namespace ward::engine {
struct ModuleIR;
}

namespace ward::cli {

struct FeatureUse {
  std::string feature;  // e.g. "bulk-memory"
  // What uses it (an operator name or an encoding, e.g. "memory.copy", "passive data segment")
  // and how often; empty if the feature is not used.
  std::map<std::string, uint64_t> uses;
};

// The features of §2.3 beyond MVP, always all six in this order: mutable-globals, sign-ext,
// sat-float-to-int, multi-value, bulk-memory, reference-types.
// `module` must be the decoding of `bytes`, which must have validated. The error describes a
// body the scan could not follow (which validation would have rejected).
engine::Result<std::vector<FeatureUse>, std::string> scan_features(std::span<const uint8_t> bytes,
                                                                   const engine::ModuleIR& module);

}  // namespace ward::cli
