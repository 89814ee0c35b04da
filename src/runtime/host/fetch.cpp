// §4.9 fetch. Disabled (the reference behaviour) it reads no argument; enabled it reads and
// validates the arguments exactly as §4.9 orders, then hands the request to the policy-checked
// client, whose refusals and failures come back as text in the register with result 1.
#include "runtime/host/fetch.hpp"

#include "runtime/encoding.hpp"
#include "runtime/host/shared_ops.hpp"

namespace ward::runtime {
namespace {

bool fetch_enabled(const VMLogic& vm) {
  return !vm.options.deterministic && vm.options.fetch.enabled();
}

std::span<const uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

class BorshReader {
 public:
  explicit BorshReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  bool read_u32(uint32_t& out) {
    if (remaining() < 4) return false;
    out = uint32_t{bytes_[pos_]} | uint32_t{bytes_[pos_ + 1]} << 8 |
          uint32_t{bytes_[pos_ + 2]} << 16 | uint32_t{bytes_[pos_ + 3]} << 24;
    pos_ += 4;
    return true;
  }
  bool read_string(std::string& out) {
    uint32_t length;
    if (!read_u32(length) || length > remaining()) return false;
    auto text = bytes_.subspan(pos_, length);
    if (!is_valid_utf8(text)) return false;
    out.assign(text.begin(), text.end());
    pos_ += length;
    return true;
  }
  size_t remaining() const { return bytes_.size() - pos_; }

 private:
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

}  // namespace

std::optional<HttpHeaders> decode_fetch_headers(std::span<const uint8_t> bytes) {
  BorshReader reader(bytes);
  uint32_t count;
  if (!reader.read_u32(count)) return std::nullopt;
  // Each pair needs at least its two length prefixes: reject impossible counts before
  // reserving anything.
  if (count > reader.remaining() / 8) return std::nullopt;
  HttpHeaders headers;
  headers.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    std::string name, value;
    if (!reader.read_string(name) || !reader.read_string(value)) return std::nullopt;
    headers.emplace_back(std::move(name), std::move(value));
  }
  if (reader.remaining() != 0) return std::nullopt;
  return headers;
}

uint32_t fetch_op(VMLogic& vm, Buffer url, Buffer method, Buffer headers, Buffer body,
                  uint64_t register_id) {
  if (!fetch_enabled(vm)) {
    vm.set_register(register_id, as_bytes(kFetchDisabledMessage));
    return 1;
  }
  std::string_view url_text = vm.read_str(url);
  std::string_view method_text = vm.read_str(method);
  auto header_bytes = vm.payload(headers);
  auto body_bytes = vm.payload(body);
  std::optional<HttpHeaders> decoded = decode_fetch_headers(header_bytes);
  if (!decoded) VMLogic::throw_host(HostError::Kind::DeserializationError);

  // Guest memory cannot change while the host call runs, so the views stay valid.
  FetchRequest request{url_text, method_text, std::move(*decoded), body_bytes};
  FetchResult result = perform_fetch(request, vm.options.fetch, vm.limits.max_register_size);
  if (result.ok) {
    vm.set_register(register_id, result.body);
    return 0;
  }
  vm.set_register(register_id, as_bytes(result.error));
  return 1;
}

void fetch_host_function(VMLogic& vm, uint64_t* slots) {
  Buffer url, method, headers, body;
  if (fetch_enabled(vm)) {
    url = vm.read_buffer(slots[0]);
    method = vm.read_buffer(slots[1]);
    headers = vm.read_buffer(slots[2]);
    body = vm.read_buffer(slots[3]);
  }
  slots[0] = fetch_op(vm, url, method, headers, body, slots[4]);
}

void add_fetch_function(HostTable& table) {
  table.push_back(
      {"fetch", sig({I64, I64, I64, I64, I64}, {I32}), host_entry<fetch_host_function>});
}

}  // namespace ward::runtime
