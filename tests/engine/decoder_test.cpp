#include "engine/decoder/decoder.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace ward::engine {
namespace {

using Bytes = std::vector<uint8_t>;

// ---- module builders: sections are assembled from hand-written byte arrays ----

Bytes leb(uint64_t value) {
  Bytes out;
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(byte);
  } while (value != 0);
  return out;
}

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

Bytes repeat(const Bytes& part, size_t times) {
  Bytes out;
  for (size_t i = 0; i < times; ++i) out.insert(out.end(), part.begin(), part.end());
  return out;
}

const Bytes kHeader = {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};

Bytes section(uint8_t id, const Bytes& content) {
  return concat({{id}, leb(content.size()), content});
}

// A vector: count then the items.
Bytes vec(size_t count, const Bytes& items) { return concat({leb(count), items}); }

Bytes module(std::initializer_list<Bytes> sections) {
  Bytes out = kHeader;
  for (const Bytes& s : sections) out.insert(out.end(), s.begin(), s.end());
  return out;
}

const Bytes kVoidType = {0x60, 0x00, 0x00};   // [] -> []
const Bytes kEmptyBody = {0x02, 0x00, 0x0B};  // size 2, no locals, end

// Module with `count` functions of type [] -> [] and empty bodies.
Bytes functions_module(size_t count) {
  return module({section(1, vec(1, kVoidType)), section(3, vec(count, repeat({0x00}, count))),
                 section(10, vec(count, repeat(kEmptyBody, count)))});
}

Result<ModuleIR, CompileError> decode(const Bytes& bytes, const Limits& limits = Limits{}) {
  return decode_module(bytes.data(), bytes.size(), limits);
}

// Expects a decode failure of `kind` whose message starts with `message` (spec-suite style)
// and, if given, at `offset`.
void expect_error(const Result<ModuleIR, CompileError>& result, CompileErrorKind kind,
                  const std::string& message, int64_t offset = -1) {
  ASSERT_FALSE(result.ok());
  const CompileError& error = result.error();
  EXPECT_EQ(error.kind, kind) << error.message;
  EXPECT_EQ(error.message.rfind(message, 0), 0u) << "actual message: " << error.message;
  if (offset >= 0) {
    EXPECT_EQ(error.offset, static_cast<uint64_t>(offset)) << error.message;
  }
}

void expect_limit(const Result<ModuleIR, CompileError>& result, const std::string& limit_name) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, CompileErrorKind::LimitExceeded) << result.error().message;
  EXPECT_NE(result.error().message.find("(" + limit_name + ")"), std::string::npos)
      << result.error().message;
}

// ---- valid modules ----

TEST(DecoderTest, EmptyModule) {
  auto result = decode(kHeader);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(result->types.empty());
  EXPECT_TRUE(result->functions.empty());
  EXPECT_FALSE(result->start.has_value());
  EXPECT_FALSE(result->data_count.has_value());
}

TEST(DecoderTest, MinimalFunctionRecordsBodyRanges) {
  const Bytes bytes = module({
      section(1, vec(1, {0x60, 0x01, 0x7F, 0x01, 0x7F})),               // [i32] -> [i32]
      section(3, vec(1, {0x00})),                                       // func 0: type 0
      section(7, vec(1, {0x01, 'f', 0x00, 0x00})),                      // export "f" func 0
      section(10, vec(1, {0x06, 0x01, 0x02, 0x7E, 0x20, 0x00, 0x0B})),  // 2 x i64; local.get 0
  });
  auto result = decode(bytes);
  ASSERT_TRUE(result.ok()) << result.error().message;
  const ModuleIR& ir = *result;
  ASSERT_EQ(ir.types.size(), 1u);
  EXPECT_EQ(ir.types[0].params, std::vector<ValType>{ValType::I32});
  EXPECT_EQ(ir.types[0].results, std::vector<ValType>{ValType::I32});
  EXPECT_EQ(ir.func_types, std::vector<uint32_t>{0});
  ASSERT_EQ(ir.functions.size(), 1u);
  const FunctionBody& body = ir.functions[0];
  // Layout: header 0..7, type section 8..15, function 16..19, export 20..26, code section id 27,
  // size 28, count 29, body size 30, locals vector 31.
  EXPECT_EQ(body.body_offset, 30u);
  EXPECT_EQ(body.locals_offset, 31u);
  EXPECT_EQ(body.code_offset, 34u);
  EXPECT_EQ(body.code_end, 37u);
  EXPECT_EQ(bytes[body.code_end - 1], 0x0B);
  EXPECT_EQ(body.locals, (std::vector<ValType>{ValType::I64, ValType::I64}));
  ASSERT_EQ(ir.exports.size(), 1u);
  EXPECT_EQ(ir.exports[0].name, "f");
  EXPECT_EQ(ir.exports[0].kind, ExternKind::Func);
  ASSERT_EQ(ir.declared_func_refs.size(), 1u);
  EXPECT_TRUE(ir.declared_func_refs[0]);
}

