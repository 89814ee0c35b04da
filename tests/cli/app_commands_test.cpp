// End-to-end tests of the application commands (run, state, blob) that need several `ward`
// processes: persistence across invocations, rollback of failed calls, deterministic mode and
// its execution counter, and a database held open by another process.
//
// Paths come from the build: WARD_BINARY (the ward executable), WARD_TEST_APPS_DIR (guest apps)
// and WARD_CLI_TEST_DIR (this directory's build output, holding probe.wasm).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

const std::string kWard = WARD_BINARY;
const std::string kKvStore = std::string(WARD_TEST_APPS_DIR) + "/app_kv_store.wasm";
const std::string kProbe = std::string(WARD_CLI_TEST_DIR) + "/probe.wasm";
const std::string kOtherContext = std::string(63, '0') + "7";

struct Result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A started `ward` process whose stdout and stderr go to files.
class Process {
 public:
  // `stdin_path` empty: stdin is /dev/null.
  Process(const std::vector<std::string>& args, const fs::path& output_prefix,
          const std::string& stdin_path = "")
      : out_path_(output_prefix.string() + ".out"), err_path_(output_prefix.string() + ".err") {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(kWard.c_str()));
    for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ == 0) {
      int in = open(stdin_path.empty() ? "/dev/null" : stdin_path.c_str(), O_RDONLY);
      int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(in, 0);
      dup2(out, 1);
      dup2(err, 2);
      execv(kWard.c_str(), argv.data());
      _exit(127);
    }
  }
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  // A process still running when the test ends is killed, whatever the test's outcome.
  ~Process() {
    if (running()) {
      kill(pid_, SIGKILL);
      wait();
    }
  }

  bool running() {
    if (pid_ <= 0 || finished_) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      finish(status);
      return false;
    }
    return true;
  }

  Result wait() {
    if (!finished_ && pid_ > 0) {
      int status = 0;
      waitpid(pid_, &status, 0);
      finish(status);
    }
    return {exit_code_, read_text(out_path_), read_text(err_path_)};
  }

 private:
  void finish(int status) {
    finished_ = true;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  std::string out_path_;
  std::string err_path_;
  pid_t pid_ = -1;
  bool finished_ = false;
  int exit_code_ = -1;
};

class AppCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("ward_cli_" + std::string(info->name()) + "_" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result ward(const std::vector<std::string>& args, const std::string& stdin_path = "") {
    return Process(args, dir_ / ("call" + std::to_string(calls_++)), stdin_path).wait();
  }

  // `ward run` against this test's database, compact JSON.
  Result run(const std::string& app, const std::string& method,
             std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"run", app, method, "--db", db_, "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    return ward(args);
  }

  // The Outcome of a `ward run` that must have printed one.
  static Json outcome(const Result& result) {
    EXPECT_EQ(result.out.find('\n'), result.out.size() - 1) << "one line expected: " << result.out;
    return Json::parse(result.out);
  }

  std::string state_list(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"state", "list", "--db", db_, "--format", "json"};
    args.insert(args.end(), extra.begin(), extra.end());
    Result result = ward(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }

  fs::path dir_;
  std::string db_;
  int calls_ = 0;
};

TEST_F(AppCommandsTest, OutcomeJsonHasTheKeysInOrder) {
  Result result = run(kKvStore, "set", {"--input", R"({"key":"a","value":"1"})"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  Json json = outcome(result);
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"returns", "logs", "events", "xcalls", "root_hash",
                                            "artifact", "migration_witness", "gas_used"}));
  EXPECT_EQ(json["returns"]["ok"]["utf8"], "null");
  EXPECT_EQ(json["logs"], Json::array({"set: a"}));
  EXPECT_EQ(json["events"][0]["kind"], "Inserted");
  EXPECT_TRUE(json["gas_used"].is_number_unsigned());

  // The default format is the same object, indented.
  Result pretty = ward({"run", kKvStore, "len", "--db", db_});
  ASSERT_EQ(pretty.exit_code, 0) << pretty.err;
  EXPECT_NE(pretty.out.find("\n  \"returns\": "), std::string::npos) << pretty.out;
  EXPECT_EQ(Json::parse(pretty.out)["returns"]["ok"]["utf8"], "1");
}

