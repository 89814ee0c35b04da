// The system, register and identity host functions (calimero-abi.md §4.1–§4.3, §3.4) driven
// through the guest apps app_system, app_registers and app_identity (tests/apps/README.md).
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
#include "ward/runtime/runtime.hpp"
#include "ward/storage/memory_store.hpp"

namespace ward::runtime {
namespace {

using apps::Args;
using apps::Output;

// ---------------------------------------------------------------------------------------------

const std::string kIma = host_error("InvalidMemoryAccess");
const std::string kBadUtf8 = host_error("BadUTF8");

// Overlong, surrogate, above U+10FFFF, a stray 0xFF and a truncated sequence.
const std::vector<Bytes> kBadUtf8Samples = {
    {0xC0, 0x80}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xFF}, {0xE2, 0x82}};

std::string guest_panic(std::string_view message, std::string_view file, uint32_t line,
                        uint32_t column) {
  return host_error("Panic", R"({"context":"Guest","message":")" + std::string(message) +
                                 R"(","location":{"file":")" + std::string(file) + R"(","line":)" +
                                 std::to_string(line) + R"(,"column":)" + std::to_string(column) +
                                 "}}");
}

// ---------------------------------------------------------------------------------------------
// app_system: panic, panic_utf8 (§4.1)

TEST(AppsSystem, NoopReturnsOkNoneWithGasUsed) {
  Guest g("app_system");
  Outcome o = g.call("noop");
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(std::get<0>(o.returns), std::nullopt);
  EXPECT_TRUE(o.gas_used.has_value());
}

TEST(AppsSystem, PanicFixedReportsExplicitPanicAtItsLocation) {
  Guest g("app_system");
  Outcome o = g.call("panic_fixed");
  EXPECT_EQ(error_json(o), guest_panic("explicit panic", "src/lib.rs", 12, 34));
  EXPECT_TRUE(o.gas_used.has_value());
}

TEST(AppsSystem, PanicUtf8FixedReportsMessageAndLocation) {
  Guest g("app_system");
  EXPECT_EQ(error_json(g.call("panic_utf8_fixed")), guest_panic("boom", "src/lib.rs", 56, 78));
}

TEST(AppsSystem, PanicUtf8WithEmptyMessageAndFileKeepsTheLocation) {
  Guest g("app_system");
  EXPECT_EQ(error_json(g.call("panic_utf8_empty")), guest_panic("", "", 0, 0));
}

TEST(AppsSystem, PanicUtf8KeepsMultiByteTextAndFullU32LineColumn) {
  Guest g("app_system");
  Outcome o = g.call("panic_utf8_unicode");
  ASSERT_NE(o.error(), nullptr);
  EXPECT_EQ(o.error()->kind, FunctionCallError::Kind::HostError);
  EXPECT_EQ(o.error()->host,
            HostError::panic(PanicContext::Guest, "\xcf\x80 \xe2\x9c\x93 \xf0\x9f\x98\x80",
                             Location{"src/\xc3\xbcn\xc3\xaf.rs", 4294967295u, 4294967295u}));
}

TEST(AppsSystem, PanicWithHeapLocation) {
  Guest g("app_system");
  auto input = Args().u64(1).heap().inline_bytes("a.rs").u64(7).u64(9).bytes();
  EXPECT_EQ(error_json(g.call("panic", input)), guest_panic("explicit panic", "a.rs", 7, 9));
}

TEST(AppsSystem, PanicCalledZeroTimesReturnsEmptyOk) {
  Guest g("app_system");
  auto input = Args().u64(0).heap().inline_bytes("a.rs").u64(7).u64(9).bytes();
  EXPECT_EQ(ok_value(g.call("panic", input)), Bytes{});
}

TEST(AppsSystem, PanicUsesOnlyTheLow32BitsOfLineAndColumn) {
  Guest g("app_system");
  // The harness truncates to the u32 fields of the Location descriptor.
  auto input = Args().u64(1).heap().inline_bytes("f").u64(0x1'0000'0005).u64(0xFFFFFFFF).bytes();
  EXPECT_EQ(error_json(g.call("panic", input)), guest_panic("explicit panic", "f", 5, 4294967295u));
}

