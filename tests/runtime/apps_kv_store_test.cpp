// Golden Outcome JSON (calimero-abi.md §9.4, pretty) for a session of the realistic key-value
// app app_kv_store: inserts, updates, reads, escapes, removal, a guest panic, a failing call
// whose writes are rolled back (§10.3), invalid input and clear, on one store.
//
// The expected outputs live in tests/runtime/golden/kv_*.json and are compared byte for byte,
// except for the value of "gas_used", which depends on the code clang generates for the app
// (tests/apps/README.md, "Gas"): it is checked to be present and written as "<measured>".
//
// To regenerate the goldens deliberately (e.g. after an intended change of the JSON shape or
// of the app), run with WARD_UPDATE_GOLDEN=1 and review the diff:
//   WARD_UPDATE_GOLDEN=1 build-apps/tests/ward_runtime_tests --gtest_filter='AppsKvStore*'
//   git diff tests/runtime/golden/
// Without the variable the files are only read.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
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
#include "ward/runtime/runtime.hpp"
#include "ward/storage/memory_store.hpp"

namespace ward::runtime {
namespace {

using apps::Args;
using apps::Output;

// ---------------------------------------------------------------------------------------------

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

std::filesystem::path golden_dir() {
  return std::filesystem::path(__FILE__).parent_path() / "golden";
}

bool updating_goldens() {
  const char* v = std::getenv("WARD_UPDATE_GOLDEN");
  return v != nullptr && std::string_view(v) == "1";
}

// The pretty Outcome JSON with the gas_used value replaced by a placeholder (null stays null).
std::string normalized_json(const Outcome& o) {
  std::string json = to_json(o, /*pretty=*/true);
  const std::string key = "\"gas_used\": ";
  size_t at = json.find(key);
  if (at != std::string::npos) {
    size_t begin = at + key.size();
    size_t end = begin;
    while (end < json.size() && json[end] >= '0' && json[end] <= '9') ++end;
    if (end > begin) json.replace(begin, end - begin, "\"<measured>\"");
  }
  return json + "\n";
}

// Compares `o` with golden file `name` (or rewrites it when updating).
void expect_golden(const Outcome& o, const std::string& name) {
  SCOPED_TRACE(name);
  EXPECT_TRUE(o.gas_used.has_value()) << "every call of this session reaches the method";
  std::string actual = normalized_json(o);
  std::filesystem::path path = golden_dir() / name;
  if (updating_goldens()) {
    std::ofstream(path, std::ios::binary) << actual;
    std::cout << "[golden] rewrote " << path << "\n";
    return;
  }
  std::ifstream file(path, std::ios::binary);
  ASSERT_TRUE(file) << "missing golden " << path << " (WARD_UPDATE_GOLDEN=1 creates it)";
  std::string expected((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  EXPECT_EQ(actual, expected) << "golden " << path;
}

// A kv session: fixed identities and limits, deterministic mode with a fixed time and seed.
struct KvSession : Guest {
  KvSession() : Guest("app_kv_store", {}, deterministic_options()) {
    context.time_ns = 1'700'000'000'000'000'000ull;
    context.random_seed = id_from(0xA0);
  }
  static RuntimeOptions deterministic_options() {
    RuntimeOptions options;
    options.deterministic = true;
    return options;
  }
  Outcome call_json(std::string_view method, std::string_view json) {
    return call(method, bytes_of(json));
  }
};

// ---------------------------------------------------------------------------------------------

TEST(AppsKvStore, GoldenSession) {
  KvSession kv;

  expect_golden(kv.call_json("init", ""), "kv_01_init.json");
  expect_golden(kv.call_json("set", R"({"key":"b","value":"2"})"), "kv_02_set_insert_b.json");
  expect_golden(kv.call_json("set", R"({ "value" : "1" , "key" : "a" })"),
                "kv_03_set_insert_a.json");
  expect_golden(kv.call_json("set", R"({"key":"b","value":"3"})"), "kv_04_set_update_b.json");
  expect_golden(kv.call_json("get", R"({"key":"b"})"), "kv_05_get_b.json");
  expect_golden(kv.call_json("get", R"({"key":"missing"})"), "kv_06_get_missing.json");
  expect_golden(kv.call_json("entries", "{}"), "kv_07_entries.json");
  expect_golden(
      kv.call_json("set", R"({"key":"q\"uote","value":"line\nbreak \u00e9 \ud83d\ude00\t\u0001"})"),
      "kv_08_set_escapes.json");
  expect_golden(kv.call_json("entries", ""), "kv_09_entries_escaped.json");
  expect_golden(kv.call_json("remove", R"({"key":"a"})"), "kv_10_remove_a.json");
  expect_golden(kv.call_json("remove", R"({"key":"a"})"), "kv_11_remove_absent.json");
  expect_golden(kv.call_json("len", ""), "kv_12_len.json");

  storage::MemoryStore before_failures = kv.store;
  expect_golden(kv.call_json("must_get", R"({"key":"nope"})"), "kv_13_must_get_panics.json");
  kv.limits.max_logs = 0;  // set writes and emits, then its log line fails
  Outcome rolled_back = kv.call_json("set", R"({"key":"c","value":"rolled back"})");
  EXPECT_EQ(error_json(rolled_back), host_error("LogsOverflow"));
  EXPECT_EQ(kv.store, before_failures);
  expect_golden(rolled_back, "kv_14_set_rolled_back.json");
  kv.limits = VMLimits{};
  expect_golden(kv.call_json("set", R"({"key":"c","value":"x","extra":"y"})"),
                "kv_15_invalid_input.json");
  EXPECT_EQ(kv.store, before_failures) << "failed calls must leave the store as it was";

  expect_golden(kv.call_json("entries", ""), "kv_16_entries_after_failures.json");
  expect_golden(kv.call_json("clear", ""), "kv_17_clear.json");
  expect_golden(kv.call_json("entries", ""), "kv_18_entries_after_clear.json");
}

TEST(AppsKvStore, SessionIsReproducibleOnAFreshStore) {
  // Two sessions from empty stores end with identical stores and identical outcomes.
  KvSession first;
  KvSession second;
  for (KvSession* kv : {&first, &second}) {
    ASSERT_TRUE(kv->call_json("set", R"({"key":"x","value":"1"})").ok());
    ASSERT_TRUE(kv->call_json("set", R"({"key":"y","value":"2"})").ok());
    ASSERT_TRUE(kv->call_json("remove", R"({"key":"x"})").ok());
  }
  EXPECT_EQ(first.store, second.store);
  EXPECT_EQ(to_json(first.call_json("entries", "")), to_json(second.call_json("entries", "")));
}

TEST(AppsKvStore, StorageKeysAre32BytesSoTheNodeKeyPolicyChangesNothing) {
  KvSession plain;
  RuntimeOptions node_options = KvSession::deterministic_options();
  node_options.node_keys = true;
  KvSession node;
  node.options = node_options;
  for (KvSession* kv : {&plain, &node}) {
    ASSERT_TRUE(kv->call_json("set", R"({"key":"k","value":"v"})").ok());
  }
  EXPECT_EQ(plain.store, node.store);
  for (const auto& [key, value] : plain.store.entries(storage::WriteBatch::Space::Main)) {
    EXPECT_EQ(key.size(), 32u);
  }
  EXPECT_EQ(ok_value(node.call_json("get", R"({"key":"k"})")), bytes_of("\"v\""));
}

TEST(AppsKvStore, ReadOnlyGetWorksAndSetWritesNothing) {
  KvSession kv;
  ASSERT_TRUE(kv.call_json("set", R"({"key":"k","value":"v"})").ok());
  storage::MemoryStore before = kv.store;
  kv.context.read_only = true;
  EXPECT_EQ(ok_value(kv.call_json("get", R"({"key":"k"})")), bytes_of("\"v\""));
  Outcome set = kv.call_json("set", R"({"key":"k2","value":"v2"})");
  ASSERT_TRUE(set.ok()) << error_json(set);
  EXPECT_EQ(kv.store, before);
}

TEST(AppsKvStore, InvalidInputsAreExecutionErrorsWithoutEffects) {
  KvSession kv;
  const std::string invalid =
      R"({"type":"ExecutionError","data":[105,110,118,97,108,105,100,32,105,110,112,117,116]})";
  for (std::string_view input :
       {R"({"key":"a"})", R"({"key":"a","value":1})", R"({"key":"a","key":"b","value":"c"})",
        R"({"key":"a","value":"b"} x)", R"({"key":"\ud800","value":"b"})", "\xFF", "[]"}) {
    SCOPED_TRACE(input);
    Outcome o = kv.call_json("set", input);
    EXPECT_EQ(error_json(o), invalid);
    EXPECT_TRUE(o.events.empty());
    EXPECT_TRUE(o.logs.empty());
  }
  EXPECT_TRUE(kv.store.empty());
}

}  // namespace
}  // namespace ward::runtime
