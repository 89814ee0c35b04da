// ward_bench: runs C compute kernels natively and in Ward's interpreter and compares them, then
// measures module compile throughput, instantiation cost, host-call cost and the overhead of gas
// metering. docs/benchmarks.md explains every number.
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "synthetic_module.hpp"
#include "ward/engine/engine.hpp"

// The native builds of bench/kernels/*.c; CMake renames each kernel's `run`.
extern "C" {
uint64_t ward_kernel_fib_run(uint32_t n);
uint64_t ward_kernel_matmul_run(uint32_t n);
uint64_t ward_kernel_sieve_run(uint32_t n);
uint64_t ward_kernel_hash_run(uint32_t n);
uint64_t ward_kernel_nbody_run(uint32_t n);
uint64_t ward_kernel_mandelbrot_run(uint32_t n);
uint64_t ward_kernel_sort_run(uint32_t n);
uint64_t ward_kernel_crc32_run(uint32_t n);
}

namespace ward::bench {
namespace {

namespace engine = ward::engine;
using Clock = std::chrono::steady_clock;

struct Kernel {
  const char* name;
  const char* what;
  uint64_t (*native)(uint32_t n);
  uint32_t n;        // full size: roughly 0.05-0.3 s per run in the interpreter
  uint32_t quick_n;  // --quick: a few milliseconds
};

constexpr Kernel kKernels[] = {
    {"fib", "recursive calls", ward_kernel_fib_run, 33, 18},
    {"matmul", "int matrix multiply", ward_kernel_matmul_run, 200, 32},
    {"sieve", "byte-array sieve", ward_kernel_sieve_run, 8'000'000, 100'000},
    {"hash", "FNV-1a + 64-bit mixing", ward_kernel_hash_run, 4'000'000, 65'536},
    {"nbody", "f64 all-pairs gravity", ward_kernel_nbody_run, 40'000, 500},
    {"mandelbrot", "f64 escape loop", ward_kernel_mandelbrot_run, 300, 32},
    {"sort", "quicksort of u32", ward_kernel_sort_run, 400'000, 5'000},
    {"crc32", "CRC-32 + Adler-32", ward_kernel_crc32_run, 4'000'000, 65'536},
};

struct Options {
  std::string filter;
  int reps = 5;
  bool reps_given = false;
  bool quick = false;
  std::string json_path;
  std::string kernel_dir = WARD_BENCH_KERNEL_DIR;
};

void print_usage() {
  std::printf(
      "usage: ward_bench [--filter NAME] [--reps N] [--quick] [--json PATH] [--kernel-dir DIR]\n"
      "\n"
      "  --filter NAME     run only the sections whose name contains NAME: the kernels\n"
      "                    ");
  for (const Kernel& k : kKernels) std::printf("%s%s", &k == &kKernels[0] ? "" : ", ", k.name);
  std::printf(
      "\n"
      "                    and compile, instantiate, hostcall\n"
      "  --reps N          repetitions per measurement; the best (minimum) time is reported\n"
      "                    (default 5, or 1 with --quick)\n"
      "  --quick           tiny sizes and iteration counts, for a smoke test\n"
      "  --json PATH       also write the results as JSON to PATH (- for stdout, the table\n"
      "                    then goes to stderr)\n"
      "  --kernel-dir DIR  where the wasm kernels are (default %s)\n"
      "\n"
      "Exits with status 1 if a result differs between native code and Ward, or Ward fails.\n",
      WARD_BENCH_KERNEL_DIR);
}

// Returns false (after printing why) when the arguments are unusable.
bool parse_options(int argc, char** argv, Options& opt, bool& help) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool has_value = false;
    if (size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    auto take = [&]() -> bool {
      if (has_value) return true;
      if (i + 1 >= argc) {
        std::fprintf(stderr, "ward_bench: %s needs a value\n", arg.c_str());
        return false;
      }
      value = argv[++i];
      return true;
    };
    if (arg == "--help" || arg == "-h") {
      help = true;
    } else if (arg == "--quick") {
      opt.quick = true;
    } else if (arg == "--filter") {
      if (!take()) return false;
      opt.filter = value;
    } else if (arg == "--reps") {
      if (!take()) return false;
      char* end = nullptr;
      long reps = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || reps < 1 || reps > 1000) {
        std::fprintf(stderr, "ward_bench: --reps expects an integer in 1..1000, got '%s'\n",
                     value.c_str());
        return false;
      }
      opt.reps = static_cast<int>(reps);
      opt.reps_given = true;
    } else if (arg == "--json") {
      if (!take()) return false;
      opt.json_path = value;
    } else if (arg == "--kernel-dir") {
      if (!take()) return false;
      opt.kernel_dir = value;
    } else {
      std::fprintf(stderr, "ward_bench: unknown argument '%s' (see --help)\n", argv[i]);
      return false;
    }
  }
  if (opt.quick && !opt.reps_given) opt.reps = 1;
  return true;
}

bool selected(const Options& opt, const std::string& name) {
  return opt.filter.empty() || name.find(opt.filter) != std::string::npos;
}

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

// Collects failures; any failure makes the exit status 1.
struct Failures {
  std::vector<std::string> messages;
  void add(std::string message) {
    std::fprintf(stderr, "FAIL: %s\n", message.c_str());
    messages.push_back(std::move(message));
  }
};

std::optional<std::vector<uint8_t>> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

engine::Limits bench_limits() { return engine::Limits{}; }

engine::Config make_config(bool gas_metering) {
  engine::Config config;
  config.limits = bench_limits();
  config.gas_metering = gas_metering;
  return config;
}

// One instance of a module with an execution to call it.
struct Runtime {
  Runtime() : store(bench_limits()), execution(bench_limits()) {}

  bool load(std::span<const uint8_t> bytes, const engine::Config& config,
            std::span<const engine::Extern> imports, std::string& error) {
    auto module = engine::Module::compile(bytes, config);
    if (!module) {
      error = "compile: " + module.error().to_string();
      return false;
    }
    auto inst = store.instantiate(module.value(), imports);
    if (!inst) {
      error = "instantiate: " + inst.error().message;
      return false;
    }
    instance.emplace(inst.value());
    return true;
  }

  const engine::FunctionInstance* function(const char* name) const {
    return instance ? instance->get_function(name) : nullptr;
  }

  // Calls `f(arg)` for its single i64 result.
  bool call_i64(const engine::FunctionInstance* f, uint32_t arg, uint64_t& out,
                std::string& error) {
    if (f == nullptr) {
      error = "function not exported";
      return false;
    }
    const engine::Value args[] = {engine::Value::i32(arg)};
    engine::CallStatus status = execution.call(f, args);
    if (status == engine::CallStatus::Trapped) {
      error = "trap: " + execution.trap().to_string();
      return false;
    }
    if (status != engine::CallStatus::Finished || execution.results().size() != 1) {
      error = "the call did not finish with one result";
      return false;
    }
    out = execution.results()[0].as_i64();
    return true;
  }

  engine::Store store;
  engine::Execution execution;
  std::optional<engine::Instance> instance;
};

// ---------------------------------------------------------------------------- compute kernels

struct KernelResult {
  const Kernel* kernel = nullptr;
  uint32_t n = 0;
  double native_s = 0;
  double ward_s = 0;
  double metered_s = 0;
  uint64_t gas_used = 0;
  uint64_t checksum = 0;
  bool ok = false;
  double ratio() const { return ward_s / native_s; }
  double gas_ratio() const { return metered_s / ward_s; }
};

KernelResult run_kernel(const Kernel& k, const Options& opt, Failures& failures) {
  KernelResult r;
  r.kernel = &k;
  r.n = opt.quick ? k.quick_n : k.n;
  std::string path = opt.kernel_dir + "/" + k.name + ".wasm";
  auto bytes = read_file(path);
  if (!bytes) {
    failures.add(std::string(k.name) + ": cannot read " + path);
    return r;
  }
  Runtime plain, metered;
  std::string error;
  if (!plain.load(*bytes, make_config(false), {}, error) ||
      !metered.load(*bytes, make_config(true), {}, error)) {
    failures.add(std::string(k.name) + ": " + error);
    return r;
  }
  const engine::FunctionInstance* plain_run = plain.function("run");
  const engine::FunctionInstance* metered_run = metered.function("run");

  r.checksum = k.native(r.n);  // reference value; also warms caches and faults pages in
  r.native_s = r.ward_s = r.metered_s = INFINITY;
  auto check = [&](const char* mode, uint64_t got) {
    if (got == r.checksum) return true;
    char text[160];
    std::snprintf(text, sizeof text, "%s: %s checksum %016" PRIx64 " != native %016" PRIx64, k.name,
                  mode, got, r.checksum);
    failures.add(text);
    return false;
  };
  // Interleaved, so slow drifts in machine speed affect all three alike.
  for (int rep = 0; rep < opt.reps; ++rep) {
    auto t0 = Clock::now();
    uint64_t native = k.native(r.n);
    r.native_s = std::min(r.native_s, seconds(Clock::now() - t0));
    if (!check("native rerun", native)) return r;

    uint64_t got = 0;
    t0 = Clock::now();
    bool called = plain.call_i64(plain_run, r.n, got, error);
    r.ward_s = std::min(r.ward_s, seconds(Clock::now() - t0));
    if (!called) {
      failures.add(std::string(k.name) + ": " + error);
      return r;
    }
    if (!check("ward", got)) return r;

    metered.execution.set_gas(UINT64_MAX);
    t0 = Clock::now();
    called = metered.call_i64(metered_run, r.n, got, error);
    r.metered_s = std::min(r.metered_s, seconds(Clock::now() - t0));
    if (!called) {
      failures.add(std::string(k.name) + " (metered): " + error);
      return r;
    }
    if (!check("ward metered", got)) return r;
    r.gas_used = UINT64_MAX - metered.execution.gas_remaining();
  }
  r.ok = true;
  return r;
}

double geomean(const std::vector<double>& values) {
  if (values.empty()) return NAN;
  double log_sum = 0;
  for (double v : values) log_sum += std::log(v);
  return std::exp(log_sum / static_cast<double>(values.size()));
}

// ---------------------------------------------------------------------------- module compile

struct CompileResult {
  bool ran = false;
  size_t bytes = 0;
  uint32_t functions = 0;
  double unmetered_s = 0;
  double metered_s = 0;
  double mb_per_s(double s) const { return static_cast<double>(bytes) / s / 1e6; }
};

CompileResult run_compile(const Options& opt, Failures& failures) {
  CompileResult r;
  SyntheticModule module =
      make_synthetic_module(opt.quick ? (256u << 10) : (4u << 20), 0x5EED'C0DEull);
  r.bytes = module.bytes.size();
  r.functions = module.functions;
  r.unmetered_s = r.metered_s = INFINITY;
  // Interleaved, like the kernels, so neither variant gets all the warm-up or all the noise.
  for (int rep = 0; rep < opt.reps; ++rep) {
    for (bool gas : {false, true}) {
      engine::Config config = make_config(gas);
      auto t0 = Clock::now();
      auto compiled = engine::Module::compile(module.bytes, config);
      double t = seconds(Clock::now() - t0);  // excludes freeing the module
      if (!compiled) {
        failures.add("compile: synthetic module rejected: " + compiled.error().to_string());
        return r;
      }
      double& best = gas ? r.metered_s : r.unmetered_s;
      best = std::min(best, t);
    }
  }
  r.ran = true;
  return r;
}

// ---------------------------------------------------------------------------- instantiation

struct InstantiateResult {
  bool ran = false;
  int iterations = 0;
  double store_ns = 0;         // Store constructed and destroyed
  double fresh_store_ns = 0;   // Store + instantiate + teardown
  double no_memory_ns = 0;     // the same for the module without its memory
  double shared_store_ns = 0;  // instantiate into a Store shared by a batch, teardown amortised
  double execution_ns = 0;     // Execution constructed and destroyed
  double cold_call_ns = 0;     // Store + instantiate + export lookup + Execution + call + teardown
  double warm_call_ns = 0;     // Execution::call of a trivial export, everything else reused
};

constexpr int kSharedBatch = 100;

InstantiateResult run_instantiate(const Options& opt, Failures& failures) {
  InstantiateResult r;
  auto compiled = engine::Module::compile(make_small_module(true), make_config(false));
  auto compiled_no_memory = engine::Module::compile(make_small_module(false), make_config(false));
  if (!compiled || !compiled_no_memory) {
    const auto& bad = compiled ? compiled_no_memory : compiled;
    failures.add("instantiate: small module rejected: " + bad.error().to_string());
    return r;
  }
  const engine::Module& module = compiled.value();
  const engine::Limits limits = bench_limits();
  const int iters = opt.quick ? 200 : 20'000;
  r.iterations = iters;
  bool failed = false;
  auto per_op_ns = [&](int count, auto&& body) {
    double best = INFINITY;
    for (int rep = 0; rep < opt.reps && !failed; ++rep) {
      auto t0 = Clock::now();
      body();
      best = std::min(best, seconds(Clock::now() - t0));
    }
    return best * 1e9 / count;
  };
  auto instantiate = [&](engine::Store& store, const engine::Module& m) {
    auto inst = store.instantiate(m, {});
    if (!inst && !failed) {
      failed = true;
      failures.add("instantiate: " + inst.error().message);
    }
    return inst;
  };

  r.store_ns = per_op_ns(iters, [&] {
    for (int i = 0; i < iters; ++i) engine::Store store(limits);
  });
  r.fresh_store_ns = per_op_ns(iters, [&] {
    for (int i = 0; i < iters; ++i) {
      engine::Store store(limits);
      instantiate(store, module);
    }
  });
  r.no_memory_ns = per_op_ns(iters, [&] {
    for (int i = 0; i < iters; ++i) {
      engine::Store store(limits);
      instantiate(store, compiled_no_memory.value());
    }
  });
  const int batches = std::max(1, iters / kSharedBatch);
  r.shared_store_ns = per_op_ns(batches * kSharedBatch, [&] {
    for (int b = 0; b < batches; ++b) {
      engine::Store store(limits);
      for (int i = 0; i < kSharedBatch; ++i) instantiate(store, module);
    }
  });
  r.execution_ns = per_op_ns(iters, [&] {
    for (int i = 0; i < iters; ++i) engine::Execution execution(limits);
  });
  auto call_entry = [&](engine::Execution& execution, const engine::FunctionInstance* entry) {
    if (execution.call(entry, {}) != engine::CallStatus::Finished ||
        execution.results().at(0).as_i32() != 42) {
      if (!failed) failures.add("instantiate: entry() did not return 42");
      failed = true;
    }
  };
  r.cold_call_ns = per_op_ns(iters, [&] {
    for (int i = 0; i < iters; ++i) {
      engine::Store store(limits);
      auto inst = instantiate(store, module);
      if (!inst) return;
      engine::Execution execution(limits);
      call_entry(execution, inst->get_function("entry"));
    }
  });
  {
    engine::Store store(limits);
    auto inst = instantiate(store, module);
    if (inst) {
      engine::Execution execution(limits);
      const engine::FunctionInstance* entry = inst->get_function("entry");
      const int calls = iters * 10;
      r.warm_call_ns = per_op_ns(calls, [&] {
        for (int i = 0; i < calls; ++i) call_entry(execution, entry);
      });
    }
  }
  r.ran = !failed;
  return r;
}

// ---------------------------------------------------------------------------- host calls

struct HostCallResult {
  bool ran = false;
  uint32_t iterations = 0;
  double with_call_s = 0;
  double without_call_s = 0;
  double ns_per_call() const {
    return (with_call_s - without_call_s) * 1e9 / static_cast<double>(iterations);
  }
};

HostCallResult run_host_call(const Options& opt, Failures& failures) {
  HostCallResult r;
  r.iterations = opt.quick ? 100'000 : 10'000'000;
  Runtime rt;
  engine::FunctionInstance* inc =
      engine::define_host_function(rt.store, [](uint64_t x) -> uint64_t { return x + 1; });
  const engine::Extern imports[] = {engine::Extern::func(inc)};
  std::vector<uint8_t> bytes = make_host_call_module();
  std::string error;
  if (!rt.load(bytes, make_config(false), imports, error)) {
    failures.add("hostcall: " + error);
    return r;
  }
  const engine::FunctionInstance* with_call = rt.function("with_call");
  const engine::FunctionInstance* without_call = rt.function("without_call");
  r.with_call_s = r.without_call_s = INFINITY;
  for (int rep = 0; rep < opt.reps; ++rep) {
    uint64_t a = 0, b = 0;
    auto t0 = Clock::now();
    bool ok = rt.call_i64(with_call, r.iterations, a, error);
    r.with_call_s = std::min(r.with_call_s, seconds(Clock::now() - t0));
    t0 = Clock::now();
    ok = ok && rt.call_i64(without_call, r.iterations, b, error);
    r.without_call_s = std::min(r.without_call_s, seconds(Clock::now() - t0));
    if (!ok) {
      failures.add("hostcall: " + error);
      return r;
    }
    if (a != b) {
      failures.add("hostcall: the loops disagree (" + std::to_string(a) + " vs " +
                   std::to_string(b) + ")");
      return r;
    }
  }
  r.ran = true;
  return r;
}

// ---------------------------------------------------------------------------- reporting

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      size_t value = line.find_first_not_of(" \t", colon + 1);
      if (value != std::string::npos) return line.substr(value);
    }
  }
  return "unknown";
}

struct Summary {
  std::vector<KernelResult> kernels;
  double geomean_ratio = NAN;
  double geomean_gas_overhead_pct = NAN;
  CompileResult compile;
  InstantiateResult instantiate;
  HostCallResult host_call;
};

// The human-readable report; stderr when the JSON goes to stdout.
FILE* report = stdout;

const char* verdict(bool ok) { return ok ? "meets" : "MISSES"; }

void print_targets(const Summary& s, bool quick) {
  std::fprintf(report, "\nProject targets for the interpreter%s\n",
               quick ? " (--quick sizes: indicative only)" : "");
  if (!std::isnan(s.geomean_ratio)) {
    std::fprintf(report, "  geomean vs native       %8.2fx   target <= 10x     %s\n",
                 s.geomean_ratio, verdict(s.geomean_ratio <= 10));
  }
  if (s.instantiate.ran) {
    std::fprintf(report, "  instantiate (fresh Store) %6.0f ns  target < 2000 ns  %s\n",
                 s.instantiate.fresh_store_ns, verdict(s.instantiate.fresh_store_ns < 2000));
  }
  if (s.host_call.ran) {
    std::fprintf(report, "  host call               %8.1f ns  target < 10 ns    %s\n",
                 s.host_call.ns_per_call(), verdict(s.host_call.ns_per_call() < 10));
  }
  if (!std::isnan(s.geomean_gas_overhead_pct)) {
    std::fprintf(report, "  gas metering overhead   %+8.1f %%   target < 5 %%      %s\n",
                 s.geomean_gas_overhead_pct, verdict(s.geomean_gas_overhead_pct < 5));
  }
}

// Numbers that are not finite have no JSON spelling.
std::string json_number(double v) {
  if (!std::isfinite(v)) return "null";
  char text[64];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

bool write_json(const Summary& s, const Options& opt, bool passed) {
  FILE* out = opt.json_path == "-" ? stdout : std::fopen(opt.json_path.c_str(), "w");
  if (out == nullptr) {
    std::fprintf(stderr, "ward_bench: cannot write %s\n", opt.json_path.c_str());
    return false;
  }
  auto n = json_number;
  std::fprintf(out, "{\n  \"build_type\": \"%s\",\n  \"native_compiler\": \"%s\",\n",
               WARD_BENCH_BUILD_TYPE, WARD_BENCH_NATIVE_CC);
  std::fprintf(out, "  \"wasm_compiler\": \"%s\",\n  \"quick\": %s,\n  \"reps\": %d,\n",
               WARD_BENCH_WASM_CC, opt.quick ? "true" : "false", opt.reps);
  std::fprintf(out, "  \"passed\": %s,\n  \"kernels\": [", passed ? "true" : "false");
  for (size_t i = 0; i < s.kernels.size(); ++i) {
    const KernelResult& k = s.kernels[i];
    std::fprintf(out,
                 "%s\n    {\"name\": \"%s\", \"n\": %" PRIu32
                 ", \"ok\": %s, \"checksum\": \"%016" PRIx64
                 "\", \"native_ms\": %s, "
                 "\"ward_ms\": %s, \"ratio\": %s, \"metered_ms\": %s, "
                 "\"gas_overhead_pct\": %s, \"gas_used\": %" PRIu64 "}",
                 i ? "," : "", k.kernel->name, k.n, k.ok ? "true" : "false", k.checksum,
                 n(k.native_s * 1e3).c_str(), n(k.ward_s * 1e3).c_str(), n(k.ratio()).c_str(),
                 n(k.metered_s * 1e3).c_str(), n((k.gas_ratio() - 1) * 100).c_str(), k.gas_used);
  }
  std::fprintf(out, "\n  ],\n  \"geomean_ratio\": %s,\n  \"geomean_gas_overhead_pct\": %s",
               n(s.geomean_ratio).c_str(), n(s.geomean_gas_overhead_pct).c_str());
  if (s.compile.ran) {
    const CompileResult& c = s.compile;
    std::fprintf(out,
                 ",\n  \"compile\": {\"bytes\": %zu, \"functions\": %" PRIu32
                 ", \"unmetered_ms\": %s, \"unmetered_mb_per_s\": %s, \"metered_ms\": %s, "
                 "\"metered_mb_per_s\": %s}",
                 c.bytes, c.functions, n(c.unmetered_s * 1e3).c_str(),
                 n(c.mb_per_s(c.unmetered_s)).c_str(), n(c.metered_s * 1e3).c_str(),
                 n(c.mb_per_s(c.metered_s)).c_str());
  }
  if (s.instantiate.ran) {
    const InstantiateResult& r = s.instantiate;
    std::fprintf(out,
                 ",\n  \"instantiate\": {\"store_ns\": %s, \"fresh_store_ns\": %s, "
                 "\"no_memory_ns\": %s, \"shared_store_ns\": %s, \"execution_ns\": %s, "
                 "\"cold_call_ns\": %s, \"warm_call_ns\": %s}",
                 n(r.store_ns).c_str(), n(r.fresh_store_ns).c_str(), n(r.no_memory_ns).c_str(),
                 n(r.shared_store_ns).c_str(), n(r.execution_ns).c_str(), n(r.cold_call_ns).c_str(),
                 n(r.warm_call_ns).c_str());
  }
  if (s.host_call.ran) {
    const HostCallResult& h = s.host_call;
    std::fprintf(out,
                 ",\n  \"host_call\": {\"iterations\": %" PRIu32
                 ", \"with_call_ns_per_iter\": %s, \"without_call_ns_per_iter\": %s, "
                 "\"ns_per_call\": %s}",
                 h.iterations, n(h.with_call_s * 1e9 / h.iterations).c_str(),
                 n(h.without_call_s * 1e9 / h.iterations).c_str(), n(h.ns_per_call()).c_str());
  }
  std::fprintf(out, "\n}\n");
  if (out != stdout) return std::fclose(out) == 0;
  return true;
}

int run(const Options& opt) {
  if (opt.json_path == "-") report = stderr;
  Failures failures;
  Summary s;
  std::string build_type = WARD_BENCH_BUILD_TYPE;
  std::fprintf(report,
               "Ward benchmarks: %s build; native kernels by %s, wasm kernels by %s (both -O2)\n",
               build_type.c_str(), WARD_BENCH_NATIVE_CC, WARD_BENCH_WASM_CC);
  std::fprintf(report, "CPU: %s; best of %d run%s%s\n", cpu_model().c_str(), opt.reps,
               opt.reps == 1 ? "" : "s",
               opt.quick ? "; --quick sizes (not meaningful timings)" : "");
  if (build_type != "Release" && build_type != "RelWithDebInfo") {
    std::fprintf(report, "warning: an unoptimised engine build; use -DCMAKE_BUILD_TYPE=Release\n");
  }

  std::vector<const Kernel*> kernels;
  for (const Kernel& k : kKernels) {
    if (selected(opt, k.name)) kernels.push_back(&k);
  }
  if (!kernels.empty()) {
    std::fprintf(report, "\n%-11s %-23s %9s %10s %10s %8s %11s %8s %14s\n", "kernel", "exercises",
                 "n", "native ms", "ward ms", "ratio", "metered ms", "gas ovh", "gas used");
    std::vector<double> ratios, gas_ratios;
    for (const Kernel* k : kernels) {
      KernelResult r = run_kernel(*k, opt, failures);
      s.kernels.push_back(r);
      if (!r.ok) {
        std::fprintf(report, "%-11s %-23s %9" PRIu32 "   failed (see above)\n", k->name, k->what,
                     r.n);
        continue;
      }
      ratios.push_back(r.ratio());
      gas_ratios.push_back(r.gas_ratio());
      std::fprintf(report,
                   "%-11s %-23s %9" PRIu32 " %10.2f %10.2f %7.2fx %11.2f %+7.1f%% %14" PRIu64 "\n",
                   k->name, k->what, r.n, r.native_s * 1e3, r.ward_s * 1e3, r.ratio(),
                   r.metered_s * 1e3, (r.gas_ratio() - 1) * 100, r.gas_used);
      std::fflush(report);
    }
    if (!ratios.empty()) {
      s.geomean_ratio = geomean(ratios);
      s.geomean_gas_overhead_pct = (geomean(gas_ratios) - 1) * 100;
      std::fprintf(report, "%-56s %7.2fx %11s %+7.1f%%\n", "geometric mean", s.geomean_ratio, "",
                   s.geomean_gas_overhead_pct);
    }
  }

  if (selected(opt, "compile")) {
    s.compile = run_compile(opt, failures);
    if (s.compile.ran) {
      const CompileResult& c = s.compile;
      std::fprintf(report,
                   "\nModule::compile (decode + validate + translate) of a synthetic module: "
                   "%.2f MiB, %" PRIu32 " functions\n",
                   static_cast<double>(c.bytes) / (1 << 20), c.functions);
      std::fprintf(report, "  gas metering off  %9.2f ms  %8.1f MB/s\n", c.unmetered_s * 1e3,
                   c.mb_per_s(c.unmetered_s));
      std::fprintf(report, "  gas metering on   %9.2f ms  %8.1f MB/s\n", c.metered_s * 1e3,
                   c.mb_per_s(c.metered_s));
    }
  }

  if (selected(opt, "instantiate")) {
    s.instantiate = run_instantiate(opt, failures);
    if (s.instantiate.ran) {
      const InstantiateResult& r = s.instantiate;
      std::fprintf(report,
                   "\nInstantiation of a small module (1 page of memory, table, data segment, "
                   "global, 3 functions), ns per operation\n");
      std::fprintf(report, "  Store constructed + destroyed                         %9.0f\n",
                   r.store_ns);
      std::fprintf(report, "  fresh Store + instantiate + destroy                   %9.0f\n",
                   r.fresh_store_ns);
      std::fprintf(report, "  the same, module without memory (nor data segment)    %9.0f\n",
                   r.no_memory_ns);
      std::fprintf(report, "  instantiate into a shared Store (%d per Store)        %9.0f\n",
                   kSharedBatch, r.shared_store_ns);
      std::fprintf(report, "  Execution constructed + destroyed                     %9.0f\n",
                   r.execution_ns);
      std::fprintf(report, "  cold call: Store + instantiate + Execution + call     %9.0f\n",
                   r.cold_call_ns);
      std::fprintf(report, "  warm call: Execution::call of a trivial export        %9.0f\n",
                   r.warm_call_ns);
    }
  }

  if (selected(opt, "hostcall")) {
    s.host_call = run_host_call(opt, failures);
    if (s.host_call.ran) {
      const HostCallResult& h = s.host_call;
      std::fprintf(report,
                   "\nHost calls: a wasm loop of %" PRIu32
                   " iterations calling an imported (i64) -> i64\n",
                   h.iterations);
      std::fprintf(report, "  loop with the call     %7.2f ns per iteration\n",
                   h.with_call_s * 1e9 / h.iterations);
      std::fprintf(report, "  same loop, no call     %7.2f ns per iteration\n",
                   h.without_call_s * 1e9 / h.iterations);
      std::fprintf(report, "  cost of one host call  %7.2f ns\n", h.ns_per_call());
    }
  }

  print_targets(s, opt.quick);
  bool passed = failures.messages.empty();
  if (!opt.json_path.empty() && !write_json(s, opt, passed)) passed = false;
  if (!passed) {
    std::fprintf(stderr, "ward_bench: %zu failure(s)\n", failures.messages.size());
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace ward::bench

int main(int argc, char** argv) {
  ward::bench::Options opt;
  bool help = false;
  if (!ward::bench::parse_options(argc, argv, opt, help)) return 2;
  if (help) {
    ward::bench::print_usage();
    return 0;
  }
  return ward::bench::run(opt);
}
