// A conformance suite for Storage backends (calimero-abi.md §10.1). The tests themselves live in
// storage_conformance.cpp, which must be linked into the test binary once; a backend joins by
// instantiating the suite in its own test file:
//
//   namespace ward::storage::conformance {
//   INSTANTIATE_TEST_SUITE_P(Memory, StorageConformance,
//                            ::testing::Values(conformance_case("Memory", [] {
//                              return std::make_unique<MemoryStore>();
//                            })),
//                            conformance_case_name);
//   }
//
// Every test writes, calls checkpoint(), then checks what it wrote, so a harness can commit,
// flush or reopen at that point (a persistent backend can prove that data survives a reopen).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ward/storage/storage.hpp"

namespace ward::storage::conformance {

inline Bytes bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }
inline Bytes raw(std::initializer_list<uint8_t> values) { return Bytes(values); }

// An upper scan bound above every key the tests use.
inline Bytes beyond_all_keys() { return Bytes(64, 0xFF); }

inline std::vector<KeyValue> scan_all(Storage& storage) {
  return storage.index_scan({}, beyond_all_keys(), 0, std::nullopt);
}

inline std::vector<Bytes> keys_of(const std::vector<KeyValue>& pairs) {
  std::vector<Bytes> keys;
  keys.reserve(pairs.size());
  for (const auto& pair : pairs) keys.push_back(pair.first);
  return keys;
}

// The store a test runs against.
class StorageHarness {
 public:
  virtual ~StorageHarness() = default;
  // May return a different object after checkpoint(), showing the same contents.
  virtual Storage& storage() = 0;
  // Between a test's writes and its checks: commit, flush, reopen, or nothing (the default).
  virtual void checkpoint() {}
};

using StorageFactory = std::function<std::unique_ptr<Storage>()>;
using HarnessFactory = std::function<std::unique_ptr<StorageHarness>()>;

struct StorageConformanceCase {
  std::string name;  // a test-name suffix: letters, digits and underscores
  HarnessFactory make_harness;
};

// A case for a self-contained store that needs no checkpoint action.
inline StorageConformanceCase conformance_case(std::string name, StorageFactory factory) {
  class OwningHarness : public StorageHarness {
   public:
    explicit OwningHarness(std::unique_ptr<Storage> storage) : storage_(std::move(storage)) {}
    Storage& storage() override { return *storage_; }

   private:
    std::unique_ptr<Storage> storage_;
  };
  return {std::move(name), [factory = std::move(factory)]() -> std::unique_ptr<StorageHarness> {
            return std::make_unique<OwningHarness>(factory());
          }};
}

inline StorageConformanceCase harness_case(std::string name, HarnessFactory factory) {
  return {std::move(name), std::move(factory)};
}

inline std::string conformance_case_name(
    const ::testing::TestParamInfo<StorageConformanceCase>& info) {
  return info.param.name;
}

class StorageConformance : public ::testing::TestWithParam<StorageConformanceCase> {
 protected:
  void SetUp() override { harness_ = GetParam().make_harness(); }

  Storage& store() { return harness_->storage(); }
  void checkpoint() { harness_->checkpoint(); }
  // Index tests only make sense for stores that have an index.
  bool skip_without_index() { return !store().supports_index(); }

 private:
  std::unique_ptr<StorageHarness> harness_;
};

}  // namespace ward::storage::conformance
