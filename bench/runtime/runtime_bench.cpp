// Host-layer benchmark: the per-call cost of register_len, storage_read and storage_write
// (each a wasm loop minus the same loop without the call, measured in the same process), and
// the cost of a full `run` of a small method on a cached application.
//
//   ward_runtime_bench [--module host_calls.wasm] [--iterations N] [--runs N] [--quick]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "ward/runtime/runtime.hpp"
#include "ward/storage/memory_store.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using ward::runtime::Application;
using ward::runtime::Outcome;

struct Options {
  std::string module = WARD_HOST_CALLS_WASM;
  uint64_t iterations = 2'000'000;
  int runs = 20'000;
  int reps = 5;
};

std::vector<uint8_t> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

ward::runtime::Bytes u64_le(uint64_t v) {
  ward::runtime::Bytes b(8);
  std::memcpy(b.data(), &v, 8);
  return b;
}

struct Bench {
  const Application& app;
  ward::storage::MemoryStore store;
  ward::runtime::VMLimits limits;
  ward::runtime::VMContext context;

  // Best wall time (ns) of `reps` runs of `method` with `n` loop iterations.
  double time_method(const char* method, uint64_t n, int reps) {
    context.input = u64_le(n);
    double best = 1e300;
    for (int r = 0; r < reps; ++r) {
      ward::runtime::RunEnvironment env;
      env.storage = &store;
      auto start = Clock::now();
      Outcome o = ward::runtime::run(app, context, method, env, limits);
      double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
      if (!o.ok()) {
        std::fprintf(stderr, "%s failed: %s\n", method, ward::runtime::to_json(o).c_str());
        std::exit(1);
      }
      best = std::min(best, ns);
    }
    return best;
  }
};

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "error: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--module") {
      opt.module = value();
    } else if (a == "--iterations") {
      opt.iterations = std::stoull(value());
    } else if (a == "--runs") {
      opt.runs = std::stoi(value());
    } else if (a == "--quick") {
      opt.iterations = 20'000;
      opt.runs = 200;
      opt.reps = 2;
    } else {
      std::fprintf(stderr, "usage: ward_runtime_bench [--module F] [--iterations N] [--runs N] [--quick]\n");
      return 2;
    }
  }
  auto bytes = read_file(opt.module);
  auto compiled = Application::compile(bytes);
  if (!compiled) {
    std::fprintf(stderr, "cannot compile %s: %s\n", opt.module.c_str(),
                 ward::runtime::to_string(compiled.error()).c_str());
    return 1;
  }
  Bench bench{*compiled.value(), {}, {}, {}};
  bench.limits.max_gas = UINT64_MAX / 2;
  bench.limits.max_storage_writes = UINT64_MAX / 2;
  bench.limits.max_storage_write_bytes = UINT64_MAX / 2;
  // storage_read finds a value: write it once.
  {
    std::string key = "bench-key-0123456789abcdefghijkl";
    std::string value = "bench-value-0123456789abcdefghij";
    bench.store.set({reinterpret_cast<const uint8_t*>(key.data()), key.size()},
                    {reinterpret_cast<const uint8_t*>(value.data()), value.size()});
  }

  std::printf("Host calls (wasm loop of %llu iterations minus the same loop without the call)\n",
              static_cast<unsigned long long>(opt.iterations));
  double baseline = bench.time_method("baseline", opt.iterations, opt.reps);
  std::printf("  %-14s %8.2f ns per iteration\n", "loop only", baseline / opt.iterations);
  for (const char* method : {"register_len", "storage_read", "storage_write"}) {
    double t = bench.time_method(method, opt.iterations, opt.reps);
    std::printf("  %-14s %8.2f ns per call\n", method, (t - baseline) / opt.iterations);
  }

  // Full runs: instantiate, merge hook, method, finish — on the cached application.
  bench.context.input = u64_le(42);
  ward::runtime::RunEnvironment env;
  env.storage = &bench.store;
  double best = 1e300;
  for (int r = 0; r < opt.reps; ++r) {
    auto start = Clock::now();
    for (int i = 0; i < opt.runs; ++i) {
      Outcome o = ward::runtime::run(*compiled.value(), bench.context, "small_method", env,
                                     bench.limits);
      if (!o.ok()) {
        std::fprintf(stderr, "small_method failed: %s\n", ward::runtime::to_json(o).c_str());
        return 1;
      }
    }
    best = std::min(best, std::chrono::duration<double, std::micro>(Clock::now() - start).count() /
                              opt.runs);
  }
  std::printf("Full run of a small method (instantiate + merge hook + method + finish)\n");
  std::printf("  %-14s %8.2f us per run\n", "run", best);
  return 0;
}
