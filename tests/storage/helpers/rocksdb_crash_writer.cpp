// The writer half of the RocksDB crash test (tests/storage/rocksdb_store_test.cpp): it opens
// the database given as its only argument and commits generation after generation of one
// context's state until it is killed. Each generation is one apply_execution whose batch spans
// the main, index, index-meta and private keyspaces and the execution counter; after opening it
// prints "ready", and after each commit the generation number, one per line.
//
// Generation g writes (g = executions(context) after the commit):
//   main     "key/<i>"            = u64 LE g ‖ filler   for i < kMainKeys
//   index    every "idx/" key deleted, then "idx/<g>/<i>" = u64 LE g for i < kIndexKeys
//   meta     "generation"         = u64 LE g
//   private  "private/<i>"        = u64 LE g            for i < kPrivateKeys
#include <unistd.h>

#include <cstdio>
#include <string>

#include "rocksdb_crash_layout.hpp"
#include "ward/storage/rocksdb_store.hpp"

namespace {

using namespace ward::storage;
using namespace ward::storage::crash_layout;

// Writes all of `text` to stdout without stdio buffering, so the test sees every line of a
// commit that returned even if the process is killed right after.
bool write_line(const std::string& text) {
  const std::string line = text + "\n";
  size_t written = 0;
  while (written < line.size()) {
    const ssize_t result = ::write(STDOUT_FILENO, line.data() + written, line.size() - written);
    if (result <= 0) return false;
    written += static_cast<size_t>(result);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <database directory>\n", argv[0]);
    return 2;
  }
  auto opened = RocksDbStore::open(argv[1]);
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().c_str());
    return 1;
  }
  RocksDbStore& store = *opened.value();
  try {
    uint64_t generation = store.executions(kContext);
    if (!write_line("ready")) return 1;
    for (;;) {
      ++generation;
      WriteBatch main_batch = main_generation_batch(generation);
      WriteBatch private_batch = private_generation_batch(generation);
      store.apply_execution(kContext, main_batch, private_batch);
      if (!write_line(std::to_string(generation))) return 1;
    }
  } catch (const StorageError& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
}
