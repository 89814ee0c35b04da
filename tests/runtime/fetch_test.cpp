// The `fetch` host function (calimero-abi.md §4.9, §11.1, §11.2): the disabled default, argument
// validation, the policy (allowlist, schemes, destination classes, redirects, timeouts, caps) and
// real transfers against an HTTP/1.1 server the test runs on the loopback interface.
#include "runtime/host/fetch.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/runtime_objects.hpp"
#include "runtime/fetch_client.hpp"
#include "support/wat.hpp"
#include "ward/engine/store.hpp"
#include "ward/runtime/runtime.hpp"
#include "ward/storage/memory_store.hpp"

namespace ward::runtime {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// ---------------------------------------------------------------------------------------------
// A small HTTP/1.1 server on 127.0.0.1 with an ephemeral port: one thread per connection, one
// request per connection ("Connection: close").

struct HttpRequest {
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::optional<HttpRequest> read_request(int fd) {
  std::string data;
  char chunk[4096];
  size_t header_end;
  while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
    if (data.size() > 65536) return std::nullopt;
    ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return std::nullopt;
    data.append(chunk, static_cast<size_t>(n));
  }
  HttpRequest request;
  std::string head = data.substr(0, header_end);
  size_t line_end = head.find("\r\n");
  std::string request_line = head.substr(0, line_end);
  size_t first_space = request_line.find(' ');
  size_t second_space = request_line.find(' ', first_space + 1);
  if (first_space == std::string::npos || second_space == std::string::npos) return std::nullopt;
  request.method = request_line.substr(0, first_space);
  request.path = request_line.substr(first_space + 1, second_space - first_space - 1);
  size_t content_length = 0;
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(pos, end - pos);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      if (lowercase(name) == "content-length") content_length = std::stoul(value);
      request.headers.emplace_back(name, value);
    }
    pos = end + 2;
  }
  request.body = data.substr(header_end + 4);
  while (request.body.size() < content_length) {
    ssize_t n = recv(fd, chunk, sizeof(chunk), 0);
    if (n <= 0) return std::nullopt;
    request.body.append(chunk, static_cast<size_t>(n));
  }
  return request;
}

void send_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return;  // the client went away (e.g. it aborted an oversized body)
    data.remove_prefix(static_cast<size_t>(n));
  }
}

std::string response(int status, std::string_view reason, std::string_view body,
                     const std::vector<std::string>& extra_headers = {}, bool with_length = true,
                     bool omit_body = false) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  for (const std::string& header : extra_headers) out += header + "\r\n";
  if (with_length) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  out += "Connection: close\r\n\r\n";
  if (!omit_body) out += body;
  return out;
}

constexpr size_t kHugeBodySize = 65536;
const std::string kOkBody = "hello from ward";

class LoopbackHttpServer {
 public:
  LoopbackHttpServer() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int on = 1;
    setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        listen(listen_fd_, 64) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1: " << std::strerror(errno);
      return;
    }
    socklen_t length = sizeof(address);
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }

  ~LoopbackHttpServer() {
    stopping_ = true;
    if (acceptor_.joinable()) acceptor_.join();
    std::lock_guard lock(workers_mutex_);
    for (std::thread& worker : workers_) worker.join();
    close(listen_fd_);
  }

  uint16_t port() const { return port_; }
  std::string url(std::string_view path, std::string_view host = "127.0.0.1") const {
    return "http://" + std::string(host) + ":" + std::to_string(port_) + std::string(path);
  }
  int connections() const { return connections_.load(); }

 private:
  void accept_loop() {
    while (!stopping_) {
      pollfd waiting{listen_fd_, POLLIN, 0};
      if (poll(&waiting, 1, 20) <= 0) continue;
      int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++connections_;
      std::lock_guard lock(workers_mutex_);
      workers_.emplace_back([this, fd] {
        serve(fd);
        close(fd);
      });
    }
  }

  void serve(int fd) {
    timeval receive_timeout{3, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &receive_timeout, sizeof(receive_timeout));
    std::optional<HttpRequest> request = read_request(fd);
    if (!request) return;
    send_all(fd, route(*request));
  }

  std::string route(const HttpRequest& r) {
    const std::string& path = r.path;
    bool head = r.method == "HEAD";
    if (path == "/ok") return response(200, "OK", kOkBody, {}, true, head);
    if (path == "/missing") return response(404, "Not Found", "no such page");
    if (path == "/no-content") return response(204, "No Content", "", {}, false);
    if (path == "/not-modified") return response(304, "Not Modified", "", {}, false);
    if (path == "/redirect-allowed") {
      return response(302, "Found", "", {"Location: " + url("/ok", "localhost")});
    }
    if (path == "/redirect-disallowed") {
      return response(302, "Found", "", {"Location: " + url("/ok", "evil.invalid")});
    }
    if (path == "/redirect-https") {
      return response(302, "Found", "", {"Location: https://127.0.0.1:1/ok"});
    }
    if (path == "/redirect-relative") return response(301, "Moved", "", {"Location: /ok"});
    if (path == "/redirect-loop") return response(302, "Found", "", {"Location: /redirect-loop"});
    if (path == "/see-other") return response(303, "See Other", "", {"Location: /echo"});
    if (path == "/temporary") return response(307, "Temporary", "", {"Location: /echo"});
    if (path == "/redirect-other-host-echo") {
      return response(307, "Temporary", "", {"Location: " + url("/echo", "localhost")});
    }
    if (path == "/slow") {
      for (auto waited = 0ms; waited < 5000ms && !stopping_; waited += 10ms) {
        std::this_thread::sleep_for(10ms);
      }
      return response(200, "OK", "late");
    }
    if (path == "/huge") return response(200, "OK", std::string(kHugeBodySize, 'x'));
    if (path == "/huge-unknown-length") {
      return response(200, "OK", std::string(kHugeBodySize, 'y'), {}, false);
    }
    if (path == "/echo") {
      std::string body = "method=" + r.method + "\n";
      for (const auto& [name, value] : r.headers) body += name + ": " + value + "\n";
      body += "body=" + r.body;
      return response(200, "OK", body);
    }
    return response(404, "Not Found", "unknown route");
  }

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread acceptor_;
  std::mutex workers_mutex_;
  std::vector<std::thread> workers_;
};

