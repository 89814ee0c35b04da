// Module compilation: decode, then validate and translate every function body.
#include "ward/engine/module.hpp"

#include <algorithm>

#include "engine/compiled.hpp"
#include "engine/decoder/decoder.hpp"
#include "engine/validator/translator.hpp"

namespace ward::engine {
namespace {

ExternType import_type(const ModuleIR& ir, const Import& im) {
  ExternType t;
  t.kind = im.kind;
  switch (im.kind) {
    case ExternKind::Func: t.func = ir.types[im.func_type]; break;
    case ExternKind::Table: t.table = im.table; break;
    case ExternKind::Memory: t.memory = im.memory; break;
    case ExternKind::Global: t.global = im.global; break;
  }
  return t;
}

ExternType export_type(const ModuleIR& ir, const Export& ex) {
  ExternType t;
  t.kind = ex.kind;
  switch (ex.kind) {
    case ExternKind::Func: t.func = ir.types[ir.func_types[ex.index]]; break;
    case ExternKind::Table: t.table = ir.tables[ex.index]; break;
    case ExternKind::Memory: t.memory = ir.memories[ex.index]; break;
    case ExternKind::Global: t.global = ir.global_types[ex.index]; break;
  }
  return t;
}

}  // namespace

const CodeFunc* CompiledModule::function_at(uint32_t code_word) const {
  auto it = std::upper_bound(funcs.begin(), funcs.end(), code_word,
                             [](uint32_t w, const CodeFunc& f) { return w < f.code_begin; });
  if (it == funcs.begin()) return nullptr;
  --it;
  return code_word < it->code_end ? &*it : nullptr;
}

uint32_t CompiledModule::wasm_offset_at(uint32_t code_word) const {
  auto it = std::upper_bound(pc_map.begin(), pc_map.end(), code_word,
                             [](uint32_t w, const PcMapEntry& e) { return w < e.code_word; });
  if (it == pc_map.begin()) return 0;
  return std::prev(it)->wasm_offset;
}

Result<Module, CompileError> Module::compile(std::span<const uint8_t> bytes, const Config& config) {
  auto compiled = std::make_shared<CompiledModule>();
  compiled->config = config;
  compiled->bytes.assign(bytes.begin(), bytes.end());
  auto decoded = decode_module(compiled->bytes.data(), compiled->bytes.size(), config.limits);
  if (!decoded) return decoded.error();
  compiled->ir = std::move(decoded.value());
  const ModuleIR& ir = compiled->ir;

  compiled->type_ids.reserve(ir.types.size());
  for (const FuncType& t : ir.types) compiled->type_ids.push_back(canonical_type_id(t));

  // Translate every body into one code buffer.
  compiled->funcs.resize(ir.functions.size());
  std::vector<uint32_t> call_fixups;
  size_t body_bytes = 0;
  for (const FunctionBody& b : ir.functions) body_bytes += b.code_end - b.code_offset;
  compiled->code.reserve(body_bytes * 2 + 16);
  compiled->pc_map.reserve(body_bytes);
  for (uint32_t i = 0; i < ir.functions.size(); ++i) {
    TranslationOutput out{compiled->code, compiled->pc_map, call_fixups};
    if (auto err = translate_function(*compiled, i, out, compiled->funcs[i])) return *err;
  }
  compiled->code.shrink_to_fit();
  for (CodeFunc& f : compiled->funcs) f.entry = compiled->code.data() + f.code_begin;
  for (uint32_t word : call_fixups) {
    compiled->code[word] = reinterpret_cast<uint64_t>(&compiled->funcs[compiled->code[word]]);
  }

  for (const Import& im : ir.imports) {
    compiled->imports.push_back({im.module, im.name, import_type(ir, im)});
  }
  for (const Export& ex : ir.exports) {
    compiled->export_by_name.emplace(ex.name, static_cast<uint32_t>(compiled->exports.size()));
    compiled->exports.push_back({ex.name, export_type(ir, ex), ex.index});
  }
  for (const CustomSection& c : ir.customs) {
    const uint8_t* p = compiled->bytes.data() + c.begin;
    compiled->customs.push_back({c.name, std::vector<uint8_t>(p, p + c.size)});
  }
  return Module(std::move(compiled));
}

const std::vector<ImportDesc>& Module::imports() const { return impl_->imports; }
const std::vector<ExportDesc>& Module::exports() const { return impl_->exports; }
const std::vector<CustomSectionView>& Module::custom_sections() const { return impl_->customs; }
const Config& Module::config() const { return impl_->config; }

const ExportDesc* Module::find_export(std::string_view name) const {
  auto it = impl_->export_by_name.find(std::string(name));
  return it == impl_->export_by_name.end() ? nullptr : &impl_->exports[it->second];
}

}  // namespace ward::engine
