// ward_embed: runs methods of a Calimero application through Ward's C++ embedding API.
//
//   ward_embed APP.wasm METHOD INPUT [METHOD INPUT]...
//
// The calls run in order against one in-memory store, so each call sees what the earlier
// successful calls wrote. For each call it prints a header line, the Outcome as one line of
// JSON (calimero-abi.md §9.4) and a summary.
// Exit status: 0 if every call returned Ok, 1 if one returned an error, 2 if the module could
// not be read.
#include <cstdio>
#include <exception>
#include <fstream>
#include <iterator>
#include <string>
#include <variant>
#include <vector>
#include <ward/runtime/outcome.hpp>
#include <ward/runtime/runtime.hpp>
#include <ward/storage/memory_store.hpp>

namespace {

// One line for a call's result, read from the Outcome's fields rather than its JSON.
std::string summary(const ward::runtime::Outcome& outcome) {
  using ward::runtime::FunctionCallError;
  if (const FunctionCallError* error = outcome.error()) {
    if (error->kind == FunctionCallError::Kind::ExecutionError) {
      return "error returned by the method: " +
             std::string(error->bytes.begin(), error->bytes.end());
    }
    return "failed: " + ward::runtime::to_string(*error);
  }
  const auto& value = std::get<0>(outcome.returns);
  if (!value) return "ok, no value";
  return "ok: " + std::string(value->begin(), value->end());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4 || argc % 2 != 0) {
    std::fprintf(stderr, "usage: %s APP.wasm METHOD INPUT [METHOD INPUT]...\n", argv[0]);
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  if (!file) {
    std::fprintf(stderr, "%s: cannot open %s\n", argv[0], argv[1]);
    return 2;
  }
  const std::vector<uint8_t> wasm{std::istreambuf_iterator<char>(file),
                                  std::istreambuf_iterator<char>()};

  // Validates and translates the module once; every run below reuses it.
  auto app = ward::runtime::Application::compile(wasm);
  if (!app) {
    std::printf("%s\n", ward::runtime::compile_error_json(app.error()).c_str());
    return 1;
  }

  ward::storage::MemoryStore store;
  ward::runtime::RunEnvironment env;
  env.storage = &store;

  int status = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string method = argv[i];
    const std::string input = argv[i + 1];
    ward::runtime::VMContext context;
    context.input.assign(input.begin(), input.end());
    context.context_id.fill(0x11);
    context.executor_public_key.fill(0x22);
    context.account_id = context.executor_public_key;

    try {
      // An Err outcome leaves the store untouched; an Ok one commits the call's writes.
      const ward::runtime::Outcome outcome = ward::runtime::run(**app, context, method, env);
      std::printf("== %s %s\n%s\n-> %s\n", method.c_str(), input.c_str(),
                  ward::runtime::to_json(outcome).c_str(), summary(outcome).c_str());
      if (!outcome.ok()) status = 1;
    } catch (const std::exception& e) {  // storage backend failures only
      std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
      return 2;
    }
  }
  std::printf("== keys in the store: %zu\n",
              store.entries(ward::storage::WriteBatch::Space::Main).size());
  return status;
}