// A listener that never accepts, with its accept queue filled, so further connection attempts
// stall in the handshake: a destination that only a connect timeout can end.
class StalledListener {
 public:
  StalledListener() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        listen(listen_fd_, 0) != 0) {
      return;
    }
    socklen_t length = sizeof(address);
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    for (int attempt = 0; attempt < 16 && !stalled_; ++attempt) {
      int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
      clients_.push_back(fd);
      if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) continue;
      pollfd waiting{fd, POLLOUT, 0};
      stalled_ = poll(&waiting, 1, 200) == 0;
    }
  }
  ~StalledListener() {
    for (int fd : clients_) close(fd);
    close(listen_fd_);
  }
  bool stalled() const { return stalled_; }
  uint16_t port() const { return port_; }

 private:
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  bool stalled_ = false;
  std::vector<int> clients_;
};

// A loopback port with nothing listening on it (bound once, then released).
uint16_t unused_loopback_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

// ---------------------------------------------------------------------------------------------
// Helpers for calling the host function body on a real engine memory.

Bytes borsh_headers(const HttpHeaders& headers) {
  Bytes out;
  auto put_u32 = [&out](uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
  };
  put_u32(static_cast<uint32_t>(headers.size()));
  for (const auto& [name, value] : headers) {
    put_u32(static_cast<uint32_t>(name.size()));
    out.insert(out.end(), name.begin(), name.end());
    put_u32(static_cast<uint32_t>(value.size()));
    out.insert(out.end(), value.begin(), value.end());
  }
  return out;
}

Bytes bytes_of(std::string_view text) { return Bytes(text.begin(), text.end()); }

// Guest memory layout used by the fixture.
constexpr uint64_t kUrlDescriptor = 0, kMethodDescriptor = 16, kHeadersDescriptor = 32,
                   kBodyDescriptor = 48;
constexpr uint64_t kUrlAt = 1024, kMethodAt = 4096, kHeadersAt = 8192, kBodyAt = 16384;
constexpr uint64_t kRegister = 5;
constexpr uint64_t kPages = 2;

struct FetchCall {
  uint32_t result = 99;
  std::string register_text;
};

class FetchHostTest : public ::testing::Test {
 protected:
  FetchHostTest() {
    auto memory = store_.create_memory(engine::MemoryType{engine::Limits32{kPages, false, 0}});
    EXPECT_TRUE(memory.ok());
    if (memory.ok()) memory_ = memory.value();
  }

  // Loopback server tests need both relaxations; each test states the rest of its policy.
  void allow_loopback_server(std::vector<std::string> hosts = {"127.0.0.1", "localhost"}) {
    options_.fetch.allowed_hosts = std::move(hosts);
    options_.fetch.allow_http = true;
    options_.fetch.allow_private_addresses = true;
  }

  VMLogic& vm() {
    if (!vm_) {
      vm_ = std::make_unique<VMLogic>(context_, limits_, options_, env_);
      vm_->memory = memory_;
    }
    return *vm_;
  }

  void write(uint64_t at, std::span<const uint8_t> bytes) {
    ASSERT_LE(at + bytes.size(), memory_->size);
    if (!bytes.empty()) std::memcpy(memory_->base + at, bytes.data(), bytes.size());
  }
  void write_descriptor(uint64_t at, uint64_t ptr, uint64_t len) {
    uint64_t raw[2] = {ptr, len};
    std::memcpy(memory_->base + at, raw, sizeof(raw));
  }
  // Places the four arguments and their descriptors in memory.
  void place(std::string_view url, std::string_view method, const Bytes& headers,
             const Bytes& body) {
    write(kUrlAt, bytes_of(url));
    write(kMethodAt, bytes_of(method));
    write(kHeadersAt, headers);
    write(kBodyAt, body);
    write_descriptor(kUrlDescriptor, kUrlAt, url.size());
    write_descriptor(kMethodDescriptor, kMethodAt, method.size());
    write_descriptor(kHeadersDescriptor, kHeadersAt, headers.size());
    write_descriptor(kBodyDescriptor, kBodyAt, body.size());
  }

