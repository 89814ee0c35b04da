#include "engine/decoder/decoder.hpp"

#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace ward::engine {
namespace {

constexpr uint32_t kBinaryVersion = 1;
constexpr uint64_t kMaxMemoryPages = 65536;  // 4 GiB of 64 KiB pages
constexpr uint64_t kMaxLocals = std::numeric_limits<uint32_t>::max();
constexpr uint8_t kFuncTypeForm = 0x60;
constexpr uint8_t kEndOpcode = 0x0B;
constexpr uint8_t kMiscPrefix = 0xFC;
constexpr uint32_t kLastMiscOpcode = 17;  // table.fill
constexpr size_t kMaxNameInMessage = 64;

enum SectionId : uint8_t {
  kCustomSection = 0,
  kTypeSection = 1,
  kImportSection = 2,
  kFunctionSection = 3,
  kTableSection = 4,
  kMemorySection = 5,
  kGlobalSection = 6,
  kExportSection = 7,
  kStartSection = 8,
  kElementSection = 9,
  kCodeSection = 10,
  kDataSection = 11,
  kDataCountSection = 12,
};
constexpr uint8_t kLastSectionId = kDataCountSection;

const char* section_name(uint8_t id) {
  switch (id) {
    case kCustomSection:
      return "custom";
    case kTypeSection:
      return "type";
    case kImportSection:
      return "import";
    case kFunctionSection:
      return "function";
    case kTableSection:
      return "table";
    case kMemorySection:
      return "memory";
    case kGlobalSection:
      return "global";
    case kExportSection:
      return "export";
    case kStartSection:
      return "start";
    case kElementSection:
      return "element";
    case kCodeSection:
      return "code";
    case kDataSection:
      return "data";
    case kDataCountSection:
      return "data count";
    default:
      return "unknown";
  }
}

// Rank of a known section in the required order; the data count section (id 12) sits between
// the element and code sections.
int section_order(uint8_t id) {
  switch (id) {
    case kDataCountSection:
      return kElementSection + 1;
    case kCodeSection:
      return kElementSection + 2;
    case kDataSection:
      return kElementSection + 3;
    default:
      return id;
  }
}

const char* type_name(ValType type) {
  switch (type) {
    case ValType::I32:
      return "i32";
    case ValType::I64:
      return "i64";
    case ValType::F32:
      return "f32";
    case ValType::F64:
      return "f64";
    case ValType::V128:
      return "v128";
    case ValType::FuncRef:
      return "funcref";
    case ValType::ExternRef:
      return "externref";
  }
  return "?";
}

std::string describe(const FuncType& type) {
  std::string text = "[";
  for (size_t i = 0; i < type.params.size(); ++i) {
    if (i > 0) text += ' ';
    text += type_name(type.params[i]);
  }
  text += "] -> [";
  for (size_t i = 0; i < type.results.size(); ++i) {
    if (i > 0) text += ' ';
    text += type_name(type.results[i]);
  }
  return text + "]";
}

std::string hex_byte(uint8_t byte) {
  static constexpr char kDigits[] = "0123456789abcdef";
  return std::string{'0', 'x', kDigits[byte >> 4], kDigits[byte & 0xF]};
}

// Quotes a (valid UTF-8) name for a message, shortened so that a hostile module cannot make
// error messages huge.
std::string quoted(std::string_view name) {
  if (name.size() <= kMaxNameInMessage) return "\"" + std::string(name) + "\"";
  size_t cut = kMaxNameInMessage;
  while (cut > 0 && (static_cast<uint8_t>(name[cut]) & 0xC0) == 0x80) --cut;
  return "\"" + std::string(name.substr(0, cut)) + "...\"";
}

std::string too_many(std::string_view what, uint64_t count, uint32_t limit,
                     std::string_view limit_name) {
  return "too many " + std::string(what) + ": " + std::to_string(count) + " > limit " +
         std::to_string(limit) + " (" + std::string(limit_name) + ")";
}

CompileError make_error(CompileErrorKind kind, size_t offset, std::string message) {
  return CompileError{kind, static_cast<uint64_t>(offset), std::move(message)};
}

// Converts a Reader's sticky error. Inside a section, running out of bytes means running past
// the section (or function body), which the spec suite reports with the longer message.
CompileError reader_error(const Reader& r, bool in_section) {
  std::string message = r.error();
  if (in_section && message == "unexpected end") message = "unexpected end of section or function";
  return make_error(CompileErrorKind::Malformed, r.error_offset(), std::move(message));
}

// Whether `opcode` starts some Wasm 2.0 instruction (SIMD excluded), so that a non-constant
// instruction in a constant expression is "constant expression required" (invalid) while an
// undefined byte is "illegal opcode" (malformed).
bool is_defined_opcode(uint8_t opcode) {
  if (opcode <= 0x05) return true;   // unreachable .. else
  if (opcode <= 0x0A) return false;  // exception handling
  if (opcode <= 0x11) return true;   // end .. call_indirect
  if (opcode <= 0x19) return false;  // tail calls and others
  if (opcode <= 0x1C) return true;   // drop, select, select t
  if (opcode <= 0x1F) return false;
  if (opcode <= 0x26) return true;  // variable and table access
  if (opcode == 0x27) return false;
  if (opcode <= 0xC4) return true;  // memory and numeric, sign extension
  if (opcode <= 0xCF) return false;
  if (opcode <= 0xD2) return true;  // ref.null, ref.is_null, ref.func
  return opcode == kMiscPrefix;
}

Result<ConstExpr, CompileError> const_expr_error(CompileErrorKind kind, size_t offset,
                                                 std::string message) {
  return make_error(kind, offset, std::move(message));
}

class ModuleDecoder {
 public:
  ModuleDecoder(const uint8_t* bytes, size_t size, const Limits& limits)
      : bytes_(bytes), size_(size), limits_(limits) {}

