// Input, return values, logs, events, cross-context calls and the migration witness
// (calimero-abi.md §4.4) driven through the guest app app_io (tests/apps/README.md), with every
// §5.1 limit of the group at its boundary.
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

Bytes bytes_of(std::string_view s) { return Bytes(s.begin(), s.end()); }

const std::string kIma = host_error("InvalidMemoryAccess");
const std::string kBadUtf8 = host_error("BadUTF8");

const std::vector<Bytes> kBadUtf8Samples = {
    {0xC0, 0x80}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80}, {0xFF}, {0xE2, 0x82}};

const Bytes kContext32(32, 0xC1);

// ---------------------------------------------------------------------------------------------
// echo, input, value_return

TEST(AppsIo, EchoReturnsTheInputVerbatim) {
  Guest g("app_io");
  Bytes input = {0x00, 0xFF, 'a', 0x80};
  EXPECT_EQ(ok_value(g.call("echo", input)), input);
}

TEST(AppsIo, EchoOfEmptyInputIsOkEmptyNotNone) {
  Guest g("app_io");
  Outcome o = g.call("echo");
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(std::get<0>(o.returns), Bytes{});
  EXPECT_TRUE(to_json(o).starts_with(R"({"returns":{"ok":{"base64":"","utf8":""}},)"));
}

TEST(AppsIo, EchoErrIsAnExecutionErrorWithTheBytes) {
  Guest g("app_io");
  Outcome o = g.call("echo_err", bytes_of("\"no\""));
  EXPECT_EQ(error_json(o), R"({"type":"ExecutionError","data":[34,110,111,34]})");
  EXPECT_TRUE(o.gas_used.has_value());
}

TEST(AppsIo, NoReturnIsOkNone) {
  Guest g("app_io");
  Outcome o = g.call("no_return");
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(std::get<0>(o.returns), std::nullopt);
}

TEST(AppsIo, InputCopiesTheWholeInputIntoTheRegister) {
  Guest g("app_io");
  auto input = Args().u64(2).u64(11).bytes();
  Output out(ok_value(g.call("input", input)));
  EXPECT_EQ(out.block(), input);
  out.expect_end();
}

Bytes value_return_input(uint64_t tag, std::string_view value, uint64_t count = 1) {
  return Args().u64(count).heap().u64(tag).inline_bytes(value).bytes();
}

TEST(AppsIo, ValueReturnTagZeroIsOk) {
  Guest g("app_io");
  EXPECT_EQ(ok_value(g.call("value_return", value_return_input(0, "hi"))), bytes_of("hi"));
}

TEST(AppsIo, ValueReturnTagOneIsExecutionError) {
  Guest g("app_io");
  EXPECT_EQ(error_json(g.call("value_return", value_return_input(1, "e"))),
            R"({"type":"ExecutionError","data":[101]})");
}

TEST(AppsIo, ValueReturnOtherTagIsDeserializationError) {
  Guest g("app_io");
  for (uint64_t tag : {uint64_t{2}, uint64_t{256}, UINT64_MAX}) {
    EXPECT_EQ(error_json(g.call("value_return", value_return_input(tag, "x"))),
              host_error("DeserializationError"))
        << tag;
  }
}

TEST(AppsIo, ValueReturnNeverCalledIsOkNone) {
  Guest g("app_io");
  Outcome o = g.call("value_return", value_return_input(0, "hi", 0));
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(std::get<0>(o.returns), std::nullopt);
}

TEST(AppsIo, ValueReturnEmptyPayloadIsOkEmpty) {
  Guest g("app_io");
  EXPECT_EQ(ok_value(g.call("value_return", value_return_input(0, ""))), Bytes{});
}

TEST(AppsIo, ReturnTwiceTheLastCallWins) {
  Guest g("app_io");
  auto ok_then_err = Args().u64(0).inline_bytes("a").u64(1).inline_bytes("b").bytes();
  EXPECT_EQ(error_json(g.call("return_twice", ok_then_err)),
            R"({"type":"ExecutionError","data":[98]})");
  auto err_then_ok = Args().u64(1).inline_bytes("a").u64(0).inline_bytes("b").bytes();
  EXPECT_EQ(ok_value(g.call("return_twice", err_then_ok)), bytes_of("b"));
}

TEST(AppsIo, ReturnValueAtTheSizeLimitIsReturned) {
  Guest g("app_io");
  auto input = Args().u64(1).heap().u64(0).fill(16'777'216, 'r').bytes();
  Bytes value = ok_value(g.call("value_return", input));
  EXPECT_EQ(value, Bytes(16'777'216, 'r'));
}

TEST(AppsIo, ReturnValueOnePastTheSizeLimitIsReturnValueSizeOverflow) {
  Guest g("app_io");
  const std::string expected =
      host_error("ReturnValueSizeOverflow", R"({"size":16777217,"max":16777216})");
  auto filled = Args().u64(1).heap().u64(0).fill(16'777'217, 'r').bytes();
  EXPECT_EQ(error_json(g.call("value_return", filled)), expected);
  // Checked before the payload is read.
  auto raw = Args().u64(1).heap().u64(0).raw(0, 16'777'217).bytes();
  EXPECT_EQ(error_json(g.call("value_return", raw)), expected);
}