TEST(AppsSystem, PanicWithBadUtf8FileIsBadUtf8) {
  Guest g("app_system");
  for (const Bytes& bad : kBadUtf8Samples) {
    SCOPED_TRACE(::testing::PrintToString(bad));
    auto input = Args().u64(1).heap().inline_bytes(bad).u64(1).u64(1).bytes();
    EXPECT_EQ(error_json(g.call("panic", input)), kBadUtf8);
  }
}

TEST(AppsSystem, PanicFileOutOfBoundsIsInvalidMemoryAccess) {
  Guest g("app_system");
  for (auto [ptr, len] : {std::pair<uint64_t, uint64_t>{1ull << 32, 1},
                          {1ull << 31, 1},
                          {1ull << 32, 0},
                          {8, UINT64_MAX}}) {
    SCOPED_TRACE(std::to_string(ptr) + "+" + std::to_string(len));
    auto input = Args().u64(1).heap().raw(ptr, len).u64(1).u64(1).bytes();
    EXPECT_EQ(error_json(g.call("panic", input)), kIma);
  }
}

TEST(AppsSystem, PanicFileEndingExactlyAtMemoryEndIsRead) {
  Guest g("app_system");
  auto at_end = Args().u64(1).heap().at_end(3, 0, 'z').u64(1).u64(2).bytes();
  EXPECT_EQ(error_json(g.call("panic", at_end)), guest_panic("explicit panic", "zzz", 1, 2));
  auto empty_at_end = Args().u64(1).heap().at_end(0, 0, 'z').u64(1).u64(2).bytes();
  EXPECT_EQ(error_json(g.call("panic", empty_at_end)), guest_panic("explicit panic", "", 1, 2));
}

TEST(AppsSystem, PanicFileOneBytePastMemoryEndIsInvalidMemoryAccess) {
  Guest g("app_system");
  EXPECT_EQ(
      error_json(g.call("panic", Args().u64(1).heap().at_end(3, 1, 'z').u64(1).u64(2).bytes())),
      kIma);
  EXPECT_EQ(
      error_json(g.call("panic", Args().u64(1).heap().at_end(0, 1, 'z').u64(1).u64(2).bytes())),
      kIma);
}

TEST(AppsSystem, PanicLocationDescriptorOutOfBoundsIsInvalidMemoryAccess) {
  Guest g("app_system");
  for (uint64_t addr : {uint64_t{1} << 32, UINT64_MAX - 3, UINT64_MAX}) {
    SCOPED_TRACE(addr);
    EXPECT_EQ(error_json(g.call("panic", Args().u64(1).address(addr).bytes())), kIma);
  }
}

TEST(AppsSystem, PanicLocationDescriptorAtMemoryEnd) {
  Guest g("app_system");
  auto fits = Args().u64(1).desc_at_end(0).inline_bytes("e.rs").u64(3).u64(4).bytes();
  EXPECT_EQ(error_json(g.call("panic", fits)), guest_panic("explicit panic", "e.rs", 3, 4));
  auto past = Args().u64(1).desc_at_end(1).inline_bytes("e.rs").u64(3).u64(4).bytes();
  EXPECT_EQ(error_json(g.call("panic", past)), kIma);
}

TEST(AppsSystem, PanicUtf8WithHeapDescriptors) {
  Guest g("app_system");
  auto input =
      Args().u64(1).heap().inline_bytes("bad state").heap().inline_bytes("m.rs").u64(10).u64(20);
  EXPECT_EQ(error_json(g.call("panic_utf8", input.bytes())),
            guest_panic("bad state", "m.rs", 10, 20));
}

TEST(AppsSystem, PanicUtf8MessageAtMemoryEnd) {
  Guest g("app_system");
  auto fits = Args().u64(1).heap().at_end(4, 0, 'm').heap().inline_bytes("f").u64(1).u64(1);
  EXPECT_EQ(error_json(g.call("panic_utf8", fits.bytes())), guest_panic("mmmm", "f", 1, 1));
  auto past = Args().u64(1).heap().at_end(4, 1, 'm').heap().inline_bytes("f").u64(1).u64(1);
  EXPECT_EQ(error_json(g.call("panic_utf8", past.bytes())), kIma);
}