TEST_F(AppCommandsTest, StatePersistsAcrossInvocations) {
  ASSERT_EQ(run(kKvStore, "set", {"--input", R"({"key":"a","value":"1"})"}).exit_code, 0);
  Result get = run(kKvStore, "get", {"--input", R"({"key":"a"})"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_EQ(outcome(get)["returns"]["ok"]["utf8"], "\"1\"");

  // The key list and the entry, both 32-byte hashed keys.
  Json listing = Json::parse(state_list());
  ASSERT_EQ(listing["keys"].size(), 2u) << listing.dump();
  for (const Json& entry : listing["keys"])
    EXPECT_EQ(entry["key"]["hex"].get<std::string>().size(), 64u);

  // The entry holds u32 LE key length, key, value: 4 + 1 + 1 bytes.
  std::string entry_key;
  for (const Json& entry : listing["keys"]) {
    if (entry["value_size"] == 6) entry_key = entry["key"]["hex"];
  }
  ASSERT_FALSE(entry_key.empty()) << listing.dump();
  Result value = ward({"state", "get", entry_key, "--hex", "--db", db_, "--format", "hex"});
  ASSERT_EQ(value.exit_code, 0) << value.err;
  EXPECT_EQ(value.out, "010000006131\n");
  Result raw = ward({"state", "get", entry_key, "--hex", "--db", db_});
  EXPECT_EQ(raw.out, std::string("\x01\0\0\0a1", 6));
}

TEST_F(AppCommandsTest, FailedCallChangesNothing) {
  ASSERT_EQ(run(kKvStore, "set", {"--input", R"({"key":"a","value":"1"})"}).exit_code, 0);
  const std::string before = state_list();
  Result contexts_before = ward({"state", "contexts", "--db", db_, "--format", "json"});

  // The probe writes, then traps: the write is rolled back.
  Result trapped = run(kProbe, "write_then_fail");
  EXPECT_EQ(trapped.exit_code, 1) << trapped.err;
  EXPECT_EQ(outcome(trapped)["returns"]["error"]["type"], "WasmTrap");
  // A rejected input (ExecutionError) and an unknown method.
  Result rejected = run(kKvStore, "set", {"--input", R"({"key":"b"})"});
  EXPECT_EQ(rejected.exit_code, 1);
  EXPECT_EQ(outcome(rejected)["returns"]["error"]["type"], "ExecutionError");
  Result missing = run(kKvStore, "no_such_method");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(outcome(missing)["returns"]["error"]["type"], "MethodResolutionError");

  EXPECT_EQ(state_list(), before);
  // Failed calls are not counted either.
  EXPECT_EQ(ward({"state", "contexts", "--db", db_, "--format", "json"}).out, contexts_before.out);
}

TEST_F(AppCommandsTest, ReadOnlyCallWritesNothing) {
  Result result = run(kProbe, "write", {"--read-only"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(Json::parse(state_list())["keys"].size(), 0u);
  ASSERT_EQ(run(kProbe, "write").exit_code, 0);
  Json keys = Json::parse(state_list())["keys"];
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0]["key"]["utf8"], "seen");
  EXPECT_EQ(keys[0]["value_size"], 3);
}

TEST_F(AppCommandsTest, ContextsAreSeparate) {
  ASSERT_EQ(run(kKvStore, "set", {"--input", R"({"key":"a","value":"1"})"}).exit_code, 0);
  Result other = run(kKvStore, "get", {"--input", R"({"key":"a"})", "--context", kOtherContext});
  ASSERT_EQ(other.exit_code, 0) << other.err;
  EXPECT_EQ(outcome(other)["returns"]["ok"]["utf8"], "null");
  ASSERT_EQ(run(kProbe, "write", {"--context", kOtherContext}).exit_code, 0);

  Result contexts = ward({"state", "contexts", "--db", db_, "--format", "json"});
  ASSERT_EQ(contexts.exit_code, 0) << contexts.err;
  Json listed = Json::parse(contexts.out);
  ASSERT_EQ(listed.size(), 2u) << contexts.out;
  EXPECT_EQ(listed[0]["context"], std::string(64, '0'));
  EXPECT_EQ(listed[0]["main_keys"], 2);
  EXPECT_EQ(listed[0]["executions"], 1);
  EXPECT_EQ(listed[1]["context"], kOtherContext);
  EXPECT_EQ(listed[1]["main_keys"], 1);
  EXPECT_EQ(listed[1]["executions"], 2);  // the get and the write
}

TEST_F(AppCommandsTest, PrivateKeyspaceOnlyWithPrivate) {
  ASSERT_EQ(run(kProbe, "private_write").exit_code, 0);
  EXPECT_EQ(Json::parse(state_list({"--private"}))["keys"].size(), 0u);
  ASSERT_EQ(run(kProbe, "private_write", {"--private"}).exit_code, 0);
  Json keys = Json::parse(state_list({"--private"}))["keys"];
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0]["key"]["utf8"], "seen");
  EXPECT_EQ(Json::parse(state_list())["keys"].size(), 0u);
  Result value = ward({"state", "get", "seen", "--private", "--db", db_});
  EXPECT_EQ(value.exit_code, 0);
  EXPECT_EQ(value.out, "yes");
  Result absent = ward({"state", "get", "seen", "--db", db_});
  EXPECT_EQ(absent.exit_code, 1);
  EXPECT_NE(absent.err.find("no key \"seen\""), std::string::npos) << absent.err;
}

