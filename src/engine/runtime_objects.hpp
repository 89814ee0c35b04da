// Runtime objects owned by a Store, and the state of an execution.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/compiled.hpp"
#include "ward/engine/execution.hpp"
#include "ward/engine/store.hpp"

namespace ward::engine {

constexpr uint64_t kPageSize = 65536;

struct FunctionInstance {
  uint32_t type_id = 0;            // canonical type id
  InstanceData* instance = nullptr;  // owning instance; null for host functions
  const CodeFunc* code = nullptr;  // wasm functions
  HostCallback host = nullptr;     // host functions
  void* env = nullptr;
  uint32_t num_params = 0;
  uint32_t num_results = 0;
};

// Linear memory: a virtual reservation of the whole capped size, committed as it grows, so
// the base address never moves.
struct MemoryInstance : MemoryView {  // base and size (bytes)
  uint64_t reserved = 0;    // bytes reserved at base
  uint64_t max_pages = 0;   // effective maximum: min(declared max, store cap)
  MemoryType type;          // as declared (for import matching)
  ~MemoryInstance();
  int64_t grow(uint64_t delta_pages);  // previous page count or -1
};

struct TableInstance {
  std::vector<uint64_t> elems;
  uint64_t max = 0;  // effective maximum
  TableType type;
  int64_t grow(uint64_t delta, uint64_t init);  // previous size or -1
};

struct GlobalInstance {
  uint64_t value = 0;
  GlobalType type;
};

struct InstanceData {
  std::shared_ptr<const CompiledModule> module;
  std::vector<FunctionInstance*> funcs;  // function index space
  std::vector<TableInstance*> tables;
  MemoryInstance* memory = nullptr;  // never null during execution (an empty memory if none)
  std::vector<GlobalInstance*> globals;
  std::vector<std::vector<uint64_t>> elem_segments;  // evaluated refs; cleared on drop
  std::vector<uint8_t> data_dropped;
  Store* store = nullptr;
};

// A frame record, pushed on call. Records grow down from the end of the stack buffer while
// value slots grow up from its start, so one byte budget covers both.
struct FrameRecord {
  const uint64_t* return_pc;
  uint64_t* fp;
  InstanceData* instance;
};

struct ExecState {
  explicit ExecState(const Limits& limits);

  std::unique_ptr<uint64_t[]> stack;
  uint64_t* stack_begin = nullptr;
  uint64_t* stack_end = nullptr;  // one past the last word (frames grow down from here)
  FrameRecord* frames_top = nullptr;

  uint64_t gas = UINT64_MAX;
  bool gas_exhausted = false;

  // Resume point (while suspended) / current position bookkeeping.
  const uint64_t* pc = nullptr;
  uint64_t* fp = nullptr;
  InstanceData* instance = nullptr;
  uint64_t* host_slots = nullptr;  // where a suspended host function's results go
  const FunctionInstance* suspended_host = nullptr;
  std::shared_ptr<void> suspend_payload;
  bool suspended = false;
  bool running = false;

  const FunctionInstance* entry = nullptr;  // function of the outermost call
  std::vector<Value> results;
  Trap trap;
  Execution* owner = nullptr;
};

// Runs from st.pc/st.fp/st.instance until the entry function returns, a trap, or a suspension.
CallStatus interpret(ExecState& st);

}  // namespace ward::engine
