// Module shapes and linking (calimero-abi.md §2.1, §2.2, §11.3), method resolution (§6.2 steps
// 2 and 7), the merge hook (§6.2 step 6, §6.3), the legacy and mixed ABIs (Appendix B) and the
// removed functions (Appendix A), driven through the guest apps (tests/apps/README.md).
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "apps/app_args.hpp"
#include "runtime/apps_harness.hpp"
#include "ward/runtime/memory_blob_store.hpp"
#include "ward/runtime/runtime.hpp"
#include "ward/storage/memory_store.hpp"

namespace ward::runtime {
namespace {

using apps::Args;
using apps::Output;

// ---------------------------------------------------------------------------------------------

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

const std::string kIma = host_error("InvalidMemoryAccess");
const std::string kLinkError = R"({"type":"LinkError","data":{}})";

Bytes app_wasm(std::string_view name) {
  std::string path = std::string(WARD_TEST_APPS_DIR) + "/" + std::string(name) + ".wasm";
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path);
  return Bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

// The compile error of `wasm`, as §9.3 JSON ("compiled" if it compiled).
std::string compile_error(const Bytes& wasm, const VMLimits& limits = {},
                          const RuntimeOptions& options = {}) {
  auto compiled = Application::compile(wasm, limits, options);
  return compiled.ok() ? "compiled" : to_json(compiled.error());
}

std::string validation_error(std::string_view reason) {
  return R"({"type":"ModuleValidationError","data":{"reason":")" + std::string(reason) + "\"}}";
}

std::string method_error(std::string_view type, std::string_view data = {}) {
  std::string out =
      R"({"type":"MethodResolutionError","data":{"type":")" + std::string(type) + "\"";
  if (!data.empty()) out += ",\"data\":" + std::string(data);
  return out + "}}";
}

// Runs `method` and expects a link error that happened before any code ran.
void expect_link_error(Guest& g, std::string_view method) {
  Outcome o = g.call(method);
  EXPECT_EQ(error_json(o), kLinkError);
  EXPECT_EQ(o.gas_used, std::nullopt);
  EXPECT_TRUE(o.logs.empty());
}

RuntimeOptions legacy_options(bool removed_functions = false) {
  RuntimeOptions options;
  options.compat_legacy_abi = true;
  options.compat_removed_functions = removed_functions;
  return options;
}

// ---------------------------------------------------------------------------------------------
// Compile-time checks (§2.1) in order

TEST(AppsModuleShapes, ExportedStartFunctionIsRejected) {
  EXPECT_EQ(compile_error(app_wasm("app_export_start")),
            validation_error("guest exports a `_start` function; WASI command entry points are not "
                             "supported (guests are invoked by explicit method name)"));
}

TEST(AppsModuleShapes, ImportedMemoryIsRejected) {
  EXPECT_EQ(compile_error(app_wasm("app_import_memory")),
            validation_error("guest imports memory `env::memory`; guests must define and export "
                             "their own memory, not import it from the host"));
}

TEST(AppsModuleShapes, MemoryNotExportedIsRejected) {
  const std::string expected = validation_error(
      "guest does not export a linear memory named `memory`; the host reads guest "
      "state through that export");
  EXPECT_EQ(compile_error(app_wasm("app_no_memory_export")), expected);
  EXPECT_EQ(compile_error(app_wasm("app_memory_named_other")), expected);
}

TEST(AppsModuleShapes, CompileErrorDisplayAndCliJson) {
  auto compiled = Application::compile(app_wasm("app_export_start"));
  ASSERT_FALSE(compiled.ok());
  EXPECT_EQ(to_string(compiled.error()),
            "module rejected by validation: guest exports a `_start` function; WASI command entry "
            "points are not supported (guests are invoked by explicit method name)");
  std::string cli = compile_error_json(compiled.error());
  EXPECT_TRUE(cli.starts_with(R"({"returns":{"error":{"type":"ModuleValidationError",)")) << cli;
  EXPECT_TRUE(cli.ends_with(R"("logs":[],"events":[],"xcalls":[],"root_hash":null,"artifact":"",)"
                            R"("migration_witness":null,"gas_used":null})"))
      << cli;
}

TEST(AppsModuleShapes, GlobalExportedAsStartCompilesAndIsNotAFunction) {
  Guest g("app_start_is_global");
  Outcome noop = g.call("noop");
  ASSERT_TRUE(noop.ok()) << error_json(noop);
  EXPECT_EQ(std::get<0>(noop.returns), std::nullopt);
  Outcome start = g.call("_start");
  EXPECT_EQ(
      error_json(start),
      host_error("Panic",
                 R"({"context":"Guest","message":"internal error: entered unreachable code"})"));
  EXPECT_EQ(start.gas_used, std::nullopt);
}

TEST(AppsModuleShapes, InitialMemoryOverTheCapIsRejectedUnlessUnlimited) {
  Bytes wasm = app_wasm("app_big_initial_memory");
  auto capped = Application::compile(wasm);
  ASSERT_FALSE(capped.ok());
  EXPECT_EQ(capped.error().kind, FunctionCallError::Kind::ModuleValidationError);

  VMLimits raised;
  raised.max_memory_pages = 1025;
  EXPECT_EQ(compile_error(wasm, raised), "compiled");

  RuntimeOptions unlimited;
  unlimited.unlimited_memory = true;
  Guest g("app_big_initial_memory", {}, unlimited);
  Outcome o = g.call("noop");
  ASSERT_TRUE(o.ok()) << error_json(o);
}