TEST(DecoderTest, ImportsComeFirstInIndexSpaces) {
  const Bytes bytes = module({
      section(1, vec(1, kVoidType)),
      section(2, vec(4, concat({
                            {0x01, 'm', 0x01, 'f', 0x00, 0x00},                    // func, type 0
                            {0x01, 'm', 0x01, 't', 0x01, 0x6F, 0x01, 0x01, 0x05},  // table
                            {0x01, 'm', 0x01, 'm', 0x02, 0x00, 0x02},              // memory min 2
                            {0x01, 'm', 0x01, 'g', 0x03, 0x7E, 0x00},              // const i64
                        }))),
      section(3, vec(1, {0x00})),
      section(4, vec(1, {0x70, 0x00, 0x03})),              // funcref table, min 3
      section(6, vec(1, {0x7E, 0x01, 0x23, 0x00, 0x0B})),  // mut i64 = global.get 0
      section(10, vec(1, kEmptyBody)),
  });
  auto result = decode(bytes);
  ASSERT_TRUE(result.ok()) << result.error().message;
  const ModuleIR& ir = *result;
  EXPECT_EQ(ir.imports.size(), 4u);
  EXPECT_EQ(ir.imports[0].module, "m");
  EXPECT_EQ(ir.imports[1].name, "t");
  EXPECT_EQ(ir.num_imported_funcs, 1u);
  EXPECT_EQ(ir.func_types.size(), 2u);
  EXPECT_EQ(ir.num_imported_tables, 1u);
  ASSERT_EQ(ir.tables.size(), 2u);
  EXPECT_EQ(ir.tables[0].elem, ValType::ExternRef);
  EXPECT_TRUE(ir.tables[0].limits.has_max);
  EXPECT_EQ(ir.tables[0].limits.max, 5u);
  EXPECT_EQ(ir.tables[1].elem, ValType::FuncRef);
  EXPECT_EQ(ir.tables[1].limits.min, 3u);
  EXPECT_EQ(ir.num_imported_memories, 1u);
  EXPECT_EQ(ir.memories[0].limits.min, 2u);
  EXPECT_EQ(ir.num_imported_globals, 1u);
  ASSERT_EQ(ir.global_types.size(), 2u);
  EXPECT_FALSE(ir.global_types[0].mutable_);
  EXPECT_TRUE(ir.global_types[1].mutable_);
  ASSERT_EQ(ir.globals.size(), 1u);
  EXPECT_EQ(ir.globals[0].init.kind, ConstExpr::Kind::GlobalGet);
  EXPECT_EQ(ir.globals[0].init.value, 0u);
  EXPECT_EQ(ir.globals[0].init.type, ValType::I64);
}

TEST(DecoderTest, GlobalInitialisersOfEveryConstantKind) {
  const Bytes bytes = module({
      section(1, vec(1, kVoidType)),
      section(3, vec(1, {0x00})),
      section(6, vec(6, concat({
                            {0x7F, 0x00, 0x41, 0x7F, 0x0B},                          // i32 -1
                            {0x7E, 0x00, 0x42, 0x80, 0x01, 0x0B},                    // i64 128
                            {0x7D, 0x00, 0x43, 0x00, 0x00, 0x80, 0x3F, 0x0B},        // f32 1.0
                            {0x7C, 0x00, 0x44, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F, 0x0B},  // f64 1.0
                            {0x6F, 0x00, 0xD0, 0x6F, 0x0B},                          // null extern
                            {0x70, 0x00, 0xD2, 0x00, 0x0B},                          // ref.func 0
                        }))),
      section(10, vec(1, kEmptyBody)),
  });
  auto result = decode(bytes);
  ASSERT_TRUE(result.ok()) << result.error().message;
  const std::vector<Global>& globals = result->globals;
  ASSERT_EQ(globals.size(), 6u);
  EXPECT_EQ(globals[0].init.kind, ConstExpr::Kind::I32);
  EXPECT_EQ(globals[0].init.value, 0xFFFFFFFFu);
  EXPECT_EQ(globals[1].init.value, 128u);
  EXPECT_EQ(globals[2].init.value, 0x3F800000u);
  EXPECT_EQ(globals[3].init.value, 0x3FF0000000000000u);
  EXPECT_EQ(globals[4].init.kind, ConstExpr::Kind::RefNull);
  EXPECT_EQ(globals[4].init.type, ValType::ExternRef);
  EXPECT_EQ(globals[5].init.kind, ConstExpr::Kind::RefFunc);
  EXPECT_TRUE(result->declared_func_refs[0]);
}