  Result<ModuleIR, CompileError> decode() {
    if (!decode_module_bytes()) {
      if (!error_) {
        error_ = make_error(CompileErrorKind::Malformed, size_, "malformed module");
      }
      return std::move(*error_);
    }
    return std::move(ir_);
  }

 private:
  uint64_t module_locals_ = 0;  // declared locals of all bodies so far
  // ---- error reporting: every helper that returns false has recorded error_ ----

  bool fail(CompileErrorKind kind, size_t offset, std::string message) {
    if (!error_) error_ = make_error(kind, offset, std::move(message));
    return false;
  }
  bool malformed(size_t offset, std::string message) {
    return fail(CompileErrorKind::Malformed, offset, std::move(message));
  }
  bool invalid(size_t offset, std::string message) {
    return fail(CompileErrorKind::Invalid, offset, std::move(message));
  }
  bool limit_exceeded(size_t offset, std::string message) {
    return fail(CompileErrorKind::LimitExceeded, offset, std::move(message));
  }
  // Records the reader's error, if any, and reports whether reading went fine.
  bool read_ok(const Reader& r, bool in_section = true) {
    if (r.ok()) return true;
    if (!error_) error_ = reader_error(r, in_section);
    return false;
  }

  // ---- module structure ----

  bool decode_module_bytes() {
    if (size_ > std::numeric_limits<uint32_t>::max()) {
      return limit_exceeded(0, "module too large: " + std::to_string(size_) +
                                   " bytes (offsets are limited to 32 bits)");
    }
    Reader r(bytes_, size_);
    if (!decode_header(r)) return false;

    uint8_t last_id = kCustomSection;
    while (!r.at_end()) {
      const size_t id_offset = r.offset();
      const uint8_t id = r.u8();
      if (id > kLastSectionId) return malformed(id_offset, "malformed section id " + hex_byte(id));
      if (id != kCustomSection) {
        if (last_id != kCustomSection && section_order(id) <= section_order(last_id)) {
          std::string detail = id == last_id
                                   ? std::string("repeated ") + section_name(id) + " section"
                                   : std::string(section_name(id)) + " section after the " +
                                         section_name(last_id) + " section";
          return malformed(id_offset, "unexpected content after last section: " + detail);
        }
        last_id = id;
      }
      const size_t size_offset = r.offset();
      const uint32_t section_size = r.u32();
      if (!read_ok(r, false)) return false;
      if (section_size > r.remaining()) {
        return malformed(size_offset, "length out of bounds: " + std::string(section_name(id)) +
                                          " section size " + std::to_string(section_size) +
                                          " exceeds the " + std::to_string(r.remaining()) +
                                          " bytes left in the module");
      }
      Reader section(r.pos(), section_size, r.offset());
      r.skip(section_size);
      if (!decode_section(id, section)) return false;
      if (!section.at_end()) {
        return malformed(section.offset(),
                         "section size mismatch: " + std::to_string(section.remaining()) +
                             " unread bytes at the end of the " + section_name(id) + " section");
      }
    }
    return finish(r.offset());
  }

  bool decode_header(Reader& r) {
    static constexpr uint8_t kMagic[4] = {0x00, 0x61, 0x73, 0x6D};  // "\0asm"
    if (size_ < 4) return malformed(size_, "unexpected end of module header");
    if (std::memcmp(r.pos(), kMagic, 4) != 0) return malformed(0, "magic header not detected");
    r.skip(4);
    if (size_ < 8) return malformed(size_, "unexpected end of module header");
    const uint32_t version = static_cast<uint32_t>(bytes_[4]) | bytes_[5] << 8 | bytes_[6] << 16 |
                             static_cast<uint32_t>(bytes_[7]) << 24;
    r.skip(4);
    if (version != kBinaryVersion) {
      return malformed(4, "unknown binary version " + std::to_string(version));
    }
    return true;
  }

  bool decode_section(uint8_t id, Reader& r) {
    switch (id) {
      case kCustomSection:
        return decode_custom_section(r);
      case kTypeSection:
        return decode_type_section(r);
      case kImportSection:
        return decode_import_section(r);
      case kFunctionSection:
        return decode_function_section(r);
      case kTableSection:
        return decode_table_section(r);
      case kMemorySection:
        return decode_memory_section(r);
      case kGlobalSection:
        return decode_global_section(r);
      case kExportSection:
        return decode_export_section(r);
      case kStartSection:
        return decode_start_section(r);
      case kElementSection:
        return decode_element_section(r);
      case kDataCountSection:
        return decode_data_count_section(r);
      case kCodeSection:
        return decode_code_section(r);
      case kDataSection:
        return decode_data_section(r);
      default:
        return malformed(r.offset(), "malformed section id " + hex_byte(id));
    }
  }

