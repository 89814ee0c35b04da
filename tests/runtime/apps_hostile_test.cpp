// Hostile guests (app_hostile, app_memory_max32) and engine traps (app_traps): every loop a
// guest drives ends in gas exhaustion or a limit error (calimero-abi.md §11.6), the process
// survives, and the store is byte-identical to before (§10.3).
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

// A hostile guest over a store that already holds data in every keyspace.
struct Hostile : Guest {
  explicit Hostile(std::string_view app_name = "app_hostile", const VMLimits& l = {},
                   const RuntimeOptions& o = {})
      : Guest(app_name, l, o) {
    store.set(bytes_of("k"), bytes_of("existing"));
    store.set(Bytes(8, 0), bytes_of("first flood key"));
    store.index_set(bytes_of("ix"), Bytes(32, 1));
    store.index_meta_set(bytes_of("meta"), bytes_of("valid"));
    private_store = &private_contents;
    private_contents.set(bytes_of("p"), bytes_of("private"));
    before = store;
    private_before = private_contents;
  }

  // The store is exactly as before and the runtime still runs this app normally.
  void expect_unharmed() {
    EXPECT_EQ(store, before);
    EXPECT_EQ(private_contents, private_before);
    Outcome next = call("recurse_to", Args().u64(3).bytes());
    EXPECT_EQ(Output(ok_value(next)).u64(), 3u);
  }

  storage::MemoryStore private_contents;
  storage::MemoryStore before;
  storage::MemoryStore private_before;
};

// ---------------------------------------------------------------------------------------------
// Loops bounded by gas, stack and memory

TEST(AppsHostile, InfiniteLoopIsGasExhaustedAtExactlyTheBudget) {
  Hostile g;
  g.limits.max_gas = 1'000'000;
  Outcome o = g.call("spin");
  EXPECT_EQ(error_json(o), R"({"type":"GasExhausted","data":{"limit":1000000}})");
  EXPECT_EQ(o.gas_used, 1'000'000u);
  g.expect_unharmed();
}

TEST(AppsHostile, InfiniteLoopWithTheSmallestBudget) {
  Hostile g;
  g.limits.max_gas = 1;
  Outcome o = g.call("spin");
  EXPECT_EQ(error_json(o), R"({"type":"GasExhausted","data":{"limit":1}})");
  EXPECT_EQ(o.gas_used, 1u);
  g.limits.max_gas = 1'000'000;
  g.expect_unharmed();
}

TEST(AppsHostile, UnboundedRecursionIsStackOverflow) {
  Hostile g;
  Outcome o = g.call("recurse");
  EXPECT_EQ(error_json(o), R"({"type":"WasmTrap","data":"StackOverflow"})");
  EXPECT_TRUE(o.gas_used.has_value());
  g.expect_unharmed();
}

TEST(AppsHostile, StackOverflowDepthIsDeterministic) {
  // The same depth overflows or not on every run.
  Hostile g;
  for (uint64_t depth : {uint64_t{10}, uint64_t{100}}) {
    EXPECT_EQ(Output(ok_value(g.call("recurse_to", Args().u64(depth).bytes()))).u64(), depth);
  }
  Outcome deep = g.call("recurse_to", Args().u64(1'000'000).bytes());
  EXPECT_EQ(error_json(deep), R"({"type":"WasmTrap","data":"StackOverflow"})");
  Outcome again = g.call("recurse_to", Args().u64(1'000'000).bytes());
  EXPECT_EQ(error_json(again), R"({"type":"WasmTrap","data":"StackOverflow"})");
  EXPECT_EQ(deep.gas_used, again.gas_used);
}

TEST(AppsHostile, SmallerStackBudgetOverflowsSooner) {
  Hostile g;
  ASSERT_TRUE(g.call("recurse_to", Args().u64(500).bytes()).ok());
  g.limits.max_stack_size = 4096;
  EXPECT_EQ(error_json(g.call("recurse_to", Args().u64(500).bytes())),
            R"({"type":"WasmTrap","data":"StackOverflow"})");
}

