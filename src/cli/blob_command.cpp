#include "cli/blob_command.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>

#include "cli/arguments.hpp"
#include "cli/database.hpp"
#include "ward/runtime/disk_blob_store.hpp"

namespace ward::cli {
namespace {

constexpr const char* kFooter =
    R"help(Blobs live in the blobs/ subdirectory of the database directory, where the blob host functions
of `ward run` read and write them. A blob's id is 64 hex digits: the SHA-256 of its 1 MiB chunks'
SHA-256 hashes (calimero-abi.md §4.10), so putting the same content twice gives the same id.

Exit codes:
  0  success
  1  `blob get`: no blob with that id
  2  usage or I/O error)help";

constexpr size_t kCopyChunkSize = 1 << 20;

class BlobCommand final : public Command {
 public:
  const char* name() const override { return "blob"; }
  const char* summary() const override { return "Store a file as a blob, or read a blob back"; }

  void configure(CLI::App& app) override {
    app_ = &app;
    app.footer(kFooter);
    collect_leftovers(app);

    put_ = app.add_subcommand("put", "Store FILE as a blob and print its id");
    file_option_ = put_->add_option("FILE", put_path_, "The file to store (- = stdin)");
    add_database_option(*put_, put_db_directory_);
    put_->footer(kFooter);
    collect_leftovers(*put_);

    get_ = app.add_subcommand("get", "Write the content of blob ID to stdout or --out FILE");
    id_option_ = get_->add_option("ID", id_text_, "The blob id (64 hex digits)");
    get_->add_option("--out", out_path_, "Write the content to FILE instead of stdout")
        ->type_name("FILE");
    add_database_option(*get_, get_db_directory_);
    get_->footer(kFooter);
    collect_leftovers(*get_);
  }

  int run() override {
    if (auto error = check_leftovers(*app_)) return report_usage_error(error->message);
    if (put_->parsed()) return run_put();
    if (get_->parsed()) return run_get();
    return report_usage_error("blob: expected a subcommand: put or get");
  }

 private:
  int run_put() {
    if (auto error = check_leftovers(*put_)) return report_usage_error(error->message);
    if (auto error = require_positional(*file_option_)) return report_usage_error(error->message);
    std::ifstream file;
    std::istream* in = &std::cin;
    if (put_path_ != "-") {
      std::error_code error;
      if (std::filesystem::is_directory(put_path_, error)) {
        return report_failure("FILE: \"" + put_path_ + "\" is a directory");
      }
      file.open(put_path_, std::ios::binary);
      if (!file) {
        return report_failure("FILE: cannot open \"" + put_path_ + "\": " + std::strerror(errno));
      }
      in = &file;
    }

    runtime::DiskBlobStore store(blob_directory(put_db_directory_));
    std::unique_ptr<runtime::BlobStore::Upload> upload = store.begin_upload();
    std::vector<uint8_t> chunk(kCopyChunkSize);
    while (*in) {
      in->read(reinterpret_cast<char*>(chunk.data()), static_cast<std::streamsize>(chunk.size()));
      const auto got = static_cast<size_t>(in->gcount());
      if (got > 0 && !upload->append({chunk.data(), got})) return upload_failed(store);
    }
    if (in->bad()) {
      upload->abort();
      return report_failure("FILE: cannot read \"" + put_path_ + "\"");
    }
    auto finished = upload->finish();
    if (!finished) return upload_failed(store);
    std::printf("%s\n", to_hex(finished->first).c_str());
    return app_exit::kOk;
  }

  static int upload_failed(const runtime::DiskBlobStore& store) {
    return report_failure("cannot store the blob in \"" + store.directory().string() +
                          "\": " + store.last_error());
  }

  int run_get() {
    if (auto error = check_leftovers(*get_)) return report_usage_error(error->message);
    if (auto error = require_positional(*id_option_)) return report_usage_error(error->message);
    auto id = parse_id32("ID", id_text_);
    if (!id) return report_usage_error(id.error().message);

    // Opening a store creates its directory: do not leave one behind for a mistyped --db.
    std::error_code missing;
    if (!std::filesystem::is_directory(blob_directory(get_db_directory_), missing)) {
      std::fprintf(stderr, "error: no blob %s: \"%s\" holds no blobs\n", id_text_.c_str(),
                   blob_directory(get_db_directory_).c_str());
      return app_exit::kFailed;
    }
    runtime::DiskBlobStore store(blob_directory(get_db_directory_));
    std::unique_ptr<runtime::BlobStore::Reader> reader = store.open_read(id.value());
    if (!reader) {
      std::fprintf(stderr, "error: no blob %s in \"%s\"\n", id_text_.c_str(),
                   store.directory().c_str());
      return app_exit::kFailed;
    }
    // Written next to the destination and renamed into place, so a failed read leaves no
    // partial file behind.
    const std::string temporary = out_path_ + ".partial";
    std::FILE* out = stdout;
    if (!out_path_.empty()) {
      out = std::fopen(temporary.c_str(), "wb");
      if (out == nullptr) {
        return report_failure("--out: cannot create \"" + temporary +
                              "\": " + std::strerror(errno));
      }
    }
    bool ok = true;
    std::string problem;
    while (true) {
      std::optional<runtime::Bytes> chunk = reader->next_chunk();
      if (!chunk) {
        ok = false;
        problem = "cannot read blob " + id_text_ + ": " + store.last_error();
        break;
      }
      if (chunk->empty()) break;
      if (std::fwrite(chunk->data(), 1, chunk->size(), out) != chunk->size()) {
        ok = false;
        problem = "cannot write the blob's content: " + std::string(std::strerror(errno));
        break;
      }
    }
    if (out_path_.empty()) {
      if (std::fflush(stdout) != 0 && ok) {
        ok = false;
        problem = "cannot write the blob's content: " + std::string(std::strerror(errno));
      }
      return ok ? app_exit::kOk : report_failure(problem);
    }
    if (std::fclose(out) != 0 && ok) {
      ok = false;
      problem = "--out: cannot write \"" + temporary + "\": " + std::strerror(errno);
    }
    std::error_code error;
    if (ok) {
      std::filesystem::rename(temporary, out_path_, error);
      if (!error) return app_exit::kOk;
      problem =
          "--out: cannot rename \"" + temporary + "\" to \"" + out_path_ + "\": " + error.message();
    }
    std::filesystem::remove(temporary, error);
    return report_failure(problem);
  }

  CLI::App* app_ = nullptr;
  CLI::App* put_ = nullptr;
  CLI::App* get_ = nullptr;
  CLI::Option* file_option_ = nullptr;
  CLI::Option* id_option_ = nullptr;
  std::string put_path_;
  std::string put_db_directory_ = kDefaultDatabaseDirectory;
  std::string id_text_;
  std::string out_path_;
  std::string get_db_directory_ = kDefaultDatabaseDirectory;
};

}  // namespace

std::unique_ptr<Command> make_blob_command() { return std::make_unique<BlobCommand>(); }

}  // namespace ward::cli