TEST(DecoderTest, ElementSegmentsOfAllEightKinds) {
  const Bytes bytes = module({
      section(1, vec(1, kVoidType)),
      section(3, vec(3, {0x00, 0x00, 0x00})),
      section(4, vec(2, {0x70, 0x00, 0x01, 0x70, 0x00, 0x01})),
      section(9, vec(8, concat({
                            {0x00, 0x41, 0x00, 0x0B, 0x01, 0x00},        // active t0, func 0
                            {0x01, 0x00, 0x01, 0x01},                    // passive, func 1
                            {0x02, 0x01, 0x41, 0x00, 0x0B, 0x00, 0x00},  // active t1, no items
                            {0x03, 0x00, 0x01, 0x02},                    // declarative, func 2
                            {0x04, 0x41, 0x00, 0x0B, 0x01, 0xD0, 0x70, 0x0B},  // active exprs
                            {0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B},              // passive externref
                            {0x06, 0x01, 0x41, 0x00, 0x0B, 0x70, 0x00},        // active t1, exprs
                            {0x07, 0x70, 0x01, 0xD2, 0x00, 0x0B},              // declarative exprs
                        }))),
      section(10, vec(3, repeat(kEmptyBody, 3))),
  });
  auto result = decode(bytes);
  ASSERT_TRUE(result.ok()) << result.error().message;
  const std::vector<ElementSegment>& elements = result->elements;
  ASSERT_EQ(elements.size(), 8u);
  using Mode = ElementSegment::Mode;
  const Mode modes[] = {Mode::Active, Mode::Passive, Mode::Active, Mode::Declarative,
                        Mode::Active, Mode::Passive, Mode::Active, Mode::Declarative};
  const size_t item_counts[] = {1, 1, 0, 1, 1, 1, 0, 1};
  for (size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(elements[i].mode, modes[i]) << i;
    EXPECT_EQ(elements[i].items.size(), item_counts[i]) << i;
  }
  EXPECT_EQ(elements[2].table, 1u);
  EXPECT_EQ(elements[6].table, 1u);
  EXPECT_EQ(elements[5].type, ValType::ExternRef);
  EXPECT_EQ(elements[1].items[0].kind, ConstExpr::Kind::RefFunc);
  EXPECT_EQ(elements[1].items[0].value, 1u);
  EXPECT_EQ(elements[4].items[0].kind, ConstExpr::Kind::RefNull);
  EXPECT_EQ(result->declared_func_refs, (std::vector<bool>{true, true, true}));
}

TEST(DecoderTest, DataSegmentsAndDataCount) {
  const Bytes bytes = module({
      section(5, vec(1, {0x00, 0x01})),
      section(12, {0x03}),
      section(11, vec(3, concat({
                             {0x00, 0x41, 0x08, 0x0B, 0x02, 'h', 'i'},  // active memory 0
                             {0x01, 0x01, 'x'},                         // passive
                             {0x02, 0x00, 0x41, 0x00, 0x0B, 0x00},      // explicit memory 0
                         }))),
  });
  auto result = decode(bytes);
  ASSERT_TRUE(result.ok()) << result.error().message;
  const ModuleIR& ir = *result;
  ASSERT_EQ(ir.data_count, std::optional<uint32_t>(3));
  ASSERT_EQ(ir.datas.size(), 3u);
  EXPECT_TRUE(ir.datas[0].active);
  EXPECT_EQ(ir.datas[0].offset.value, 8u);
  EXPECT_EQ(ir.datas[0].size, 2u);
  EXPECT_EQ(bytes[ir.datas[0].begin], 'h');
  EXPECT_FALSE(ir.datas[1].active);
  EXPECT_EQ(bytes[ir.datas[1].begin], 'x');
  EXPECT_EQ(ir.datas[2].size, 0u);
}

TEST(DecoderTest, CustomSectionsAnywhere) {
  const Bytes bytes = module({
      section(0, {0x04, 'n', 'a', 'm', 'e', 0xAA, 0xBB}), section(1, vec(0, {})),
      section(0, {0x02, 0xC3, 0xA9}),  // "é", empty payload
  });
  auto result = decode(bytes);
  ASSERT_TRUE(result.ok()) << result.error().message;
  ASSERT_EQ(result->customs.size(), 2u);
  EXPECT_EQ(result->customs[0].name, "name");
  EXPECT_EQ(result->customs[0].begin, 15u);
  EXPECT_EQ(result->customs[0].size, 2u);
  EXPECT_EQ(result->customs[1].name, "\xC3\xA9");
  EXPECT_EQ(result->customs[1].size, 0u);
}

TEST(DecoderTest, NonMinimalLebEncodingsAreAccepted) {
  // Memory minimum 2 as a five-byte LEB128; data segment kind 0 as two bytes.
  const Bytes bytes = module({section(5, {0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x00}),
                              section(11, {0x01, 0x80, 0x00, 0x41, 0x00, 0x0B, 0x00})});
  auto result = decode(bytes);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->memories[0].limits.min, 2u);
}

