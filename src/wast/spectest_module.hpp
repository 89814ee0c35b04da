// The `spectest` module that spec scripts import from: print functions that do nothing, four
// immutable globals, a table and a memory, with the types the reference interpreter gives them.
#pragma once

#include "ward/engine/linker.hpp"
#include "ward/engine/store.hpp"

namespace ward::spec {

// Creates the spectest objects in `store` and defines them in `linker` under "spectest".
void define_spectest_module(engine::Store& store, engine::Linker& linker);

}  // namespace ward::spec
