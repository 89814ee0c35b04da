// §4.1 System: panic and panic_utf8.
#include "runtime/host/host_function.hpp"
#include "runtime/host/shared_ops.hpp"

namespace ward::runtime {
namespace {

struct RawLocation {
  Buffer file;
  uint32_t line;
  uint32_t column;
};

RawLocation read_location_descriptor(VMLogic& vm, uint64_t ptr) {
  uint8_t raw[24];
  vm.read_descriptor(ptr, raw, 24);
  RawLocation loc;
  std::memcpy(&loc.file.ptr, raw, 8);
  std::memcpy(&loc.file.len, raw + 8, 8);
  std::memcpy(&loc.line, raw + 16, 4);
  std::memcpy(&loc.column, raw + 20, 4);
  return loc;
}

void panic(VMLogic& vm, uint64_t* s) {
  RawLocation loc = read_location_descriptor(vm, s[0]);
  panic_op(vm, loc.file, loc.line, loc.column);
}

void panic_utf8(VMLogic& vm, uint64_t* s) {
  Buffer msg = vm.read_buffer(s[0]);
  RawLocation loc = read_location_descriptor(vm, s[1]);
  panic_utf8_op(vm, msg, loc.file, loc.line, loc.column);
}

}  // namespace

void panic_op(VMLogic& vm, Buffer file, uint32_t line, uint32_t column) {
  Location where{std::string(vm.read_str(file)), line, column};
  VMLogic::throw_host(HostError::panic(PanicContext::Guest, "explicit panic", std::move(where)));
}

void panic_utf8_op(VMLogic& vm, Buffer message, Buffer file, uint32_t line, uint32_t column) {
  std::string text(vm.read_str(message));
  Location where{std::string(vm.read_str(file)), line, column};
  VMLogic::throw_host(HostError::panic(PanicContext::Guest, std::move(text), std::move(where)));
}

void add_system_functions(HostTable& t) {
  t.push_back({"panic", sig({I64}), host_entry<panic>});
  t.push_back({"panic_utf8", sig({I64, I64}), host_entry<panic_utf8>});
}

}  // namespace ward::runtime