TEST(AppsModuleShapes, InitialMemoryAtTheCapIsAccepted) {
  VMLimits limits;
  limits.max_memory_pages = 17;  // the C apps start with 17 pages
  EXPECT_EQ(compile_error(app_wasm("app_exports"), limits), "compiled");
  limits.max_memory_pages = 16;
  auto rejected = Application::compile(app_wasm("app_exports"), limits);
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().kind, FunctionCallError::Kind::ModuleValidationError);
}

TEST(AppsModuleShapes, ModuleSizeLimitIsStrict) {
  Bytes wasm = app_wasm("app_exports");
  VMLimits limits;
  limits.max_module_size = wasm.size();
  EXPECT_EQ(compile_error(wasm, limits), "compiled");
  limits.max_module_size = wasm.size() - 1;
  EXPECT_EQ(compile_error(wasm, limits), R"({"type":"ModuleSizeLimitExceeded","data":{"size":)" +
                                             std::to_string(wasm.size()) + R"(,"max":)" +
                                             std::to_string(wasm.size() - 1) + "}}");
}

TEST(AppsModuleShapes, UndecodableBytesAreCompilationErrors) {
  const std::string expected = R"({"type":"CompilationError","data":{}})";
  Bytes wasm = app_wasm("app_exports");
  EXPECT_EQ(compile_error(Bytes(wasm.begin(), wasm.begin() + wasm.size() / 2)), expected);
  EXPECT_EQ(compile_error(Bytes{}), expected);
  VMLimits zero;
  zero.max_module_size = 0;
  EXPECT_EQ(compile_error(Bytes{}, zero), expected);  // 0 bytes pass the size check
  Bytes bad_version = wasm;
  bad_version[4] = 2;
  EXPECT_EQ(compile_error(bad_version), expected);
}

TEST(AppsModuleShapes, SizeIsCheckedBeforeDecoding) {
  VMLimits limits;
  limits.max_module_size = 3;
  EXPECT_EQ(compile_error(Bytes{1, 2, 3, 4}, limits),
            R"({"type":"ModuleSizeLimitExceeded","data":{"size":4,"max":3}})");
}

// ---------------------------------------------------------------------------------------------
// Link errors (§2.2): reported by run, before any code runs

TEST(AppsModuleShapes, NonFunctionImportIsALinkError) {
  Guest g("app_import_global");
  expect_link_error(g, "noop");
}

TEST(AppsModuleShapes, ImportFromAnotherModuleIsALinkError) {
  Guest g("app_bad_import_module");
  expect_link_error(g, "noop");
  expect_link_error(g, "call");
}

TEST(AppsModuleShapes, UnknownHostFunctionIsALinkError) {
  Guest g("app_bad_import_name");
  expect_link_error(g, "noop");
}

TEST(AppsModuleShapes, WrongImportTypeIsALinkErrorInBothAbiModes) {
  Guest by_reference("app_bad_import_type");
  expect_link_error(by_reference, "noop");
  Guest legacy("app_bad_import_type", {}, legacy_options());
  expect_link_error(legacy, "noop");
}

TEST(AppsModuleShapes, MethodNameIsValidatedBeforeLinking) {
  Guest g("app_bad_import_name");
  EXPECT_EQ(error_json(g.call("")), method_error("EmptyMethodName"));
  EXPECT_EQ(
      error_json(g.call("a-b")),
      method_error("InvalidMethodNameCharacter", R"({"name":"a-b","character":"-","position":1})"));
}

TEST(AppsModuleShapes, LinkErrorKeepsTheStoreUntouched) {
  Guest g("app_bad_import_name");
  g.store.set(bytes_of("k"), bytes_of("v"));
  storage::MemoryStore before = g.store;
  expect_link_error(g, "call");
  EXPECT_EQ(g.store, before);
}

// ---------------------------------------------------------------------------------------------
// Method resolution (§6.2 steps 2 and 7) with app_exports

TEST(AppsMethodResolution, NoopRuns) {
  Guest g("app_exports");
  Outcome o = g.call("noop");
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_TRUE(o.gas_used.has_value());
}

TEST(AppsMethodResolution, NamesWithUnderscoresDigitsAndCaseResolve) {
  Guest g("app_exports");
  EXPECT_EQ(ok_value(g.call("Mixed_Case_123")), bytes_of("Mixed_Case_123"));
  EXPECT_EQ(ok_value(g.call("_leading_underscore")), bytes_of("_leading_underscore"));
}

TEST(AppsMethodResolution, WrongSignaturesAreInvalidSignatureWithoutGas) {
  Guest g("app_exports");
  for (std::string_view name : {"returns_i32", "takes_i64", "takes_two"}) {
    Outcome o = g.call(name);
    EXPECT_EQ(error_json(o),
              method_error("InvalidSignature", R"({"name":")" + std::string(name) + "\"}"));
    EXPECT_EQ(o.gas_used, std::nullopt);
  }
}