  FetchCall invoke(uint64_t url = kUrlDescriptor, uint64_t method = kMethodDescriptor,
                   uint64_t headers = kHeadersDescriptor, uint64_t body = kBodyDescriptor) {
    uint64_t slots[5] = {url, method, headers, body, kRegister};
    fetch_host_function(vm(), slots);
    FetchCall call;
    call.result = static_cast<uint32_t>(slots[0]);
    if (const Bytes* reg = vm().registers.get(kRegister)) {
      call.register_text.assign(reg->begin(), reg->end());
    }
    return call;
  }

  FetchCall fetch(std::string_view url, std::string_view method = "GET",
                  const HttpHeaders& headers = {}, std::string_view body = "") {
    place(url, method, borsh_headers(headers), bytes_of(body));
    return invoke();
  }

  // The kind of the HostError a call traps with, or nullopt when it does not trap.
  std::optional<HostError::Kind> trap_of(uint64_t url = kUrlDescriptor,
                                         uint64_t method = kMethodDescriptor,
                                         uint64_t headers = kHeadersDescriptor,
                                         uint64_t body = kBodyDescriptor) {
    try {
      invoke(url, method, headers, body);
    } catch (const HostTrap& trap) {
      return trap.error.kind;
    }
    return std::nullopt;
  }

  VMContext context_;
  VMLimits limits_;
  RuntimeOptions options_;
  RunEnvironment env_;
  engine::Store store_;
  engine::MemoryInstance* memory_ = nullptr;
  std::unique_ptr<VMLogic> vm_;
};

// ---------------------------------------------------------------------------------------------
// Allowlist matcher.

TEST(FetchAllowlist, ExactHostsMatchIgnoringCaseAndTrailingDot) {
  std::vector<std::string> allowlist = {"api.example.com"};
  EXPECT_TRUE(host_matches_allowlist("api.example.com", allowlist));
  EXPECT_TRUE(host_matches_allowlist("API.Example.COM", allowlist));
  EXPECT_TRUE(host_matches_allowlist("api.example.com.", allowlist));
  EXPECT_FALSE(host_matches_allowlist("example.com", allowlist));
  EXPECT_FALSE(host_matches_allowlist("x.api.example.com", allowlist));
  EXPECT_FALSE(host_matches_allowlist("api.example.com.evil", allowlist));
  EXPECT_FALSE(host_matches_allowlist("", allowlist));
}

TEST(FetchAllowlist, WildcardMatchesSubdomainsOnly) {
  std::vector<std::string> allowlist = {"*.example.com"};
  EXPECT_TRUE(host_matches_allowlist("a.example.com", allowlist));
  EXPECT_TRUE(host_matches_allowlist("a.b.example.com", allowlist));
  EXPECT_TRUE(host_matches_allowlist("A.EXAMPLE.com", allowlist));
  EXPECT_FALSE(host_matches_allowlist("example.com", allowlist));
  EXPECT_FALSE(host_matches_allowlist("badexample.com", allowlist));
  EXPECT_FALSE(host_matches_allowlist(".example.com", allowlist));
  EXPECT_FALSE(host_matches_allowlist("a.example.com.evil", allowlist));
}

TEST(FetchAllowlist, DegenerateEntriesMatchNothing) {
  std::vector<std::string> allowlist = {"", "*", "*.", "."};
  for (const char* host : {"a", "example.com", "*", "."}) {
    EXPECT_FALSE(host_matches_allowlist(host, allowlist)) << host;
  }
  EXPECT_FALSE(host_matches_allowlist("example.com", {}));
}

// ---------------------------------------------------------------------------------------------
// Destination classes.

TEST(FetchAddressClass, ClassifiesIpv4Ranges) {
  auto c = [](const char* text) { return classify_address_literal(text); };
  EXPECT_EQ(c("8.8.8.8"), AddressClass::Public);
  EXPECT_EQ(c("172.32.0.1"), AddressClass::Public);
  EXPECT_EQ(c("127.0.0.1"), AddressClass::Loopback);
  EXPECT_EQ(c("127.255.1.2"), AddressClass::Loopback);
  EXPECT_EQ(c("10.1.2.3"), AddressClass::Private);
  EXPECT_EQ(c("172.16.0.1"), AddressClass::Private);
  EXPECT_EQ(c("172.31.255.255"), AddressClass::Private);
  EXPECT_EQ(c("192.168.1.1"), AddressClass::Private);
  EXPECT_EQ(c("100.64.0.1"), AddressClass::Private);
  EXPECT_EQ(c("169.254.169.254"), AddressClass::LinkLocal);
  EXPECT_EQ(c("0.0.0.0"), AddressClass::Unspecified);
  EXPECT_EQ(c("224.0.0.1"), AddressClass::Multicast);
  EXPECT_EQ(c("255.255.255.255"), AddressClass::Reserved);
  EXPECT_EQ(c("example.com"), std::nullopt);
}

