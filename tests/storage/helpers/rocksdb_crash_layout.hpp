// What one generation of the RocksDB crash test writes; shared by the writer
// (rocksdb_crash_writer.cpp) and the checks in rocksdb_store_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "ward/storage/rocksdb_store.hpp"

namespace ward::storage::crash_layout {

inline constexpr ContextId kContext = {0xC0, 0xFF, 0xEE};
inline constexpr int kMainKeys = 256;
inline constexpr int kIndexKeys = 64;
inline constexpr int kPrivateKeys = 16;
// Makes a batch about half a megabyte, so memtable flushes and compactions happen while the
// writer runs and a kill can land in any of them.
inline constexpr size_t kFillerBytes = 2048;

inline Bytes text(const std::string& value) { return Bytes(value.begin(), value.end()); }

inline Bytes encode_generation(uint64_t generation) {
  Bytes encoded(8);
  for (size_t i = 0; i < 8; ++i) encoded[i] = static_cast<uint8_t>(generation >> (8 * i));
  return encoded;
}

// The generation a value starts with; none if it is too short.
inline std::optional<uint64_t> decode_generation(BytesView value) {
  if (value.size() < 8) return std::nullopt;
  uint64_t generation = 0;
  for (size_t i = 0; i < 8; ++i) generation |= uint64_t{value[i]} << (8 * i);
  return generation;
}

inline Bytes main_key(int i) { return text("key/" + std::to_string(i)); }
inline Bytes index_key(uint64_t generation, int i) {
  return text("idx/" + std::to_string(generation) + "/" + std::to_string(i));
}
inline Bytes private_key(int i) { return text("private/" + std::to_string(i)); }
inline const Bytes kIndexPrefix = text("idx/");
inline const Bytes kGenerationMetaKey = text("generation");

inline WriteBatch main_generation_batch(uint64_t generation) {
  using Kind = WriteBatch::Op::Kind;
  using Space = WriteBatch::Space;
  WriteBatch batch;
  Bytes value = encode_generation(generation);
  value.resize(8 + kFillerBytes, static_cast<uint8_t>(generation));
  for (int i = 0; i < kMainKeys; ++i)
    batch.ops.push_back({Space::Main, Kind::Put, main_key(i), value});
  batch.ops.push_back({Space::Index, Kind::DeletePrefix, kIndexPrefix, {}});
  for (int i = 0; i < kIndexKeys; ++i) {
    batch.ops.push_back(
        {Space::Index, Kind::Put, index_key(generation, i), encode_generation(generation)});
  }
  batch.ops.push_back(
      {Space::IndexMeta, Kind::Put, kGenerationMetaKey, encode_generation(generation)});
  return batch;
}

inline WriteBatch private_generation_batch(uint64_t generation) {
  WriteBatch batch;
  for (int i = 0; i < kPrivateKeys; ++i) {
    batch.ops.push_back({WriteBatch::Space::Main, WriteBatch::Op::Kind::Put, private_key(i),
                         encode_generation(generation)});
  }
  return batch;
}

}  // namespace ward::storage::crash_layout