TEST(AppsMethodResolution, NonFunctionExportsAreTheUnreachablePanic) {
  Guest g("app_exports");
  const std::string panic = host_error(
      "Panic", R"({"context":"Guest","message":"internal error: entered unreachable code"})");
  for (std::string_view name :
       {"memory", "__heap_base", "__data_end", "wasmer_metering_remaining_points",
        "wasmer_metering_points_exhausted"}) {
    SCOPED_TRACE(name);
    Outcome o = g.call(name);
    EXPECT_EQ(error_json(o), panic);
    EXPECT_EQ(o.gas_used, std::nullopt);
  }
}

TEST(AppsMethodResolution, MissingMethodIsMethodNotFound) {
  Guest g("app_exports");
  Outcome o = g.call("missing");
  EXPECT_EQ(error_json(o), method_error("MethodNotFound", R"({"name":"missing"})"));
  EXPECT_EQ(o.gas_used, std::nullopt);
  EXPECT_EQ(error_json(g.call("NOOP")), method_error("MethodNotFound", R"({"name":"NOOP"})"));
}

TEST(AppsMethodResolution, EmptyNameIsEmptyMethodName) {
  Guest g("app_exports");
  Outcome o = g.call("");
  EXPECT_EQ(error_json(o), method_error("EmptyMethodName"));
  EXPECT_EQ(o.gas_used, std::nullopt);
}

TEST(AppsMethodResolution, NameLengthAtAndPastTheLimit) {
  Guest g("app_exports");
  EXPECT_EQ(error_json(g.call(std::string(256, 'a'))),
            method_error("MethodNotFound", R"({"name":")" + std::string(256, 'a') + "\"}"));
  EXPECT_EQ(error_json(g.call(std::string(257, 'a'))),
            method_error("MethodNameTooLong",
                         R"({"name":")" + std::string(257, 'a') + R"(","length":257,"max":256})"));
}

TEST(AppsMethodResolution, NameLengthIsCountedInBytesBeforeCharactersAreChecked) {
  Guest g("app_exports");
  std::string name;
  for (int i = 0; i < 129; ++i) name += "\xC3\xA9";  // 258 bytes, 129 characters
  Outcome o = g.call(name);
  ASSERT_NE(o.error(), nullptr);
  EXPECT_EQ(o.error()->method.kind, MethodResolutionError::Kind::MethodNameTooLong);
  EXPECT_EQ(o.error()->method.length, 258u);
  EXPECT_EQ(o.error()->method.max, 256u);
}

TEST(AppsMethodResolution, InvalidCharacterPositionIsACharacterIndex) {
  Guest g("app_exports");
  EXPECT_EQ(error_json(g.call("no-op")),
            method_error("InvalidMethodNameCharacter",
                         R"({"name":"no-op","character":"-","position":2})"));
  EXPECT_EQ(error_json(g.call(" noop")),
            method_error("InvalidMethodNameCharacter",
                         R"({"name":" noop","character":" ","position":0})"));
  Outcome unicode = g.call("\xC3\xA9t\xC3\xA9!");  // "été!": the first bad character is é at 0
  ASSERT_NE(unicode.error(), nullptr);
  EXPECT_EQ(unicode.error()->method.kind, MethodResolutionError::Kind::InvalidMethodNameCharacter);
  EXPECT_EQ(unicode.error()->method.character, U'\u00E9');
  EXPECT_EQ(unicode.error()->method.position, 0u);
  Outcome emoji = g.call("ab\xF0\x9F\x98\x80");
  ASSERT_NE(emoji.error(), nullptr);
  EXPECT_EQ(emoji.error()->method.character, U'\U0001F600');
  EXPECT_EQ(emoji.error()->method.position, 2u);
}

TEST(AppsMethodResolution, LoweredNameLimit) {
  VMLimits limits;
  limits.max_method_name_length = 4;
  Guest g("app_exports", limits);
  EXPECT_TRUE(g.call("noop").ok());
  EXPECT_EQ(error_json(g.call("noop_")),
            method_error("MethodNameTooLong", R"({"name":"noop_","length":5,"max":4})"));
}

// ---------------------------------------------------------------------------------------------
// Merge hook (§6.2 step 6, §6.3)

TEST(AppsMergeHook, HookRunsBeforeTheMethod) {
  Guest g("app_merge_hook");
  Outcome o = g.call("noop");
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(std::get<0>(o.returns), std::nullopt);
  EXPECT_EQ(o.logs, std::vector<std::string>{"merge hook ran"});
}

TEST(AppsMergeHook, HookRegistersAreVisibleToTheMethod) {
  Guest g("app_merge_hook");
  Bytes input = {0, 'x', 'y'};
  Output out(ok_value(g.call("read_hook_register", input)));
  EXPECT_EQ(out.u64(), 3u);
  EXPECT_EQ(out.rest(), input);
}