TEST(FetchAddressClass, ClassifiesIpv6RangesAndEmbeddedIpv4) {
  auto c = [](const char* text) { return classify_address_literal(text); };
  EXPECT_EQ(c("2606:4700::1111"), AddressClass::Public);
  EXPECT_EQ(c("::1"), AddressClass::Loopback);
  EXPECT_EQ(c("::"), AddressClass::Unspecified);
  EXPECT_EQ(c("fe80::1"), AddressClass::LinkLocal);
  EXPECT_EQ(c("fd00::1"), AddressClass::Private);
  EXPECT_EQ(c("fc00::1"), AddressClass::Private);
  EXPECT_EQ(c("ff02::1"), AddressClass::Multicast);
  EXPECT_EQ(c("::ffff:127.0.0.1"), AddressClass::Loopback);
  EXPECT_EQ(c("::ffff:10.0.0.1"), AddressClass::Private);
  EXPECT_EQ(c("::ffff:8.8.8.8"), AddressClass::Public);
  EXPECT_EQ(c("64:ff9b::a9fe:a9fe"), AddressClass::LinkLocal);
  EXPECT_EQ(c("2002:7f00:1::"), AddressClass::Loopback);
}

// ---------------------------------------------------------------------------------------------
// Header decoding.

TEST(FetchHeaders, DecodesBorshPairs) {
  HttpHeaders headers = {{"Accept", "text/plain"}, {"X-Empty", ""}, {"X-Unicode", "é"}};
  auto decoded = decode_fetch_headers(borsh_headers(headers));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(*decoded, headers);
  auto empty = decode_fetch_headers(borsh_headers({}));
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->empty());
}

TEST(FetchHeaders, RejectsMalformedInput) {
  Bytes valid = borsh_headers({{"A", "b"}});
  EXPECT_FALSE(decode_fetch_headers({}).has_value());              // no count
  EXPECT_FALSE(decode_fetch_headers(Bytes{1, 0, 0}).has_value());  // short count
  Bytes trailing = valid;
  trailing.push_back(0);
  EXPECT_FALSE(decode_fetch_headers(trailing).has_value());
  Bytes truncated(valid.begin(), valid.end() - 1);
  EXPECT_FALSE(decode_fetch_headers(truncated).has_value());
  Bytes huge_count = {0xff, 0xff, 0xff, 0xff};
  EXPECT_FALSE(decode_fetch_headers(huge_count).has_value());
  Bytes long_string = {1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 'A'};
  EXPECT_FALSE(decode_fetch_headers(long_string).has_value());
  Bytes bad_utf8 = {1, 0, 0, 0, 1, 0, 0, 0, 0xc0, 1, 0, 0, 0, 'b'};
  EXPECT_FALSE(decode_fetch_headers(bad_utf8).has_value());
  Bytes surrogate = {1, 0, 0, 0, 1, 0, 0, 0, 'a', 3, 0, 0, 0, 0xed, 0xa0, 0x80};
  EXPECT_FALSE(decode_fetch_headers(surrogate).has_value());
}

// ---------------------------------------------------------------------------------------------
// The disabled default (§4.9 reference behaviour, §11.1, §11.2).

TEST_F(FetchHostTest, DisabledByDefaultReadsNoArgument) {
  uint64_t nowhere = UINT64_MAX - 3;
  FetchCall call = invoke(nowhere, nowhere, nowhere, nowhere);
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text, "Host function 'fetch' is temporarily disabled.");
}

TEST_F(FetchHostTest, DisabledWithoutAttachedMemoryToo) {
  memory_ = nullptr;  // any memory access would crash: proves nothing is read
  FetchCall call = invoke(1, 2, 3, 4);
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text, kFetchDisabledMessage);
}

TEST_F(FetchHostTest, DisabledInDeterministicModeEvenWithAnAllowlist) {
  allow_loopback_server();
  options_.deterministic = true;
  uint64_t nowhere = UINT64_MAX;
  FetchCall call = invoke(nowhere, nowhere, nowhere, nowhere);
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text, kFetchDisabledMessage);
}

TEST_F(FetchHostTest, DisabledMessageRegisterWriteCanTrap) {
  limits_.max_register_size = 10;  // shorter than the message
  EXPECT_EQ(trap_of(), HostError::Kind::InvalidMemoryAccess);
}

// ---------------------------------------------------------------------------------------------
// Argument validation when enabled (§4.9 steps 1-4).

TEST_F(FetchHostTest, DescriptorOutOfBoundsTraps) {
  allow_loopback_server();
  place("http://127.0.0.1/", "GET", borsh_headers({}), {});
  uint64_t last_fitting = kPages * 65536 - 16;
  EXPECT_EQ(trap_of(last_fitting + 1), HostError::Kind::InvalidMemoryAccess);
  EXPECT_EQ(trap_of(kUrlDescriptor, kMethodDescriptor, kHeadersDescriptor, UINT64_MAX - 7),
            HostError::Kind::InvalidMemoryAccess);
}

TEST_F(FetchHostTest, DescriptorsAreReadBeforeAnyPayload) {
  allow_loopback_server();
  place("http://127.0.0.1/", "GET", borsh_headers({}), {});
  write(kUrlAt, Bytes{0xff});  // the URL is not UTF-8, but the body descriptor fails first
  EXPECT_EQ(trap_of(kUrlDescriptor, kMethodDescriptor, kHeadersDescriptor, kPages * 65536),
            HostError::Kind::InvalidMemoryAccess);
}