TEST(DecoderTest, StartFunction) {
  const Bytes bytes = module({section(1, vec(1, kVoidType)), section(3, vec(1, {0x00})),
                              section(8, {0x00}), section(10, vec(1, kEmptyBody))});
  auto result = decode(bytes);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->start, std::optional<uint32_t>(0));
}

// ---- malformed modules ----

TEST(DecoderMalformedTest, Header) {
  expect_error(decode({}), CompileErrorKind::Malformed, "unexpected end", 0);
  expect_error(decode({0x00, 0x61, 0x73}), CompileErrorKind::Malformed, "unexpected end", 3);
  expect_error(decode({0x61, 0x73, 0x6D, 0x00}), CompileErrorKind::Malformed,
               "magic header not detected", 0);
  expect_error(decode({0x00, 0x61, 0x73, 0x6D, 0x01, 0x00}), CompileErrorKind::Malformed,
               "unexpected end", 6);
  expect_error(decode({0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00}),
               CompileErrorKind::Malformed, "unknown binary version", 4);
}

TEST(DecoderMalformedTest, SectionFraming) {
  expect_error(decode(module({{0x0D, 0x00}})), CompileErrorKind::Malformed, "malformed section id",
               8);
  // Declared size runs past the end of the module.
  expect_error(decode(module({{0x01, 0x05, 0x00}})), CompileErrorKind::Malformed,
               "length out of bounds", 9);
  // One type declared, a second one left over inside the section.
  expect_error(decode(module({section(1, vec(1, repeat(kVoidType, 2)))})),
               CompileErrorKind::Malformed, "section size mismatch", 14);
  // One memory declared, none given: the count at 10 cannot fit the section.
  expect_error(decode(module({{0x05, 0x01, 0x01}})), CompileErrorKind::Malformed,
               "unexpected end of section or function", 10);
  expect_error(decode(module({section(3, vec(0, {})), section(1, vec(0, {}))})),
               CompileErrorKind::Malformed, "unexpected content after last section", 11);
  expect_error(decode(module({section(12, {0x00}), section(12, {0x00})})),
               CompileErrorKind::Malformed, "unexpected content after last section", 11);
  // The data count section goes before the code section, not after it.
  expect_error(decode(module({section(10, vec(0, {})), section(12, {0x00})})),
               CompileErrorKind::Malformed, "unexpected content after last section", 11);
}

TEST(DecoderMalformedTest, Leb128) {
  // Memory minimum with a sixth byte. The Reader reports LEB128 errors just past the byte that
  // revealed them.
  expect_error(decode(module({section(5, {0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00})})),
               CompileErrorKind::Malformed, "integer representation too long", 17);
  // Unused high bits set in the fifth byte.
  expect_error(decode(module({section(5, {0x01, 0x00, 0x82, 0x80, 0x80, 0x80, 0x70})})),
               CompileErrorKind::Malformed, "integer too large", 17);
  // Signed: i32.const whose unused bits do not match the sign.
  expect_error(
      decode(module({section(6, {0x01, 0x7F, 0x00, 0x41, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x0B})})),
      CompileErrorKind::Malformed, "integer too large", 19);
}

TEST(DecoderMalformedTest, TypesAndKinds) {
  expect_error(decode(module({section(1, vec(1, {0x61, 0x00, 0x00}))})),
               CompileErrorKind::Malformed, "malformed function type", 11);
  expect_error(decode(module({section(1, vec(1, {0x60, 0x01, 0x7B, 0x00}))})),
               CompileErrorKind::Malformed, "malformed value type", 13);
  expect_error(decode(module({section(2, vec(1, {0x00, 0x00, 0x04}))})),
               CompileErrorKind::Malformed, "malformed import kind", 13);
  expect_error(decode(module({section(6, vec(1, {0x7F, 0x02, 0x41, 0x00, 0x0B}))})),
               CompileErrorKind::Malformed, "malformed mutability", 12);
  expect_error(decode(module({section(4, vec(1, {0x7F, 0x00, 0x00}))})),
               CompileErrorKind::Malformed, "malformed reference type", 11);
  expect_error(decode(module({section(5, vec(1, {0x02, 0x00}))})), CompileErrorKind::Malformed,
               "integer too large", 11);
  expect_error(decode(module({section(5, vec(1, {0x81, 0x00, 0x00}))})),
               CompileErrorKind::Malformed, "integer representation too long", 11);
  expect_error(decode(module({section(7, vec(1, {0x00, 0x04, 0x00}))})),
               CompileErrorKind::Malformed, "malformed export kind", 12);
  expect_error(decode(module({section(11, vec(1, {0x03, 0x00}))})), CompileErrorKind::Malformed,
               "malformed data segment kind", 11);
  expect_error(decode(module({section(9, vec(1, {0x08}))})), CompileErrorKind::Malformed,
               "malformed elements segment kind", 11);
  expect_error(decode(module({section(9, vec(1, {0x01, 0x01, 0x00}))})),
               CompileErrorKind::Malformed, "malformed element kind", 12);
}