TEST_F(AppCommandsTest, DeterministicModeIsReproducible) {
  const std::vector<std::string> deterministic = {"--deterministic", "--time-ns", "1234567"};
  Result first = run(kProbe, "random_and_time", deterministic);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  // The same call against a fresh database: identical outcome, random bytes included.
  const std::string first_db = db_;
  db_ = (dir_ / "db2").string();
  Result same = run(kProbe, "random_and_time", deterministic);
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_EQ(same.out, first.out);

  // 16 random bytes, then time_ns as u64 LE (1234567 = 0x12d687).
  const std::string returned = outcome(first)["returns"]["ok"]["base64"];
  EXPECT_EQ(returned.size(), 32u);  // 24 bytes
  // Bytes 18..23 (the last six) are 12 00 00 00 00 00.
  EXPECT_EQ(returned.substr(24), "EgAAAAAA") << returned;

  // The committed execution advanced the counter: an identical call gets a fresh seed.
  Result again = run(kProbe, "random_and_time", deterministic);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(outcome(again)["returns"]["ok"]["base64"], returned);

  // Read-only calls commit nothing, so they do not advance the counter.
  std::vector<std::string> read_only = deterministic;
  read_only.push_back("--read-only");
  Result view1 = run(kProbe, "random_and_time", read_only);
  Result view2 = run(kProbe, "random_and_time", read_only);
  EXPECT_EQ(view1.out, view2.out);

  // An explicit seed replaces the derived one.
  std::vector<std::string> seeded = deterministic;
  seeded.insert(seeded.end(), {"--seed", std::string(64, 'a')});
  Result seeded1 = run(kProbe, "random_and_time", seeded);
  db_ = first_db;
  Result seeded2 = run(kProbe, "random_and_time", seeded);
  EXPECT_EQ(seeded1.out, seeded2.out);
  EXPECT_NE(seeded1.out, first.out);
}

TEST_F(AppCommandsTest, CompileErrorPrintsOutcomeShape) {
  const fs::path broken = dir_ / "broken.wasm";
  std::ofstream(broken) << "not wasm";
  Result result = run(broken.string(), "init");
  EXPECT_EQ(result.exit_code, 1) << result.err;
  Json json = outcome(result);
  EXPECT_EQ(json["returns"]["error"]["type"], "CompilationError");
  EXPECT_TRUE(json["gas_used"].is_null());
  EXPECT_EQ(json["artifact"], "");
  // Nothing was opened for a module that does not compile.
  EXPECT_FALSE(fs::exists(db_));
}