TEST_F(FetchHostTest, UrlAndMethodMustBeUtf8) {
  allow_loopback_server();
  place("http://127.0.0.1/", "GET", borsh_headers({}), {});
  write(kUrlAt + 7, Bytes{0xc0});
  EXPECT_EQ(trap_of(), HostError::Kind::BadUTF8);

  place("http://127.0.0.1/", "GET", borsh_headers({}), {});
  write(kMethodAt, Bytes{0xed, 0xa0, 0x80});  // a surrogate
  EXPECT_EQ(trap_of(), HostError::Kind::BadUTF8);
}

TEST_F(FetchHostTest, UrlAndMethodPayloadBoundsAreChecked) {
  allow_loopback_server();
  place("http://127.0.0.1/", "GET", borsh_headers({}), {});
  write_descriptor(kUrlDescriptor, kPages * 65536 - 2, 3);
  EXPECT_EQ(trap_of(), HostError::Kind::InvalidMemoryAccess);

  place("http://127.0.0.1/", "GET", borsh_headers({}), {});
  write_descriptor(kMethodDescriptor, UINT64_MAX, 1);
  EXPECT_EQ(trap_of(), HostError::Kind::InvalidMemoryAccess);

  // Bounds come before UTF-8: an invalid URL with an out-of-bounds method still says so.
  place("http://127.0.0.1/", "GET", borsh_headers({}), {});
  write(kUrlAt, Bytes{0xff});
  write_descriptor(kUrlDescriptor, kUrlAt, 1);
  EXPECT_EQ(trap_of(), HostError::Kind::BadUTF8);
}

TEST_F(FetchHostTest, MalformedHeadersAreADeserializationError) {
  allow_loopback_server();
  place("http://127.0.0.1/", "GET", Bytes{1, 0, 0, 0}, {});
  EXPECT_EQ(trap_of(), HostError::Kind::DeserializationError);
  Bytes trailing = borsh_headers({{"A", "b"}});
  trailing.push_back(7);
  place("http://127.0.0.1/", "GET", trailing, {});
  EXPECT_EQ(trap_of(), HostError::Kind::DeserializationError);
  place("http://127.0.0.1/", "GET", Bytes{}, {});
  EXPECT_EQ(trap_of(), HostError::Kind::DeserializationError);
}

TEST_F(FetchHostTest, PayloadBoundsComeBeforeHeaderDecoding) {
  allow_loopback_server();
  place("http://127.0.0.1/", "GET", Bytes{9}, {});
  write_descriptor(kBodyDescriptor, kPages * 65536, 1);
  EXPECT_EQ(trap_of(), HostError::Kind::InvalidMemoryAccess);
}

// ---------------------------------------------------------------------------------------------
// Policy refusals that need no server.

TEST_F(FetchHostTest, RefusesHostsOffTheAllowlist) {
  allow_loopback_server({"example.com", "*.example.org"});
  FetchCall call = fetch("http://127.0.0.1:9/ok");
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text, "fetch refused: URL host '127.0.0.1' is not on the allowlist");
  call = fetch("https://example.org/");
  EXPECT_EQ(call.register_text, "fetch refused: URL host 'example.org' is not on the allowlist");
}

TEST_F(FetchHostTest, RefusesSchemesOutsideThePolicy) {
  options_.fetch.allowed_hosts = {"127.0.0.1"};
  options_.fetch.allow_private_addresses = true;
  FetchCall call = fetch("http://127.0.0.1:9/ok");
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text,
            "fetch refused: URL scheme 'http' is not allowed (only https is enabled)");
  call = fetch("ftp://127.0.0.1/file");
  EXPECT_EQ(call.register_text, "fetch refused: URL scheme 'ftp' is not allowed (only https)");
  options_.fetch.allow_http = true;
  call = fetch("file:///etc/passwd");
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text.rfind("fetch refused: ", 0), 0u) << call.register_text;
}

TEST_F(FetchHostTest, RefusesInvalidUrlsMethodsAndHeaders) {
  allow_loopback_server();
  FetchCall call = fetch("not a url");
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text.rfind("fetch refused: invalid URL", 0), 0u) << call.register_text;

  call = fetch("http://127.0.0.1:9/", "GE T");
  EXPECT_EQ(call.register_text, "fetch refused: invalid HTTP method");
  call = fetch("http://127.0.0.1:9/", "");
  EXPECT_EQ(call.register_text, "fetch refused: invalid HTTP method");

  call = fetch("http://127.0.0.1:9/", "GET", {{"X-Injected", "a\r\nEvil: yes"}});
  EXPECT_EQ(call.register_text, "fetch refused: invalid value for header 'X-Injected'");
  call = fetch("http://127.0.0.1:9/", "GET", {{"Bad Name", "v"}});
  EXPECT_EQ(call.register_text, "fetch refused: invalid header name 'Bad Name'");
  call = fetch("http://127.0.0.1:9/", "GET", {{"host", "internal.example"}});
  EXPECT_EQ(call.register_text, "fetch refused: header 'host' may not be set by the application");
}

TEST_F(FetchHostTest, RefusesOversizedRequestBodies) {
  allow_loopback_server();
  options_.fetch.max_request_body = 100;
  FetchCall call = fetch("http://127.0.0.1:9/echo", "POST", {}, std::string(101, 'b'));
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text,
            "fetch refused: request body of 101 bytes exceeds the limit of 100 bytes");
}

