// The store owns every runtime object (instances, functions, memories, tables, globals); they
// live until the store is destroyed. One store per unit of work (e.g. one application call).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ward/engine/error.hpp"
#include "ward/engine/limits.hpp"
#include "ward/engine/module.hpp"
#include "ward/engine/trap.hpp"
#include "ward/engine/types.hpp"

namespace ward::engine {

struct FunctionInstance;
struct MemoryInstance;
struct TableInstance;
struct GlobalInstance;
struct InstanceData;
class Store;
class HostCall;

// What a raw host function returns.
enum class HostStatus : uint8_t { Ok, Trap, Suspend };

// Raw host callback: arguments in slots[0..params), results written to slots[0..results).
// Slots are 64-bit value cells (i32 zero-extended, floats as raw bits, refs as payloads).
using HostCallback = HostStatus (*)(void* env, HostCall& call, uint64_t* slots);

// A reference to an import/export value.
struct Extern {
  ExternKind kind = ExternKind::Func;
  void* object = nullptr;  // FunctionInstance*, TableInstance*, MemoryInstance*, GlobalInstance*

  static Extern func(FunctionInstance* f) { return {ExternKind::Func, f}; }
  static Extern table(TableInstance* t) { return {ExternKind::Table, t}; }
  static Extern memory(MemoryInstance* m) { return {ExternKind::Memory, m}; }
  static Extern global(GlobalInstance* g) { return {ExternKind::Global, g}; }
  FunctionInstance* as_func() const { return static_cast<FunctionInstance*>(object); }
  TableInstance* as_table() const { return static_cast<TableInstance*>(object); }
  MemoryInstance* as_memory() const { return static_cast<MemoryInstance*>(object); }
  GlobalInstance* as_global() const { return static_cast<GlobalInstance*>(object); }
};

// The base address and current byte size of a linear memory, readable without a call (host
// functions check guest pointers against `size` themselves). The base never moves; the size
// changes when the memory grows.
struct MemoryView {
  uint8_t* base = nullptr;
  uint64_t size = 0;
};

// Checked access to a linear memory. Every accessor bounds-checks with 64-bit arithmetic.
class Memory {
 public:
  explicit Memory(MemoryInstance* m) : m_(m) {}
  uint64_t size_bytes() const;
  uint32_t size_pages() const;
  // Returns false (and copies nothing) when [offset, offset+len) is not inside the memory.
  bool read(uint64_t offset, void* out, uint64_t len) const;
  bool write(uint64_t offset, const void* in, uint64_t len);
  // A pointer to [offset, offset+len) or nullptr if out of bounds. Valid until the memory grows.
  uint8_t* span(uint64_t offset, uint64_t len);
  // Returns the previous size in pages, or -1 when the growth exceeds a maximum or the cap.
  int64_t grow(uint32_t delta_pages);
  MemoryInstance* instance() const { return m_; }
  const MemoryView* view() const;

 private:
  MemoryInstance* m_;
};

class Instance {
 public:
  std::optional<Extern> get_export(std::string_view name) const;
  FunctionInstance* get_function(std::string_view name) const;
  std::optional<Memory> get_memory(std::string_view name) const;
  Module module() const;
  InstanceData* data() const { return d_; }
  explicit Instance(InstanceData* d) : d_(d) {}

 private:
  InstanceData* d_;
};

// Why instantiation failed: link error (imports) or a trap (segments, start function).
struct InstantiateError {
  enum class Kind : uint8_t { Link, Trap, Limit } kind = Kind::Link;
  std::string message;
  Trap trap;  // kind == Trap
};

class Store {
 public:
  explicit Store(const Limits& limits = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const Limits& limits() const { return limits_; }

  // Imports are given in the module's import order (see Module::imports()); each is
  // type-checked. The start function, if any, runs with `start_gas` budget.
  Result<Instance, InstantiateError> instantiate(const Module& module,
                                                 std::span<const Extern> imports,
                                                 uint64_t start_gas = UINT64_MAX);

  FunctionInstance* create_host_function(FuncType type, HostCallback callback, void* env);
  // Keeps `owner` alive as long as the store (for environments captured by host functions).
  void keep_alive(std::shared_ptr<void> owner);
  Result<MemoryInstance*, std::string> create_memory(const MemoryType& type);
  Result<TableInstance*, std::string> create_table(const TableType& type, Value init);
  GlobalInstance* create_global(const GlobalType& type, Value init);

  static const FuncType& function_type(const FunctionInstance* f);
  static TableType table_type(const TableInstance* t);
  static MemoryType memory_type(const MemoryInstance* m);
  static GlobalType global_type(const GlobalInstance* g);
  static Value global_get(const GlobalInstance* g);
  static void global_set(GlobalInstance* g, Value v);
  // Table element access; nullopt when out of bounds.
  static std::optional<Value> table_get(const TableInstance* t, uint32_t index);
  static uint32_t table_size(const TableInstance* t);

 private:
  struct Objects;
  Limits limits_;
  std::unique_ptr<Objects> objects_;
};

}  // namespace ward::engine
