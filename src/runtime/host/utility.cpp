// §4.9 Utility: random_bytes, time_now, ed25519_verify (fetch lives in fetch.cpp).
#include <sodium.h>

#include <chrono>

#include "runtime/crypto/ed25519.hpp"
#include "runtime/host/fetch.hpp"
#include "runtime/host/host_function.hpp"
#include "runtime/host/shared_ops.hpp"

namespace ward::runtime {
namespace {

using K = HostError::Kind;

void random_bytes(VMLogic& vm, uint64_t* s) { random_bytes_op(vm, vm.read_buffer(s[0])); }

void time_now(VMLogic& vm, uint64_t* s) { time_now_op(vm, vm.read_buffer(s[0])); }

void ed25519_verify(VMLogic& vm, uint64_t* s) {
  Buffer sig = vm.read_buffer(s[0]);
  Buffer pk = vm.read_buffer(s[1]);
  Buffer msg = vm.read_buffer(s[2]);
  auto sig_bytes = vm.payload_exact(sig, crypto::kEd25519SignatureSize);
  auto pk_bytes = vm.payload_exact(pk, crypto::kEd25519PublicKeySize);
  auto msg_bytes = vm.payload(msg);
  switch (crypto::verify(sig_bytes.first<crypto::kEd25519SignatureSize>(),
                         pk_bytes.first<crypto::kEd25519PublicKeySize>(), msg_bytes)) {
    case crypto::VerifyResult::Valid:
      s[0] = 1;
      return;
    case crypto::VerifyResult::Invalid:
      s[0] = 0;
      return;
    case crypto::VerifyResult::IncorrectPublicKey:
      VMLogic::throw_host(K::Ed25519IncorrectPublicKey);
  }
}

}  // namespace

void random_bytes_op(VMLogic& vm, Buffer dest) {
  auto span = vm.payload(dest);  // bounds-checks the whole buffer first
  uint8_t* out = const_cast<uint8_t*>(span.data());
  if (vm.options.deterministic) {
    if (!vm.random_stream) {
      VMLogic::throw_host(HostError::panic(
          PanicContext::Host, "random_bytes: deterministic mode needs VMContext.random_seed"));
    }
    vm.random_stream->fill(out, span.size());
  } else {
    randombytes_buf(out, span.size());
  }
}

void time_now_op(VMLogic& vm, Buffer dest) {
  if (dest.len != 8) VMLogic::throw_host(K::InvalidMemoryAccess);
  uint64_t now;
  if (vm.options.deterministic) {
    if (!vm.context.time_ns) {
      VMLogic::throw_host(HostError::panic(
          PanicContext::Host, "time_now: deterministic mode needs VMContext.time_ns"));
    }
    now = *vm.context.time_ns;
  } else {
    auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    now = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count());
  }
  uint8_t bytes[8];
  std::memcpy(bytes, &now, 8);
  vm.write_to(dest, bytes);
}

void add_utility_functions(HostTable& t) {
  add_fetch_function(t);
  t.push_back({"random_bytes", sig({I64}), host_entry<random_bytes>});
  t.push_back({"time_now", sig({I64}), host_entry<time_now>});
  t.push_back({"ed25519_verify", sig({I64, I64, I64}, {I32}), host_entry<ed25519_verify>});
}

}  // namespace ward::runtime