TEST_F(FetchHostTest, ErrorTextThatDoesNotFitTheRegisterTraps) {
  allow_loopback_server({"example.com"});
  limits_.max_register_size = 8;
  place("http://127.0.0.1:9/", "GET", borsh_headers({}), {});
  EXPECT_EQ(trap_of(), HostError::Kind::InvalidMemoryAccess);
}

// ---------------------------------------------------------------------------------------------
// Transfers against the loopback server.

class FetchHttpTest : public FetchHostTest {
 protected:
  LoopbackHttpServer server_;
};

TEST_F(FetchHttpTest, GetReturnsTheBody) {
  allow_loopback_server();
  FetchCall call = fetch(server_.url("/ok"));
  EXPECT_EQ(call.result, 0u) << call.register_text;
  EXPECT_EQ(call.register_text, kOkBody);
}

TEST_F(FetchHttpTest, SameRequestIsRefusedWithoutPrivateAddresses) {
  allow_loopback_server();
  options_.fetch.allow_private_addresses = false;
  FetchCall call = fetch(server_.url("/ok"));
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text,
            "fetch refused: host '127.0.0.1' resolves to a loopback address (127.0.0.1); "
            "loopback, private and link-local destinations are not allowed");
  call = fetch(server_.url("/ok", "localhost"));
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text.rfind("fetch refused: host 'localhost' resolves to a loopback "
                                     "address",
                                     0),
            0u)
      << call.register_text;
  EXPECT_EQ(server_.connections(), 0);  // refused before any connection was made
}

TEST_F(FetchHttpTest, SameRequestIsRefusedWithoutHttp) {
  allow_loopback_server();
  options_.fetch.allow_http = false;
  FetchCall call = fetch(server_.url("/ok"));
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text,
            "fetch refused: URL scheme 'http' is not allowed (only https is enabled)");
  EXPECT_EQ(server_.connections(), 0);
}

TEST_F(FetchHttpTest, MappedIpv6LoopbackIsRefusedToo) {
  allow_loopback_server({"::ffff:127.0.0.1"});
  options_.fetch.allow_private_addresses = false;
  FetchCall call = fetch(server_.url("/ok", "[::ffff:127.0.0.1]"));
  EXPECT_EQ(call.result, 1u);
  EXPECT_NE(call.register_text.find("resolves to a loopback address"), std::string::npos)
      << call.register_text;
  EXPECT_EQ(server_.connections(), 0);
}

TEST_F(FetchHttpTest, UnspecifiedAddressIsNeverAllowed) {
  allow_loopback_server({"0.0.0.0"});
  FetchCall call = fetch(server_.url("/ok", "0.0.0.0"));
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text,
            "fetch refused: host '0.0.0.0' resolves to an unspecified address (0.0.0.0), which is "
            "never allowed");
  EXPECT_EQ(server_.connections(), 0);
}

TEST_F(FetchHttpTest, ErrorStatusIsAFailure) {
  allow_loopback_server();
  FetchCall call = fetch(server_.url("/missing"));
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text, "fetch failed: HTTP status 404");
}

TEST_F(FetchHttpTest, FinalStatusesWithoutBodiesSucceed) {
  allow_loopback_server();
  FetchCall call = fetch(server_.url("/no-content"));
  EXPECT_EQ(call.result, 0u) << call.register_text;
  EXPECT_EQ(call.register_text, "");
  call = fetch(server_.url("/not-modified"));
  EXPECT_EQ(call.result, 0u) << call.register_text;
  EXPECT_EQ(call.register_text, "");
}

TEST_F(FetchHttpTest, HeadReturnsAnEmptyBody) {
  allow_loopback_server();
  FetchCall call = fetch(server_.url("/ok"), "HEAD");
  EXPECT_EQ(call.result, 0u) << call.register_text;
  EXPECT_EQ(call.register_text, "");
}

TEST_F(FetchHttpTest, EchoesMethodHeadersAndBody) {
  allow_loopback_server();
  FetchCall call =
      fetch(server_.url("/echo"), "PUT",
            {{"X-Ward-Test", "yes"}, {"Content-Type", "application/json"}}, "{\"k\":1}");
  EXPECT_EQ(call.result, 0u) << call.register_text;
  EXPECT_NE(call.register_text.find("method=PUT\n"), std::string::npos) << call.register_text;
  EXPECT_NE(call.register_text.find("X-Ward-Test: yes\n"), std::string::npos);
  EXPECT_NE(call.register_text.find("Content-Type: application/json\n"), std::string::npos);
  EXPECT_NE(call.register_text.find("Content-Length: 7\n"), std::string::npos);
  EXPECT_NE(call.register_text.find("body={\"k\":1}"), std::string::npos);
  EXPECT_EQ(call.register_text.find("Expect:"), std::string::npos);
}

