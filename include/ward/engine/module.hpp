// Compiling bytes into an immutable, shareable module and describing its imports and exports.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ward/engine/error.hpp"
#include "ward/engine/limits.hpp"
#include "ward/engine/types.hpp"

namespace ward::engine {

struct Config {
  Limits limits;
  // Insert gas charges (the accounting rule of calimero-abi.md §7). Without it code runs
  // unmetered at full speed; the gas budget of an execution is then ignored.
  bool gas_metering = true;
};

// The type of an import or export.
struct ExternType {
  ExternKind kind = ExternKind::Func;
  FuncType func;
  TableType table;
  MemoryType memory;
  GlobalType global;
};
std::string to_string(const ExternType& type);

struct ImportDesc {
  std::string module;
  std::string name;
  ExternType type;
};

struct ExportDesc {
  std::string name;
  ExternType type;
  uint32_t index = 0;  // index in the module's index space of that kind
};

struct CustomSectionView {
  std::string name;
  std::vector<uint8_t> payload;
};

struct CompiledModule;  // engine-internal

class Module {
 public:
  // Decodes, validates and translates. Errors name the byte offset and the reason.
  static Result<Module, CompileError> compile(std::span<const uint8_t> bytes,
                                              const Config& config = {});

  const std::vector<ImportDesc>& imports() const;
  const std::vector<ExportDesc>& exports() const;
  const ExportDesc* find_export(std::string_view name) const;
  const std::vector<CustomSectionView>& custom_sections() const;
  const Config& config() const;

  const CompiledModule& compiled() const { return *impl_; }
  std::shared_ptr<const CompiledModule> shared() const { return impl_; }

  explicit Module(std::shared_ptr<const CompiledModule> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const CompiledModule> impl_;
};

}  // namespace ward::engine
