// §4.5 State commit and the JavaScript SDK's root-state functions.
#include "runtime/host/host_function.hpp"
#include "runtime/host/shared_ops.hpp"

namespace ward::runtime {
namespace {

using K = HostError::Kind;

void commit(VMLogic& vm, uint64_t* s) {
  Buffer root = vm.read_buffer(s[0]);
  Buffer artifact = vm.read_buffer(s[1]);
  commit_op(vm, root, artifact);
}

// The host-side CRDT storage layer is not available: these trap with the specified panic.
template <const char* Name>
void crdt_layer_unavailable(VMLogic&, uint64_t*) {
  VMLogic::throw_host(HostError::panic(PanicContext::Host,
                                       std::string(Name) + ": CRDT storage layer not available"));
}
constexpr char kPersistRootState[] = "persist_root_state";
constexpr char kReadRootState[] = "read_root_state";
constexpr char kApplyStorageDelta[] = "apply_storage_delta";
constexpr char kFlushDelta[] = "flush_delta";

void register_js_sdk_root_merge(VMLogic& vm, uint64_t*) { vm.js_root_merge = true; }

}  // namespace

void commit_op(VMLogic& vm, Buffer root, Buffer artifact) {
  if (artifact.len > vm.limits.max_artifact_size) {
    VMLogic::throw_host(K::ArtifactSizeOverflow, artifact.len, vm.limits.max_artifact_size);
  }
  Id32 hash = vm.read_id(root);
  auto bytes = vm.payload(artifact);
  if (vm.committed) VMLogic::throw_host(K::InvalidMemoryAccess);
  vm.root_hash = hash;
  vm.artifact.assign(bytes.begin(), bytes.end());
  vm.committed = true;
}

void add_commit_functions(HostTable& t) {
  t.push_back({"commit", sig({I64, I64}), host_entry<commit>});
  t.push_back({"persist_root_state", sig({I64, I64, I64}),
               host_entry<crdt_layer_unavailable<kPersistRootState>>});
  t.push_back({"read_root_state", sig({I64}, {I32}),
               host_entry<crdt_layer_unavailable<kReadRootState>>});
  t.push_back({"apply_storage_delta", sig({I64}),
               host_entry<crdt_layer_unavailable<kApplyStorageDelta>>});
  t.push_back({"flush_delta", sig({}, {I32}), host_entry<crdt_layer_unavailable<kFlushDelta>>});
  t.push_back({"register_js_sdk_root_merge", sig({}), host_entry<register_js_sdk_root_merge>});
}

}  // namespace ward::runtime