TEST(AppsSystem, PanicUtf8BadMessageUtf8IsBadUtf8) {
  Guest g("app_system");
  for (const Bytes& bad : kBadUtf8Samples) {
    SCOPED_TRACE(::testing::PrintToString(bad));
    auto input = Args().u64(1).heap().inline_bytes(bad).heap().inline_bytes("f").u64(1).u64(1);
    EXPECT_EQ(error_json(g.call("panic_utf8", input.bytes())), kBadUtf8);
  }
}

TEST(AppsSystem, PanicUtf8ReadsTheMessageBeforeTheFile) {
  Guest g("app_system");
  // Bad message UTF-8 and a file out of bounds: the message's error.
  auto bad_msg =
      Args().u64(1).heap().inline_bytes(Bytes{0xFF}).heap().raw(1ull << 32, 1).u64(1).u64(1);
  EXPECT_EQ(error_json(g.call("panic_utf8", bad_msg.bytes())), kBadUtf8);
  // Message out of bounds and bad file UTF-8: the message's error again.
  auto oob_msg =
      Args().u64(1).heap().raw(1ull << 32, 1).heap().inline_bytes(Bytes{0xFF}).u64(1).u64(1);
  EXPECT_EQ(error_json(g.call("panic_utf8", oob_msg.bytes())), kIma);
  // Good message, bad file.
  auto bad_file = Args().u64(1).heap().inline_bytes("m").heap().inline_bytes(Bytes{0xC0, 0x80});
  EXPECT_EQ(error_json(g.call("panic_utf8", bad_file.u64(1).u64(1).bytes())), kBadUtf8);
}

TEST(AppsSystem, PanicUtf8ReadsBothDescriptorsBeforeAnyString) {
  Guest g("app_system");
  // The message is bad UTF-8 but the Location descriptor is out of bounds: R1 comes first.
  auto input = Args().u64(1).heap().inline_bytes(Bytes{0xFF}).address(1ull << 32);
  EXPECT_EQ(error_json(g.call("panic_utf8", input.bytes())), kIma);
  auto msg_desc_oob = Args().u64(1).address(UINT64_MAX - 3).heap().inline_bytes("f").u64(1).u64(1);
  EXPECT_EQ(error_json(g.call("panic_utf8", msg_desc_oob.bytes())), kIma);
}

// ---------------------------------------------------------------------------------------------
// app_registers: register_len, read_register, register limits (§4.2, §3.4)

// read_register's input `1, load_id, read_id, Desc<Buffer> dest`, dest a FILL whose length is
// the input's own length (the loaded register's length) plus `delta`.
Bytes read_register_input(uint64_t load_id, uint64_t read_id, int64_t delta, uint8_t fill) {
  auto make = [&](uint64_t n) {
    return Args().u64(1).u64(load_id).u64(read_id).heap().fill(n, fill).bytes();
  };
  uint64_t len = make(0).size();
  return make(static_cast<uint64_t>(static_cast<int64_t>(len) + delta));
}

TEST(AppsRegisters, RegisterMapIsEmptyAtStart) {
  Guest g("app_registers");
  Output out(ok_value(g.call("empty_at_start")));
  EXPECT_EQ(out.u64(), UINT64_MAX);
  EXPECT_EQ(out.u64(), UINT64_MAX);
  out.expect_end();
}

TEST(AppsRegisters, RegisterLenOfLoadedRegisterIsTheInputLength) {
  Guest g("app_registers");
  auto input = Args().u64(1).u64(5).u64(5).bytes();
  Output out(ok_value(g.call("register_len", input)));
  EXPECT_EQ(out.u64(), input.size());
  out.expect_end();
}

TEST(AppsRegisters, RegisterLenOfMissingRegisterIsU64Max) {
  Guest g("app_registers");
  for (uint64_t id : {uint64_t{0}, uint64_t{6}, UINT64_MAX}) {
    auto input = Args().u64(1).u64(5).u64(id).bytes();
    EXPECT_EQ(Output(ok_value(g.call("register_len", input))).u64(), UINT64_MAX) << id;
  }
}

TEST(AppsRegisters, ScratchRegisterHoldsTheWholeInput) {
  Guest g("app_registers");
  auto input = Args().u64(1).u64(apps::kNoLoad).u64(apps::kScratchRegister).bytes();
  EXPECT_EQ(Output(ok_value(g.call("register_len", input))).u64(), input.size());
}