TEST_F(FetchHttpTest, BodyWithoutContentTypeGetsNoDefaultOne) {
  allow_loopback_server();
  FetchCall call = fetch(server_.url("/echo"), "POST", {{"X-Empty", ""}}, "raw");
  EXPECT_EQ(call.result, 0u) << call.register_text;
  EXPECT_EQ(lowercase(call.register_text).find("content-type"), std::string::npos)
      << call.register_text;
  EXPECT_NE(call.register_text.find("X-Empty: \n"), std::string::npos) << call.register_text;
  EXPECT_NE(call.register_text.find("body=raw"), std::string::npos);
}

TEST_F(FetchHttpTest, FollowsRedirectsToAllowedHosts) {
  allow_loopback_server();
  FetchCall call = fetch(server_.url("/redirect-allowed"));
  EXPECT_EQ(call.result, 0u) << call.register_text;
  EXPECT_EQ(call.register_text, kOkBody);
  call = fetch(server_.url("/redirect-relative"));
  EXPECT_EQ(call.result, 0u) << call.register_text;
  EXPECT_EQ(call.register_text, kOkBody);
}

TEST_F(FetchHttpTest, RechecksEveryRedirectTarget) {
  allow_loopback_server();
  FetchCall call = fetch(server_.url("/redirect-disallowed"));
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text,
            "fetch refused: redirect target host 'evil.invalid' is not on the allowlist");

  allow_loopback_server({"127.0.0.1"});  // localhost no longer listed
  call = fetch(server_.url("/redirect-allowed"));
  EXPECT_EQ(call.register_text,
            "fetch refused: redirect target host 'localhost' is not on the allowlist");

  call = fetch(server_.url("/redirect-https"));  // https is allowed; the target is refused later
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text.rfind("fetch failed: ", 0), 0u) << call.register_text;
}

TEST_F(FetchHttpTest, LimitsTheNumberOfRedirects) {
  allow_loopback_server();
  options_.fetch.max_redirects = 2;
  int before = server_.connections();
  FetchCall call = fetch(server_.url("/redirect-loop"));
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text, "fetch refused: too many redirects (limit 2)");
  EXPECT_EQ(server_.connections() - before, 3);  // the original request and two redirects

  options_.fetch.max_redirects = 0;
  call = fetch(server_.url("/redirect-allowed"));
  EXPECT_EQ(call.register_text, "fetch refused: too many redirects (limit 0)");
}

TEST_F(FetchHttpTest, RedirectMethodRules) {
  allow_loopback_server();
  FetchCall call = fetch(server_.url("/see-other"), "POST", {}, "payload");
  EXPECT_EQ(call.result, 0u) << call.register_text;
  EXPECT_NE(call.register_text.find("method=GET\n"), std::string::npos) << call.register_text;
  EXPECT_NE(call.register_text.find("body="), std::string::npos);
  EXPECT_EQ(call.register_text.find("payload"), std::string::npos);

  call = fetch(server_.url("/temporary"), "POST", {}, "payload");
  EXPECT_EQ(call.result, 0u) << call.register_text;
  EXPECT_NE(call.register_text.find("method=POST\n"), std::string::npos) << call.register_text;
  EXPECT_NE(call.register_text.find("body=payload"), std::string::npos);
}

TEST_F(FetchHttpTest, CredentialsAreNotForwardedToAnotherHost) {
  allow_loopback_server();
  FetchCall call = fetch(server_.url("/redirect-other-host-echo"), "GET",
                         {{"Authorization", "Bearer secret"}, {"X-Kept", "1"}});
  EXPECT_EQ(call.result, 0u) << call.register_text;
  EXPECT_EQ(call.register_text.find("secret"), std::string::npos) << call.register_text;
  EXPECT_NE(call.register_text.find("X-Kept: 1"), std::string::npos);

  call = fetch(server_.url("/echo"), "GET", {{"Authorization", "Bearer secret"}});
  EXPECT_NE(call.register_text.find("Authorization: Bearer secret"), std::string::npos);
}

TEST_F(FetchHttpTest, TotalTimeoutEndsASlowResponse) {
  allow_loopback_server();
  options_.fetch.total_timeout_ms = 300;
  auto started = Clock::now();
  FetchCall call = fetch(server_.url("/slow"));
  auto elapsed = Clock::now() - started;
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text, "fetch failed: request timed out (total timeout 300 ms)");
  EXPECT_LT(elapsed, 2s);
}

TEST_F(FetchHttpTest, TotalTimeoutCoversRedirectChains) {
  allow_loopback_server();
  options_.fetch.total_timeout_ms = 400;
  auto started = Clock::now();
  FetchCall call = fetch(server_.url("/redirect-loop"));  // fast hops: no timeout
  EXPECT_EQ(call.register_text, "fetch refused: too many redirects (limit 3)");
  EXPECT_LT(Clock::now() - started, 2s);
}

TEST_F(FetchHostTest, ConnectTimeoutEndsAStalledHandshake) {
  StalledListener stalled;
  if (!stalled.stalled()) GTEST_SKIP() << "could not make a connection attempt stall here";
  allow_loopback_server();
  options_.fetch.connect_timeout_ms = 300;
  options_.fetch.total_timeout_ms = 5000;
  auto started = Clock::now();
  FetchCall call = fetch("http://127.0.0.1:" + std::to_string(stalled.port()) + "/ok");
  auto elapsed = Clock::now() - started;
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text,
            "fetch failed: connecting to '127.0.0.1' timed out (connect timeout 300 ms)");
  EXPECT_LT(elapsed, 2s);
}

