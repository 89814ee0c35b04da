// The `--db DIR` option shared by the commands that use Ward's persistent state: the RocksDB
// store of every context's keyspaces, and the blob store in its `blobs` subdirectory.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "ward/engine/error.hpp"
#include "ward/storage/rocksdb_store.hpp"

namespace ward::cli {

inline constexpr const char* kDefaultDatabaseDirectory = "ward-data";

// Adds `--db DIR` (default ./ward-data) bound to `directory`.
void add_database_option(CLI::App& app, std::string& directory);

// The blob store directory of the database at `directory`.
std::filesystem::path blob_directory(const std::string& directory);

enum class OpenMode : uint8_t {
  kCreateIfMissing,  // `ward run`: the first run creates the database
  kExisting,         // commands that only read state: a missing database is an error
};

// Opens the store, taking its lock for the life of the returned object. The error names the
// directory and the cause (locked by another process, corrupt, newer format, missing).
engine::Result<std::unique_ptr<storage::RocksDbStore>, std::string> open_database(
    const std::string& directory, OpenMode mode);

}  // namespace ward::cli