TEST_F(AppCommandsTest, LimitsFile) {
  const fs::path limits = dir_ / "limits.json";
  std::ofstream(limits) << R"({"max_gas": 100000, "max_logs": 5})";
  Result spin = run(kProbe, "spin", {"--limits", limits.string()});
  EXPECT_EQ(spin.exit_code, 1);
  Json json = outcome(spin);
  EXPECT_EQ(json["returns"]["error"]["data"]["limit"], 100000);
  EXPECT_EQ(json["gas_used"], 100000);
  // --gas overrides the file.
  Result overridden = run(kProbe, "spin", {"--limits", limits.string(), "--gas", "5000"});
  EXPECT_EQ(outcome(overridden)["gas_used"], 5000);

  std::ofstream(limits) << R"({"max_gass": 1})";
  Result unknown = run(kProbe, "spin", {"--limits", limits.string()});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(unknown.out.empty());
  EXPECT_NE(unknown.err.find("unknown field \"max_gass\""), std::string::npos) << unknown.err;

  std::ofstream(limits) << R"({"max_register_size": 10, "max_registers_capacity": 5})";
  Result invalid = run(kProbe, "spin", {"--limits", limits.string()});
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_NE(invalid.err.find("max_registers_capacity (5) must be at least max_register_size"),
            std::string::npos)
      << invalid.err;
}

TEST_F(AppCommandsTest, LockedDatabaseFailsCleanly) {
  ASSERT_EQ(run(kProbe, "write").exit_code, 0);  // create the database first
  // A run that spins for far longer than the test holds the database open; it is killed at
  // the end of the test.
  const std::vector<std::string> spin_args = {
      "run", kProbe, "spin", "--db", db_, "--gas", "18446744073709551615"};
  auto holder = std::make_unique<Process>(spin_args, dir_ / "holder");
  Result second;
  bool locked = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!locked && std::chrono::steady_clock::now() < deadline) {
    // The holder loses the race if our probe held the lock at the instant it opened: restart.
    if (!holder->running()) holder = std::make_unique<Process>(spin_args, dir_ / "holder");
    second = run(kProbe, "write");
    locked = second.exit_code == 2;
    if (!locked) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_TRUE(locked) << "exit " << second.exit_code << "\n" << second.out << second.err;
  EXPECT_TRUE(second.out.empty()) << second.out;
  EXPECT_NE(second.err.find("lock"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find(db_), std::string::npos) << second.err;
  // Reading state takes the lock too.
  Result listing = ward({"state", "list", "--db", db_});
  EXPECT_EQ(listing.exit_code, 2);
  EXPECT_NE(listing.err.find("lock"), std::string::npos) << listing.err;
  EXPECT_TRUE(holder->running());
}

TEST_F(AppCommandsTest, BlobPutAndGet) {
  const fs::path file = dir_ / "content.bin";
  std::string content(3 * 1024 * 1024 + 17, '\0');
  for (size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 31 % 251);
  std::ofstream(file, std::ios::binary) << content;

  Result put = ward({"blob", "put", file.string(), "--db", db_});
  ASSERT_EQ(put.exit_code, 0) << put.err;
  ASSERT_EQ(put.out.size(), 65u) << put.out;
  const std::string id = put.out.substr(0, 64);
  EXPECT_EQ(ward({"blob", "put", file.string(), "--db", db_}).out, put.out);
  EXPECT_EQ(ward({"blob", "put", "-", "--db", db_}, file.string()).out, put.out);

  const fs::path copy = dir_ / "copy.bin";
  Result get = ward({"blob", "get", id, "--out", copy.string(), "--db", db_});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_EQ(read_text(copy), content);
  Result to_stdout = ward({"blob", "get", id, "--db", db_});
  EXPECT_EQ(to_stdout.out, content);

  Result unknown = ward({"blob", "get", std::string(64, 'f'), "--db", db_});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("no blob"), std::string::npos) << unknown.err;
  Result bad_id = ward({"blob", "get", "xyz", "--db", db_});
  EXPECT_EQ(bad_id.exit_code, 2);
  EXPECT_NE(bad_id.err.find("ID: expected 64 hex digits (32 bytes), got \"xyz\""),
            std::string::npos)
      << bad_id.err;

  // The blob store and the state database share the directory.
  ASSERT_EQ(run(kProbe, "write").exit_code, 0);
  EXPECT_EQ(ward({"blob", "get", id, "--db", db_}).out, content);
}