  // Checks that hold only once every section has been seen.
  bool finish(size_t end_offset) {
    if (!ir_.functions.empty() && !code_section_seen_) {
      return malformed(end_offset, "function and code section have inconsistent lengths: " +
                                       std::to_string(ir_.functions.size()) +
                                       " functions declared but there is no code section");
    }
    if (ir_.data_count && *ir_.data_count != 0 && !data_section_seen_) {
      return malformed(end_offset,
                       "data count and data section have inconsistent lengths: data "
                       "count is " +
                           std::to_string(*ir_.data_count) + " but there is no data section");
    }
    ir_.declared_func_refs.resize(ir_.func_types.size(), false);
    return true;
  }

  // ---- shared pieces ----

  // Reads a vector length. The limit comes first (the most useful message for an oversized
  // module); then the count must fit the remaining bytes, each item taking at least one byte,
  // so that no allocation is ever sized by an unchecked count.
  bool read_count(Reader& r, uint32_t& count, std::string_view what, uint64_t already,
                  uint32_t limit, std::string_view limit_name) {
    const size_t at = r.offset();
    count = r.u32();
    if (!read_ok(r)) return false;
    if (already + count > limit) {
      return limit_exceeded(at, too_many(what, already + count, limit, limit_name));
    }
    return check_count_fits(r, at, count, what);
  }
  bool read_count(Reader& r, uint32_t& count, std::string_view what) {
    const size_t at = r.offset();
    count = r.u32();
    if (!read_ok(r)) return false;
    return check_count_fits(r, at, count, what);
  }
  bool check_count_fits(const Reader& r, size_t at, uint32_t count, std::string_view what) {
    if (count <= r.remaining()) return true;
    return malformed(at, "unexpected end of section or function: " + std::to_string(count) + " " +
                             std::string(what) + " declared but only " +
                             std::to_string(r.remaining()) + " bytes remain");
  }

  bool read_index(Reader& r, uint32_t& index, size_t& at) {
    at = r.offset();
    index = r.u32();
    return read_ok(r);
  }

  bool read_value_type(Reader& r, ValType& type) {
    const size_t at = r.offset();
    const uint8_t byte = r.u8();
    if (!read_ok(r)) return false;
    switch (static_cast<ValType>(byte)) {
      case ValType::I32:
      case ValType::I64:
      case ValType::F32:
      case ValType::F64:
      case ValType::FuncRef:
      case ValType::ExternRef:
        type = static_cast<ValType>(byte);
        return true;
      case ValType::V128:
        return malformed(at,
                         "malformed value type: v128 (0x7b) needs SIMD, which is not supported");
    }
    return malformed(at, "malformed value type " + hex_byte(byte));
  }

  bool read_ref_type(Reader& r, ValType& type) {
    const size_t at = r.offset();
    const uint8_t byte = r.u8();
    if (!read_ok(r)) return false;
    if (byte != static_cast<uint8_t>(ValType::FuncRef) &&
        byte != static_cast<uint8_t>(ValType::ExternRef)) {
      return malformed(at, "malformed reference type " + hex_byte(byte) +
                               " (expected funcref 0x70 or externref 0x6f)");
    }
    type = static_cast<ValType>(byte);
    return true;
  }

  bool read_limits(Reader& r, Limits32& limits) {
    const size_t at = r.offset();
    const uint8_t flags = r.u8();
    if (!read_ok(r)) return false;
    // The flags field is a one-bit LEB128 in the reference decoder; mirror its errors.
    if (flags & 0x80) {
      return malformed(
          at, "integer representation too long: malformed limits flags " + hex_byte(flags));
    }
    if (flags > 1) {
      return malformed(at, "integer too large: malformed limits flags " + hex_byte(flags) +
                               " (expected 0x00 or 0x01; shared and 64-bit memories are not "
                               "supported)");
    }
    limits.min = r.u32();
    limits.has_max = flags == 1;
    limits.max = limits.has_max ? r.u32() : 0;
    return read_ok(r);
  }

  bool read_table_type(Reader& r, TableType& table) {
    if (!read_ref_type(r, table.elem)) return false;
    const size_t at = r.offset();
    if (!read_limits(r, table.limits)) return false;
    if (table.limits.has_max && table.limits.min > table.limits.max) {
      return invalid(at, "size minimum must not be greater than maximum: table minimum " +
                             std::to_string(table.limits.min) + " > maximum " +
                             std::to_string(table.limits.max));
    }
    return true;
  }

  bool read_memory_type(Reader& r, MemoryType& memory) {
    const size_t at = r.offset();
    Limits32& limits = memory.limits;
    if (!read_limits(r, limits)) return false;
    if (limits.min > kMaxMemoryPages) {
      return invalid(at, "memory size must be at most 65536 pages (4GiB): minimum is " +
                             std::to_string(limits.min) + " pages");
    }
    if (limits.has_max && limits.max > kMaxMemoryPages) {
      return invalid(at, "memory size must be at most 65536 pages (4GiB): maximum is " +
                             std::to_string(limits.max) + " pages");
    }
    if (limits.has_max && limits.min > limits.max) {
      return invalid(at, "size minimum must not be greater than maximum: memory minimum " +
                             std::to_string(limits.min) + " > maximum " +
                             std::to_string(limits.max) + " pages");
    }
    return true;
  }

