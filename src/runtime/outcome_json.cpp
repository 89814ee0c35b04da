#include <span>
#include <string>
#include <string_view>

#include "runtime/encoding.hpp"
#include "ward/runtime/outcome.hpp"

namespace ward::runtime {
namespace {

// §9.4 Bytes: base64 is authoritative; the utf8 copy appears only for valid UTF-8.
std::string bytes_json(std::span<const uint8_t> bytes) {
  std::string out = "{\"base64\":\"" + base64_encode(bytes) + "\"";
  if (is_valid_utf8(bytes)) {
    out += ",\"utf8\":";
    out += json_quote(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  }
  return out + "}";
}

std::string hex_json(std::span<const uint8_t> bytes) { return "\"" + hex_encode(bytes) + "\""; }
std::string base64_json(std::span<const uint8_t> bytes) {
  return "\"" + base64_encode(bytes) + "\"";
}

// Builds a compact JSON object or array from already-encoded members.
class CompactJson {
 public:
  static CompactJson object() { return CompactJson('{', '}'); }
  static CompactJson array() { return CompactJson('[', ']'); }

  CompactJson& field(std::string_view key, std::string_view encoded_value) {
    separate();
    text_ += '"';
    text_ += key;  // keys are fixed ASCII names
    text_ += "\":";
    text_ += encoded_value;
    return *this;
  }
  CompactJson& element(std::string_view encoded_value) {
    separate();
    text_ += encoded_value;
    return *this;
  }
  std::string str() const { return text_ + close_; }

 private:
  CompactJson(char open, char close) : text_(1, open), close_(close) {}
  void separate() {
    if (text_.size() > 1) text_ += ',';
  }

  std::string text_;
  char close_;
};

std::string returns_json(const Outcome& outcome) {
  if (const FunctionCallError* error = outcome.error()) {
    return CompactJson::object()
        .field("error", to_json(*error))
        .field("message", json_quote(to_string(*error)))
        .str();
  }
  const std::optional<Bytes>& value = std::get<std::optional<Bytes>>(outcome.returns);
  return CompactJson::object().field("ok", value ? bytes_json(*value) : "null").str();
}

std::string context_mutation_json(const ContextMutation& mutation) {
  CompactJson json = CompactJson::object();
  switch (mutation.type) {
    case ContextMutation::Type::CreateContext:
      json.field("type", "\"CreateContext\"")
          .field("protocol", json_quote(mutation.protocol))
          .field("application_id", hex_json(mutation.id))
          .field("init_args", base64_json(mutation.init_args))
          .field("alias", mutation.alias ? json_quote(*mutation.alias) : "null");
      break;
    case ContextMutation::Type::DeleteContext:
      json.field("type", "\"DeleteContext\"").field("context_id", hex_json(mutation.id));
      break;
    case ContextMutation::Type::AddMember:
      json.field("type", "\"AddMember\"").field("public_key", hex_json(mutation.id));
      break;
    case ContextMutation::Type::RemoveMember:
      json.field("type", "\"RemoveMember\"").field("public_key", hex_json(mutation.id));
      break;
  }
  return json.str();
}

std::string compact_outcome_json(const Outcome& outcome) {
  CompactJson logs = CompactJson::array();
  for (const std::string& line : outcome.logs) logs.element(json_quote(line));

  CompactJson events = CompactJson::array();
  for (const Event& event : outcome.events) {
    events.element(CompactJson::object()
                       .field("kind", json_quote(event.kind))
                       .field("data", bytes_json(event.data))
                       .field("handler", event.handler ? json_quote(*event.handler) : "null")
                       .str());
  }

  CompactJson xcalls = CompactJson::array();
  for (const XCall& xcall : outcome.xcalls) {
    xcalls.element(CompactJson::object()
                       .field("context_id", hex_json(xcall.context_id))
                       .field("function", json_quote(xcall.function))
                       .field("params", bytes_json(xcall.params))
                       .str());
  }

  CompactJson json = CompactJson::object();
  json.field("returns", returns_json(outcome))
      .field("logs", logs.str())
      .field("events", events.str())
      .field("xcalls", xcalls.str())
      .field("root_hash", outcome.root_hash ? hex_json(*outcome.root_hash) : "null")
      .field("artifact", base64_json(outcome.artifact))
      .field("migration_witness",
             outcome.migration_witness ? bytes_json(*outcome.migration_witness) : "null")
      .field("gas_used", outcome.gas_used ? std::to_string(*outcome.gas_used) : "null");

  if (outcome.has_compat_fields) {
    CompactJson proposals = CompactJson::array();
    for (const auto& [id, actions] : outcome.proposals) {
      proposals.element(CompactJson::object()
                            .field("id", hex_json(id))
                            .field("actions", base64_json(actions))
                            .str());
    }
    CompactJson approvals = CompactJson::array();
    for (const Id32& id : outcome.approvals) approvals.element(hex_json(id));
    CompactJson mutations = CompactJson::array();
    for (const ContextMutation& mutation : outcome.context_mutations) {
      mutations.element(context_mutation_json(mutation));
    }
    json.field("proposals", proposals.str())
        .field("approvals", approvals.str())
        .field("context_mutations", mutations.str());
  }
  return json.str();
}

void append_newline_and_indent(std::string& out, size_t depth) {
  out += '\n';
  out.append(depth * 2, ' ');
}

// Re-lays compact JSON (no whitespace outside strings) out as serde_json's
// `to_string_pretty`: two-space indentation, `": "` after keys, one member per line, and
// `[]` / `{}` for empty containers.
std::string prettify(std::string_view compact) {
  std::string out;
  out.reserve(compact.size() * 2);
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < compact.size(); ++i) {
    const char c = compact[i];
    if (in_string) {
      out += c;
      if (c == '\\') {
        out += compact[++i];  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        out += c;
        break;
      case '{':
      case '[': {
        const char close = c == '{' ? '}' : ']';
        out += c;
        if (i + 1 < compact.size() && compact[i + 1] == close) {
          out += close;
          ++i;
        } else {
          append_newline_and_indent(out, ++depth);
        }
        break;
      }
      case '}':
      case ']':
        append_newline_and_indent(out, --depth);
        out += c;
        break;
      case ',':
        out += c;
        append_newline_and_indent(out, depth);
        break;
      case ':':
        out += ": ";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string to_json(const Outcome& outcome, bool pretty) {
  std::string compact = compact_outcome_json(outcome);
  return pretty ? prettify(compact) : compact;
}

std::string compile_error_json(const FunctionCallError& error, bool pretty) {
  Outcome outcome;
  outcome.returns = error;
  return to_json(outcome, pretty);
}

}  // namespace ward::runtime