// The deepest recursion recurse_to completes under the current limits (binary search).
uint64_t deepest_recursion(Guest& g) {
  uint64_t ok = 0, overflow = 1;
  while (g.call("recurse_to", Args().u64(overflow).bytes()).ok()) {
    ok = overflow;
    overflow *= 2;
  }
  while (overflow - ok > 1) {
    uint64_t mid = ok + (overflow - ok) / 2;
    if (g.call("recurse_to", Args().u64(mid).bytes()).ok()) {
      ok = mid;
    } else {
      overflow = mid;
    }
  }
  return ok;
}

TEST(AppsHostile, StackLimitAtTheBoundaryPassesAndOnePastOverflows) {
  Hostile g;
  const uint64_t depth = deepest_recursion(g);
  ASSERT_GT(depth, 100u);
  for (int repeat = 0; repeat < 3; ++repeat) {
    EXPECT_EQ(Output(ok_value(g.call("recurse_to", Args().u64(depth).bytes()))).u64(), depth);
    EXPECT_EQ(error_json(g.call("recurse_to", Args().u64(depth + 1).bytes())),
              R"({"type":"WasmTrap","data":"StackOverflow"})");
  }
  // Half the stack budget, roughly half the depth.
  g.limits.max_stack_size /= 2;
  const uint64_t half = deepest_recursion(g);
  EXPECT_LT(half, depth);
  EXPECT_GT(half, depth / 3);
  g.expect_unharmed();
}

TEST(AppsHostile, MemoryBombStopsAtTheDefaultCap) {
  Hostile g;
  Output out(ok_value(g.call("memory_bomb")));
  EXPECT_EQ(out.u64(), 1007u);
  EXPECT_EQ(out.u64(), 1024u);
  out.expect_end();
  g.expect_unharmed();
}

TEST(AppsHostile, MemoryBombStopsAtALoweredCap) {
  VMLimits limits;
  limits.max_memory_pages = 64;
  Hostile g("app_hostile", limits);
  Output out(ok_value(g.call("memory_bomb")));
  EXPECT_EQ(out.u64(), 47u);
  EXPECT_EQ(out.u64(), 64u);
}

TEST(AppsHostile, MemoryBombTouchUsesTheLastByteOfTheCap) {
  Hostile g;
  Output out(ok_value(g.call("memory_bomb_touch")));
  EXPECT_EQ(out.u64(), 1007u);
  EXPECT_EQ(out.u64(), 1024u);
}

TEST(AppsHostile, MemoryBombStopsAtTheModulesOwnMaximum) {
  Hostile g("app_memory_max32");
  Output out(ok_value(g.call("memory_bomb")));
  EXPECT_EQ(out.u64(), 15u);
  EXPECT_EQ(out.u64(), 32u);
  RuntimeOptions unlimited;
  unlimited.unlimited_memory = true;
  Hostile u("app_memory_max32", {}, unlimited);
  Output out_unlimited(ok_value(u.call("memory_bomb_touch")));
  EXPECT_EQ(out_unlimited.u64(), 15u);
  EXPECT_EQ(out_unlimited.u64(), 32u);
}

TEST(AppsHostile, GrowAtAndPastTheCap) {
  Hostile g;
  Output five(ok_value(g.call("grow", Args().u64(5).bytes())));
  EXPECT_EQ(five.u64(), 17u);
  EXPECT_EQ(five.u64(), 22u);
  Output to_cap(ok_value(g.call("grow", Args().u64(1007).bytes())));
  EXPECT_EQ(to_cap.u64(), 17u);
  EXPECT_EQ(to_cap.u64(), 1024u);
  Output past(ok_value(g.call("grow", Args().u64(1008).bytes())));
  EXPECT_EQ(past.u64(), UINT64_MAX);
  EXPECT_EQ(past.u64(), 17u);
  Output huge(ok_value(g.call("grow", Args().u64(2000).bytes())));
  EXPECT_EQ(huge.u64(), UINT64_MAX);
  EXPECT_EQ(huge.u64(), 17u);
  Output zero(ok_value(g.call("grow", Args().u64(0).bytes())));
  EXPECT_EQ(zero.u64(), 17u);
  EXPECT_EQ(zero.u64(), 17u);
}

