#include "cli/wasm_features.hpp"

#include <cstdio>

#include "engine/decoder/reader.hpp"
#include "engine/module_ir.hpp"

namespace ward::cli {
namespace {

using engine::ExternKind;
using engine::ModuleIR;
using engine::Reader;
using engine::ValType;

enum Feature : size_t {
  kMutableGlobals,
  kSignExt,
  kSatFloatToInt,
  kMultiValue,
  kBulkMemory,
  kReferenceTypes,
  kFeatureCount,
};

constexpr const char* kFeatureNames[kFeatureCount] = {
    "mutable-globals", "sign-ext",    "sat-float-to-int",
    "multi-value",     "bulk-memory", "reference-types",
};

constexpr const char* kSignExtNames[] = {
    "i32.extend8_s", "i32.extend16_s", "i64.extend8_s", "i64.extend16_s", "i64.extend32_s",
};

// 0xFC sub-opcodes 0..17.
constexpr const char* kPrefixedNames[] = {
    "i32.trunc_sat_f32_s", "i32.trunc_sat_f32_u", "i32.trunc_sat_f64_s", "i32.trunc_sat_f64_u",
    "i64.trunc_sat_f32_s", "i64.trunc_sat_f32_u", "i64.trunc_sat_f64_s", "i64.trunc_sat_f64_u",
    "memory.init",         "data.drop",           "memory.copy",         "memory.fill",
    "table.init",          "elem.drop",           "table.copy",          "table.grow",
    "table.size",          "table.fill",
};

class FeatureScan {
 public:
  FeatureScan(std::span<const uint8_t> bytes, const ModuleIR& module)
      : bytes_(bytes), module_(module) {
    for (size_t i = 0; i < kFeatureCount; ++i) features_[i].feature = kFeatureNames[i];
  }

  engine::Result<std::vector<FeatureUse>, std::string> run() {
    scan_sections();
    for (size_t i = 0; i < module_.functions.size(); ++i) {
      if (auto error = scan_body(module_.functions[i])) return *error;
    }
    return std::vector<FeatureUse>(std::begin(features_), std::end(features_));
  }

 private:
  void note(Feature feature, const std::string& what, uint64_t count = 1) {
    if (count > 0) features_[feature].uses[what] += count;
  }

  static bool is_externref(ValType type) { return type == ValType::ExternRef; }

  void scan_sections() {
    for (const engine::Import& import : module_.imports) {
      if (import.kind == ExternKind::Global && import.global.mutable_) {
        note(kMutableGlobals, "imported mutable global");
      }
      if (import.kind == ExternKind::Global && is_externref(import.global.type)) {
        note(kReferenceTypes, "externref global");
      }
      if (import.kind == ExternKind::Table && is_externref(import.table.elem)) {
        note(kReferenceTypes, "externref table");
      }
    }
    for (const engine::Global& global : module_.globals) {
      if (global.type.mutable_) note(kMutableGlobals, "declared mutable global");
      if (is_externref(global.type.type)) note(kReferenceTypes, "externref global");
    }
    for (const engine::Export& export_ : module_.exports) {
      if (export_.kind == ExternKind::Global && module_.global_types[export_.index].mutable_) {
        note(kMutableGlobals, "exported mutable global");
      }
    }
    if (module_.tables.size() > 1) note(kReferenceTypes, "multiple tables");
    for (size_t i = module_.num_imported_tables; i < module_.tables.size(); ++i) {
      if (is_externref(module_.tables[i].elem)) note(kReferenceTypes, "externref table");
    }
    for (const engine::FuncType& type : module_.types) {
      if (type.results.size() > 1) note(kMultiValue, "type with several results");
      for (const auto* list : {&type.params, &type.results}) {
        for (ValType value : *list) {
          if (is_externref(value)) note(kReferenceTypes, "externref in a function type");
        }
      }
    }
    for (const engine::DataSegment& segment : module_.datas) {
      if (!segment.active) note(kBulkMemory, "passive data segment");
    }
    if (module_.data_count) note(kBulkMemory, "data count section");
    for (const engine::ElementSegment& segment : module_.elements) {
      using Mode = engine::ElementSegment::Mode;
      if (segment.mode == Mode::Passive) note(kBulkMemory, "passive element segment");
      if (segment.mode == Mode::Declarative) note(kReferenceTypes, "declarative element segment");
      if (segment.mode == Mode::Active && segment.table != 0) {
        note(kReferenceTypes, "element segment for a table other than 0");
      }
      if (is_externref(segment.type)) note(kReferenceTypes, "externref element segment");
    }
  }

  // Block types: empty (0x40), one value type, or a type index (multi-value).
  void read_block_type(Reader& r) {
    const uint8_t first = r.peek();
    if (first == 0x40) {
      r.u8();
      return;
    }
    if (first == 0x7F || first == 0x7E || first == 0x7D || first == 0x7C || first == 0x7B ||
        first == 0x70 || first == 0x6F) {
      r.u8();
      return;
    }
    r.s33();
    note(kMultiValue, "block type index");
  }