TEST(AppsRegisters, ReadRegisterWithMatchingLengthCopiesTheBytes) {
  Guest g("app_registers");
  Bytes input = read_register_input(3, 3, 0, 0xAA);
  Output out(ok_value(g.call("read_register", input)));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), input);
  out.expect_end();
}

TEST(AppsRegisters, ReadRegisterIdsAreArbitraryU64Keys) {
  Guest g("app_registers");
  for (uint64_t id : {uint64_t{0}, apps::kScratchRegister - 1, UINT64_MAX - 1}) {
    Bytes input = read_register_input(id, id, 0, 0xAA);
    Output out(ok_value(g.call("read_register", input)));
    EXPECT_EQ(out.u64(), 1u) << id;
    EXPECT_EQ(out.block(), input) << id;
  }
}

TEST(AppsRegisters, ReadRegisterWithOtherLengthReturnsZeroAndLeavesDestUntouched) {
  Guest g("app_registers");
  for (int64_t delta : {-1, 1}) {
    Bytes input = read_register_input(3, 3, delta, 0xAA);
    Output out(ok_value(g.call("read_register", input)));
    EXPECT_EQ(out.u64(), 0u) << delta;
    EXPECT_EQ(out.block(), Bytes(input.size() + delta, 0xAA)) << delta;
  }
}

TEST(AppsRegisters, ReadRegisterLengthMismatchIgnoresAnOutOfBoundsDest) {
  Guest g("app_registers");
  auto input = Args().u64(1).u64(3).u64(3).heap().raw(1ull << 32, 3).bytes();
  Output out(ok_value(g.call("read_register", input)));
  EXPECT_EQ(out.u64(), 0u);
  EXPECT_EQ(out.block(), std::nullopt);
}

TEST(AppsRegisters, ReadRegisterMatchingLengthOutOfBoundsIsInvalidMemoryAccess) {
  Guest g("app_registers");
  auto make_raw = [](uint64_t ptr, uint64_t n) {
    return Args().u64(1).u64(3).u64(3).heap().raw(ptr, n).bytes();
  };
  uint64_t len = make_raw(0, 0).size();
  EXPECT_EQ(error_json(g.call("read_register", make_raw(1ull << 32, len))), kIma);
  EXPECT_EQ(error_json(g.call("read_register", make_raw(1ull << 31, len))), kIma);
}

TEST(AppsRegisters, ReadRegisterIntoDestEndingAtMemoryEnd) {
  Guest g("app_registers");
  auto make = [](uint64_t n, uint64_t overshoot) {
    return Args().u64(1).u64(3).u64(3).heap().at_end(n, overshoot, 0xAA).bytes();
  };
  uint64_t len = make(0, 0).size();
  Bytes fits = make(len, 0);
  Output out(ok_value(g.call("read_register", fits)));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), fits);
  EXPECT_EQ(error_json(g.call("read_register", make(len, 1))), kIma);
}

TEST(AppsRegisters, ReadRegisterOfMissingRegisterIsInvalidRegisterId) {
  Guest g("app_registers");
  auto input = Args().u64(1).u64(apps::kNoLoad).u64(9).heap().fill(4, 0).bytes();
  EXPECT_EQ(error_json(g.call("read_register", input)),
            host_error("InvalidRegisterId", R"({"id":9})"));
  auto max_id = Args().u64(1).u64(apps::kNoLoad).u64(UINT64_MAX).heap().fill(4, 0).bytes();
  EXPECT_EQ(error_json(g.call("read_register", max_id)),
            host_error("InvalidRegisterId", R"({"id":18446744073709551615})"));
}

TEST(AppsRegisters, ReadRegisterReadsTheDescriptorBeforeLookingUpTheRegister) {
  Guest g("app_registers");
  auto input = Args().u64(1).u64(apps::kNoLoad).u64(9).address(1ull << 32).bytes();
  EXPECT_EQ(error_json(g.call("read_register", input)), kIma);
  auto at_end = Args().u64(1).u64(apps::kNoLoad).u64(9).desc_at_end(1).fill(4, 0).bytes();
  EXPECT_EQ(error_json(g.call("read_register", at_end)), kIma);
}

// fill_registers: `count, base_id, step, pad_len, pad` -> u64 count.
Bytes fill_registers_input(uint64_t count, uint64_t base, uint64_t step, uint64_t pad_len) {
  return Args().u64(count).u64(base).u64(step).u64(pad_len).raw_bytes(Bytes(pad_len, 'p')).bytes();
}