TEST(AppsIo, ReturnValueSizeIsCheckedBeforeTheTag) {
  Guest g("app_io");
  auto input = Args().u64(1).heap().u64(7).raw(0, 16'777'217).bytes();
  EXPECT_EQ(error_json(g.call("value_return", input)),
            host_error("ReturnValueSizeOverflow", R"({"size":16777217,"max":16777216})"));
}

TEST(AppsIo, ReturnValueWithLoweredLimit) {
  VMLimits limits;
  limits.max_return_value_size = 4;
  Guest g("app_io", limits);
  EXPECT_EQ(ok_value(g.call("value_return", value_return_input(0, "four"))), bytes_of("four"));
  EXPECT_EQ(error_json(g.call("value_return", value_return_input(0, "five!"))),
            host_error("ReturnValueSizeOverflow", R"({"size":5,"max":4})"));
}

TEST(AppsIo, ReturnValuePayloadOutOfBoundsIsInvalidMemoryAccess) {
  Guest g("app_io");
  for (auto [ptr, len] :
       {std::pair<uint64_t, uint64_t>{1ull << 32, 1}, {1ull << 31, 1}, {1ull << 32, 0}}) {
    SCOPED_TRACE(std::to_string(ptr) + "+" + std::to_string(len));
    auto input = Args().u64(1).heap().u64(0).raw(ptr, len).bytes();
    EXPECT_EQ(error_json(g.call("value_return", input)), kIma);
  }
}

TEST(AppsIo, ReturnValuePayloadAtMemoryEnd) {
  Guest g("app_io");
  EXPECT_EQ(ok_value(g.call("value_return", Args().u64(1).heap().u64(0).at_end(5, 0, 'q').bytes())),
            Bytes(5, 'q'));
  EXPECT_EQ(ok_value(g.call("value_return", Args().u64(1).heap().u64(0).at_end(0, 0, 'q').bytes())),
            Bytes{});
  EXPECT_EQ(
      error_json(g.call("value_return", Args().u64(1).heap().u64(0).at_end(5, 1, 'q').bytes())),
      kIma);
  EXPECT_EQ(
      error_json(g.call("value_return", Args().u64(1).heap().u64(0).at_end(0, 1, 'q').bytes())),
      kIma);
}

TEST(AppsIo, ValueReturnDescriptorAtMemoryEnd) {
  Guest g("app_io");
  auto fits = Args().u64(1).desc_at_end(0).u64(0).inline_bytes("end").bytes();
  EXPECT_EQ(ok_value(g.call("value_return", fits)), bytes_of("end"));
  for (uint64_t overshoot : {1, 8, 16, 24}) {
    SCOPED_TRACE(overshoot);
    auto past = Args().u64(1).desc_at_end(overshoot).u64(0).inline_bytes("end").bytes();
    EXPECT_EQ(error_json(g.call("value_return", past)), kIma);
  }
}

TEST(AppsIo, ValueReturnDescriptorAddressOutOfBoundsOrOverflowing) {
  Guest g("app_io");
  for (uint64_t addr : {uint64_t{1} << 32, UINT64_MAX - 3, UINT64_MAX - 7, UINT64_MAX}) {
    SCOPED_TRACE(addr);
    EXPECT_EQ(error_json(g.call("value_return", Args().u64(1).address(addr).bytes())), kIma);
  }
}

// ---------------------------------------------------------------------------------------------
// log_utf8

Bytes log_input(uint64_t count, Args payload) {
  Args a;
  a.u64(count).heap();
  a.raw_bytes(payload.bytes());
  return a.bytes();
}

TEST(AppsIo, LogAppendsTheMessage) {
  Guest g("app_io");
  Outcome o = g.call("log_utf8", log_input(2, Args().inline_bytes("hello")));
  EXPECT_EQ(ok_value(o), Bytes{});
  EXPECT_EQ(o.logs, (std::vector<std::string>{"hello", "hello"}));
}

TEST(AppsIo, LogAcceptsEmptyAndMultiByteMessages) {
  Guest g("app_io");
  EXPECT_EQ(g.call("log_utf8", log_input(1, Args().inline_bytes(""))).logs,
            std::vector<std::string>{""});
  const std::string max_scalar = "\xF4\x8F\xBF\xBF \xE2\x82\xAC";
  EXPECT_EQ(g.call("log_utf8", log_input(1, Args().inline_bytes(max_scalar))).logs,
            std::vector<std::string>{max_scalar});
}

TEST(AppsIo, LogCountAtTheLimitIsKept) {
  Guest g("app_io");
  Outcome o = g.call("log_utf8", log_input(1024, Args().inline_bytes("l")));
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(o.logs.size(), 1024u);
}

TEST(AppsIo, LogCountOnePastTheLimitIsLogsOverflowKeepingTheFirst1024) {
  Guest g("app_io");
  Outcome o = g.call("log_utf8", log_input(1025, Args().inline_bytes("l")));
  EXPECT_EQ(error_json(o), host_error("LogsOverflow"));
  EXPECT_EQ(o.logs, std::vector<std::string>(1024, "l"));
}

