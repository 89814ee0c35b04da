#include "wasm_writer.hpp"

#include <cstring>
#include <utility>

namespace ward::bench {

void ByteWriter::u32(uint64_t v) {
  do {
    uint8_t b = v & 0x7F;
    v >>= 7;
    byte(v != 0 ? (b | 0x80) : b);
  } while (v != 0);
}

void ByteWriter::s64(int64_t v) {
  for (;;) {
    uint8_t b = v & 0x7F;
    v >>= 7;  // arithmetic shift keeps the sign
    bool done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
    byte(done ? b : (b | 0x80));
    if (done) return;
  }
}

void ByteWriter::f64(double v) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  for (int i = 0; i < 8; ++i) byte(static_cast<uint8_t>(bits >> (8 * i)));
}

void ByteWriter::name(const std::string& s) {
  u32(s.size());
  bytes_.insert(bytes_.end(), s.begin(), s.end());
}

uint32_t ModuleWriter::type(FuncTypeDesc type) {
  for (size_t i = 0; i < types_.size(); ++i) {
    if (types_[i] == type) return static_cast<uint32_t>(i);
  }
  types_.push_back(std::move(type));
  return static_cast<uint32_t>(types_.size() - 1);
}

uint32_t ModuleWriter::import_func(const std::string& module, const std::string& name,
                                   uint32_t type) {
  imports_.push_back({module, name, type});
  return num_imports_++;
}

uint32_t ModuleWriter::func(uint32_t type, std::vector<uint8_t> locals, Code code) {
  funcs_.push_back({type, std::move(locals), code.take()});
  return num_funcs() - 1;
}

void ModuleWriter::elements(uint32_t offset, std::vector<uint32_t> funcs) {
  elements_.push_back({offset, std::move(funcs), {}});
}

uint32_t ModuleWriter::global_i32(bool mutable_, int32_t init) {
  globals_.push_back(init);
  globals_mutable_.push_back(mutable_);
  return static_cast<uint32_t>(globals_.size() - 1);
}

void ModuleWriter::data(uint32_t offset, std::vector<uint8_t> bytes) {
  datas_.push_back({offset, {}, std::move(bytes)});
}

namespace {

void section(ByteWriter& out, uint8_t id, const ByteWriter& body) {
  out.byte(id);
  out.u32(body.size());
  out.append(body.bytes());
}

void i32_offset(ByteWriter& w, uint32_t offset) {
  w.byte(op::kI32Const);
  w.s64(static_cast<int32_t>(offset));
  w.byte(op::kEnd);
}

}  // namespace

std::vector<uint8_t> ModuleWriter::encode() const {
  ByteWriter out;
  for (uint8_t b : {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00}) out.byte(b);

  ByteWriter s;
  s.u32(types_.size());
  for (const FuncTypeDesc& t : types_) {
    s.byte(0x60);
    s.u32(t.params.size());
    for (uint8_t p : t.params) s.byte(p);
    s.u32(t.results.size());
    for (uint8_t r : t.results) s.byte(r);
  }
  section(out, 1, s);

  if (!imports_.empty()) {
    s = {};
    s.u32(imports_.size());
    for (const Import& im : imports_) {
      s.name(im.module);
      s.name(im.name);
      s.byte(0x00);
      s.u32(im.type);
    }
    section(out, 2, s);
  }

  s = {};
  s.u32(funcs_.size());
  for (const Func& f : funcs_) s.u32(f.type);
  section(out, 3, s);

  if (table_size_ >= 0) {
    s = {};
    s.u32(1);
    s.byte(wt::kFuncRef);
    s.byte(0x00);
    s.u32(static_cast<uint64_t>(table_size_));
    section(out, 4, s);
  }
  if (memory_pages_ >= 0) {
    s = {};
    s.u32(1);
    s.byte(0x00);  // no maximum, like the modules clang and rustc emit
    s.u32(static_cast<uint64_t>(memory_pages_));
    section(out, 5, s);
  }
  if (!globals_.empty()) {
    s = {};
    s.u32(globals_.size());
    for (size_t i = 0; i < globals_.size(); ++i) {
      s.byte(wt::kI32);
      s.byte(globals_mutable_[i] ? 1 : 0);
      i32_offset(s, static_cast<uint32_t>(globals_[i]));
    }
    section(out, 6, s);
  }
  if (!exports_.empty()) {
    s = {};
    s.u32(exports_.size());
    for (const Export& e : exports_) {
      s.name(e.name);
      s.byte(e.kind);
      s.u32(e.index);
    }
    section(out, 7, s);
  }
  if (!elements_.empty()) {
    s = {};
    s.u32(elements_.size());
    for (const Segment& seg : elements_) {
      s.u32(0);  // active, table 0, function indexes
      i32_offset(s, seg.offset);
      s.u32(seg.funcs.size());
      for (uint32_t f : seg.funcs) s.u32(f);
    }
    section(out, 9, s);
  }

  s = {};
  s.u32(funcs_.size());
  for (const Func& f : funcs_) {
    ByteWriter body;
    std::vector<std::pair<uint32_t, uint8_t>> runs;
    for (uint8_t t : f.locals) {
      if (!runs.empty() && runs.back().second == t) {
        ++runs.back().first;
      } else {
        runs.push_back({1, t});
      }
    }
    body.u32(runs.size());
    for (const auto& [count, t] : runs) {
      body.u32(count);
      body.byte(t);
    }
    body.append(f.code);
    body.byte(op::kEnd);
    s.u32(body.size());
    s.append(body.bytes());
  }
  section(out, 10, s);

  if (!datas_.empty()) {
    s = {};
    s.u32(datas_.size());
    for (const Segment& seg : datas_) {
      s.u32(0);  // active, memory 0
      i32_offset(s, seg.offset);
      s.u32(seg.bytes.size());
      s.append(seg.bytes);
    }
    section(out, 11, s);
  }
  return out.take();
}

}  // namespace ward::bench