TEST(AppsMergeHook, HookTrapIsIgnoredButItsLogStays) {
  Guest g("app_merge_hook");
  Outcome o = g.call("noop", Bytes{1});
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(std::get<0>(o.returns), std::nullopt);
  EXPECT_EQ(o.logs, std::vector<std::string>{"merge hook ran"});
}

TEST(AppsMergeHook, HookPanicIsIgnored) {
  Guest g("app_merge_hook");
  Outcome o = g.call("noop", Bytes{4});
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(o.logs, std::vector<std::string>{"merge hook ran"});
}

TEST(AppsMergeHook, HookReturnValueIsKeptUnlessTheMethodReturns) {
  Guest g("app_merge_hook");
  EXPECT_EQ(ok_value(g.call("noop", Bytes{3})), bytes_of("from hook"));
  EXPECT_EQ(ok_value(g.call("return_own", Bytes{3})), bytes_of("from method"));
}

TEST(AppsMergeHook, HookReturnValueIsDiscardedWhenResolutionFails) {
  Guest g("app_merge_hook");
  Outcome o = g.call("missing", Bytes{3});
  EXPECT_EQ(error_json(o), method_error("MethodNotFound", R"({"name":"missing"})"));
  EXPECT_EQ(o.logs, std::vector<std::string>{"merge hook ran"});
}

TEST(AppsMergeHook, HookStorageWriteIsVisibleToTheMethodAndCommitted) {
  Guest g("app_merge_hook");
  EXPECT_EQ(ok_value(g.call("read_hook_storage", Bytes{5})), bytes_of("ran"));
  EXPECT_EQ(g.store.get(bytes_of("hook")), bytes_of("ran"));
}

TEST(AppsMergeHook, MethodSeesNoHookWriteInOtherModes) {
  Guest g("app_merge_hook");
  EXPECT_EQ(error_json(g.call("read_hook_storage", Bytes{0})),
            R"({"type":"ExecutionError","data":[97,98,115,101,110,116]})");
  EXPECT_TRUE(g.store.empty());
}

TEST(AppsMergeHook, HookThatExhaustsGasLeavesTheMethodOnlyWhatRemains) {
  for (uint64_t budget : {uint64_t{50'000}, uint64_t{123'457}}) {
    SCOPED_TRACE(budget);
    Guest g("app_merge_hook");
    g.limits.max_gas = budget;
    Outcome o = g.call("noop", Bytes{2});
    EXPECT_EQ(o.gas_used, budget);
    EXPECT_EQ(o.logs, std::vector<std::string>{"merge hook ran"});
    if (!o.ok()) {
      EXPECT_EQ(error_json(o),
                R"({"type":"GasExhausted","data":{"limit":)" + std::to_string(budget) + "}}");
    }
  }
}

TEST(AppsMergeHook, HookGasExhaustionMakesALaterFailureGasExhausted) {
  Guest g("app_merge_hook");
  g.limits.max_gas = 50'000;
  // read_hook_storage does real work after the hook spun: it cannot complete.
  EXPECT_EQ(error_json(g.call("read_hook_storage", Bytes{2})),
            R"({"type":"GasExhausted","data":{"limit":50000}})");
}

TEST(AppsMergeHook, MethodResolutionErrorsHaveNoGasUsedEvenAfterTheHook) {
  Guest g("app_merge_hook");
  Outcome o = g.call("missing");
  EXPECT_EQ(error_json(o), method_error("MethodNotFound", R"({"name":"missing"})"));
  EXPECT_EQ(o.gas_used, std::nullopt);
  EXPECT_EQ(o.logs, std::vector<std::string>{"merge hook ran"});
}

TEST(AppsMergeHook, InvalidMethodNameMeansTheHookNeverRuns) {
  Guest g("app_merge_hook");
  Outcome o = g.call("no-op", Bytes{5});
  EXPECT_EQ(error_json(o), method_error("InvalidMethodNameCharacter",
                                        R"({"name":"no-op","character":"-","position":2})"));
  EXPECT_TRUE(o.logs.empty());
  EXPECT_TRUE(g.store.empty());
}

TEST(AppsMergeHook, CallingTheHookAsAMethodRunsItTwice) {
  Guest g("app_merge_hook");
  Outcome o = g.call("__calimero_register_merge");
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(o.logs, (std::vector<std::string>{"merge hook ran", "merge hook ran"}));
}

TEST(AppsMergeHook, HookWithAnotherTypeIsSkipped) {
  Guest g("app_merge_hook_bad_sig");
  Outcome o = g.call("noop");
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_TRUE(o.logs.empty());
  EXPECT_EQ(error_json(g.call("__calimero_register_merge")),
            method_error("InvalidSignature", R"({"name":"__calimero_register_merge"})"));
}

// ---------------------------------------------------------------------------------------------
// Legacy ABI (Appendix B)

TEST(AppsLegacyAbi, LegacyModuleIsALinkErrorWithoutTheOption) {
  Guest g("app_legacy");
  EXPECT_EQ(g.app->abi(), AbiFlavour::ByReference);
  expect_link_error(g, "echo");
}

TEST(AppsLegacyAbi, LegacyModuleLinksWithTheOption) {
  Guest g("app_legacy", {}, legacy_options());
  EXPECT_EQ(g.app->abi(), AbiFlavour::Legacy);
  EXPECT_EQ(ok_value(g.call("echo", bytes_of("legacy"))), bytes_of("legacy"));
}