TEST(DecoderMalformedTest, Utf8Names) {
  expect_error(decode(module({section(0, {0x02, 0xC0, 0x80})})), CompileErrorKind::Malformed,
               "malformed UTF-8 encoding", 10);
  expect_error(decode(module({section(2, vec(1, {0x01, 0xFF, 0x00, 0x00, 0x00}))})),
               CompileErrorKind::Malformed, "malformed UTF-8 encoding", 11);
  // Name longer than the section.
  expect_error(decode(module({section(0, {0x05, 'a'})})), CompileErrorKind::Malformed,
               "length out of bounds", 10);
}

TEST(DecoderMalformedTest, FunctionAndCodeCounts) {
  expect_error(decode(module({section(1, vec(1, kVoidType)), section(3, vec(2, {0x00, 0x00}))})),
               CompileErrorKind::Malformed, "function and code section have inconsistent lengths",
               19);
  expect_error(decode(module({section(10, vec(1, kEmptyBody))})), CompileErrorKind::Malformed,
               "function and code section have inconsistent lengths", 10);
}

TEST(DecoderMalformedTest, FunctionBodies) {
  const Bytes type_and_function = concat({section(1, vec(1, kVoidType)), section(3, vec(1, {0}))});
  auto with_code = [&](const Bytes& code) {
    return concat({kHeader, type_and_function, section(10, code)});
  };
  // Code section: id 18, size 19, count 20, body size 21, locals 22, first instruction 23.
  expect_error(decode(with_code(vec(1, {0x03, 0x00, 0x01, 0x1A}))), CompileErrorKind::Malformed,
               "END opcode expected", 24);
  expect_error(decode(with_code(vec(1, {0x01, 0x00}))), CompileErrorKind::Malformed,
               "END opcode expected", 23);
  expect_error(decode(with_code(vec(1, {0x05, 0x00, 0x0B}))), CompileErrorKind::Malformed,
               "unexpected end of section or function", 21);
  // 0xFFFFFFFF + 2 locals overflow 32 bits.
  expect_error(
      decode(with_code(vec(1, {0x0A, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x02, 0x7E, 0x0B}))),
      CompileErrorKind::Malformed, "too many locals", 29);
}

TEST(DecoderMalformedTest, DataCountMismatch) {
  expect_error(decode(module({section(12, {0x02}), section(11, vec(1, {0x01, 0x00}))})),
               CompileErrorKind::Malformed, "data count and data section have inconsistent lengths",
               13);
  expect_error(decode(module({section(12, {0x01})})), CompileErrorKind::Malformed,
               "data count and data section have inconsistent lengths", 11);
}

TEST(DecoderMalformedTest, ConstantExpressions) {
  // Undefined opcode in an element item.
  expect_error(decode(module({section(1, vec(1, kVoidType)), section(3, vec(1, {0})),
                              section(9, vec(1, {0x05, 0x70, 0x01, 0xF3, 0x00, 0x0B})),
                              section(10, vec(1, kEmptyBody))})),
               CompileErrorKind::Malformed, "illegal opcode", 24);
  // Missing `end` at the section boundary.
  expect_error(decode(module({section(6, vec(1, {0x7F, 0x00, 0x41, 0x00}))})),
               CompileErrorKind::Malformed, "unexpected end", 15);
}

// ---- invalid modules ----

TEST(DecoderInvalidTest, UnknownIndices) {
  expect_error(decode(module({section(3, vec(1, {0x00}))})), CompileErrorKind::Invalid,
               "unknown type 0", 11);
  expect_error(decode(module({section(7, vec(1, {0x01, 'f', 0x00, 0x00}))})),
               CompileErrorKind::Invalid, "unknown function 0", 14);
  expect_error(decode(module({section(7, vec(1, {0x01, 't', 0x01, 0x00}))})),
               CompileErrorKind::Invalid, "unknown table 0", 14);
  expect_error(decode(module({section(7, vec(1, {0x01, 'm', 0x02, 0x00}))})),
               CompileErrorKind::Invalid, "unknown memory 0", 14);
  expect_error(decode(module({section(7, vec(1, {0x01, 'g', 0x03, 0x00}))})),
               CompileErrorKind::Invalid, "unknown global 0", 14);
  expect_error(decode(module({section(8, {0x00})})), CompileErrorKind::Invalid,
               "unknown function 0", 10);
  expect_error(decode(module({section(9, vec(1, {0x00, 0x41, 0x00, 0x0B, 0x00}))})),
               CompileErrorKind::Invalid, "unknown table 0", 12);
  expect_error(decode(module({section(11, vec(1, {0x00, 0x41, 0x00, 0x0B, 0x00}))})),
               CompileErrorKind::Invalid, "unknown memory 0", 12);
}

