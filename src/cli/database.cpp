#include "cli/database.hpp"

#include <system_error>

namespace ward::cli {

void add_database_option(CLI::App& app, std::string& directory) {
  app.add_option("--db", directory,
                 "Database directory (default ./" + std::string(kDefaultDatabaseDirectory) +
                     "; blobs live in its blobs/ subdirectory)")
      ->type_name("DIR");
}

std::filesystem::path blob_directory(const std::string& directory) {
  return std::filesystem::path(directory) / "blobs";
}

engine::Result<std::unique_ptr<storage::RocksDbStore>, std::string> open_database(
    const std::string& directory, OpenMode mode) {
  if (mode == OpenMode::kExisting) {
    // Opening creates a database; a command that only reads must not leave one behind in a
    // mistyped directory. Every RocksDB database directory holds a CURRENT file.
    std::error_code error;
    if (!std::filesystem::exists(std::filesystem::path(directory) / "CURRENT", error)) {
      return "--db: no database at \"" + directory + "\" (it is created by the first `ward run`)";
    }
  }
  auto store = storage::RocksDbStore::open(directory);
  if (!store) return "--db: " + store.error();
  return std::move(store.value());
}

}  // namespace ward::cli