TEST(AppsIo, LogLengthAtAndPastTheLimit) {
  Guest g("app_io");
  Outcome at = g.call("log_utf8", log_input(1, Args().fill(16'384, 'a')));
  ASSERT_TRUE(at.ok()) << error_json(at);
  EXPECT_EQ(at.logs, std::vector<std::string>{std::string(16'384, 'a')});
  Outcome past = g.call("log_utf8", log_input(1, Args().fill(16'385, 'a')));
  EXPECT_EQ(error_json(past), host_error("LogLengthOverflow"));
  EXPECT_TRUE(past.logs.empty());
}

TEST(AppsIo, LogLengthIsCountedInBytesNotCharacters) {
  Guest g("app_io");
  std::string euros;
  for (int i = 0; i < 5462; ++i) euros += "\xE2\x82\xAC";  // 16386 bytes, 5462 characters
  EXPECT_EQ(error_json(g.call("log_utf8", log_input(1, Args().inline_bytes(euros)))),
            host_error("LogLengthOverflow"));
}

TEST(AppsIo, LogMessageIsReadBeforeTheSizeCheck) {
  Guest g("app_io");
  EXPECT_EQ(error_json(g.call("log_utf8", log_input(1, Args().raw(1ull << 32, 16'385)))), kIma);
}

TEST(AppsIo, LogUtf8IsCheckedBeforeTheCountLimit) {
  VMLimits limits;
  limits.max_logs = 0;
  Guest g("app_io", limits);
  EXPECT_EQ(error_json(g.call("log_utf8", log_input(1, Args().inline_bytes(Bytes{0xFF})))),
            kBadUtf8);
  EXPECT_EQ(error_json(g.call("log_utf8", log_input(1, Args().inline_bytes("ok")))),
            host_error("LogsOverflow"));
}

TEST(AppsIo, LogCountIsCheckedBeforeTheLength) {
  VMLimits limits;
  limits.max_logs = 0;
  Guest g("app_io", limits);
  EXPECT_EQ(error_json(g.call("log_utf8", log_input(1, Args().fill(16'385, 'a')))),
            host_error("LogsOverflow"));
}

TEST(AppsIo, LogBadUtf8IsBadUtf8) {
  Guest g("app_io");
  for (const Bytes& bad : kBadUtf8Samples) {
    SCOPED_TRACE(::testing::PrintToString(bad));
    Outcome o = g.call("log_utf8", log_input(1, Args().inline_bytes(bad)));
    EXPECT_EQ(error_json(o), kBadUtf8);
    EXPECT_TRUE(o.logs.empty());
  }
}

TEST(AppsIo, LogMalformedPayloads) {
  Guest g("app_io");
  for (auto [ptr, len] : {std::pair<uint64_t, uint64_t>{1ull << 32, 1},
                          {1ull << 31, 1},
                          {1ull << 32, 0},
                          {8, UINT64_MAX}}) {
    SCOPED_TRACE(std::to_string(ptr) + "+" + std::to_string(len));
    EXPECT_EQ(error_json(g.call("log_utf8", log_input(1, Args().raw(ptr, len)))), kIma);
  }
  EXPECT_EQ(g.call("log_utf8", log_input(1, Args().at_end(3, 0, 'e'))).logs,
            std::vector<std::string>{"eee"});
  EXPECT_EQ(g.call("log_utf8", log_input(1, Args().at_end(0, 0, 'e'))).logs,
            std::vector<std::string>{""});
  EXPECT_EQ(error_json(g.call("log_utf8", log_input(1, Args().at_end(3, 1, 'e')))), kIma);
  EXPECT_EQ(error_json(g.call("log_utf8", log_input(1, Args().at_end(0, 1, 'e')))), kIma);
}

TEST(AppsIo, LogDescriptorOutOfBounds) {
  Guest g("app_io");
  for (uint64_t addr : {uint64_t{1} << 32, UINT64_MAX - 3}) {
    EXPECT_EQ(error_json(g.call("log_utf8", Args().u64(1).address(addr).bytes())), kIma) << addr;
  }
  EXPECT_EQ(g.call("log_utf8", Args().u64(1).desc_at_end(0).inline_bytes("d").bytes()).logs,
            std::vector<std::string>{"d"});
  EXPECT_EQ(error_json(g.call("log_utf8", Args().u64(1).desc_at_end(1).inline_bytes("d").bytes())),
            kIma);
}

// ---------------------------------------------------------------------------------------------
// js_std_d_print (raw pointer and length, lossy UTF-8)

Bytes print_input(uint64_t count, Args msg, uint64_t ctx = 0) {
  Args a;
  a.u64(count).u64(ctx);
  a.raw_bytes(msg.bytes());
  return a.bytes();
}

TEST(AppsIo, PrintAppendsALogAndReturnsZero) {
  Guest g("app_io");
  Outcome o = g.call("js_std_d_print", print_input(1, Args().inline_bytes("dbg"), UINT64_MAX));
  Output out(ok_value(o));
  EXPECT_EQ(out.u64(), 0u);
  EXPECT_EQ(o.logs, std::vector<std::string>{"dbg"});
}

TEST(AppsIo, PrintReplacesEachMaximalInvalidSubpartWithOneReplacementCharacter) {
  Guest g("app_io");
  const std::string r = "\xEF\xBF\xBD";  // U+FFFD
  struct Case {
    Bytes in;
    std::string out;
  };
  for (const Case& c :
       {Case{{'a', 0xFF, 'b'}, "a" + r + "b"},
        Case{{0xE2, 0x82, 'A'}, r + "A"},                  // truncated sequence: one U+FFFD
        Case{{0xE2, 0x82}, r}, Case{{0xC0, 0x80}, r + r},  // overlong lead bytes are never valid
        Case{{0xED, 0xA0, 0x80}, r + r + r}, Case{{0xF0, 0x80, 0x80}, r + r + r},
        Case{{0xF4, 0x90, 0x80, 0x80}, r + r + r + r}, Case{{0xF0, 0x9F, 0x98}, r},
        Case{{0xF0, 0x9F, 0x98, 0x80}, "\xF0\x9F\x98\x80"}}) {
    SCOPED_TRACE(::testing::PrintToString(c.in));
    Outcome o = g.call("js_std_d_print", print_input(1, Args().inline_bytes(c.in)));
    ASSERT_TRUE(o.ok()) << error_json(o);
    EXPECT_EQ(o.logs, std::vector<std::string>{c.out});
  }
}

TEST(AppsIo, PrintCountLimitIsSharedWithLogs) {
  Guest g("app_io");
  EXPECT_EQ(g.call("js_std_d_print", print_input(1024, Args().inline_bytes("p"))).logs.size(),
            1024u);
  Outcome past = g.call("js_std_d_print", print_input(1025, Args().inline_bytes("p")));
  EXPECT_EQ(error_json(past), host_error("LogsOverflow"));
  EXPECT_EQ(past.logs.size(), 1024u);
}

TEST(AppsIo, PrintSizeLimitAppliesToTheDecodedText) {
  Guest g("app_io");
  EXPECT_TRUE(g.call("js_std_d_print", print_input(1, Args().fill(16'384, 'a'))).ok());
  EXPECT_EQ(error_json(g.call("js_std_d_print", print_input(1, Args().fill(16'385, 'a')))),
            host_error("LogLengthOverflow"));
  // 5461 invalid bytes decode to 16383 bytes of U+FFFD; 5462 to 16386.
  Outcome at = g.call("js_std_d_print", print_input(1, Args().fill(5461, 0xFF)));
  ASSERT_TRUE(at.ok()) << error_json(at);
  EXPECT_EQ(at.logs.at(0).size(), 16'383u);
  EXPECT_EQ(error_json(g.call("js_std_d_print", print_input(1, Args().fill(5462, 0xFF)))),
            host_error("LogLengthOverflow"));
}

TEST(AppsIo, PrintWithZeroLengthIgnoresThePointer) {
  Guest g("app_io");
  Outcome o = g.call("js_std_d_print", print_input(1, Args().raw(UINT64_MAX, 0)));
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(o.logs, std::vector<std::string>{""});
}

TEST(AppsIo, PrintMalformedRanges) {
  Guest g("app_io");
  for (auto [ptr, len] :
       {std::pair<uint64_t, uint64_t>{1ull << 32, 1}, {1ull << 31, 1}, {8, UINT64_MAX}}) {
    SCOPED_TRACE(std::to_string(ptr) + "+" + std::to_string(len));
    EXPECT_EQ(error_json(g.call("js_std_d_print", print_input(1, Args().raw(ptr, len)))), kIma);
  }
  EXPECT_EQ(g.call("js_std_d_print", print_input(1, Args().at_end(2, 0, 'x'))).logs,
            std::vector<std::string>{"xx"});
  EXPECT_EQ(error_json(g.call("js_std_d_print", print_input(1, Args().at_end(2, 1, 'x')))), kIma);
}

// ---------------------------------------------------------------------------------------------
// emit, emit_with_handler

Bytes emit_input(uint64_t count, Args kind, Args data) {
  Args a;
  a.u64(count).heap();
  a.raw_bytes(kind.bytes());
  a.raw_bytes(data.bytes());
  return a.bytes();
}

TEST(AppsIo, EmitAppendsAnEventWithoutHandler) {
  Guest g("app_io");
  Outcome o = g.call(
      "emit", emit_input(1, Args().inline_bytes("kind"), Args().inline_bytes(Bytes{0xFF, 0})));
  EXPECT_EQ(ok_value(o), Bytes{});
  EXPECT_EQ(o.events, (std::vector<Event>{Event{"kind", Bytes{0xFF, 0}, std::nullopt}}));
}

TEST(AppsIo, EmitCountAtAndPastTheLimit) {
  Guest g("app_io");
  Outcome at = g.call("emit", emit_input(100, Args().inline_bytes("k"), Args().inline_bytes("d")));
  ASSERT_TRUE(at.ok()) << error_json(at);
  EXPECT_EQ(at.events.size(), 100u);
  Outcome past =
      g.call("emit", emit_input(101, Args().inline_bytes("k"), Args().inline_bytes("d")));
  EXPECT_EQ(error_json(past), host_error("EventsOverflow"));
  EXPECT_EQ(past.events.size(), 100u);
}

TEST(AppsIo, EmitKindSizeAtAndPastTheLimit) {
  Guest g("app_io");
  Outcome at = g.call("emit", emit_input(1, Args().fill(100, 'k'), Args().inline_bytes("")));
  ASSERT_TRUE(at.ok()) << error_json(at);
  EXPECT_EQ(at.events.at(0).kind, std::string(100, 'k'));
  EXPECT_EQ(
      error_json(g.call("emit", emit_input(1, Args().fill(101, 'k'), Args().inline_bytes("")))),
      host_error("EventKindSizeOverflow"));
}

TEST(AppsIo, EmitDataSizeAtAndPastTheLimit) {
  Guest g("app_io");
  Outcome at = g.call("emit", emit_input(1, Args().inline_bytes("k"), Args().fill(16'384, 0)));
  ASSERT_TRUE(at.ok()) << error_json(at);
  EXPECT_EQ(at.events.at(0).data, Bytes(16'384, 0));
  EXPECT_EQ(
      error_json(g.call("emit", emit_input(1, Args().inline_bytes("k"), Args().fill(16'385, 0)))),
      host_error("EventDataSizeOverflow"));
}

TEST(AppsIo, EmitSizesAreCheckedBeforeThePayloadsAreRead) {
  Guest g("app_io");
  EXPECT_EQ(error_json(g.call(
                "emit", emit_input(1, Args().raw(1ull << 32, 101), Args().raw(1ull << 32, 1)))),
            host_error("EventKindSizeOverflow"));
  EXPECT_EQ(error_json(g.call(
                "emit", emit_input(1, Args().raw(1ull << 32, 1), Args().raw(1ull << 32, 16'385)))),
            host_error("EventDataSizeOverflow"));
}

TEST(AppsIo, EmitChecksKindSizeThenDataSizeThenCount) {
  VMLimits limits;
  limits.max_events = 0;
  Guest g("app_io", limits);
  EXPECT_EQ(
      error_json(g.call("emit", emit_input(1, Args().fill(101, 'k'), Args().fill(16'385, 0)))),
      host_error("EventKindSizeOverflow"));
  EXPECT_EQ(error_json(g.call("emit", emit_input(1, Args().fill(1, 'k'), Args().fill(16'385, 0)))),
            host_error("EventDataSizeOverflow"));
  EXPECT_EQ(error_json(
                g.call("emit", emit_input(1, Args().inline_bytes(Bytes{0xFF}), Args().fill(1, 0)))),
            host_error("EventsOverflow"));
}

TEST(AppsIo, EmitKindMustBeUtf8) {
  Guest g("app_io");
  for (const Bytes& bad : kBadUtf8Samples) {
    SCOPED_TRACE(::testing::PrintToString(bad));
    EXPECT_EQ(error_json(
                  g.call("emit", emit_input(1, Args().inline_bytes(bad), Args().inline_bytes("")))),
              kBadUtf8);
  }
}

TEST(AppsIo, EmitKindIsReadBeforeData) {
  Guest g("app_io");
  EXPECT_EQ(error_json(g.call("emit", emit_input(1, Args().inline_bytes(Bytes{0xFF}),
                                                 Args().raw(1ull << 32, 1)))),
            kBadUtf8);
}

TEST(AppsIo, EmitMalformedPayloadsAndDescriptors) {
  Guest g("app_io");
  EXPECT_EQ(
      error_json(g.call("emit", emit_input(1, Args().raw(1ull << 32, 1), Args().inline_bytes("")))),
      kIma);
  EXPECT_EQ(error_json(
                g.call("emit", emit_input(1, Args().inline_bytes("k"), Args().raw(1ull << 31, 1)))),
            kIma);
  EXPECT_EQ(
      error_json(g.call("emit", emit_input(1, Args().inline_bytes("k"), Args().at_end(4, 1, 1)))),
      kIma);
  Outcome at_end = g.call("emit", emit_input(1, Args().inline_bytes("k"), Args().at_end(4, 0, 1)));
  ASSERT_TRUE(at_end.ok()) << error_json(at_end);
  EXPECT_EQ(at_end.events.at(0).data, Bytes(4, 1));
  EXPECT_EQ(error_json(g.call("emit", Args().u64(1).address(1ull << 32).bytes())), kIma);
  EXPECT_EQ(error_json(g.call("emit", Args().u64(1).address(UINT64_MAX - 3).bytes())), kIma);
  auto desc_past = Args().u64(1).desc_at_end(1).inline_bytes("k").inline_bytes("d").bytes();
  EXPECT_EQ(error_json(g.call("emit", desc_past)), kIma);
  auto desc_fits = Args().u64(1).desc_at_end(0).inline_bytes("k").inline_bytes("d").bytes();
  EXPECT_TRUE(g.call("emit", desc_fits).ok());
}

Bytes handler_input(uint64_t count, Args handler) {
  Args a;
  a.u64(count).heap().inline_bytes("kind").inline_bytes("data");
  a.raw_bytes(handler.bytes());
  return a.bytes();
}

TEST(AppsIo, EmitWithHandlerRecordsTheHandlerName) {
  Guest g("app_io");
  Outcome o = g.call("emit_with_handler", handler_input(1, Args().heap().inline_bytes("on_kind")));
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(o.events, (std::vector<Event>{Event{"kind", bytes_of("data"), "on_kind"}}));
}

TEST(AppsIo, EmitWithNullHandlerAddressHasNoHandler) {
  Guest g("app_io");
  Outcome o = g.call("emit_with_handler", handler_input(1, Args().address(0)));
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(o.events, (std::vector<Event>{Event{"kind", bytes_of("data"), std::nullopt}}));
}

TEST(AppsIo, EmitWithEmptyOrUnusualHandlerNamesKeepsThemVerbatim) {
  Guest g("app_io");
  EXPECT_EQ(g.call("emit_with_handler", handler_input(1, Args().heap().inline_bytes("")))
                .events.at(0)
                .handler,
            std::optional<std::string>(""));
  EXPECT_EQ(
      g.call("emit_with_handler", handler_input(1, Args().heap().inline_bytes("not a method!")))
          .events.at(0)
          .handler,
      std::optional<std::string>("not a method!"));
}

TEST(AppsIo, EmitWithHandlerNameAtAndPastTheLimit) {
  Guest g("app_io");
  Outcome at = g.call("emit_with_handler", handler_input(1, Args().heap().fill(256, 'h')));
  ASSERT_TRUE(at.ok()) << error_json(at);
  EXPECT_EQ(at.events.at(0).handler, std::string(256, 'h'));
  EXPECT_EQ(error_json(g.call("emit_with_handler", handler_input(1, Args().heap().fill(257, 'h')))),
            host_error("EventHandlerSizeOverflow", R"({"size":257,"max":256})"));
  // The size is checked before the name is read.
  EXPECT_EQ(
      error_json(g.call("emit_with_handler", handler_input(1, Args().heap().raw(1ull << 32, 257)))),
      host_error("EventHandlerSizeOverflow", R"({"size":257,"max":256})"));
}

TEST(AppsIo, EmitWithHandlerUsesMaxMethodNameLength) {
  VMLimits limits;
  limits.max_method_name_length = 17;  // just enough for the method name "emit_with_handler"
  Guest g("app_io", limits);
  EXPECT_TRUE(g.call("emit_with_handler", handler_input(1, Args().heap().fill(17, 'h'))).ok());
  EXPECT_EQ(error_json(g.call("emit_with_handler", handler_input(1, Args().heap().fill(18, 'h')))),
            host_error("EventHandlerSizeOverflow", R"({"size":18,"max":17})"));
}

TEST(AppsIo, EmitWithHandlerBadUtf8AndOutOfBoundsHandlers) {
  Guest g("app_io");
  for (const Bytes& bad : kBadUtf8Samples) {
    EXPECT_EQ(
        error_json(g.call("emit_with_handler", handler_input(1, Args().heap().inline_bytes(bad)))),
        kBadUtf8);
  }
  EXPECT_EQ(error_json(g.call("emit_with_handler", handler_input(1, Args().address(1ull << 32)))),
            kIma);
  EXPECT_EQ(
      error_json(g.call("emit_with_handler", handler_input(1, Args().heap().raw(1ull << 32, 1)))),
      kIma);
  EXPECT_EQ(error_json(g.call("emit_with_handler",
                              handler_input(1, Args().desc_at_end(1).inline_bytes("h")))),
            kIma);
  EXPECT_TRUE(
      g.call("emit_with_handler", handler_input(1, Args().desc_at_end(0).inline_bytes("h"))).ok());
}

TEST(AppsIo, EmitWithHandlerSharesTheEventCountLimit) {
  Guest g("app_io");
  EXPECT_EQ(g.call("emit_with_handler", handler_input(100, Args().heap().inline_bytes("h")))
                .events.size(),
            100u);
  Outcome past = g.call("emit_with_handler", handler_input(101, Args().heap().inline_bytes("h")));
  EXPECT_EQ(error_json(past), host_error("EventsOverflow"));
  EXPECT_EQ(past.events.size(), 100u);
}

TEST(AppsIo, EmitWithHandlerChecksTheEventBeforeTheHandler) {
  Guest g("app_io");
  auto input = Args().u64(1).heap().fill(101, 'k').inline_bytes("").heap().fill(257, 'h').bytes();
  EXPECT_EQ(error_json(g.call("emit_with_handler", input)), host_error("EventKindSizeOverflow"));
}

TEST(AppsIo, EmitWithHandlerReadsTheEventPayloadsBeforeTheHandlerDescriptor) {
  Guest g("app_io");
  auto bad_kind =
      Args().u64(1).heap().inline_bytes(Bytes{0xFF}).inline_bytes("").address(1ull << 32).bytes();
  EXPECT_EQ(error_json(g.call("emit_with_handler", bad_kind)), kBadUtf8);
  VMLimits limits;
  limits.max_events = 0;
  Guest full("app_io", limits);
  auto long_handler = Args().u64(1).heap().inline_bytes("k").inline_bytes("").heap().fill(257, 'h');
  EXPECT_EQ(error_json(full.call("emit_with_handler", long_handler.bytes())),
            host_error("EventsOverflow"));
}

// ---------------------------------------------------------------------------------------------
// xcall

Bytes xcall_input(uint64_t count, Args context, Args function, Args params) {
  Args a;
  a.u64(count).heap();
  a.raw_bytes(context.bytes());
  a.raw_bytes(function.bytes());
  a.raw_bytes(params.bytes());
  return a.bytes();
}

TEST(AppsIo, XcallQueuesTheCall) {
  Guest g("app_io");
  Outcome o = g.call("xcall", xcall_input(1, Args().inline_bytes(kContext32),
                                          Args().inline_bytes("ping"), Args().inline_bytes("{}")));
  EXPECT_EQ(ok_value(o), Bytes{});
  Id32 ctx;
  ctx.fill(0xC1);
  EXPECT_EQ(o.xcalls, (std::vector<XCall>{XCall{ctx, "ping", bytes_of("{}")}}));
}

TEST(AppsIo, XcallContextIdMustBeExactly32Bytes) {
  Guest g("app_io");
  for (uint64_t n : {0, 31, 33}) {
    EXPECT_EQ(error_json(g.call("xcall", xcall_input(1, Args().fill(n, 1), Args().inline_bytes("f"),
                                                     Args().inline_bytes("")))),
              kIma)
        << n;
  }
}

TEST(AppsIo, XcallCountAtAndPastTheLimit) {
  Guest g("app_io");
  auto input = [](uint64_t count) {
    return xcall_input(count, Args().fill(32, 1), Args().inline_bytes("f"),
                       Args().inline_bytes(""));
  };
  EXPECT_EQ(g.call("xcall", input(8)).xcalls.size(), 8u);
  Outcome past = g.call("xcall", input(9));
  EXPECT_EQ(error_json(past), host_error("XCallsOverflow"));
  EXPECT_EQ(past.xcalls.size(), 8u);
}

TEST(AppsIo, XcallFunctionSizeAtAndPastTheLimit) {
  Guest g("app_io");
  Outcome at = g.call(
      "xcall", xcall_input(1, Args().fill(32, 1), Args().fill(100, 'f'), Args().inline_bytes("")));
  ASSERT_TRUE(at.ok()) << error_json(at);
  EXPECT_EQ(at.xcalls.at(0).function, std::string(100, 'f'));
  EXPECT_EQ(error_json(g.call("xcall", xcall_input(1, Args().fill(32, 1), Args().fill(101, 'f'),
                                                   Args().inline_bytes("")))),
            host_error("XCallFunctionSizeOverflow"));
  EXPECT_EQ(
      error_json(g.call("xcall", xcall_input(1, Args().fill(31, 1), Args().raw(1ull << 32, 101),
                                             Args().inline_bytes("")))),
      host_error("XCallFunctionSizeOverflow"));
}

TEST(AppsIo, XcallParamsSizeAtAndPastTheLimit) {
  Guest g("app_io");
  Outcome at = g.call("xcall", xcall_input(1, Args().fill(32, 1), Args().inline_bytes("f"),
                                           Args().fill(16'384, 'p')));
  ASSERT_TRUE(at.ok()) << error_json(at);
  EXPECT_EQ(at.xcalls.at(0).params, Bytes(16'384, 'p'));
  EXPECT_EQ(error_json(g.call("xcall", xcall_input(1, Args().fill(32, 1), Args().inline_bytes("f"),
                                                   Args().fill(16'385, 'p')))),
            host_error("XCallParamsSizeOverflow"));
  EXPECT_EQ(error_json(g.call("xcall", xcall_input(1, Args().fill(32, 1), Args().inline_bytes("f"),
                                                   Args().raw(1ull << 32, 16'385)))),
            host_error("XCallParamsSizeOverflow"));
}

TEST(AppsIo, XcallChecksSizesAndCountBeforeReadingPayloads) {
  VMLimits limits;
  limits.max_xcalls = 0;
  Guest g("app_io", limits);
  EXPECT_EQ(error_json(
                g.call("xcall", xcall_input(1, Args().fill(31, 1), Args().inline_bytes(Bytes{0xFF}),
                                            Args().raw(1ull << 32, 1)))),
            host_error("XCallsOverflow"));
}

TEST(AppsIo, XcallFunctionMustBeUtf8) {
  Guest g("app_io");
  for (const Bytes& bad : kBadUtf8Samples) {
    EXPECT_EQ(
        error_json(g.call("xcall", xcall_input(1, Args().fill(32, 1), Args().inline_bytes(bad),
                                               Args().inline_bytes("")))),
        kBadUtf8);
  }
}

TEST(AppsIo, XcallReadsContextThenFunctionThenParams) {
  Guest g("app_io");
  // Wrong context length and a bad function name: the context's error.
  EXPECT_EQ(error_json(
                g.call("xcall", xcall_input(1, Args().fill(31, 1), Args().inline_bytes(Bytes{0xFF}),
                                            Args().inline_bytes("")))),
            kIma);
  // Bad function name and params out of bounds: the function's error.
  EXPECT_EQ(error_json(
                g.call("xcall", xcall_input(1, Args().fill(32, 1), Args().inline_bytes(Bytes{0xFF}),
                                            Args().raw(1ull << 32, 1)))),
            kBadUtf8);
}

TEST(AppsIo, XcallMalformedPayloadsAndDescriptors) {
  Guest g("app_io");
  EXPECT_EQ(
      error_json(g.call("xcall", xcall_input(1, Args().raw(1ull << 32, 32),
                                             Args().inline_bytes("f"), Args().inline_bytes("")))),
      kIma);
  EXPECT_EQ(error_json(g.call("xcall", xcall_input(1, Args().fill(32, 1), Args().inline_bytes("f"),
                                                   Args().at_end(3, 1, 'p')))),
            kIma);
  Outcome at_end = g.call("xcall", xcall_input(1, Args().at_end(32, 0, 7), Args().inline_bytes("f"),
                                               Args().inline_bytes("")));
  ASSERT_TRUE(at_end.ok()) << error_json(at_end);
  Id32 sevens;
  sevens.fill(7);
  EXPECT_EQ(at_end.xcalls.at(0).context_id, sevens);
  EXPECT_EQ(error_json(g.call("xcall", Args().u64(1).address(1ull << 32).bytes())), kIma);
  auto desc_past =
      Args().u64(1).desc_at_end(1).fill(32, 1).inline_bytes("f").inline_bytes("").bytes();
  EXPECT_EQ(error_json(g.call("xcall", desc_past)), kIma);
}

// ---------------------------------------------------------------------------------------------
// emit_migration_witness

TEST(AppsIo, MigrationWitnessAtTheValueSizeLimitIsRecorded) {
  Guest g("app_io");
  Outcome o = g.call("emit_migration_witness", Args().u64(1).heap().fill(10'485'760, 'w').bytes());
  ASSERT_TRUE(o.ok()) << error_json(o);
  EXPECT_EQ(o.migration_witness, Bytes(10'485'760, 'w'));
}

TEST(AppsIo, MigrationWitnessOnePastTheLimitIsValueLengthOverflow) {
  Guest g("app_io");
  Outcome o = g.call("emit_migration_witness", Args().u64(1).heap().fill(10'485'761, 'w').bytes());
  EXPECT_EQ(error_json(o), host_error("ValueLengthOverflow"));
  EXPECT_EQ(o.migration_witness, std::nullopt);
}

TEST(AppsIo, MigrationWitnessIsReadBeforeTheSizeCheck) {
  Guest g("app_io");
  EXPECT_EQ(
      error_json(g.call("emit_migration_witness", Args().u64(1).heap().raw(0, 10'485'761).bytes())),
      kIma);
}

TEST(AppsIo, MigrationWitnessMalformedPayloads) {
  Guest g("app_io");
  EXPECT_EQ(
      error_json(g.call("emit_migration_witness", Args().u64(1).heap().raw(1ull << 32, 0).bytes())),
      kIma);
  EXPECT_EQ(
      error_json(g.call("emit_migration_witness", Args().u64(1).heap().raw(8, UINT64_MAX).bytes())),
      kIma);
  EXPECT_EQ(
      error_json(g.call("emit_migration_witness", Args().u64(1).heap().at_end(2, 1, 'w').bytes())),
      kIma);
  EXPECT_EQ(g.call("emit_migration_witness", Args().u64(1).heap().at_end(2, 0, 'w').bytes())
                .migration_witness,
            Bytes(2, 'w'));
  EXPECT_EQ(g.call("emit_migration_witness", Args().u64(1).heap().inline_bytes("").bytes())
                .migration_witness,
            Bytes{});
  EXPECT_EQ(error_json(g.call("emit_migration_witness", Args().u64(1).address(1ull << 32).bytes())),
            kIma);
}

TEST(AppsIo, MigrationWitnessIsNotPersisted) {
  Guest g("app_io");
  ASSERT_TRUE(
      g.call("emit_migration_witness", Args().u64(3).heap().inline_bytes("w").bytes()).ok());
  EXPECT_TRUE(g.store.empty());
  EXPECT_EQ(g.call("no_return").migration_witness, std::nullopt);
}

// ---------------------------------------------------------------------------------------------
// Effects survive in the Outcome whatever the result (§5.3)

void expect_all_effects(const Outcome& o) {
  EXPECT_EQ(o.logs, std::vector<std::string>{"effect log"});
  EXPECT_EQ(o.events,
            (std::vector<Event>{Event{"effect-kind", bytes_of("effect-data"), std::nullopt},
                                Event{"effect-kind-2", Bytes{}, "on_effect"}}));
  EXPECT_EQ(o.xcalls, (std::vector<XCall>{XCall{Id32{}, "effect_fn", bytes_of("effect-params")}}));
  EXPECT_EQ(o.migration_witness, bytes_of("effect-witness"));
  EXPECT_EQ(o.root_hash, std::nullopt);
  EXPECT_TRUE(o.artifact.empty());
  EXPECT_TRUE(o.gas_used.has_value());
}

TEST(AppsIo, EffectsThenOk) {
  Guest g("app_io");
  Outcome o = g.call("effects_then_ok");
  EXPECT_EQ(ok_value(o), bytes_of("done"));
  expect_all_effects(o);
}

TEST(AppsIo, EffectsThenErrKeepsTheEffects) {
  Guest g("app_io");
  Outcome o = g.call("effects_then_err");
  EXPECT_EQ(error_json(o), R"({"type":"ExecutionError","data":[102,97,105,108,101,100]})");
  expect_all_effects(o);
}

TEST(AppsIo, EffectsThenPanicKeepsTheEffectsAndDiscardsTheRecordedValue) {
  Guest g("app_io");
  Outcome o = g.call("effects_then_panic");
  EXPECT_EQ(error_json(o),
            host_error("Panic", R"({"context":"Guest","message":"after effects",)"
                                R"("location":{"file":"src/io.rs","line":1,"column":2}})"));
  expect_all_effects(o);
}

TEST(AppsIo, EffectsThenTrapKeepsTheEffects) {
  Guest g("app_io");
  Outcome o = g.call("effects_then_trap");
  EXPECT_EQ(error_json(o), R"({"type":"WasmTrap","data":"Unreachable"})");
  expect_all_effects(o);
}

TEST(AppsIo, EffectsDoNotLeakIntoTheNextExecution) {
  Guest g("app_io");
  ASSERT_TRUE(g.call("effects_then_ok").ok());
  Outcome next = g.call("no_return");
  EXPECT_TRUE(next.logs.empty());
  EXPECT_TRUE(next.events.empty());
  EXPECT_TRUE(next.xcalls.empty());
  EXPECT_EQ(next.migration_witness, std::nullopt);
}

}  // namespace
}  // namespace ward::runtime
