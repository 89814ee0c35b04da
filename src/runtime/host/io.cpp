// §4.4 Input, return value, logs, events, cross-context calls.
#include "runtime/host/host_function.hpp"
#include "runtime/host/shared_ops.hpp"
#include "runtime/utf8.hpp"

namespace ward::runtime {
namespace {

using K = HostError::Kind;

void input(VMLogic& vm, uint64_t* s) { vm.set_register(s[0], vm.context.input); }

void value_return(VMLogic& vm, uint64_t* s) {
  uint64_t tag;
  vm.read_descriptor(s[0], &tag, 8);
  if (s[0] > UINT64_MAX - 8) VMLogic::throw_host(K::InvalidMemoryAccess);
  Buffer value = vm.read_buffer(s[0] + 8);
  value_return_op(vm, tag, value);
}

void emit_migration_witness(VMLogic& vm, uint64_t* s) {
  Buffer blob = vm.read_buffer(s[0]);
  auto bytes = vm.payload(blob);
  if (blob.len > vm.limits.max_storage_value_size) VMLogic::throw_host(K::ValueLengthOverflow);
  vm.migration_witness = Bytes(bytes.begin(), bytes.end());
}

void append_log(VMLogic& vm, std::string_view text) {
  if (vm.logs.size() >= vm.limits.max_logs) VMLogic::throw_host(K::LogsOverflow);
  if (text.size() > vm.limits.max_log_size) VMLogic::throw_host(K::LogLengthOverflow);
  vm.logs.emplace_back(text);
}

void log_utf8(VMLogic& vm, uint64_t* s) { log_utf8_op(vm, vm.read_buffer(s[0])); }

void js_std_d_print(VMLogic& vm, uint64_t* s) {
  uint64_t ptr = s[1], len = s[2];
  std::string text;
  if (len != 0) {
    if (ptr > vm.mem_size() || len > vm.mem_size() - ptr) VMLogic::throw_host(K::InvalidMemoryAccess);
    text = utf8_lossy({vm.mem_base() + ptr, static_cast<size_t>(len)});
  }
  append_log(vm, text);
  s[0] = 0;
}

struct EventParts {
  Buffer kind;
  Buffer data;
};

EventParts read_event_descriptor(VMLogic& vm, uint64_t ptr) {
  uint64_t raw[4];
  vm.read_descriptor(ptr, raw, 32);
  return {{raw[0], raw[1]}, {raw[2], raw[3]}};
}

// emit steps 2–5: the limits, then kind (R4) and data (R2).
std::pair<std::string_view, std::span<const uint8_t>> check_and_read_event(VMLogic& vm,
                                                                           const EventParts& e) {
  if (e.kind.len > vm.limits.max_event_kind_size) VMLogic::throw_host(K::EventKindSizeOverflow);
  if (e.data.len > vm.limits.max_event_data_size) VMLogic::throw_host(K::EventDataSizeOverflow);
  if (vm.events.size() >= vm.limits.max_events) VMLogic::throw_host(K::EventsOverflow);
  std::string_view kind = vm.read_str(e.kind);
  return {kind, vm.payload(e.data)};
}

void emit(VMLogic& vm, uint64_t* s) {
  EventParts e = read_event_descriptor(vm, s[0]);
  emit_op(vm, e.kind, e.data);
}

void emit_with_handler(VMLogic& vm, uint64_t* s) {
  EventParts e = read_event_descriptor(vm, s[0]);
  auto [kind, data] = check_and_read_event(vm, e);
  std::optional<std::string> handler;
  if (s[1] != 0) {
    Buffer h = vm.read_buffer(s[1]);
    if (h.len > vm.limits.max_method_name_length) {
      VMLogic::throw_host(K::EventHandlerSizeOverflow, h.len, vm.limits.max_method_name_length);
    }
    handler = std::string(vm.read_str(h));
  }
  vm.events.push_back({std::string(kind), Bytes(data.begin(), data.end()), std::move(handler)});
}

void xcall(VMLogic& vm, uint64_t* s) {
  uint64_t raw[6];
  vm.read_descriptor(s[0], raw, 48);
  Buffer context{raw[0], raw[1]}, function{raw[2], raw[3]}, params{raw[4], raw[5]};
  if (function.len > vm.limits.max_xcall_function_size) VMLogic::throw_host(K::XCallFunctionSizeOverflow);
  if (params.len > vm.limits.max_xcall_params_size) VMLogic::throw_host(K::XCallParamsSizeOverflow);
  if (vm.xcalls.size() >= vm.limits.max_xcalls) VMLogic::throw_host(K::XCallsOverflow);
  Id32 context_id = vm.read_id(context);
  std::string_view name = vm.read_str(function);
  auto bytes = vm.payload(params);
  vm.xcalls.push_back({context_id, std::string(name), Bytes(bytes.begin(), bytes.end())});
}

}  // namespace

void value_return_op(VMLogic& vm, uint64_t tag, Buffer value) {
  if (value.len > vm.limits.max_return_value_size) {
    VMLogic::throw_host(K::ReturnValueSizeOverflow, value.len, vm.limits.max_return_value_size);
  }
  auto bytes = vm.payload(value);
  if (tag > 1) VMLogic::throw_host(K::DeserializationError);
  vm.returned.emplace(tag == 1, Bytes(bytes.begin(), bytes.end()));
}

void log_utf8_op(VMLogic& vm, Buffer message) { append_log(vm, vm.read_str(message)); }

void emit_op(VMLogic& vm, Buffer kind, Buffer data) {
  auto [kind_text, bytes] = check_and_read_event(vm, {kind, data});
  vm.events.push_back({std::string(kind_text), Bytes(bytes.begin(), bytes.end()), std::nullopt});
}

void add_io_functions(HostTable& t) {
  t.push_back({"input", sig({I64}), host_entry<input>});
  t.push_back({"value_return", sig({I64}), host_entry<value_return>});
  t.push_back({"emit_migration_witness", sig({I64}), host_entry<emit_migration_witness>});
  t.push_back({"log_utf8", sig({I64}), host_entry<log_utf8>});
  t.push_back({"js_std_d_print", sig({I64, I64, I64}, {I32}), host_entry<js_std_d_print>});
  t.push_back({"emit", sig({I64}), host_entry<emit>});
  t.push_back({"emit_with_handler", sig({I64, I64}), host_entry<emit_with_handler>});
  t.push_back({"xcall", sig({I64}), host_entry<xcall>});
}

}  // namespace ward::runtime