  std::optional<std::string> scan_body(const engine::FunctionBody& body) {
    Reader r(bytes_.data() + body.code_offset, body.code_end - body.code_offset, body.code_offset);
    while (r.ok() && !r.at_end()) {
      const size_t at = r.offset();
      const uint8_t opcode = r.u8();
      if (!scan_operator(r, opcode)) {
        char text[96];
        std::snprintf(text, sizeof text, "cannot follow opcode 0x%02x at offset 0x%zx", opcode, at);
        return std::string(text);
      }
    }
    if (!r.ok()) {
      return "cannot follow the code at offset " + std::to_string(r.error_offset()) + ": " +
             r.error();
    }
    return std::nullopt;
  }

  // Consumes the immediates of `opcode` and records what it uses; false for an opcode that
  // validation does not accept.
  bool scan_operator(Reader& r, uint8_t opcode) {
    switch (opcode) {
      case 0x00:  // unreachable
      case 0x01:  // nop
      case 0x05:  // else
      case 0x0B:  // end
      case 0x0F:  // return
      case 0x1A:  // drop
      case 0x1B:  // select
        return true;
      case 0x02:  // block
      case 0x03:  // loop
      case 0x04:  // if
        read_block_type(r);
        return true;
      case 0x0C:  // br
      case 0x0D:  // br_if
      case 0x10:  // call
      case 0x20:  // local.get
      case 0x21:  // local.set
      case 0x22:  // local.tee
      case 0x23:  // global.get
      case 0x24:  // global.set
        r.u32();
        return true;
      case 0x0E: {  // br_table
        const uint32_t count = r.u32();
        for (uint32_t i = 0; i <= count && r.ok(); ++i) r.u32();
        return true;
      }
      case 0x11: {  // call_indirect
        r.u32();
        const size_t table_at = r.offset();
        const uint32_t table = r.u32();
        // MVP encodes the table index as the single byte 0x00.
        if (table != 0) {
          note(kReferenceTypes, "call_indirect on a table other than 0");
        } else if (r.offset() - table_at > 1) {
          note(kReferenceTypes, "call_indirect with an over-long table index");
        }
        return true;
      }
      case 0x1C: {  // select t
        const uint32_t count = r.u32();
        r.skip(count);
        note(kReferenceTypes, "select with a type");
        return true;
      }
      case 0x25:
      case 0x26:
        r.u32();
        note(kReferenceTypes, opcode == 0x25 ? "table.get" : "table.set");
        return true;
      case 0x3F:  // memory.size
      case 0x40:  // memory.grow
        r.u32();
        return true;
      case 0x41:
        r.s32();
        return true;
      case 0x42:
        r.s64();
        return true;
      case 0x43:
        r.skip(4);
        return true;
      case 0x44:
        r.skip(8);
        return true;
      case 0xD0:  // ref.null
        r.u8();
        note(kReferenceTypes, "ref.null");
        return true;
      case 0xD1:
        note(kReferenceTypes, "ref.is_null");
        return true;
      case 0xD2:
        r.u32();
        note(kReferenceTypes, "ref.func");
        return true;
      case 0xFC:
        return scan_prefixed(r);
      default:
        break;
    }
    if (opcode >= 0x28 && opcode <= 0x3E) {  // loads and stores: align, offset
      r.u32();
      r.u32();
      return true;
    }
    if (opcode >= 0xC0 && opcode <= 0xC4) {
      note(kSignExt, kSignExtNames[opcode - 0xC0]);
      return true;
    }
    return opcode >= 0x45 && opcode <= 0xBF;  // numeric operators without immediates
  }

  bool scan_prefixed(Reader& r) {
    const uint32_t sub = r.u32();
    if (!r.ok() || sub >= std::size(kPrefixedNames)) return false;
    const char* name = kPrefixedNames[sub];
    switch (sub) {
      case 8:  // memory.init: data index, memory
        r.u32();
        r.u32();
        break;
      case 9:   // data.drop
      case 13:  // elem.drop
      case 15:  // table.grow
      case 16:  // table.size
      case 17:  // table.fill
        r.u32();
        break;
      case 10:  // memory.copy: two memories
      case 12:  // table.init: element index, table
      case 14:  // table.copy: two tables
        r.u32();
        r.u32();
        break;
      case 11:  // memory.fill
        r.u32();
        break;
      default:  // 0..7: saturating truncations
        break;
    }
    if (sub < 8) {
      note(kSatFloatToInt, name);
    } else if (sub < 15) {
      note(kBulkMemory, name);
    } else {
      note(kReferenceTypes, name);
    }
    return true;
  }

  std::span<const uint8_t> bytes_;
  const ModuleIR& module_;
  FeatureUse features_[kFeatureCount];
};

}  // namespace

engine::Result<std::vector<FeatureUse>, std::string> scan_features(std::span<const uint8_t> bytes,
                                                                   const engine::ModuleIR& module) {
  return FeatureScan(bytes, module).run();
}

}  // namespace ward::cli