TEST(AppsRegisters, NinetyNineRegistersPlusScratchReachTheCountLimit) {
  Guest g("app_registers");
  EXPECT_EQ(Output(ok_value(g.call("fill_registers", fill_registers_input(99, 0, 1, 0)))).u64(),
            99u);
}

TEST(AppsRegisters, TheHundredAndFirstRegisterIsInvalidMemoryAccess) {
  Guest g("app_registers");
  EXPECT_EQ(error_json(g.call("fill_registers", fill_registers_input(100, 0, 1, 0))), kIma);
}

TEST(AppsRegisters, RewritingOneRegisterNeverHitsTheCountLimit) {
  Guest g("app_registers");
  EXPECT_EQ(Output(ok_value(g.call("fill_registers", fill_registers_input(1000, 4, 0, 0)))).u64(),
            1000u);
}

TEST(AppsRegisters, LoweredRegisterCountLimitAtAndPastTheBoundary) {
  VMLimits limits;
  limits.max_registers = 5;
  Guest g("app_registers", limits);
  EXPECT_EQ(Output(ok_value(g.call("fill_registers", fill_registers_input(4, 0, 1, 0)))).u64(), 4u);
  EXPECT_EQ(error_json(g.call("fill_registers", fill_registers_input(5, 0, 1, 0))), kIma);
}

TEST(AppsRegisters, RegisterSizeLimitAtAndPastTheInputLength) {
  // The input is 32 + pad bytes; loading it into the scratch register is the first write.
  const uint64_t pad = 100;
  const uint64_t input_len = 32 + pad;
  {
    VMLimits limits;
    limits.max_register_size = input_len;
    Guest g("app_registers", limits);
    EXPECT_EQ(Output(ok_value(g.call("fill_registers", fill_registers_input(3, 0, 1, pad)))).u64(),
              3u);
  }
  {
    VMLimits limits;
    limits.max_register_size = input_len - 1;
    Guest g("app_registers", limits);
    EXPECT_EQ(error_json(g.call("fill_registers", fill_registers_input(3, 0, 1, pad))), kIma);
  }
}

TEST(AppsRegisters, RegisterCapacityCountsEightBytesPerRegisterPlusLength) {
  const uint64_t pad = 64;
  const uint64_t cost = 8 + 32 + pad;  // one register holding the whole input
  // Scratch + 2 loaded registers.
  {
    VMLimits limits;
    limits.max_register_size = 32 + pad;
    limits.max_registers_capacity = 3 * cost;
    Guest g("app_registers", limits);
    EXPECT_EQ(Output(ok_value(g.call("fill_registers", fill_registers_input(2, 0, 1, pad)))).u64(),
              2u);
  }
  {
    VMLimits limits;
    limits.max_register_size = 32 + pad;
    limits.max_registers_capacity = 3 * cost - 1;
    Guest g("app_registers", limits);
    EXPECT_EQ(error_json(g.call("fill_registers", fill_registers_input(2, 0, 1, pad))), kIma);
  }
}

TEST(AppsRegisters, ReplacingARegisterReleasesItsOldCapacity) {
  const uint64_t pad = 64;
  const uint64_t cost = 8 + 32 + pad;
  VMLimits limits;
  limits.max_register_size = 32 + pad;
  limits.max_registers_capacity = 2 * cost;  // scratch + one more, rewritten many times
  Guest g("app_registers", limits);
  EXPECT_EQ(Output(ok_value(g.call("fill_registers", fill_registers_input(50, 7, 0, pad)))).u64(),
            50u);
}

TEST(AppsRegisters, RegistersDoNotSurviveTheExecution) {
  Guest g("app_registers");
  ok_value(g.call("fill_registers", fill_registers_input(3, 0, 1, 0)));
  Output out(ok_value(g.call("empty_at_start")));
  EXPECT_EQ(out.u64(), UINT64_MAX);
}

// ---------------------------------------------------------------------------------------------
// app_identity: context_id, account_id, device_id, executor_id, xcall_origin (§4.3)

Bytes id_bytes(const Id32& id) { return Bytes(id.begin(), id.end()); }

