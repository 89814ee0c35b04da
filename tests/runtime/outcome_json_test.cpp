#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "ward/runtime/outcome.hpp"

namespace ward::runtime {
namespace {

Bytes bytes_of(std::string_view text) { return Bytes(text.begin(), text.end()); }

Id32 filled_id(uint8_t value) {
  Id32 id;
  id.fill(value);
  return id;
}

Outcome fully_populated_outcome() {
  Outcome outcome;
  outcome.returns = std::optional<Bytes>(bytes_of("hi"));
  outcome.logs = {"first", "sec\"ond \xC3\xA9"};
  outcome.events = {
      Event{"transfer", bytes_of(R"({"a":1})"), "on_transfer"},
      Event{"raw", Bytes{0xFF, 0x00}, std::nullopt},
  };
  outcome.xcalls = {XCall{filled_id(0x11), "ping", Bytes{}}};
  Id32 root{};
  for (size_t i = 0; i < root.size(); ++i) root[i] = uint8_t(i);
  outcome.root_hash = root;
  outcome.artifact = {1, 2, 3};
  outcome.migration_witness = bytes_of("w");
  outcome.gas_used = 12345;
  return outcome;
}

FunctionCallError gas_exhausted(uint64_t limit) {
  FunctionCallError error;
  error.kind = FunctionCallError::Kind::GasExhausted;
  error.max = limit;
  return error;
}

TEST(OutcomeJson, EmptyOutcomeCompact) {
  EXPECT_EQ(to_json(Outcome{}),
            R"({"returns":{"ok":null},"logs":[],"events":[],"xcalls":[],"root_hash":null,)"
            R"("artifact":"","migration_witness":null,"gas_used":null})");
}

TEST(OutcomeJson, EmptyOutcomePretty) {
  EXPECT_EQ(to_json(Outcome{}, true), R"json({
  "returns": {
    "ok": null
  },
  "logs": [],
  "events": [],
  "xcalls": [],
  "root_hash": null,
  "artifact": "",
  "migration_witness": null,
  "gas_used": null
})json");
}

TEST(OutcomeJson, FullyPopulatedCompact) {
  EXPECT_EQ(to_json(fully_populated_outcome()),
            R"({"returns":{"ok":{"base64":"aGk=","utf8":"hi"}},)"
            "\"logs\":[\"first\",\"sec\\\"ond \xC3\xA9\"],"
            R"("events":[{"kind":"transfer","data":{"base64":"eyJhIjoxfQ==","utf8":"{\"a\":1}"},)"
            R"("handler":"on_transfer"},{"kind":"raw","data":{"base64":"/wA="},"handler":null}],)"
            R"("xcalls":[{"context_id":")" +
                std::string(64, '1') +
                R"(","function":"ping","params":{"base64":"","utf8":""}}],)"
                R"("root_hash":"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",)"
                R"("artifact":"AQID","migration_witness":{"base64":"dw==","utf8":"w"},)"
                R"("gas_used":12345})");
}

TEST(OutcomeJson, FullyPopulatedPretty) {
  EXPECT_EQ(to_json(fully_populated_outcome(), true), R"json({
  "returns": {
    "ok": {
      "base64": "aGk=",
      "utf8": "hi"
    }
  },
  "logs": [
    "first",
    "sec\"ond )json"
                                                      "\xC3\xA9"
                                                      R"json("
  ],
  "events": [
    {
      "kind": "transfer",
      "data": {
        "base64": "eyJhIjoxfQ==",
        "utf8": "{\"a\":1}"
      },
      "handler": "on_transfer"
    },
    {
      "kind": "raw",
      "data": {
        "base64": "/wA="
      },
      "handler": null
    }
  ],
  "xcalls": [
    {
      "context_id": "1111111111111111111111111111111111111111111111111111111111111111",
      "function": "ping",
      "params": {
        "base64": "",
        "utf8": ""
      }
    }
  ],
  "root_hash": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
  "artifact": "AQID",
  "migration_witness": {
    "base64": "dw==",
    "utf8": "w"
  },
  "gas_used": 12345
})json");
}

