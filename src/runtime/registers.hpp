// Registers (calimero-abi.md §3.4): a per-execution map u64 id -> bytes with exact accounting.
// Executions use a handful of ids, so a flat vector with linear search beats hashing.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "ward/runtime/limits.hpp"

namespace ward::runtime {

class Registers {
 public:
  explicit Registers(const VMLimits& limits) : limits_(limits) {}

  // nullptr when absent.
  const std::vector<uint8_t>* get(uint64_t id) const {
    for (const Entry& e : entries_) {
      if (e.id == id) return &e.data;
    }
    return nullptr;
  }

  // Checks, in order: size, count (new id), total capacity. False leaves everything unchanged.
  bool set(uint64_t id, std::span<const uint8_t> data) {
    if (data.size() > limits_.max_register_size) return false;
    Entry* existing = find(id);
    if (existing == nullptr && entries_.size() >= limits_.max_registers) return false;
    uint64_t old_cost = existing ? 8 + existing->data.size() : 0;
    uint64_t new_total = total_ - old_cost + 8 + data.size();
    if (new_total > limits_.max_registers_capacity) return false;
    if (existing == nullptr) {
      entries_.push_back({id, {}});
      existing = &entries_.back();
    }
    existing->data.assign(data.begin(), data.end());
    total_ = new_total;
    return true;
  }

  uint64_t total_bytes() const { return total_; }
  size_t count() const { return entries_.size(); }

 private:
  struct Entry {
    uint64_t id;
    std::vector<uint8_t> data;
  };
  Entry* find(uint64_t id) {
    for (Entry& e : entries_) {
      if (e.id == id) return &e;
    }
    return nullptr;
  }

  const VMLimits& limits_;
  std::vector<Entry> entries_;
  uint64_t total_ = 0;
};

}  // namespace ward::runtime