TEST(AppsLegacyAbi, ValueReturnTagsAndSize) {
  Guest g("app_legacy", {}, legacy_options());
  EXPECT_EQ(ok_value(g.call("value_return", Args().u64(1).u64(0).inline_bytes("ok").bytes())),
            bytes_of("ok"));
  EXPECT_EQ(error_json(g.call("value_return", Args().u64(1).u64(1).inline_bytes("e").bytes())),
            R"({"type":"ExecutionError","data":[101]})");
  EXPECT_EQ(error_json(g.call("value_return", Args().u64(1).u64(2).inline_bytes("x").bytes())),
            host_error("DeserializationError"));
  EXPECT_EQ(error_json(g.call("value_return", Args().u64(1).u64(0).raw(0, 16'777'217).bytes())),
            host_error("ReturnValueSizeOverflow", R"({"size":16777217,"max":16777216})"));
  EXPECT_EQ(error_json(g.call("value_return", Args().u64(1).u64(0).raw(1ull << 32, 1).bytes())),
            kIma);
}

TEST(AppsLegacyAbi, LogLimitsAndUtf8) {
  Guest g("app_legacy", {}, legacy_options());
  Outcome at = g.call("log_utf8", Args().u64(1).fill(16'384, 'l').bytes());
  ASSERT_TRUE(at.ok()) << error_json(at);
  EXPECT_EQ(at.logs.at(0).size(), 16'384u);
  EXPECT_EQ(error_json(g.call("log_utf8", Args().u64(1).fill(16'385, 'l').bytes())),
            host_error("LogLengthOverflow"));
  EXPECT_EQ(error_json(g.call("log_utf8", Args().u64(1025).inline_bytes("l").bytes())),
            host_error("LogsOverflow"));
  EXPECT_EQ(error_json(g.call("log_utf8", Args().u64(1).inline_bytes(Bytes{0xC0, 0x80}).bytes())),
            host_error("BadUTF8"));
  EXPECT_EQ(error_json(g.call("log_utf8", Args().u64(1).at_end(2, 1, 'l').bytes())), kIma);
}

TEST(AppsLegacyAbi, EmitLimits) {
  Guest g("app_legacy", {}, legacy_options());
  Outcome o = g.call("emit", Args().u64(1).inline_bytes("kind").inline_bytes("data").bytes());
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(o.events, (std::vector<Event>{Event{"kind", bytes_of("data"), std::nullopt}}));
  EXPECT_EQ(error_json(g.call("emit", Args().u64(1).fill(101, 'k').inline_bytes("").bytes())),
            host_error("EventKindSizeOverflow"));
  EXPECT_EQ(error_json(g.call("emit", Args().u64(1).inline_bytes("k").fill(16'385, 0).bytes())),
            host_error("EventDataSizeOverflow"));
  EXPECT_EQ(error_json(g.call("emit", Args().u64(101).inline_bytes("k").inline_bytes("").bytes())),
            host_error("EventsOverflow"));
}

std::string guest_panic(std::string_view message, std::string_view file, uint32_t line,
                        uint32_t column) {
  return host_error("Panic", R"({"context":"Guest","message":")" + std::string(message) +
                                 R"(","location":{"file":")" + std::string(file) + R"(","line":)" +
                                 std::to_string(line) + R"(,"column":)" + std::to_string(column) +
                                 "}}");
}

TEST(AppsLegacyAbi, PanicsCarryTheirInlineLocation) {
  Guest g("app_legacy", {}, legacy_options());
  auto panic = Args().u64(1).inline_bytes("old.rs").u64(3).u64(4).bytes();
  EXPECT_EQ(error_json(g.call("panic", panic)), guest_panic("explicit panic", "old.rs", 3, 4));
  auto panic_utf8 =
      Args().u64(1).inline_bytes("legacy boom").inline_bytes("old.rs").u64(5).u64(6).bytes();
  EXPECT_EQ(error_json(g.call("panic_utf8", panic_utf8)),
            guest_panic("legacy boom", "old.rs", 5, 6));
  auto bad_file = Args().u64(1).inline_bytes(Bytes{0xFF}).u64(3).u64(4).bytes();
  EXPECT_EQ(error_json(g.call("panic", bad_file)), host_error("BadUTF8"));
}

TEST(AppsLegacyAbi, I32LineAndColumnAreReadAsUnsigned) {
  Guest g("app_legacy", {}, legacy_options());
  auto panic = Args().u64(1).inline_bytes("f").u64(0xFFFFFFFF).u64(0x80000000).bytes();
  EXPECT_EQ(error_json(g.call("panic", panic)),
            guest_panic("explicit panic", "f", 4294967295u, 2147483648u));
}

TEST(AppsLegacyAbi, RegistersAndIdentity) {
  Guest g("app_legacy", {}, legacy_options());
  Output len(ok_value(g.call("register_len", Args().u64(1).u64(4).u64(4).bytes())));
  EXPECT_EQ(len.u64(), 24u);
  auto make = [](uint64_t n) { return Args().u64(1).u64(4).u64(4).fill(n, 0).bytes(); };
  Bytes input = make(make(0).size());
  Output read(ok_value(g.call("read_register", input)));
  EXPECT_EQ(read.u64(), 1u);
  EXPECT_EQ(read.block(), input);
  EXPECT_EQ(error_json(g.call("read_register",
                              Args().u64(1).u64(apps::kNoLoad).u64(9).fill(1, 0).bytes())),
            host_error("InvalidRegisterId", R"({"id":9})"));
  Output ctx(ok_value(g.call("context_id", Args().u64(1).u64(2).bytes())));
  EXPECT_EQ(ctx.block(), Bytes(g.context.context_id.begin(), g.context.context_id.end()));
  Output exec(ok_value(g.call("executor_id", Args().u64(1).u64(2).bytes())));
  EXPECT_EQ(exec.block(), Bytes(g.context.account_id.begin(), g.context.account_id.end()));
}

TEST(AppsLegacyAbi, CommitChecks) {
  Guest g("app_legacy", {}, legacy_options());
  Outcome o = g.call("commit", Args().u64(1).fill(32, 0x42).inline_bytes("art").bytes());
  ASSERT_TRUE(o.ok()) << error_json(o);
  Id32 root;
  root.fill(0x42);
  EXPECT_EQ(o.root_hash, root);
  EXPECT_EQ(o.artifact, bytes_of("art"));
  EXPECT_EQ(error_json(g.call("commit", Args().u64(1).fill(31, 0x42).inline_bytes("art").bytes())),
            kIma);
  EXPECT_EQ(error_json(g.call("commit", Args().u64(2).fill(32, 0x42).inline_bytes("art").bytes())),
            kIma);
  EXPECT_EQ(error_json(g.call("commit", Args().u64(1).fill(31, 0x42).raw(0, 16'777'217).bytes())),
            host_error("ArtifactSizeOverflow", R"({"size":16777217,"max":16777216})"));
}

TEST(AppsLegacyAbi, StorageRoundTrip) {
  Guest g("app_legacy", {}, legacy_options());
  Output w(
      ok_value(g.call("write_then_read", Args().inline_bytes("lk").inline_bytes("lv").bytes())));
  EXPECT_EQ(w.u64(), 0u);
  EXPECT_EQ(w.u64(), 1u);
  EXPECT_EQ(w.block(), bytes_of("lv"));
  EXPECT_EQ(g.store.get(bytes_of("lk")), bytes_of("lv"));
  Output again(ok_value(
      g.call("storage_write", Args().u64(1).inline_bytes("lk").inline_bytes("v2").u64(3).bytes())));
  EXPECT_EQ(again.u64(), 1u);
  EXPECT_EQ(again.block(), bytes_of("lv"));
  Output read(ok_value(g.call("storage_read", Args().u64(1).inline_bytes("lk").u64(3).bytes())));
  EXPECT_EQ(read.u64(), 1u);
  EXPECT_EQ(read.block(), bytes_of("v2"));
  Output removed(
      ok_value(g.call("storage_remove", Args().u64(1).inline_bytes("lk").u64(3).bytes())));
  EXPECT_EQ(removed.u64(), 1u);
  EXPECT_TRUE(g.store.empty());
  EXPECT_EQ(error_json(g.call("storage_write",
                              Args().u64(1).raw(0, 1'048'577).inline_bytes("v").u64(3).bytes())),
            host_error("KeyLengthOverflow"));
  EXPECT_EQ(error_json(g.call("storage_write",
                              Args().u64(1).inline_bytes("k").raw(0, 10'485'761).u64(3).bytes())),
            host_error("ValueLengthOverflow"));
  EXPECT_EQ(error_json(g.call("storage_read", Args().u64(1).raw(1ull << 32, 1).u64(3).bytes())),
            kIma);
}

TEST(AppsLegacyAbi, DisabledFetchReadsNoArgument) {
  Guest g("app_legacy", {}, legacy_options());
  auto input = Args()
                   .u64(1)
                   .raw(UINT64_MAX, 9)
                   .raw(UINT64_MAX, 9)
                   .raw(UINT64_MAX, 9)
                   .raw(UINT64_MAX, 9)
                   .u64(2)
                   .bytes();
  Output out(ok_value(g.call("fetch", input)));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), bytes_of("Host function 'fetch' is temporarily disabled."));
}

TEST(AppsLegacyAbi, RandomBytesAndTimeMatchTheByReferenceFunctions) {
  RuntimeOptions options = legacy_options();
  options.deterministic = true;
  Guest legacy("app_legacy", {}, options);
  Guest by_reference("app_utility", {}, options);
  for (Guest* g : {&legacy, &by_reference}) {
    g->context.time_ns = 99;
    g->context.random_seed = id_from(0x33);
  }
  Bytes from_legacy = ok_value(legacy.call("random_bytes", Args().u64(1).fill(48, 0).bytes()));
  Bytes from_by_reference =
      ok_value(by_reference.call("random_bytes", Args().u64(1).heap().fill(48, 0).bytes()));
  EXPECT_EQ(from_legacy, from_by_reference);
  Output time(ok_value(legacy.call("time_now", Args().u64(1).fill(8, 0).bytes())));
  EXPECT_EQ(time.block(), (Bytes{99, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(error_json(legacy.call("time_now", Args().u64(1).fill(7, 0).bytes())), kIma);
}

TEST(AppsLegacyAbi, BlobsWithAndWithoutAStore) {
  Guest g("app_legacy", {}, legacy_options());
  EXPECT_EQ(error_json(g.call("blob_create", Args().u64(1).u64(0).u64(0).bytes())),
            host_error("BlobsNotSupported"));
  MemoryBlobStore blobs;
  g.blobs = &blobs;
  EXPECT_EQ(Output(ok_value(g.call("blob_create", Args().u64(1).u64(2).u64(0).bytes()))).u64(), 3u);
  EXPECT_EQ(Output(ok_value(g.call("blob_write",
                                   Args().u64(1).u64(1).u64(0).u64(1).inline_bytes("abc").bytes())))
                .u64(),
            3u);
  EXPECT_EQ(error_json(g.call("blob_write",
                              Args().u64(1).u64(1).u64(0).u64(1).raw(0, 10'485'761).bytes())),
            host_error("BlobWriteTooLarge", R"({"size":10485761,"max":10485760})"));
  Output closed(
      ok_value(g.call("blob_close", Args().u64(1).u64(1).u64(0).u64(1).fill(32, 0).bytes())));
  EXPECT_EQ(closed.u64(), 1u);
  EXPECT_EQ(closed.block()->size(), 32u);
  EXPECT_EQ(
      error_json(g.call("blob_close", Args().u64(1).u64(1).u64(0).u64(1).fill(31, 0).bytes())),
      kIma);
  EXPECT_EQ(error_json(g.call("blob_open", Args().u64(1).u64(0).u64(0).fill(31, 0).bytes())), kIma);
  EXPECT_EQ(
      Output(ok_value(g.call("blob_read", Args().u64(1).u64(0).u64(1).u64(1).fill(4, 0).bytes())))
          .u64(),
      0u);
  EXPECT_EQ(error_json(g.call("blob_read", Args().u64(1).u64(1).u64(0).u64(1).fill(4, 0).bytes())),
            host_error("InvalidBlobHandle"));
}

TEST(AppsLegacyAbi, ProposalsNeedBothOptions) {
  Guest legacy_only("app_legacy_proposals", {}, legacy_options());
  expect_link_error(legacy_only, "send_proposal");
  Guest removed_only("app_legacy_proposals", {}, [] {
    RuntimeOptions o;
    o.compat_removed_functions = true;
    return o;
  }());
  expect_link_error(removed_only, "send_proposal");
}

TEST(AppsLegacyAbi, SendAndApproveProposals) {
  RuntimeOptions options = legacy_options(/*removed_functions=*/true);
  options.deterministic = true;
  Guest g("app_legacy_proposals", {}, options);
  g.context.time_ns = 1;
  g.context.random_seed = id_from(0x44);
  Outcome sent = g.call("send_proposal", Args().u64(1).inline_bytes("actions").fill(32, 0).bytes());
  Output out(ok_value(sent));
  auto id = out.block();
  ASSERT_TRUE(id.has_value());
  ASSERT_EQ(sent.proposals.size(), 1u);
  EXPECT_EQ(Bytes(sent.proposals[0].first.begin(), sent.proposals[0].first.end()), *id);
  EXPECT_EQ(sent.proposals[0].second, bytes_of("actions"));
  EXPECT_EQ(
      error_json(g.call("send_proposal", Args().u64(1).inline_bytes("a").fill(31, 0).bytes())),
      kIma);
  Outcome approved = g.call("approve_proposal", Args().u64(1).fill(32, 0x12).bytes());
  ASSERT_TRUE(approved.ok()) << error_json(approved);
  Id32 approval;
  approval.fill(0x12);
  EXPECT_EQ(approved.approvals, std::vector<Id32>{approval});
  EXPECT_EQ(error_json(g.call("approve_proposal", Args().u64(1).fill(33, 0x12).bytes())), kIma);
}

TEST(AppsLegacyAbi, MixedAbiModuleIsALinkErrorInBothModes) {
  Guest by_reference("app_mixed_abi");
  expect_link_error(by_reference, "run");
  Guest legacy("app_mixed_abi", {}, legacy_options());
  expect_link_error(legacy, "run");
}

TEST(AppsLegacyAbi, LegacyModuleWithANonLegacyImportIsALinkErrorInBothModes) {
  Guest by_reference("app_legacy_extra_import");
  expect_link_error(by_reference, "run");
  Guest legacy("app_legacy_extra_import", {}, legacy_options());
  expect_link_error(legacy, "run");
}

TEST(AppsLegacyAbi, ImportsWithIdenticalTypesLinkAsByReferenceInBothModes) {
  for (bool legacy : {false, true}) {
    SCOPED_TRACE(legacy);
    Guest g("app_identical_types", {}, legacy ? legacy_options() : RuntimeOptions{});
    EXPECT_EQ(g.app->abi(), AbiFlavour::ByReference);
    Outcome o = g.call("run", bytes_of("in"));
    ASSERT_TRUE(o.ok()) << error_json(o);
    EXPECT_EQ(std::get<0>(o.returns), std::nullopt);
    EXPECT_EQ(error_json(g.call("blob")), host_error("BlobsNotSupported"));
  }
}

// ---------------------------------------------------------------------------------------------
// Removed functions, by reference (Appendix A)

RuntimeOptions removed_functions() {
  RuntimeOptions options;
  options.compat_removed_functions = true;
  return options;
}

TEST(AppsCompat, RemovedFunctionsAreALinkErrorWithoutTheOption) {
  Guest g("app_compat");
  expect_link_error(g, "approve_proposal");
}

TEST(AppsCompat, SendProposalWritesTheIdAndRecordsTheProposal) {
  Guest g("app_compat", {}, removed_functions());
  Outcome o =
      g.call("send_proposal", Args().u64(1).heap().inline_bytes("acts").heap().fill(32, 0).bytes());
  Output out(ok_value(o));
  auto id = out.block();
  ASSERT_TRUE(id.has_value());
  ASSERT_EQ(o.proposals.size(), 1u);
  EXPECT_EQ(Bytes(o.proposals[0].first.begin(), o.proposals[0].first.end()), *id);
  EXPECT_EQ(o.proposals[0].second, bytes_of("acts"));
  EXPECT_NE(to_json(o).find(R"("proposals":[{"id":")"), std::string::npos);
}

TEST(AppsCompat, SendProposalWithAWrongDestinationLengthIsAHostPanic) {
  Guest g("app_compat", {}, removed_functions());
  const std::string mismatch =
      "source slice length (32) does not match destination slice length (31)";
  EXPECT_EQ(error_json(g.call("send_proposal",
                              Args().u64(1).heap().inline_bytes("a").heap().fill(31, 0).bytes())),
            host_error("Panic", R"({"context":"Host","message":")" + mismatch + "\"}"));
  EXPECT_EQ(
      error_json(g.call("send_proposal",
                        Args().u64(1).heap().inline_bytes("a").heap().raw(1ull << 32, 32).bytes())),
      kIma);
}

TEST(AppsCompat, ApproveProposalNeedsA32ByteId) {
  Guest g("app_compat", {}, removed_functions());
  Outcome o = g.call("approve_proposal", Args().u64(2).heap().fill(32, 0x21).bytes());
  ASSERT_TRUE(o.ok()) << error_json(o);
  Id32 id;
  id.fill(0x21);
  EXPECT_EQ(o.approvals, (std::vector<Id32>{id, id}));
  EXPECT_EQ(error_json(g.call("approve_proposal", Args().u64(1).heap().fill(31, 0x21).bytes())),
            kIma);
}

TEST(AppsCompat, ContextMutationsAreQueued) {
  Guest g("app_compat", {}, removed_functions());
  Outcome created = g.call("context_create", Args()
                                                 .u64(1)
                                                 .heap()
                                                 .inline_bytes("near")
                                                 .heap()
                                                 .fill(32, 0xA1)
                                                 .heap()
                                                 .inline_bytes("{}")
                                                 .address(0)
                                                 .bytes());
  ASSERT_TRUE(created.ok()) << error_json(created);
  ContextMutation expected;
  expected.type = ContextMutation::Type::CreateContext;
  expected.protocol = "near";
  expected.id.fill(0xA1);
  expected.init_args = bytes_of("{}");
  EXPECT_EQ(created.context_mutations, std::vector<ContextMutation>{expected});
  for (auto [method, type] :
       {std::pair{"context_delete", ContextMutation::Type::DeleteContext},
        std::pair{"context_add_member", ContextMutation::Type::AddMember},
        std::pair{"context_remove_member", ContextMutation::Type::RemoveMember}}) {
    SCOPED_TRACE(method);
    Outcome o = g.call(method, Args().u64(1).heap().fill(32, 0xB2).bytes());
    ASSERT_TRUE(o.ok()) << error_json(o);
    ASSERT_EQ(o.context_mutations.size(), 1u);
    EXPECT_EQ(o.context_mutations[0].type, type);
    Id32 id;
    id.fill(0xB2);
    EXPECT_EQ(o.context_mutations[0].id, id);
    EXPECT_EQ(error_json(g.call(method, Args().u64(1).heap().fill(31, 0xB2).bytes())), kIma);
  }
}

TEST(AppsCompat, MembershipWithoutAContextHost) {
  Guest g("app_compat", {}, removed_functions());
  EXPECT_EQ(
      Output(ok_value(g.call("context_is_member", Args().u64(1).heap().fill(32, 1).bytes()))).u64(),
      0u);
  Output members(ok_value(g.call("context_members", Args().u64(1).u64(4).bytes())));
  EXPECT_EQ(members.block(), (Bytes{0, 0, 0, 0}));
  EXPECT_EQ(error_json(g.call("context_resolve_alias",
                              Args().u64(1).heap().inline_bytes("alias").u64(4).bytes())),
            host_error("NodeClientNotAvailable"));
}

}  // namespace
}  // namespace ward::runtime