TEST(OutcomeJson, OkWithEmptyValueHasBothKeys) {
  Outcome outcome;
  outcome.returns = std::optional<Bytes>(Bytes{});
  EXPECT_TRUE(to_json(outcome).starts_with(R"({"returns":{"ok":{"base64":"","utf8":""}},"logs")"));
}

TEST(OutcomeJson, InvalidUtf8BytesHaveNoUtf8Key) {
  Outcome outcome;
  outcome.returns = std::optional<Bytes>(Bytes{'o', 'k', 0xC0, 0x80});  // overlong NUL
  outcome.migration_witness = Bytes{0xED, 0xA0, 0x80};                  // a surrogate
  const std::string json = to_json(outcome);
  EXPECT_NE(json.find(R"("returns":{"ok":{"base64":"b2vAgA=="}})"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("migration_witness":{"base64":"7aCA"})"), std::string::npos) << json;
}

TEST(OutcomeJson, ErrorCarriesSerializedErrorAndDisplayMessage) {
  Outcome outcome;
  outcome.returns = gas_exhausted(1'000'000'000);
  outcome.logs = {"before"};
  outcome.gas_used = 1'000'000'000;
  EXPECT_EQ(to_json(outcome),
            R"({"returns":{"error":{"type":"GasExhausted","data":{"limit":1000000000}},)"
            R"("message":"execution exhausted its gas limit of 1000000000 points"},)"
            R"("logs":["before"],"events":[],"xcalls":[],"root_hash":null,"artifact":"",)"
            R"("migration_witness":null,"gas_used":1000000000})");
  EXPECT_EQ(to_json(outcome, true), R"json({
  "returns": {
    "error": {
      "type": "GasExhausted",
      "data": {
        "limit": 1000000000
      }
    },
    "message": "execution exhausted its gas limit of 1000000000 points"
  },
  "logs": [
    "before"
  ],
  "events": [],
  "xcalls": [],
  "root_hash": null,
  "artifact": "",
  "migration_witness": null,
  "gas_used": 1000000000
})json");
}

TEST(OutcomeJson, ErrorMessageIsJsonEscaped) {
  Outcome outcome;
  FunctionCallError error;
  error.kind = FunctionCallError::Kind::MethodResolutionError;
  error.method.kind = MethodResolutionError::Kind::MethodNotFound;
  error.method.name = "a\"b";
  outcome.returns = error;
  const std::string json = to_json(outcome);
  EXPECT_EQ(
      json.substr(0, json.find(",\"logs\"")),
      R"({"returns":{"error":{"type":"MethodResolutionError","data":{"type":"MethodNotFound",)"
      R"("data":{"name":"a\"b"}}},"message":"method \"a\\\"b\" not found"})");
}

TEST(OutcomeJson, CompileErrorJson) {
  FunctionCallError error;
  error.kind = FunctionCallError::Kind::CompilationError;
  error.message = "bad magic";
  EXPECT_EQ(compile_error_json(error),
            R"({"returns":{"error":{"type":"CompilationError","data":{}},)"
            R"("message":"compilation error: bad magic"},"logs":[],"events":[],"xcalls":[],)"
            R"("root_hash":null,"artifact":"","migration_witness":null,"gas_used":null})");
  EXPECT_EQ(compile_error_json(error, true), R"json({
  "returns": {
    "error": {
      "type": "CompilationError",
      "data": {}
    },
    "message": "compilation error: bad magic"
  },
  "logs": [],
  "events": [],
  "xcalls": [],
  "root_hash": null,
  "artifact": "",
  "migration_witness": null,
  "gas_used": null
})json");
}

