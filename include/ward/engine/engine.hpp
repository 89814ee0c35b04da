// Umbrella header for Ward's WebAssembly engine.
#pragma once

#include "ward/engine/error.hpp"
#include "ward/engine/execution.hpp"
#include "ward/engine/host.hpp"
#include "ward/engine/limits.hpp"
#include "ward/engine/linker.hpp"
#include "ward/engine/module.hpp"
#include "ward/engine/store.hpp"
#include "ward/engine/trap.hpp"
#include "ward/engine/types.hpp"