TEST(DecoderInvalidTest, DuplicateExportName) {
  const Bytes bytes = module({section(1, vec(1, kVoidType)), section(3, vec(1, {0})),
                              section(7, vec(2, {0x01, 'a', 0x00, 0x00, 0x01, 'a', 0x00, 0x00})),
                              section(10, vec(1, kEmptyBody))});
  expect_error(decode(bytes), CompileErrorKind::Invalid, "duplicate export name", 25);
}

TEST(DecoderInvalidTest, Memories) {
  expect_error(decode(module({section(5, vec(2, {0x00, 0x00, 0x00, 0x00}))})),
               CompileErrorKind::Invalid, "multiple memories", 13);
  expect_error(decode(module({section(2, vec(1, {0x00, 0x00, 0x02, 0x00, 0x00})),
                              section(5, vec(1, {0x00, 0x00}))})),
               CompileErrorKind::Invalid, "multiple memories", 19);
  expect_error(decode(module({section(5, vec(1, concat({{0x00}, leb(65537)})))})),
               CompileErrorKind::Invalid, "memory size must be at most 65536 pages (4GiB)", 11);
  expect_error(decode(module({section(5, vec(1, concat({{0x01, 0x00}, leb(65537)})))})),
               CompileErrorKind::Invalid, "memory size must be at most 65536 pages (4GiB)", 11);
  expect_error(decode(module({section(5, vec(1, {0x01, 0x02, 0x01}))})), CompileErrorKind::Invalid,
               "size minimum must not be greater than maximum", 11);
  expect_error(decode(module({section(4, vec(1, {0x70, 0x01, 0x02, 0x01}))})),
               CompileErrorKind::Invalid, "size minimum must not be greater than maximum", 12);
  // 65536 pages is the largest valid memory.
  EXPECT_TRUE(decode(module({section(5, vec(1, concat({{0x01}, leb(65536), leb(65536)})))})).ok());
}

TEST(DecoderInvalidTest, StartFunctionType) {
  const Bytes bytes =
      module({section(1, vec(1, {0x60, 0x01, 0x7F, 0x00})), section(3, vec(1, {0x00})),
              section(8, {0x00}), section(10, vec(1, kEmptyBody))});
  expect_error(decode(bytes), CompileErrorKind::Invalid, "start function", 21);
}

TEST(DecoderInvalidTest, ConstantExpressions) {
  // Global of type i32 initialised with i64.const.
  expect_error(decode(module({section(6, vec(1, {0x7F, 0x00, 0x42, 0x00, 0x0B}))})),
               CompileErrorKind::Invalid, "type mismatch", 15);
  // Two values.
  expect_error(decode(module({section(6, vec(1, {0x7F, 0x00, 0x41, 0x00, 0x41, 0x00, 0x0B}))})),
               CompileErrorKind::Invalid, "type mismatch", 17);
  // Empty.
  expect_error(decode(module({section(6, vec(1, {0x7F, 0x00, 0x0B}))})), CompileErrorKind::Invalid,
               "type mismatch", 13);
  // i32.add is not constant.
  expect_error(
      decode(module({section(6, vec(1, {0x7F, 0x00, 0x41, 0x00, 0x41, 0x00, 0x6A, 0x0B}))})),
      CompileErrorKind::Invalid, "constant expression required", 17);
  // Defined globals are not visible to constant expressions.
  expect_error(decode(module({section(
                   6, vec(2, {0x7F, 0x00, 0x41, 0x00, 0x0B, 0x7F, 0x00, 0x23, 0x00, 0x0B}))})),
               CompileErrorKind::Invalid, "unknown global 0", 19);
  // Imported mutable global.
  expect_error(decode(module({section(2, vec(1, {0x00, 0x00, 0x03, 0x7F, 0x01})),
                              section(6, vec(1, {0x7F, 0x00, 0x23, 0x00, 0x0B}))})),
               CompileErrorKind::Invalid, "constant expression required", 21);
  // ref.func beyond the function index space.
  expect_error(decode(module({section(6, vec(1, {0x70, 0x00, 0xD2, 0x00, 0x0B}))})),
               CompileErrorKind::Invalid, "unknown function 0", 14);
  // Element segment for an externref table.
  expect_error(decode(module({section(4, vec(1, {0x6F, 0x00, 0x00})),
                              section(9, vec(1, {0x00, 0x41, 0x00, 0x0B, 0x00}))})),
               CompileErrorKind::Invalid, "type mismatch", 17);
}

TEST(DecoderInvalidTest, DecodeConstExprDirectly) {
  ModuleIR ir;
  ir.global_types = {{ValType::F32, false}, {ValType::I32, false}};
  ir.num_imported_globals = 1;
  const uint8_t global_get_0[] = {0x23, 0x00, 0x0B};
  Reader r(global_get_0, sizeof global_get_0);
  auto result = decode_const_expr(r, ir, ValType::F32);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->kind, ConstExpr::Kind::GlobalGet);
  EXPECT_TRUE(r.at_end());

  const uint8_t global_get_1[] = {0x23, 0x01, 0x0B};
  Reader r1(global_get_1, sizeof global_get_1, 100);
  auto unknown = decode_const_expr(r1, ir, ValType::I32);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, CompileErrorKind::Invalid);
  EXPECT_EQ(unknown.error().offset, 101u);
  EXPECT_EQ(unknown.error().message.rfind("unknown global 1", 0), 0u);
}