Outcome outcome_with_compat_fields() {
  Outcome outcome;
  outcome.gas_used = 7;
  outcome.has_compat_fields = true;
  outcome.proposals = {{filled_id(0xAA), Bytes{1}}};
  outcome.approvals = {filled_id(0xBB)};
  ContextMutation create;
  create.type = ContextMutation::Type::CreateContext;
  create.protocol = "near";
  create.id = filled_id(0xCC);
  create.init_args = bytes_of("{}");
  create.alias = "team";
  ContextMutation create_without_alias;
  create_without_alias.type = ContextMutation::Type::CreateContext;
  create_without_alias.protocol = "icp";
  create_without_alias.id = filled_id(0xCC);
  ContextMutation remove;
  remove.type = ContextMutation::Type::DeleteContext;
  remove.id = filled_id(0xDD);
  ContextMutation add_member;
  add_member.type = ContextMutation::Type::AddMember;
  add_member.id = filled_id(0xEE);
  ContextMutation remove_member = add_member;
  remove_member.type = ContextMutation::Type::RemoveMember;
  outcome.context_mutations = {create, create_without_alias, remove, add_member, remove_member};
  return outcome;
}

TEST(OutcomeJson, CompatFieldsCompact) {
  const std::string c(64, 'c');
  const std::string e(64, 'e');
  EXPECT_EQ(to_json(outcome_with_compat_fields()),
            R"({"returns":{"ok":null},"logs":[],"events":[],"xcalls":[],"root_hash":null,)"
            R"("artifact":"","migration_witness":null,"gas_used":7,)"
            R"("proposals":[{"id":")" +
                std::string(64, 'a') + R"(","actions":"AQ=="}],"approvals":[")" +
                std::string(64, 'b') +
                R"("],"context_mutations":[{"type":"CreateContext","protocol":"near",)"
                R"("application_id":")" +
                c + R"(","init_args":"e30=","alias":"team"},)" +
                R"({"type":"CreateContext","protocol":"icp","application_id":")" + c +
                R"(","init_args":"","alias":null},{"type":"DeleteContext","context_id":")" +
                std::string(64, 'd') + R"("},{"type":"AddMember","public_key":")" + e +
                R"("},{"type":"RemoveMember","public_key":")" + e + R"("}]})");
}

TEST(OutcomeJson, CompatFieldsPretty) {
  EXPECT_EQ(to_json(outcome_with_compat_fields(), true), R"json({
  "returns": {
    "ok": null
  },
  "logs": [],
  "events": [],
  "xcalls": [],
  "root_hash": null,
  "artifact": "",
  "migration_witness": null,
  "gas_used": 7,
  "proposals": [
    {
      "id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "actions": "AQ=="
    }
  ],
  "approvals": [
    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
  ],
  "context_mutations": [
    {
      "type": "CreateContext",
      "protocol": "near",
      "application_id": "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
      "init_args": "e30=",
      "alias": "team"
    },
    {
      "type": "CreateContext",
      "protocol": "icp",
      "application_id": "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc",
      "init_args": "",
      "alias": null
    },
    {
      "type": "DeleteContext",
      "context_id": "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
    },
    {
      "type": "AddMember",
      "public_key": "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
    },
    {
      "type": "RemoveMember",
      "public_key": "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
    }
  ]
})json");
}

TEST(OutcomeJson, EmptyCompatFieldsArePrintedOnlyWhenEnabled) {
  Outcome outcome;
  outcome.has_compat_fields = true;
  EXPECT_EQ(to_json(outcome),
            R"({"returns":{"ok":null},"logs":[],"events":[],"xcalls":[],"root_hash":null,)"
            R"("artifact":"","migration_witness":null,"gas_used":null,)"
            R"("proposals":[],"approvals":[],"context_mutations":[]})");
  outcome.has_compat_fields = false;
  outcome.approvals = {filled_id(1)};  // ignored without the compatibility functions
  EXPECT_EQ(to_json(outcome).find("approvals"), std::string::npos);
}

TEST(OutcomeJson, PrettyLeavesStringContentIntact) {
  Outcome outcome;
  outcome.logs = {"x\\", R"([1,{"k":2}])", "\\\"", "\n"};
  outcome.gas_used = 0;
  EXPECT_EQ(to_json(outcome, true), R"json({
  "returns": {
    "ok": null
  },
  "logs": [
    "x\\",
    "[1,{\"k\":2}]",
    "\\\"",
    "\n"
  ],
  "events": [],
  "xcalls": [],
  "root_hash": null,
  "artifact": "",
  "migration_witness": null,
  "gas_used": 0
})json");
}

}  // namespace
}  // namespace ward::runtime