TEST(AppsHostile, MemoryDoesNotPersistBetweenExecutions) {
  Hostile g;
  ASSERT_TRUE(g.call("grow", Args().u64(100).bytes()).ok());
  Output after(ok_value(g.call("grow", Args().u64(0).bytes())));
  EXPECT_EQ(after.u64(), 17u);
}

// ---------------------------------------------------------------------------------------------
// Floods end at their limits

TEST(AppsHostile, LogFloodIsLogsOverflowWith1024LogsKept) {
  Hostile g;
  Outcome o = g.call("log_flood");
  EXPECT_EQ(error_json(o), host_error("LogsOverflow"));
  EXPECT_EQ(o.logs, std::vector<std::string>(1024, "flood"));
  g.expect_unharmed();
}

TEST(AppsHostile, EventFloodIsEventsOverflowWith100EventsKept) {
  Hostile g;
  Outcome o = g.call("event_flood");
  EXPECT_EQ(error_json(o), host_error("EventsOverflow"));
  EXPECT_EQ(o.events, std::vector<Event>(100, Event{"flood", bytes_of("x"), std::nullopt}));
  g.expect_unharmed();
}

TEST(AppsHostile, XcallFloodIsXCallsOverflowWith8CallsKept) {
  Hostile g;
  Outcome o = g.call("xcall_flood");
  EXPECT_EQ(error_json(o), host_error("XCallsOverflow"));
  EXPECT_EQ(o.xcalls, std::vector<XCall>(8, XCall{Id32{}, "flood", Bytes{}}));
  g.expect_unharmed();
}

TEST(AppsHostile, RegisterFloodIsInvalidMemoryAccess) {
  Hostile g;
  EXPECT_EQ(error_json(g.call("register_flood")), kIma);
  g.expect_unharmed();
}

TEST(AppsHostile, RegisterFloodAfterAStorageWriteRollsTheWriteBack) {
  Hostile g;  // "k" exists, so register 0 receives its previous value
  EXPECT_EQ(error_json(g.call("register_flood_storage")), kIma);
  EXPECT_EQ(g.store.get(bytes_of("k")), bytes_of("existing"));
  g.expect_unharmed();
}

TEST(AppsHostile, RegisterFloodOverAnEmptyStoreRollsTheWriteBack) {
  Guest g("app_hostile");
  EXPECT_EQ(error_json(g.call("register_flood_storage")), kIma);
  EXPECT_TRUE(g.store.empty());
}

TEST(AppsHostile, StorageFloodIsStorageWriteCountExceededAndWritesNothing) {
  Hostile g;
  Outcome o = g.call("storage_flood");
  EXPECT_EQ(error_json(o), host_error("StorageWriteCountExceeded", R"({"max":100000})"));
  g.expect_unharmed();
}

TEST(AppsHostile, BlobHandleFloodIsTooManyBlobHandlesAndAbortsEveryUpload) {
  Hostile g;
  MemoryBlobStore blobs;
  g.blobs = &blobs;
  EXPECT_EQ(error_json(g.call("blob_handle_flood")),
            host_error("TooManyBlobHandles", R"({"max":100})"));
  EXPECT_EQ(blobs.uploads_in_progress(), 0u);
  EXPECT_EQ(blobs.upload_stats().begun, 100u);
  EXPECT_EQ(blobs.upload_stats().aborted, 100u);
  EXPECT_EQ(blobs.blob_count(), 0u);
  g.expect_unharmed();
}

TEST(AppsHostile, BlobHandleFloodWithoutAStoreIsBlobsNotSupported) {
  Hostile g;
  EXPECT_EQ(error_json(g.call("blob_handle_flood")), host_error("BlobsNotSupported"));
  g.expect_unharmed();
}

// ---------------------------------------------------------------------------------------------
// Huge lengths

TEST(AppsHostile, HugeKeyLengthIsKeyLengthOverflow) {
  Hostile g;
  EXPECT_EQ(error_json(g.call("huge_key")), host_error("KeyLengthOverflow"));
  g.expect_unharmed();
}