// ---- limits: at the limit is fine, one past is LimitExceeded naming the limit ----

TEST(DecoderLimitsTest, MaxTypes) {
  Limits limits;
  limits.max_types = 3;
  EXPECT_TRUE(decode(module({section(1, vec(3, repeat(kVoidType, 3)))}), limits).ok());
  expect_limit(decode(module({section(1, vec(4, repeat(kVoidType, 4)))}), limits), "max_types");
  auto result = decode(module({section(1, vec(4, repeat(kVoidType, 4)))}), limits);
  EXPECT_EQ(result.error().message, "too many types: 4 > limit 3 (max_types)");
  EXPECT_EQ(result.error().offset, 10u);
}

TEST(DecoderLimitsTest, MaxFunctionsCountsImportsAndDefinitions) {
  Limits limits;
  limits.max_functions = 3;
  EXPECT_TRUE(decode(functions_module(3), limits).ok());
  expect_limit(decode(functions_module(4), limits), "max_functions");

  const Bytes import_func = {0x01, 'm', 0x01, 'f', 0x00, 0x00};
  auto with_imports = [&](size_t imported, size_t defined) {
    return module({section(1, vec(1, kVoidType)),
                   section(2, vec(imported, repeat(import_func, imported))),
                   section(3, vec(defined, Bytes(defined, 0x00))),
                   section(10, vec(defined, repeat(kEmptyBody, defined)))});
  };
  EXPECT_TRUE(decode(with_imports(2, 1), limits).ok());
  expect_limit(decode(with_imports(2, 2), limits), "max_functions");
  expect_limit(decode(with_imports(4, 0), limits), "max_functions");
}

TEST(DecoderLimitsTest, MaxImports) {
  Limits limits;
  limits.max_imports = 2;
  const Bytes import_global = {0x01, 'm', 0x01, 'g', 0x03, 0x7F, 0x00};
  EXPECT_TRUE(decode(module({section(2, vec(2, repeat(import_global, 2)))}), limits).ok());
  expect_limit(decode(module({section(2, vec(3, repeat(import_global, 3)))}), limits),
               "max_imports");
}

TEST(DecoderLimitsTest, MaxExports) {
  Limits limits;
  limits.max_exports = 2;
  auto exports = [](size_t count) {
    Bytes entries;
    for (size_t i = 0; i < count; ++i) {
      const uint8_t letter = static_cast<uint8_t>('a' + i);
      entries = concat({entries, {0x01, letter, 0x00, 0x00}});
    }
    return module({section(1, vec(1, kVoidType)), section(3, vec(1, {0})),
                   section(7, vec(count, entries)), section(10, vec(1, kEmptyBody))});
  };
  EXPECT_TRUE(decode(exports(2), limits).ok());
  expect_limit(decode(exports(3), limits), "max_exports");
}

TEST(DecoderLimitsTest, MaxGlobalsCountsImportsAndDefinitions) {
  Limits limits;
  limits.max_globals = 2;
  const Bytes global = {0x7F, 0x00, 0x41, 0x00, 0x0B};
  const Bytes import_global = {0x01, 'm', 0x01, 'g', 0x03, 0x7F, 0x00};
  EXPECT_TRUE(decode(module({section(6, vec(2, repeat(global, 2)))}), limits).ok());
  expect_limit(decode(module({section(6, vec(3, repeat(global, 3)))}), limits), "max_globals");
  EXPECT_TRUE(
      decode(module({section(2, vec(1, import_global)), section(6, vec(1, global))}), limits).ok());
  expect_limit(
      decode(module({section(2, vec(1, import_global)), section(6, vec(2, repeat(global, 2)))}),
             limits),
      "max_globals");
}

TEST(DecoderLimitsTest, MaxTables) {
  Limits limits;
  limits.max_tables = 2;
  const Bytes table = {0x70, 0x00, 0x00};
  EXPECT_TRUE(decode(module({section(4, vec(2, repeat(table, 2)))}), limits).ok());
  expect_limit(decode(module({section(4, vec(3, repeat(table, 3)))}), limits), "max_tables");
  const Bytes import_table = {0x01, 'm', 0x01, 't', 0x01, 0x70, 0x00, 0x00};
  expect_limit(
      decode(module({section(2, vec(1, import_table)), section(4, vec(2, repeat(table, 2)))}),
             limits),
      "max_tables");
}