// Appends a custom section to a module (allowed anywhere after the header).
void append_custom_section(std::string& module, const std::string& name,
                           const std::string& payload) {
  auto leb = [](uint64_t value) {
    std::string bytes;
    do {
      uint8_t byte = value & 0x7f;
      value >>= 7;
      bytes += static_cast<char>(byte | (value ? 0x80 : 0));
    } while (value);
    return bytes;
  };
  const std::string content = leb(name.size()) + name + payload;
  module += '\0' + leb(content.size()) + content;
}

TEST_F(AppCommandsTest, InspectShowsCustomSectionsAndManifest) {
  std::string module = read_text(kProbe);
  append_custom_section(module, "calimero_abi_v1", R"({"methods":[{"name":"write"}]})");
  append_custom_section(module, "notes", std::string("\x01\x02\x03", 3));
  const fs::path with_manifest = dir_ / "manifest.wasm";
  std::ofstream(with_manifest, std::ios::binary) << module;

  Result json = ward({"inspect", with_manifest.string(), "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  Json description = Json::parse(json.out);
  EXPECT_EQ(description["custom_sections"],
            Json::parse(R"([{"name":"calimero_abi_v1","size":30},{"name":"notes","size":3}])"));
  EXPECT_EQ(description["calimero_abi_v1"]["methods"][0]["name"], "write");
  EXPECT_EQ(description["abi"]["flavour"], "by-reference");
  EXPECT_EQ(description["imports"].size(), 6u);
  EXPECT_EQ(description["imports"][0],
            Json::parse(R"json({"module":"env","name":"value_return","kind":"func",)json"
                        R"json("type":"func (i64) -> ()"})json"));

  Result text = ward({"inspect", with_manifest.string()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("\"calimero_abi_v1\": 30 bytes"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("calimero_abi_v1 manifest:\n{\n  \"methods\": ["), std::string::npos)
      << text.out;
}

TEST_F(AppCommandsTest, InspectAbiFlavours) {
  Result legacy = ward({"inspect", std::string(WARD_TEST_APPS_DIR) + "/app_legacy.wasm"});
  EXPECT_EQ(legacy.exit_code, 0) << legacy.err;
  EXPECT_NE(legacy.out.find("abi: legacy"), std::string::npos) << legacy.out;
  Result mixed = ward({"inspect", std::string(WARD_TEST_APPS_DIR) + "/app_mixed_abi.wasm"});
  EXPECT_EQ(mixed.exit_code, 1);
  EXPECT_NE(mixed.out.find("abi: mixed"), std::string::npos) << mixed.out;
}

TEST_F(AppCommandsTest, ValidateLegacyNeedsTheOption) {
  const std::string legacy = std::string(WARD_TEST_APPS_DIR) + "/app_legacy.wasm";
  Result without = ward({"validate", legacy});
  EXPECT_EQ(without.exit_code, 1);
  EXPECT_NE(without.out.find("invalid: link error"), std::string::npos) << without.out;
  Result with = ward({"validate", legacy, "--compat-legacy-abi"});
  EXPECT_EQ(with.exit_code, 0) << with.out;
  EXPECT_EQ(with.out, "valid\n");
  EXPECT_EQ(ward({"validate", kKvStore}).out, "valid\n");
}

TEST_F(AppCommandsTest, InputFromFileAndStdin) {
  const fs::path input = dir_ / "input.json";
  std::ofstream(input) << R"({"key":"k","value":"from file"})";
  ASSERT_EQ(run(kKvStore, "set", {"--input-file", input.string()}).exit_code, 0);
  Result get = run(kKvStore, "get", {"--input", R"({"key":"k"})"});
  EXPECT_EQ(outcome(get)["returns"]["ok"]["utf8"], "\"from file\"");

  std::ofstream(input) << R"({"key":"k"})";
  Result from_stdin =
      ward({"run", kKvStore, "get", "--input-file", "-", "--db", db_, "--format", "json"},
           input.string());
  ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  EXPECT_EQ(outcome(from_stdin)["returns"]["ok"]["utf8"], "\"from file\"");
}

TEST_F(AppCommandsTest, StateOfMissingDatabase) {
  Result result = ward({"state", "list", "--db", db_});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("--db: no database"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(db_));
}

}  // namespace
