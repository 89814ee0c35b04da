// The store: ownership of runtime objects, import matching and instantiation.
#include "ward/engine/store.hpp"


#include <cstring>

#include "engine/instance/memory_pool.hpp"
#include "engine/runtime_objects.hpp"
#include "ward/engine/execution.hpp"

namespace ward::engine {

// Everything an instance owns, allocated once with exact sizes so pointers stay stable.
struct OwnedInstance {
  InstanceData data;
  std::vector<FunctionInstance> funcs;
  std::vector<TableInstance> tables;
  std::unique_ptr<MemoryInstance> memory;
  std::vector<GlobalInstance> globals;
};

// Vectors of owning pointers: nothing is allocated until an object is created, and every
// object keeps its address.
struct Store::Objects {
  std::vector<std::unique_ptr<OwnedInstance>> instances;
  std::vector<std::unique_ptr<FunctionInstance>> host_functions;
  std::vector<std::unique_ptr<MemoryInstance>> memories;
  std::vector<std::unique_ptr<TableInstance>> tables;
  std::vector<std::unique_ptr<GlobalInstance>> globals;
  std::vector<std::shared_ptr<void>> keep_alive;

  template <typename T>
  static T& add(std::vector<std::unique_ptr<T>>& list) {
    return *list.emplace_back(std::make_unique<T>());
  }
};

namespace {

uint64_t memory_cap(const MemoryType& type, const Limits& limits) {
  uint64_t cap = limits.max_memory_pages;
  if (type.limits.has_max && type.limits.max < cap) cap = type.limits.max;
  if (cap > 65536) cap = 65536;
  return cap;
}

Result<bool, std::string> init_memory(MemoryInstance& m, const MemoryType& type,
                                      const Limits& limits) {
  uint64_t cap = memory_cap(type, limits);
  if (type.limits.min > limits.max_memory_pages) {
    return "memory of " + std::to_string(type.limits.min) +
           " initial pages exceeds the limit of " + std::to_string(limits.max_memory_pages) +
           " pages (max_memory_pages)";
  }
  m.type = type;
  m.max_pages = cap;
  m.reserved = cap * kPageSize;
  m.size = 0;
  if (m.reserved == 0) return true;
  Reservation r = acquire_reservation(m.reserved);
  if (r.base == nullptr) {
    m.reserved = 0;
    return "cannot reserve " + std::to_string(cap) + " pages of address space for a memory";
  }
  m.base = r.base;
  if (m.grow(type.limits.min) < 0) return std::string("cannot commit the initial memory pages");
  return true;
}

Result<bool, std::string> init_table(TableInstance& t, const TableType& type, uint64_t init,
                                     const Limits& limits) {
  if (type.limits.min > limits.max_table_elements) {
    return "table of " + std::to_string(type.limits.min) +
           " initial elements exceeds the limit of " + std::to_string(limits.max_table_elements) +
           " (max_table_elements)";
  }
  t.type = type;
  t.max = limits.max_table_elements;
  if (type.limits.has_max && type.limits.max < t.max) t.max = type.limits.max;
  t.elems.assign(type.limits.min, init);
  return true;
}

bool limits_match(const Limits32& actual, const Limits32& wanted) {
  if (actual.min < wanted.min) return false;
  if (wanted.has_max) {
    if (!actual.has_max || actual.max > wanted.max) return false;
  }
  return true;
}

std::string describe(const ExternType& t) { return to_string(t); }

}  // namespace

Store::Store(const Limits& limits) : limits_(limits), objects_(std::make_unique<Objects>()) {}
Store::~Store() = default;

void Store::keep_alive(std::shared_ptr<void> owner) {
  objects_->keep_alive.push_back(std::move(owner));
}

FunctionInstance* Store::create_host_function(FuncType type, HostCallback callback, void* env) {
  FunctionInstance& f = Objects::add(objects_->host_functions);
  f.type_id = canonical_type_id(type);
  f.host = callback;
  f.env = env;
  f.num_params = static_cast<uint32_t>(type.params.size());
  f.num_results = static_cast<uint32_t>(type.results.size());
  return &f;
}

Result<MemoryInstance*, std::string> Store::create_memory(const MemoryType& type) {
  MemoryInstance& m = Objects::add(objects_->memories);
  auto r = init_memory(m, type, limits_);
  if (!r) return r.error();
  return &m;
}

Result<TableInstance*, std::string> Store::create_table(const TableType& type, Value init) {
  TableInstance& t = Objects::add(objects_->tables);
  auto r = init_table(t, type, init.bits, limits_);
  if (!r) return r.error();
  return &t;
}

GlobalInstance* Store::create_global(const GlobalType& type, Value init) {
  GlobalInstance& g = Objects::add(objects_->globals);
  g.type = type;
  g.value = init.bits;
  return &g;
}

const FuncType& Store::function_type(const FunctionInstance* f) {
  return canonical_type(f->type_id);
}
TableType Store::table_type(const TableInstance* t) {
  TableType type = t->type;
  type.limits.min = t->elems.size();
  return type;
}
MemoryType Store::memory_type(const MemoryInstance* m) {
  MemoryType type = m->type;
  type.limits.min = m->size / kPageSize;
  return type;
}
GlobalType Store::global_type(const GlobalInstance* g) { return g->type; }
Value Store::global_get(const GlobalInstance* g) { return {g->type.type, g->value}; }
void Store::global_set(GlobalInstance* g, Value v) { g->value = v.bits; }
std::optional<Value> Store::table_get(const TableInstance* t, uint32_t index) {
  if (index >= t->elems.size()) return std::nullopt;
  return Value{t->type.elem, t->elems[index]};
}
uint32_t Store::table_size(const TableInstance* t) { return static_cast<uint32_t>(t->elems.size()); }

Result<Instance, InstantiateError> Store::instantiate(const Module& module,
                                                      std::span<const Extern> imports,
                                                      uint64_t start_gas) {
  const CompiledModule& cm = module.compiled();
  const ModuleIR& ir = cm.ir;
  auto link_error = [](std::string msg) {
    return InstantiateError{InstantiateError::Kind::Link, std::move(msg), {}};
  };
  if (imports.size() != ir.imports.size()) {
    return link_error("expected " + std::to_string(ir.imports.size()) + " imports, got " +
                      std::to_string(imports.size()));
  }

  OwnedInstance& owned = Objects::add(objects_->instances);
  InstanceData& d = owned.data;
  d.module = module.shared();
  d.store = this;
  d.funcs.reserve(ir.func_types.size());
  d.tables.reserve(ir.tables.size());
  d.globals.reserve(ir.global_types.size());

  // Imports, type-checked.
  for (size_t i = 0; i < ir.imports.size(); ++i) {
    const Import& im = ir.imports[i];
    const Extern& ex = imports[i];
    const ExternType& wanted = cm.imports[i].type;
    auto incompatible = [&](const std::string& found) {
      return link_error("incompatible import type for `" + im.module + "::" + im.name +
                        "`: expected " + describe(wanted) + ", found " + found);
    };
    if (ex.object == nullptr) return link_error("import `" + im.module + "::" + im.name + "` is not defined");
    if (ex.kind != im.kind) {
      return incompatible(std::string(to_string(ex.kind)));
    }
    switch (im.kind) {
      case ExternKind::Func: {
        FunctionInstance* f = ex.as_func();
        if (f->type_id != cm.type_ids[im.func_type]) {
          return incompatible("func " + to_string(canonical_type(f->type_id)));
        }
        d.funcs.push_back(f);
        break;
      }
      case ExternKind::Table: {
        TableInstance* t = ex.as_table();
        TableType actual = table_type(t);
        if (actual.elem != im.table.elem || !limits_match(actual.limits, im.table.limits)) {
          ExternType found;
          found.kind = ExternKind::Table;
          found.table = actual;
          return incompatible(describe(found));
        }
        d.tables.push_back(t);
        break;
      }
      case ExternKind::Memory: {
        MemoryInstance* m = ex.as_memory();
        MemoryType actual = memory_type(m);
        if (!limits_match(actual.limits, im.memory.limits)) {
          ExternType found;
          found.kind = ExternKind::Memory;
          found.memory = actual;
          return incompatible(describe(found));
        }
        d.memory = m;
        break;
      }
      case ExternKind::Global: {
        GlobalInstance* g = ex.as_global();
        if (g->type.type != im.global.type || g->type.mutable_ != im.global.mutable_) {
          ExternType found;
          found.kind = ExternKind::Global;
          found.global = g->type;
          return incompatible(describe(found));
        }
        d.globals.push_back(g);
        break;
      }
    }
  }

  // Defined functions.
  owned.funcs.resize(ir.functions.size());
  for (size_t i = 0; i < ir.functions.size(); ++i) {
    FunctionInstance& f = owned.funcs[i];
    const CodeFunc& code = cm.funcs[i];
    f.type_id = cm.type_ids[code.type_index];
    f.instance = &d;
    f.code = &code;
    f.num_params = code.num_params;
    f.num_results = code.num_results;
    d.funcs.push_back(&f);
  }

  // Tables and memory (defined).
  owned.tables.resize(ir.tables.size() - ir.num_imported_tables);
  for (size_t i = 0; i < owned.tables.size(); ++i) {
    auto r = init_table(owned.tables[i], ir.tables[ir.num_imported_tables + i], 0, limits_);
    if (!r) return InstantiateError{InstantiateError::Kind::Limit, r.error(), {}};
    d.tables.push_back(&owned.tables[i]);
  }
  if (ir.memories.size() > ir.num_imported_memories) {
    owned.memory = std::make_unique<MemoryInstance>();
    auto r = init_memory(*owned.memory, ir.memories[ir.num_imported_memories], limits_);
    if (!r) return InstantiateError{InstantiateError::Kind::Limit, r.error(), {}};
    d.memory = owned.memory.get();
  }

  // Globals, in order (initialisers may read imported globals).
  auto eval = [&](const ConstExpr& e) -> uint64_t {
    switch (e.kind) {
      case ConstExpr::Kind::GlobalGet: return d.globals[e.value]->value;
      case ConstExpr::Kind::RefFunc: return reinterpret_cast<uint64_t>(d.funcs[e.value]);
      case ConstExpr::Kind::RefNull: return 0;
      default: return e.value;
    }
  };
  owned.globals.resize(ir.globals.size());
  for (size_t i = 0; i < ir.globals.size(); ++i) {
    owned.globals[i].type = ir.globals[i].type;
    owned.globals[i].value = eval(ir.globals[i].init);
    d.globals.push_back(&owned.globals[i]);
  }

  // Element segments: evaluate, then initialise active ones in order.
  d.elem_segments.resize(ir.elements.size());
  for (size_t s = 0; s < ir.elements.size(); ++s) {
    const ElementSegment& seg = ir.elements[s];
    if (seg.mode == ElementSegment::Mode::Declarative) continue;
    auto& values = d.elem_segments[s];
    values.reserve(seg.items.size());
    for (const ConstExpr& e : seg.items) values.push_back(eval(e));
  }
  d.data_dropped.assign(ir.datas.size(), 0);

  auto trap_error = [&](TrapKind kind) {
    InstantiateError e{InstantiateError::Kind::Trap, to_string(kind), {}};
    e.trap.kind = kind;
    return e;
  };
  for (size_t s = 0; s < ir.elements.size(); ++s) {
    const ElementSegment& seg = ir.elements[s];
    if (seg.mode != ElementSegment::Mode::Active) continue;
    TableInstance* t = d.tables[seg.table];
    uint64_t offset = static_cast<uint32_t>(eval(seg.offset));
    auto& values = d.elem_segments[s];
    if (offset + values.size() > t->elems.size()) return trap_error(TrapKind::TableOutOfBounds);
    std::copy(values.begin(), values.end(), t->elems.begin() + static_cast<ptrdiff_t>(offset));
    values.clear();
  }
  for (size_t s = 0; s < ir.datas.size(); ++s) {
    const DataSegment& seg = ir.datas[s];
    if (!seg.active) continue;
    MemoryInstance* m = d.memory;
    uint64_t offset = static_cast<uint32_t>(eval(seg.offset));
    if (m == nullptr || offset + seg.size > m->size) return trap_error(TrapKind::MemoryOutOfBounds);
    if (seg.size) std::memcpy(m->base + offset, cm.bytes.data() + seg.begin, seg.size);
    d.data_dropped[s] = 1;
  }

  if (ir.start) {
    Execution exec(limits_);
    exec.set_gas(start_gas);
    CallStatus status = exec.call(d.funcs[*ir.start], {});
    if (status == CallStatus::Suspended) {
      InstantiateError e{InstantiateError::Kind::Trap, "the start function suspended", {}};
      e.trap.kind = TrapKind::HostError;
      return e;
    }
    if (status == CallStatus::Trapped) {
      InstantiateError e{InstantiateError::Kind::Trap, exec.trap().to_string(), exec.trap()};
      return e;
    }
  }
  return Instance(&d);
}

// ---- Instance ----

std::optional<Extern> Instance::get_export(std::string_view name) const {
  const CompiledModule& cm = *d_->module;
  auto it = cm.export_by_name.find(std::string(name));
  if (it == cm.export_by_name.end()) return std::nullopt;
  const ExportDesc& ex = cm.exports[it->second];
  switch (ex.type.kind) {
    case ExternKind::Func: return Extern::func(d_->funcs[ex.index]);
    case ExternKind::Table: return Extern::table(d_->tables[ex.index]);
    case ExternKind::Memory: return Extern::memory(d_->memory);
    case ExternKind::Global: return Extern::global(d_->globals[ex.index]);
  }
  return std::nullopt;
}

FunctionInstance* Instance::get_function(std::string_view name) const {
  auto e = get_export(name);
  if (!e || e->kind != ExternKind::Func) return nullptr;
  return e->as_func();
}

std::optional<Memory> Instance::get_memory(std::string_view name) const {
  auto e = get_export(name);
  if (!e || e->kind != ExternKind::Memory) return std::nullopt;
  return Memory(e->as_memory());
}

Module Instance::module() const { return Module(d_->module); }

}  // namespace ward::engine