TEST(AppsIdentity, EachIdentityFunctionWritesItsThirtyTwoBytes) {
  Guest g("app_identity");
  for (auto [method, expected] : {std::pair{"context_id", g.context.context_id},
                                  std::pair{"account_id", g.context.account_id},
                                  std::pair{"device_id", g.context.executor_public_key},
                                  std::pair{"executor_id", g.context.account_id}}) {
    SCOPED_TRACE(method);
    Output out(ok_value(g.call(method, Args().u64(1).u64(4).bytes())));
    EXPECT_EQ(out.block(), id_bytes(expected));
    out.expect_end();
  }
}

TEST(AppsIdentity, ExecutorIdIsTheDeviceKeyWithTheDeviceOption) {
  RuntimeOptions options;
  options.executor_id = ExecutorIdMode::Device;
  Guest g("app_identity", {}, options);
  Output out(ok_value(g.call("executor_id", Args().u64(1).u64(4).bytes())));
  EXPECT_EQ(out.block(), id_bytes(g.context.executor_public_key));
}

TEST(AppsIdentity, NotCallingLeavesTheRegisterAbsent) {
  Guest g("app_identity");
  Output out(ok_value(g.call("context_id", Args().u64(0).u64(4).bytes())));
  EXPECT_EQ(out.block(), std::nullopt);
}

TEST(AppsIdentity, IdentityIntoTheScratchRegisterReplacesTheInput) {
  Guest g("app_identity");
  Output out(ok_value(g.call("account_id", Args().u64(1).u64(apps::kScratchRegister).bytes())));
  EXPECT_EQ(out.block(), id_bytes(g.context.account_id));
}

TEST(AppsIdentity, IdentityWriteBeyondTheRegisterLimitIsInvalidMemoryAccess) {
  VMLimits limits;
  limits.max_registers = 1;  // only the scratch register fits
  Guest g("app_identity", limits);
  EXPECT_EQ(error_json(g.call("context_id", Args().u64(1).u64(4).bytes())), kIma);
}

TEST(AppsIdentity, XcallOriginWithoutOriginReturnsZeroAndLeavesTheRegister) {
  Guest g("app_identity");
  auto preloaded = Args().u64(1).u64(1).u64(6).bytes();
  Output out(ok_value(g.call("xcall_origin", preloaded)));
  EXPECT_EQ(out.u64(), 0u);
  EXPECT_EQ(out.block(), preloaded);  // still the input
  out.expect_end();

  Output absent(ok_value(g.call("xcall_origin", Args().u64(1).u64(0).u64(6).bytes())));
  EXPECT_EQ(absent.u64(), 0u);
  EXPECT_EQ(absent.block(), std::nullopt);
}

TEST(AppsIdentity, XcallOriginWritesTheSourceContext) {
  Guest g("app_identity");
  g.context.xcall_origin = id_from(0x70);
  Output out(ok_value(g.call("xcall_origin", Args().u64(1).u64(1).u64(6).bytes())));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.block(), id_bytes(id_from(0x70)));
}

TEST(AppsIdentity, AllIdentitiesInOneCallWithoutOrigin) {
  Guest g("app_identity");
  Output out(ok_value(g.call("all")));
  EXPECT_EQ(out.take(32), id_bytes(g.context.context_id));
  EXPECT_EQ(out.take(32), id_bytes(g.context.account_id));
  EXPECT_EQ(out.take(32), id_bytes(g.context.executor_public_key));
  EXPECT_EQ(out.take(32), id_bytes(g.context.account_id));
  EXPECT_EQ(out.u64(), 0u);
  out.expect_end();
}

TEST(AppsIdentity, AllIdentitiesInOneCallWithOrigin) {
  RuntimeOptions options;
  options.executor_id = ExecutorIdMode::Device;
  Guest g("app_identity", {}, options);
  g.context.xcall_origin = id_from(0x90);
  Output out(ok_value(g.call("all")));
  EXPECT_EQ(out.take(32), id_bytes(g.context.context_id));
  EXPECT_EQ(out.take(32), id_bytes(g.context.account_id));
  EXPECT_EQ(out.take(32), id_bytes(g.context.executor_public_key));
  EXPECT_EQ(out.take(32), id_bytes(g.context.executor_public_key));
  EXPECT_EQ(out.u64(), 1u);
  EXPECT_EQ(out.take(32), id_bytes(id_from(0x90)));
  out.expect_end();
}

}  // namespace
}  // namespace ward::runtime
