// Driving the guest apps of tests/apps through ward::runtime::run: compiling an app, a guest
// with fixed identities and its own stores, and error-JSON helpers shared by apps_*_test.cpp.
#pragma once

#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "ward/runtime/runtime.hpp"
#include "ward/storage/memory_store.hpp"

namespace ward::runtime {

inline std::shared_ptr<const Application> compile_app(std::string_view name,
                                                      const VMLimits& limits = {},
                                                      const RuntimeOptions& options = {}) {
  std::string path = std::string(WARD_TEST_APPS_DIR) + "/" + std::string(name) + ".wasm";
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot read " + path);
  Bytes wasm((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto compiled = Application::compile(wasm, limits, options);
  if (!compiled.ok()) {
    throw std::runtime_error(std::string(name) + ": " + to_string(compiled.error()));
  }
  return compiled.value();
}

inline Id32 id_from(uint8_t first) {
  Id32 id;
  for (size_t i = 0; i < id.size(); ++i) id[i] = static_cast<uint8_t>(first + i);
  return id;
}

// One compiled app with fixed identities and its own main store, which persists across calls;
// optional private and blob stores.
struct Guest {
  explicit Guest(std::string_view app_name, const VMLimits& l = {}, const RuntimeOptions& o = {})
      : limits(l), options(o), app(compile_app(app_name, l, o)) {
    context.context_id = id_from(0x10);
    context.account_id = id_from(0x30);
    context.executor_public_key = id_from(0x50);
  }
  Outcome call(std::string_view method, const Bytes& input = {}) {
    context.input = input;
    return run(*app, context, method, RunEnvironment{&store, private_store, blobs, nullptr}, limits,
               options);
  }

  VMLimits limits;
  RuntimeOptions options;
  std::shared_ptr<const Application> app;
  VMContext context;
  storage::MemoryStore store;
  storage::MemoryStore* private_store = nullptr;
  BlobStore* blobs = nullptr;
};

inline std::string error_json(const Outcome& o) {
  return o.error() ? to_json(*o.error()) : "(no error: the call succeeded)";
}

inline std::string host_error(std::string_view type, std::string_view data = {}) {
  std::string out = R"({"type":"HostError","data":{"type":")" + std::string(type) + "\"";
  if (!data.empty()) out += ",\"data\":" + std::string(data);
  return out + "}}";
}

// The Ok value of an outcome; throws (failing the test) on an error or Ok(none).
inline Bytes ok_value(const Outcome& o) {
  if (o.error()) throw std::runtime_error("expected Ok, got " + to_json(*o.error()));
  const auto& value = std::get<0>(o.returns);
  if (!value) throw std::runtime_error("expected Ok(bytes), got Ok(none)");
  return *value;
}

}  // namespace ward::runtime
