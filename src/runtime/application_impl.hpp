// The compiled form behind an Application.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ward/engine/module.hpp"
#include "ward/engine/store.hpp"
#include "ward/runtime/runtime.hpp"

namespace ward::runtime {

struct ApplicationImpl {
  engine::Module module;
  AbiFlavour abi = AbiFlavour::ByReference;
  Id32 code_hash{};
  std::vector<engine::Extern> imports;    // in import order, when linking succeeded
  std::optional<std::string> link_error;  // reported by run (§6.2 step 3)
  bool has_merge_hook = false;            // __calimero_register_merge of type () -> ()
};

}  // namespace ward::runtime