  bool read_global_type(Reader& r, GlobalType& global) {
    if (!read_value_type(r, global.type)) return false;
    const size_t at = r.offset();
    const uint8_t mutability = r.u8();
    if (!read_ok(r)) return false;
    if (mutability > 1) {
      return malformed(at, "malformed mutability " + hex_byte(mutability) +
                               " (expected 0x00 const or 0x01 var)");
    }
    global.mutable_ = mutability == 1;
    return true;
  }

  bool read_const_expr(Reader& r, ValType expected, ConstExpr& expr) {
    auto result = decode_const_expr(r, ir_, expected);
    if (!result) {
      if (!error_) error_ = std::move(result.error());
      return false;
    }
    expr = *result;
    if (expr.kind == ConstExpr::Kind::RefFunc) declare_func_ref(static_cast<uint32_t>(expr.value));
    return true;
  }

  void declare_func_ref(uint32_t function) {
    // Every section that can reference a function comes after the function section, so the
    // index space is complete by the time this runs.
    if (ir_.declared_func_refs.size() != ir_.func_types.size()) {
      ir_.declared_func_refs.resize(ir_.func_types.size(), false);
    }
    ir_.declared_func_refs[function] = true;
  }

  // ---- index spaces (imports first, then definitions) ----

  bool add_function(size_t at, uint32_t type_index) {
    if (ir_.func_types.size() >= limits_.max_functions) {
      return limit_exceeded(at, too_many("functions", ir_.func_types.size() + 1,
                                         limits_.max_functions, "max_functions"));
    }
    ir_.func_types.push_back(type_index);
    return true;
  }
  bool add_table(size_t at, const TableType& table) {
    if (ir_.tables.size() >= limits_.max_tables) {
      return limit_exceeded(
          at, too_many("tables", ir_.tables.size() + 1, limits_.max_tables, "max_tables"));
    }
    ir_.tables.push_back(table);
    return true;
  }
  bool add_memory(size_t at, const MemoryType& memory) {
    if (!ir_.memories.empty()) {
      return invalid(at, "multiple memories: a module may have at most one memory");
    }
    ir_.memories.push_back(memory);
    return true;
  }
  bool add_global(size_t at, const GlobalType& global) {
    if (ir_.global_types.size() >= limits_.max_globals) {
      return limit_exceeded(
          at, too_many("globals", ir_.global_types.size() + 1, limits_.max_globals, "max_globals"));
    }
    ir_.global_types.push_back(global);
    return true;
  }

  bool check_type_index(size_t at, uint32_t index) {
    if (index < ir_.types.size()) return true;
    return invalid(at, "unknown type " + std::to_string(index) + " (the module has " +
                           std::to_string(ir_.types.size()) + " types)");
  }
  bool check_function_index(size_t at, uint32_t index) {
    if (index < ir_.func_types.size()) return true;
    return invalid(at, "unknown function " + std::to_string(index) + " (the module has " +
                           std::to_string(ir_.func_types.size()) + " functions)");
  }
  bool check_table_index(size_t at, uint32_t index) {
    if (index < ir_.tables.size()) return true;
    return invalid(at, "unknown table " + std::to_string(index) + " (the module has " +
                           std::to_string(ir_.tables.size()) + " tables)");
  }
  bool check_memory_index(size_t at, uint32_t index) {
    if (index < ir_.memories.size()) return true;
    return invalid(at, "unknown memory " + std::to_string(index) + " (the module has " +
                           std::to_string(ir_.memories.size()) + " memories)");
  }
  bool check_global_index(size_t at, uint32_t index) {
    if (index < ir_.global_types.size()) return true;
    return invalid(at, "unknown global " + std::to_string(index) + " (the module has " +
                           std::to_string(ir_.global_types.size()) + " globals)");
  }

  // ---- sections ----

  bool decode_custom_section(Reader& r) {
    CustomSection custom;
    if (!r.name(custom.name)) return read_ok(r);
    custom.begin = static_cast<uint32_t>(r.offset());
    custom.size = static_cast<uint32_t>(r.remaining());
    r.skip(r.remaining());
    ir_.customs.push_back(std::move(custom));
    return true;
  }

  bool decode_type_section(Reader& r) {
    uint32_t count;
    if (!read_count(r, count, "types", 0, limits_.max_types, "max_types")) return false;
    ir_.types.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      const size_t at = r.offset();
      const uint8_t form = r.u8();
      if (!read_ok(r)) return false;
      if (form != kFuncTypeForm) {
        // The reference decoder reads the form as a signed LEB128, hence its message for a
        // byte with the continuation bit set.
        if (form & 0x80) {
          return malformed(at, "integer representation too long: function type form " +
                                   hex_byte(form) + " (expected 0x60)");
        }
        return malformed(at,
                         "malformed function type: form " + hex_byte(form) + " (expected 0x60)");
      }
      FuncType type;
      if (!read_value_types(r, type.params, "params")) return false;
      if (!read_value_types(r, type.results, "results")) return false;
      ir_.types.push_back(std::move(type));
    }
    return true;
  }