TEST_F(FetchHostTest, ConnectionRefusedIsAFailure) {
  allow_loopback_server();
  FetchCall call = fetch("http://127.0.0.1:" + std::to_string(unused_loopback_port()) + "/ok");
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text.rfind("fetch failed: ", 0), 0u) << call.register_text;
}

TEST_F(FetchHttpTest, ResponseLargerThanTheRegisterLimitIsAborted) {
  allow_loopback_server();
  limits_.max_register_size = 1000;
  FetchCall call = fetch(server_.url("/huge"));
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text, "fetch failed: response body exceeds the limit of 1000 bytes");
  call = fetch(server_.url("/huge-unknown-length"));
  EXPECT_EQ(call.result, 1u);
  EXPECT_EQ(call.register_text, "fetch failed: response body exceeds the limit of 1000 bytes");
}

TEST_F(FetchHttpTest, ResponseOfExactlyTheLimitIsDelivered) {
  allow_loopback_server();
  limits_.max_register_size = kHugeBodySize;
  FetchCall call = fetch(server_.url("/huge-unknown-length"));
  EXPECT_EQ(call.result, 0u) << call.register_text;
  EXPECT_EQ(call.register_text, std::string(kHugeBodySize, 'y'));
}

// ---------------------------------------------------------------------------------------------
// End to end through run(): the import links with its §4.0 type and behaves as above.

std::string fetch_module(std::string_view url, int64_t url_descriptor) {
  std::string escaped;
  for (char c : url) {
    if (c == '"' || c == '\\') escaped.push_back('\\');
    escaped.push_back(c);
  }
  return R"((module
  (import "env" "fetch" (func $fetch (param i64 i64 i64 i64 i64) (result i32)))
  (import "env" "register_len" (func $register_len (param i64) (result i64)))
  (import "env" "read_register" (func $read_register (param i64 i64) (result i32)))
  (import "env" "value_return" (func $value_return (param i64)))
  (memory (export "memory") 1)
  (data (i32.const 1024) ")" +
         escaped + R"(")
  (data (i32.const 2048) "GET")
  (func (export "call_fetch")
    (local $len i64)
    (i64.store (i32.const 0) (i64.const 1024))
    (i64.store (i32.const 8) (i64.const )" +
         std::to_string(url.size()) + R"())
    (i64.store (i32.const 16) (i64.const 2048))
    (i64.store (i32.const 24) (i64.const 3))
    (i64.store (i32.const 32) (i64.const 3072))
    (i64.store (i32.const 40) (i64.const 4))
    (i64.store (i32.const 48) (i64.const 0))
    (i64.store (i32.const 56) (i64.const 0))
    (i32.store8 (i32.const 8192)
      (call $fetch (i64.const )" +
         std::to_string(url_descriptor) + R"() (i64.const 16) (i64.const 32) (i64.const 48)
                   (i64.const 7)))
    (local.set $len (call $register_len (i64.const 7)))
    (i64.store (i32.const 64) (i64.const 8193))
    (i64.store (i32.const 72) (local.get $len))
    (drop (call $read_register (i64.const 7) (i64.const 64)))
    (i64.store (i32.const 96) (i64.const 0))
    (i64.store (i32.const 104) (i64.const 8192))
    (i64.store (i32.const 112) (i64.add (local.get $len) (i64.const 1)))
    (call $value_return (i64.const 96))))
)";
}

// The returned value is the i32 result as one byte followed by the register.
std::optional<std::string> run_fetch_module(std::string_view url, int64_t url_descriptor,
                                            const RuntimeOptions& options) {
  Bytes wasm = test::wat_to_wasm(fetch_module(url, url_descriptor));
  if (wasm.empty()) return std::nullopt;
  auto app = Application::compile(wasm, {}, options);
  if (!app.ok()) return std::nullopt;
  storage::MemoryStore store;
  RunEnvironment env;
  env.storage = &store;
  Outcome outcome = run(*app.value(), VMContext{}, "call_fetch", env, {}, options);
  const auto* value = std::get_if<std::optional<Bytes>>(&outcome.returns);
  if (value == nullptr || !value->has_value()) return std::nullopt;
  return std::string((*value)->begin(), (*value)->end());
}

TEST(FetchRun, DisabledByDefaultEndToEnd) {
  // The URL descriptor address is out of bounds: disabled fetch must not look at it.
  auto returned = run_fetch_module("http://127.0.0.1/", -1, {});
  ASSERT_TRUE(returned.has_value());
  EXPECT_EQ(*returned, std::string("\x01") + std::string(kFetchDisabledMessage));
}

TEST(FetchRun, EnabledGetEndToEnd) {
  LoopbackHttpServer server;
  RuntimeOptions options;
  options.fetch.allowed_hosts = {"127.0.0.1"};
  options.fetch.allow_http = true;
  options.fetch.allow_private_addresses = true;
  auto returned = run_fetch_module(server.url("/ok"), 0, options);
  ASSERT_TRUE(returned.has_value());
  EXPECT_EQ(*returned, std::string(1, '\0') + kOkBody);
}

}  // namespace
}  // namespace ward::runtime
