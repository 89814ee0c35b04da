// A small WebAssembly binary writer for the modules the benchmark builds itself: the
// instantiation and host-call probes, and the large synthetic module for compile speed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ward::bench {

// Value types and block types in their binary encoding.
namespace wt {
constexpr uint8_t kI32 = 0x7F;
constexpr uint8_t kI64 = 0x7E;
constexpr uint8_t kF64 = 0x7C;
constexpr uint8_t kFuncRef = 0x70;
constexpr uint8_t kEmpty = 0x40;  // block type of a block without results
}  // namespace wt

// Opcodes used by the generators.
namespace op {
constexpr uint8_t kBlock = 0x02;
constexpr uint8_t kLoop = 0x03;
constexpr uint8_t kIf = 0x04;
constexpr uint8_t kElse = 0x05;
constexpr uint8_t kEnd = 0x0B;
constexpr uint8_t kBr = 0x0C;
constexpr uint8_t kBrIf = 0x0D;
constexpr uint8_t kBrTable = 0x0E;
constexpr uint8_t kCall = 0x10;
constexpr uint8_t kCallIndirect = 0x11;
constexpr uint8_t kDrop = 0x1A;
constexpr uint8_t kSelect = 0x1B;
constexpr uint8_t kLocalGet = 0x20;
constexpr uint8_t kLocalSet = 0x21;
constexpr uint8_t kLocalTee = 0x22;
constexpr uint8_t kGlobalGet = 0x23;
constexpr uint8_t kGlobalSet = 0x24;
constexpr uint8_t kI32Load = 0x28;
constexpr uint8_t kI64Load = 0x29;
constexpr uint8_t kF64Load = 0x2B;
constexpr uint8_t kI32Load8U = 0x2D;
constexpr uint8_t kI32Store = 0x36;
constexpr uint8_t kI64Store = 0x37;
constexpr uint8_t kF64Store = 0x39;
constexpr uint8_t kI32Store8 = 0x3A;
constexpr uint8_t kI32Const = 0x41;
constexpr uint8_t kI64Const = 0x42;
constexpr uint8_t kF64Const = 0x44;
constexpr uint8_t kI32Eqz = 0x45;
constexpr uint8_t kI32Eq = 0x46;
constexpr uint8_t kI32Ne = 0x47;
constexpr uint8_t kI32LtS = 0x48;
constexpr uint8_t kI32LtU = 0x49;
constexpr uint8_t kI32GtS = 0x4A;
constexpr uint8_t kI32GeU = 0x4F;
constexpr uint8_t kI64Eq = 0x51;
constexpr uint8_t kI64LtU = 0x54;
constexpr uint8_t kF64Lt = 0x63;
constexpr uint8_t kF64Gt = 0x64;
constexpr uint8_t kI32Add = 0x6A;
constexpr uint8_t kI32Sub = 0x6B;
constexpr uint8_t kI32Mul = 0x6C;
constexpr uint8_t kI32And = 0x71;
constexpr uint8_t kI32Or = 0x72;
constexpr uint8_t kI32Xor = 0x73;
constexpr uint8_t kI32Shl = 0x74;
constexpr uint8_t kI32ShrU = 0x76;
constexpr uint8_t kI32Rotl = 0x77;
constexpr uint8_t kI64Add = 0x7C;
constexpr uint8_t kI64Sub = 0x7D;
constexpr uint8_t kI64Mul = 0x7E;
constexpr uint8_t kI64And = 0x83;
constexpr uint8_t kI64Or = 0x84;
constexpr uint8_t kI64Xor = 0x85;
constexpr uint8_t kI64Shl = 0x86;
constexpr uint8_t kI64ShrU = 0x88;
constexpr uint8_t kI64Rotl = 0x89;
constexpr uint8_t kF64Sqrt = 0x9F;
constexpr uint8_t kF64Add = 0xA0;
constexpr uint8_t kF64Sub = 0xA1;
constexpr uint8_t kF64Mul = 0xA2;
constexpr uint8_t kF64Div = 0xA3;
constexpr uint8_t kI32WrapI64 = 0xA7;
constexpr uint8_t kI64ExtendI32S = 0xAC;
constexpr uint8_t kI64ExtendI32U = 0xAD;
constexpr uint8_t kF64ConvertI32S = 0xB7;
}  // namespace op