  bool read_value_types(Reader& r, std::vector<ValType>& types, std::string_view what) {
    uint32_t count;
    if (!read_count(r, count, what, 0, limits_.max_params, "max_params")) return false;
    types.resize(count);
    for (ValType& type : types) {
      if (!read_value_type(r, type)) return false;
    }
    return true;
  }

  bool decode_import_section(Reader& r) {
    uint32_t count;
    if (!read_count(r, count, "imports", 0, limits_.max_imports, "max_imports")) return false;
    ir_.imports.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      const size_t at = r.offset();
      Import import;
      if (!r.name(import.module) || !r.name(import.name)) return read_ok(r);
      const size_t kind_at = r.offset();
      const uint8_t kind = r.u8();
      if (!read_ok(r)) return false;
      switch (kind) {
        case static_cast<uint8_t>(ExternKind::Func): {
          size_t index_at;
          if (!read_index(r, import.func_type, index_at)) return false;
          if (!check_type_index(index_at, import.func_type)) return false;
          if (!add_function(at, import.func_type)) return false;
          break;
        }
        case static_cast<uint8_t>(ExternKind::Table):
          if (!read_table_type(r, import.table) || !add_table(at, import.table)) return false;
          break;
        case static_cast<uint8_t>(ExternKind::Memory):
          if (!read_memory_type(r, import.memory) || !add_memory(at, import.memory)) return false;
          break;
        case static_cast<uint8_t>(ExternKind::Global):
          if (!read_global_type(r, import.global) || !add_global(at, import.global)) return false;
          break;
        default:
          return malformed(kind_at, "malformed import kind " + hex_byte(kind) +
                                        " (expected 0x00 func, 0x01 table, 0x02 memory or "
                                        "0x03 global)");
      }
      import.kind = static_cast<ExternKind>(kind);
      ir_.imports.push_back(std::move(import));
    }
    ir_.num_imported_funcs = static_cast<uint32_t>(ir_.func_types.size());
    ir_.num_imported_tables = static_cast<uint32_t>(ir_.tables.size());
    ir_.num_imported_memories = static_cast<uint32_t>(ir_.memories.size());
    ir_.num_imported_globals = static_cast<uint32_t>(ir_.global_types.size());
    return true;
  }

  bool decode_function_section(Reader& r) {
    uint32_t count;
    if (!read_count(r, count, "functions", ir_.func_types.size(), limits_.max_functions,
                    "max_functions")) {
      return false;
    }
    ir_.func_types.reserve(ir_.func_types.size() + count);
    ir_.functions.resize(count);
    for (FunctionBody& function : ir_.functions) {
      size_t at;
      if (!read_index(r, function.type, at)) return false;
      if (!check_type_index(at, function.type)) return false;
      if (!add_function(at, function.type)) return false;
    }
    return true;
  }

  bool decode_table_section(Reader& r) {
    uint32_t count;
    if (!read_count(r, count, "tables", ir_.tables.size(), limits_.max_tables, "max_tables")) {
      return false;
    }
    ir_.tables.reserve(ir_.tables.size() + count);
    for (uint32_t i = 0; i < count; ++i) {
      const size_t at = r.offset();
      TableType table;
      if (!read_table_type(r, table) || !add_table(at, table)) return false;
    }
    return true;
  }

  bool decode_memory_section(Reader& r) {
    uint32_t count;
    if (!read_count(r, count, "memories")) return false;
    // No reserve: anything beyond one memory is rejected as soon as it has been read.
    for (uint32_t i = 0; i < count; ++i) {
      const size_t at = r.offset();
      MemoryType memory;
      if (!read_memory_type(r, memory) || !add_memory(at, memory)) return false;
    }
    return true;
  }

  bool decode_global_section(Reader& r) {
    uint32_t count;
    if (!read_count(r, count, "globals", ir_.global_types.size(), limits_.max_globals,
                    "max_globals")) {
      return false;
    }
    ir_.globals.reserve(count);
    ir_.global_types.reserve(ir_.global_types.size() + count);
    for (uint32_t i = 0; i < count; ++i) {
      const size_t at = r.offset();
      Global global;
      if (!read_global_type(r, global.type)) return false;
      if (!read_const_expr(r, global.type.type, global.init)) return false;
      if (!add_global(at, global.type)) return false;
      ir_.globals.push_back(global);
    }
    return true;
  }

  bool decode_export_section(Reader& r) {
    uint32_t count;
    if (!read_count(r, count, "exports", 0, limits_.max_exports, "max_exports")) return false;
    ir_.exports.reserve(count);
    // Views into the module bytes, which outlive decoding.
    std::unordered_set<std::string_view> names;
    names.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      const size_t at = r.offset();
      Export entry;
      if (!r.name(entry.name)) return read_ok(r);
      const std::string_view name_bytes(reinterpret_cast<const char*>(r.pos()) - entry.name.size(),
                                        entry.name.size());
      const size_t kind_at = r.offset();
      const uint8_t kind = r.u8();
      size_t index_at;
      if (!read_ok(r) || !read_index(r, entry.index, index_at)) return false;
      switch (kind) {
        case static_cast<uint8_t>(ExternKind::Func):
          if (!check_function_index(index_at, entry.index)) return false;
          declare_func_ref(entry.index);
          break;
        case static_cast<uint8_t>(ExternKind::Table):
          if (!check_table_index(index_at, entry.index)) return false;
          break;
        case static_cast<uint8_t>(ExternKind::Memory):
          if (!check_memory_index(index_at, entry.index)) return false;
          break;
        case static_cast<uint8_t>(ExternKind::Global):
          if (!check_global_index(index_at, entry.index)) return false;
          break;
        default:
          return malformed(kind_at, "malformed export kind " + hex_byte(kind) +
                                        " (expected 0x00 func, 0x01 table, 0x02 memory or "
                                        "0x03 global)");
      }
      if (!names.insert(name_bytes).second) {
        return invalid(at, "duplicate export name " + quoted(entry.name));
      }
      entry.kind = static_cast<ExternKind>(kind);
      ir_.exports.push_back(std::move(entry));
    }
    return true;
  }

  bool decode_start_section(Reader& r) {
    uint32_t function;
    size_t at;
    if (!read_index(r, function, at) || !check_function_index(at, function)) return false;
    const FuncType& type = ir_.types[ir_.func_types[function]];
    if (!type.params.empty() || !type.results.empty()) {
      return invalid(at, "start function " + std::to_string(function) +
                             " must have type [] -> [], not " + describe(type));
    }
    ir_.start = function;
    return true;
  }

  bool decode_element_section(Reader& r) {
    uint32_t count;
    if (!read_count(r, count, "element segments", 0, limits_.max_element_segments,
                    "max_element_segments")) {
      return false;
    }
    ir_.elements.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      ElementSegment segment;
      if (!read_element_segment(r, segment)) return false;
      ir_.elements.push_back(std::move(segment));
    }
    return true;
  }

  // Segment flags: bit 0 = passive or declarative, bit 1 = explicit table index (active) or
  // declarative (otherwise), bit 2 = items are expressions rather than function indices.
  bool read_element_segment(Reader& r, ElementSegment& segment) {
    const size_t at = r.offset();
    const uint32_t flags = r.u32();
    if (!read_ok(r)) return false;
    if (flags > 7) {
      return malformed(
          at, "malformed elements segment kind " + std::to_string(flags) + " (expected 0 to 7)");
    }
    const bool uses_expressions = (flags & 4) != 0;
    if (flags & 1) {
      segment.mode =
          (flags & 2) ? ElementSegment::Mode::Declarative : ElementSegment::Mode::Passive;
    } else {
      segment.mode = ElementSegment::Mode::Active;
      size_t table_at = r.offset();
      if ((flags & 2) && !read_index(r, segment.table, table_at)) return false;
      if (!check_table_index(table_at, segment.table)) return false;
      if (!read_const_expr(r, ValType::I32, segment.offset)) return false;
    }
    // Flags 0 and 4 imply funcref; the others spell out an element kind or reference type.
    segment.type = ValType::FuncRef;
    if (flags & 3) {
      if (uses_expressions) {
        if (!read_ref_type(r, segment.type)) return false;
      } else {
        const size_t kind_at = r.offset();
        const uint8_t element_kind = r.u8();
        if (!read_ok(r)) return false;
        if (element_kind != 0x00) {
          return malformed(kind_at, "malformed element kind " + hex_byte(element_kind) +
                                        " (expected 0x00 funcref)");
        }
      }
    }
    if (segment.mode == ElementSegment::Mode::Active) {
      const ValType table_type = ir_.tables[segment.table].elem;
      if (table_type != segment.type) {
        return invalid(at, std::string("type mismatch: element segment of type ") +
                               type_name(segment.type) + " for table " +
                               std::to_string(segment.table) + " of type " + type_name(table_type));
      }
    }

    uint32_t item_count;
    if (!read_count(r, item_count, "elements in element segment", 0, limits_.max_segment_elements,
                    "max_segment_elements")) {
      return false;
    }
    segment.items.resize(item_count);
    for (ConstExpr& item : segment.items) {
      if (uses_expressions) {
        if (!read_const_expr(r, segment.type, item)) return false;
        continue;
      }
      uint32_t function;
      size_t function_at;
      if (!read_index(r, function, function_at)) return false;
      if (!check_function_index(function_at, function)) return false;
      declare_func_ref(function);
      item.kind = ConstExpr::Kind::RefFunc;
      item.value = function;
      item.type = ValType::FuncRef;
    }
    return true;
  }

  bool decode_data_count_section(Reader& r) {
    const size_t at = r.offset();
    const uint32_t count = r.u32();
    if (!read_ok(r)) return false;
    if (count > limits_.max_data_segments) {
      return limit_exceeded(
          at, too_many("data segments", count, limits_.max_data_segments, "max_data_segments"));
    }
    ir_.data_count = count;
    return true;
  }

  bool decode_code_section(Reader& r) {
    code_section_seen_ = true;
    const size_t at = r.offset();
    const uint32_t count = r.u32();
    if (!read_ok(r)) return false;
    if (count != ir_.functions.size()) {
      return malformed(at, "function and code section have inconsistent lengths: " +
                               std::to_string(ir_.functions.size()) + " functions declared, " +
                               std::to_string(count) + " bodies");
    }
    for (uint32_t i = 0; i < count; ++i) {
      if (!decode_function_body(r, i)) return false;
    }
    return true;
  }

  bool decode_function_body(Reader& r, uint32_t defined_index) {
    FunctionBody& function = ir_.functions[defined_index];
    const uint32_t function_index = ir_.num_imported_funcs + defined_index;
    function.body_offset = static_cast<uint32_t>(r.offset());
    const uint32_t size = r.u32();
    if (!read_ok(r)) return false;
    if (size > limits_.max_function_body_size) {
      return limit_exceeded(function.body_offset,
                            "function body too large: function " + std::to_string(function_index) +
                                " has " + std::to_string(size) + " bytes > limit " +
                                std::to_string(limits_.max_function_body_size) +
                                " (max_function_body_size)");
    }
    if (size > r.remaining()) {
      return malformed(function.body_offset,
                       "unexpected end of section or function: body of function " +
                           std::to_string(function_index) + " is " + std::to_string(size) +
                           " bytes but only " + std::to_string(r.remaining()) +
                           " bytes remain in the code section");
    }
    Reader body(r.pos(), size, r.offset());
    r.skip(size);
    function.locals_offset = static_cast<uint32_t>(body.offset());
    function.code_end = function.locals_offset + size;
    if (!read_locals(body, function)) return false;
    function.code_offset = static_cast<uint32_t>(body.offset());
    if (function.code_offset == function.code_end || bytes_[function.code_end - 1] != kEndOpcode) {
      const size_t at =
          function.code_offset == function.code_end ? function.code_end : function.code_end - 1;
      return malformed(at, "END opcode expected: body of function " +
                               std::to_string(function_index) + " does not end with 0x0b");
    }
    return true;
  }

  bool read_locals(Reader& body, FunctionBody& function) {
    uint32_t group_count;
    if (!read_count(body, group_count, "local declarations")) return false;
    local_groups_.clear();
    uint64_t total = 0;
    for (uint32_t i = 0; i < group_count; ++i) {
      const size_t at = body.offset();
      const uint32_t count = body.u32();
      if (!read_ok(body)) return false;
      ValType type = ValType::I32;
      if (!read_value_type(body, type)) return false;
      total += count;
      if (total > kMaxLocals) {
        return malformed(at, "too many locals: more than 2^32-1 declared");
      }
      local_groups_.emplace_back(count, type);
    }
    // Checked before expanding, so the allocation below is bounded by the limit.
    if (total > limits_.max_locals_per_function) {
      return limit_exceeded(
          function.locals_offset,
          too_many("locals", total, limits_.max_locals_per_function, "max_locals_per_function"));
    }
    // A module-wide bound too: translation and memory are linear in the declared locals.
    module_locals_ += total;
    if (module_locals_ > limits_.max_module_locals) {
      return limit_exceeded(function.locals_offset,
                            too_many("locals in the module", module_locals_,
                                     limits_.max_module_locals, "max_module_locals"));
    }
    function.locals.reserve(total);
    for (const auto& [count, type] : local_groups_)
      function.locals.insert(function.locals.end(), count, type);
    return true;
  }

  bool decode_data_section(Reader& r) {
    data_section_seen_ = true;
    const size_t at = r.offset();
    uint32_t count;
    if (!read_count(r, count, "data segments", 0, limits_.max_data_segments, "max_data_segments")) {
      return false;
    }
    if (ir_.data_count && *ir_.data_count != count) {
      return malformed(at,
                       "data count and data section have inconsistent lengths: data count "
                       "is " +
                           std::to_string(*ir_.data_count) + ", data section has " +
                           std::to_string(count) + " segments");
    }
    ir_.datas.reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      DataSegment segment;
      if (!read_data_segment(r, segment)) return false;
      ir_.datas.push_back(segment);
    }
    return true;
  }

  // Segment kinds: 0 = active in memory 0, 1 = passive, 2 = active with a memory index.
  bool read_data_segment(Reader& r, DataSegment& segment) {
    const size_t at = r.offset();
    const uint32_t kind = r.u32();
    if (!read_ok(r)) return false;
    if (kind > 2) {
      return malformed(
          at, "malformed data segment kind " + std::to_string(kind) + " (expected 0, 1 or 2)");
    }
    segment.active = kind != 1;
    if (segment.active) {
      size_t memory_at = r.offset();
      if (kind == 2 && !read_index(r, segment.memory, memory_at)) return false;
      if (!check_memory_index(memory_at, segment.memory)) return false;
      if (!read_const_expr(r, ValType::I32, segment.offset)) return false;
    }
    const size_t size_at = r.offset();
    const uint32_t size = r.u32();
    if (!read_ok(r)) return false;
    if (size > r.remaining()) {
      return malformed(size_at, "unexpected end of section or function: data segment of " +
                                    std::to_string(size) + " bytes but only " +
                                    std::to_string(r.remaining()) + " bytes remain");
    }
    segment.begin = static_cast<uint32_t>(r.offset());
    segment.size = size;
    r.skip(size);
    return true;
  }

  const uint8_t* bytes_;
  size_t size_;
  const Limits& limits_;
  ModuleIR ir_;
  std::optional<CompileError> error_;
  bool code_section_seen_ = false;
  bool data_section_seen_ = false;
  // Scratch for one function's local declarations, reused across bodies.
  std::vector<std::pair<uint32_t, ValType>> local_groups_;
};

}  // namespace