TEST(AppsHostile, RealKeyOneBytePastTheLimitIsKeyLengthOverflow) {
  Hostile g;
  EXPECT_EQ(error_json(g.call("huge_key_backed")), host_error("KeyLengthOverflow"));
  g.expect_unharmed();
}

TEST(AppsHostile, HugeKeyReadIsKeyLengthOverflow) {
  Hostile g;
  EXPECT_EQ(error_json(g.call("huge_key_read")), host_error("KeyLengthOverflow"));
  g.expect_unharmed();
}

TEST(AppsHostile, HugeValueIsValueLengthOverflow) {
  Hostile g;
  EXPECT_EQ(error_json(g.call("huge_value")), host_error("ValueLengthOverflow"));
  g.expect_unharmed();
}

TEST(AppsHostile, HugeLogIsInvalidMemoryAccessBecauseItIsReadFirst) {
  Hostile g;
  Outcome o = g.call("huge_log");
  EXPECT_EQ(error_json(o), kIma);
  EXPECT_TRUE(o.logs.empty());
  g.expect_unharmed();
}

TEST(AppsHostile, HugeReturnIsReturnValueSizeOverflow) {
  Hostile g;
  EXPECT_EQ(
      error_json(g.call("huge_return")),
      host_error("ReturnValueSizeOverflow", R"({"size":18446744073709551615,"max":16777216})"));
  g.expect_unharmed();
}

TEST(AppsHostile, HostileRunsOneAfterAnotherOnOneStore) {
  Hostile g;
  g.limits.max_gas = 2'000'000;
  for (std::string_view method :
       {"spin", "recurse", "log_flood", "event_flood", "xcall_flood", "register_flood",
        "register_flood_storage", "huge_key", "huge_value", "huge_log", "huge_return"}) {
    SCOPED_TRACE(method);
    Outcome o = g.call(method);
    EXPECT_FALSE(o.ok());
    EXPECT_EQ(g.store, g.before);
  }
  g.expect_unharmed();
}

// ---------------------------------------------------------------------------------------------
// app_traps: engine traps map to WasmTrap (§9.2)

TEST(AppsTraps, EachEngineTrapMapsToItsWasmTrap) {
  Guest g("app_traps");
  for (auto [method, trap] :
       {std::pair{"unreachable", "Unreachable"}, std::pair{"div_zero", "IllegalArithmetic"},
        std::pair{"rem_zero", "IllegalArithmetic"}, std::pair{"div_overflow", "IllegalArithmetic"},
        std::pair{"trunc_nan", "IllegalArithmetic"},
        std::pair{"trunc_overflow", "IllegalArithmetic"},
        std::pair{"oob_load", "MemoryOutOfBounds"}, std::pair{"oob_store", "MemoryOutOfBounds"},
        std::pair{"oob_fill", "MemoryOutOfBounds"}, std::pair{"oob_copy", "MemoryOutOfBounds"},
        std::pair{"call_null", "IndirectCallToNull"},
        std::pair{"call_bad_signature", "BadSignature"},
        std::pair{"call_out_of_table", "MemoryOutOfBounds"}}) {
    SCOPED_TRACE(method);
    Outcome o = g.call(method);
    EXPECT_EQ(error_json(o), std::string(R"({"type":"WasmTrap","data":")") + trap + "\"}");
    EXPECT_TRUE(o.gas_used.has_value());
  }
}

TEST(AppsTraps, TrapMessagesAreTheReferenceTexts) {
  Guest g("app_traps");
  EXPECT_NE(to_json(g.call("div_zero")).find(R"("message":"illegal arithmetic operation")"),
            std::string::npos);
  EXPECT_NE(to_json(g.call("call_null")).find(R"("message":"indirect call to null")"),
            std::string::npos);
}

TEST(AppsTraps, NoopAfterTrapsIsOkNone) {
  Guest g("app_traps");
  ASSERT_FALSE(g.call("oob_store").ok());
  Outcome o = g.call("noop");
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(std::get<0>(o.returns), std::nullopt);
}

}  // namespace
}  // namespace ward::runtime