// Appends LEB128 and raw bytes.
class ByteWriter {
 public:
  void byte(uint8_t b) { bytes_.push_back(b); }
  void u32(uint64_t v);
  void s64(int64_t v);
  void f64(double v);
  void name(const std::string& s);
  void append(const std::vector<uint8_t>& b) { bytes_.insert(bytes_.end(), b.begin(), b.end()); }
  size_t size() const { return bytes_.size(); }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  std::vector<uint8_t> take() { return std::move(bytes_); }

 private:
  std::vector<uint8_t> bytes_;
};

// A function body's instruction stream (the final `end` is added by ModuleWriter).
class Code : public ByteWriter {
 public:
  Code& op(uint8_t opcode) {
    byte(opcode);
    return *this;
  }
  Code& op_index(uint8_t opcode, uint32_t index) {
    byte(opcode);
    u32(index);
    return *this;
  }
  Code& i32_const(int32_t v) {
    byte(op::kI32Const);
    s64(v);
    return *this;
  }
  Code& i64_const(int64_t v) {
    byte(op::kI64Const);
    s64(v);
    return *this;
  }
  Code& f64_const(double v) {
    byte(op::kF64Const);
    f64(v);
    return *this;
  }
  // Loads and stores: `align_log2` must not exceed the access's natural alignment.
  Code& mem(uint8_t opcode, uint32_t align_log2, uint32_t offset) {
    byte(opcode);
    u32(align_log2);
    u32(offset);
    return *this;
  }
  Code& call_indirect(uint32_t type) {  // through table 0
    byte(op::kCallIndirect);
    u32(type);
    byte(0);
    return *this;
  }
  Code& block(uint8_t opcode, uint8_t block_type = wt::kEmpty) {
    byte(opcode);
    byte(block_type);
    return *this;
  }
};

struct FuncTypeDesc {
  std::vector<uint8_t> params;
  std::vector<uint8_t> results;
  bool operator==(const FuncTypeDesc&) const = default;
};

// Collects definitions and encodes them in section order.
class ModuleWriter {
 public:
  uint32_t type(FuncTypeDesc type);  // deduplicated
  // Imports must come before any defined function, since they take the first indexes.
  uint32_t import_func(const std::string& module, const std::string& name, uint32_t type);
  // `locals` holds one value type per declared local (runs are compressed on encoding).
  uint32_t func(uint32_t type, std::vector<uint8_t> locals, Code code);
  void memory(uint32_t min_pages) { memory_pages_ = min_pages; }
  void table(uint32_t size) { table_size_ = size; }
  void elements(uint32_t offset, std::vector<uint32_t> funcs);
  uint32_t global_i32(bool mutable_, int32_t init);
  void export_func(const std::string& name, uint32_t index) {
    exports_.push_back({name, 0, index});
  }
  void export_memory(const std::string& name) { exports_.push_back({name, 2, 0}); }
  void data(uint32_t offset, std::vector<uint8_t> bytes);
  uint32_t num_funcs() const { return num_imports_ + static_cast<uint32_t>(funcs_.size()); }

  std::vector<uint8_t> encode() const;

 private:
  struct Import {
    std::string module, name;
    uint32_t type;
  };
  struct Func {
    uint32_t type;
    std::vector<uint8_t> locals;
    std::vector<uint8_t> code;
  };
  struct Export {
    std::string name;
    uint8_t kind;
    uint32_t index;
  };
  struct Segment {
    uint32_t offset;
    std::vector<uint32_t> funcs;  // element segments
    std::vector<uint8_t> bytes;   // data segments
  };

  std::vector<FuncTypeDesc> types_;
  std::vector<Import> imports_;
  uint32_t num_imports_ = 0;
  std::vector<Func> funcs_;
  int64_t memory_pages_ = -1;
  int64_t table_size_ = -1;
  std::vector<int32_t> globals_;
  std::vector<bool> globals_mutable_;
  std::vector<Export> exports_;
  std::vector<Segment> elements_;
  std::vector<Segment> datas_;
};

}  // namespace ward::bench