Result<ModuleIR, CompileError> decode_module(const uint8_t* bytes, size_t size,
                                             const Limits& limits) {
  return ModuleDecoder(bytes, size, limits).decode();
}

Result<ConstExpr, CompileError> decode_const_expr(Reader& r, const ModuleIR& module,
                                                  ValType expected) {
  ConstExpr result;
  uint32_t value_count = 0;
  for (;;) {
    const size_t at = r.offset();
    const uint8_t opcode = r.u8();
    if (!r.ok()) return reader_error(r, true);
    if (opcode == kEndOpcode) {
      if (value_count != 1) {
        return const_expr_error(CompileErrorKind::Invalid, at,
                                "type mismatch: constant expression must produce one " +
                                    std::string(type_name(expected)) + " value, not " +
                                    std::to_string(value_count) + " values");
      }
      if (result.type != expected) {
        return const_expr_error(CompileErrorKind::Invalid, at,
                                std::string("type mismatch: constant expression has type ") +
                                    type_name(result.type) + ", expected " + type_name(expected));
      }
      return result;
    }
    ConstExpr instruction;
    switch (opcode) {
      case 0x41:  // i32.const
        instruction = {ConstExpr::Kind::I32, static_cast<uint32_t>(r.s32()), ValType::I32};
        break;
      case 0x42:  // i64.const
        instruction = {ConstExpr::Kind::I64, static_cast<uint64_t>(r.s64()), ValType::I64};
        break;
      case 0x43:  // f32.const
        instruction = {ConstExpr::Kind::F32, r.fixed_u32(), ValType::F32};
        break;
      case 0x44:  // f64.const
        instruction = {ConstExpr::Kind::F64, r.fixed_u64(), ValType::F64};
        break;
      case 0xD0: {  // ref.null t
        const size_t type_at = r.offset();
        const uint8_t type = r.u8();
        if (!r.ok()) return reader_error(r, true);
        if (type != static_cast<uint8_t>(ValType::FuncRef) &&
            type != static_cast<uint8_t>(ValType::ExternRef)) {
          return const_expr_error(CompileErrorKind::Malformed, type_at,
                                  "malformed reference type " + hex_byte(type) +
                                      " (expected funcref 0x70 or externref 0x6f)");
        }
        instruction = {ConstExpr::Kind::RefNull, 0, static_cast<ValType>(type)};
        break;
      }
      case 0xD2: {  // ref.func x
        const size_t index_at = r.offset();
        const uint32_t function = r.u32();
        if (!r.ok()) return reader_error(r, true);
        if (function >= module.func_types.size()) {
          return const_expr_error(CompileErrorKind::Invalid, index_at,
                                  "unknown function " + std::to_string(function) +
                                      " (the module has " +
                                      std::to_string(module.func_types.size()) + " functions)");
        }
        instruction = {ConstExpr::Kind::RefFunc, function, ValType::FuncRef};
        break;
      }
      case 0x23: {  // global.get x
        const size_t index_at = r.offset();
        const uint32_t global = r.u32();
        if (!r.ok()) return reader_error(r, true);
        // Wasm 2.0: constant expressions see only the imported globals.
        if (global >= module.num_imported_globals) {
          return const_expr_error(
              CompileErrorKind::Invalid, index_at,
              "unknown global " + std::to_string(global) + " (constant expressions can only read " +
                  "the " + std::to_string(module.num_imported_globals) + " imported globals)");
        }
        const GlobalType& type = module.global_types[global];
        if (type.mutable_) {
          return const_expr_error(CompileErrorKind::Invalid, at,
                                  "constant expression required: global.get of mutable global " +
                                      std::to_string(global));
        }
        instruction = {ConstExpr::Kind::GlobalGet, global, type.type};
        break;
      }
      case kMiscPrefix: {
        const uint32_t sub_opcode = r.u32();
        if (!r.ok()) return reader_error(r, true);
        if (sub_opcode > kLastMiscOpcode) {
          return const_expr_error(CompileErrorKind::Malformed, at,
                                  "illegal opcode 0xfc " + std::to_string(sub_opcode));
        }
        return const_expr_error(CompileErrorKind::Invalid, at,
                                "constant expression required: opcode 0xfc " +
                                    std::to_string(sub_opcode) + " is not a constant instruction");
      }
      default:
        if (!is_defined_opcode(opcode)) {
          const char* detail = opcode == 0xFD ? " (SIMD is not supported)" : "";
          return const_expr_error(CompileErrorKind::Malformed, at,
                                  "illegal opcode " + hex_byte(opcode) + detail);
        }
        return const_expr_error(CompileErrorKind::Invalid, at,
                                "constant expression required: opcode " + hex_byte(opcode) +
                                    " is not a constant instruction");
    }
    if (!r.ok()) return reader_error(r, true);
    if (value_count++ == 0) result = instruction;
  }
}

}  // namespace ward::engine