TEST(DecoderLimitsTest, MaxDataSegments) {
  Limits limits;
  limits.max_data_segments = 2;
  const Bytes passive = {0x01, 0x00};
  EXPECT_TRUE(decode(module({section(11, vec(2, repeat(passive, 2)))}), limits).ok());
  expect_limit(decode(module({section(11, vec(3, repeat(passive, 3)))}), limits),
               "max_data_segments");
  expect_limit(decode(module({section(12, {0x03})}), limits), "max_data_segments");
}

TEST(DecoderLimitsTest, MaxElementSegments) {
  Limits limits;
  limits.max_element_segments = 2;
  const Bytes passive = {0x05, 0x70, 0x00};
  EXPECT_TRUE(decode(module({section(9, vec(2, repeat(passive, 2)))}), limits).ok());
  expect_limit(decode(module({section(9, vec(3, repeat(passive, 3)))}), limits),
               "max_element_segments");
}

TEST(DecoderLimitsTest, MaxSegmentElements) {
  Limits limits;
  limits.max_segment_elements = 3;
  auto segment = [](size_t count) {
    return module({section(
        9, vec(1, concat({{0x05, 0x70}, vec(count, repeat({0xD0, 0x70, 0x0B}, count))})))});
  };
  EXPECT_TRUE(decode(segment(3), limits).ok());
  expect_limit(decode(segment(4), limits), "max_segment_elements");
}

TEST(DecoderLimitsTest, MaxParamsAppliesToParamsAndResults) {
  Limits limits;
  limits.max_params = 2;
  auto type = [](size_t params, size_t results) {
    return module({section(1, vec(1, concat({{0x60},
                                             vec(params, Bytes(params, 0x7F)),
                                             vec(results, Bytes(results, 0x7E))})))});
  };
  EXPECT_TRUE(decode(type(2, 2), limits).ok());
  expect_limit(decode(type(3, 0), limits), "max_params");
  expect_limit(decode(type(0, 3), limits), "max_params");
}

TEST(DecoderLimitsTest, MaxLocalsPerFunction) {
  Limits limits;
  limits.max_locals_per_function = 5;
  auto locals = [](uint8_t first, uint8_t second) {
    const Bytes body = {0x06, 0x02, first, 0x7F, second, 0x7C, 0x0B};
    return module(
        {section(1, vec(1, kVoidType)), section(3, vec(1, {0})), section(10, vec(1, body))});
  };
  auto ok = decode(locals(2, 3), limits);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->functions[0].locals.size(), 5u);
  expect_limit(decode(locals(3, 3), limits), "max_locals_per_function");
}

TEST(DecoderLimitsTest, MaxFunctionBodySize) {
  Limits limits;
  limits.max_function_body_size = 4;
  auto body_of = [](size_t nops) {
    Bytes body = concat({leb(nops + 2), {0x00}, Bytes(nops, 0x01), {0x0B}});
    return module(
        {section(1, vec(1, kVoidType)), section(3, vec(1, {0})), section(10, vec(1, body))});
  };
  EXPECT_TRUE(decode(body_of(2), limits).ok());
  expect_limit(decode(body_of(3), limits), "max_function_body_size");
}

TEST(DecoderLimitsTest, HostileCountsDoNotAllocate) {
  Limits unlimited;
  unlimited.max_types = UINT32_MAX;
  unlimited.max_segment_elements = UINT32_MAX;
  // 2^32-1 types declared in a 6-byte section: rejected before any allocation.
  expect_error(decode(module({section(1, leb(UINT32_MAX))}), unlimited),
               CompileErrorKind::Malformed, "unexpected end of section or function", 10);
  expect_limit(decode(module({section(1, leb(UINT32_MAX))})), "max_types");
  expect_error(
      decode(module({section(9, concat({{0x01, 0x05, 0x70}, leb(UINT32_MAX)}))}), unlimited),
      CompileErrorKind::Malformed, "unexpected end of section or function", 13);
}

// ---- UTF-8 ----

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii text longer than eight bytes"));
  EXPECT_TRUE(is_valid_utf8("\xC2\x80"));              // U+0080
  EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80"));          // U+0800
  EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));          // U+D7FF
  EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));          // U+E000
  EXPECT_TRUE(is_valid_utf8("\xF0\x90\x80\x80"));      // U+10000
  EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF
  EXPECT_TRUE(is_valid_utf8("abcdefgh\xE2\x82\xAC"));  // ASCII run then the euro sign
}

TEST(Utf8Test, RejectsMalformedText) {
  EXPECT_FALSE(is_valid_utf8("\x80"));              // lone continuation
  EXPECT_FALSE(is_valid_utf8("\xC0\x80"));          // overlong NUL
  EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));      // overlong three-byte form
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));  // overlong four-byte form
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));  // invalid lead
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(is_valid_utf8("\xE2\x28\xA1"));      // bad continuation
  EXPECT_FALSE(is_valid_utf8("abcdefgh\xFF"));      // after an ASCII run
  EXPECT_FALSE(is_valid_utf8(std::string_view("\xC2\x00", 2)));
}

}  // namespace
}  // namespace ward::engine
