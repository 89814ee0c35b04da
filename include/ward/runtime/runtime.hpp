// Compiling Calimero applications and running their methods (calimero-abi.md §2, §6).
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "ward/engine/error.hpp"
#include "ward/engine/module.hpp"
#include "ward/runtime/blob_store.hpp"
#include "ward/runtime/context.hpp"
#include "ward/runtime/errors.hpp"
#include "ward/runtime/limits.hpp"
#include "ward/runtime/outcome.hpp"
#include "ward/storage/storage.hpp"

namespace ward::runtime {

enum class AbiFlavour : uint8_t { ByReference, Legacy };

// Appendix A: membership queries and alias resolution supplied by the embedder.
class ContextHost {
 public:
  virtual ~ContextHost() = default;
  virtual bool is_member(const Id32& key) = 0;
  virtual std::vector<Id32> members() = 0;
  // nullopt: not found. Throwing signals a resolver error.
  virtual std::optional<Id32> resolve_alias(std::string_view alias) = 0;
  virtual bool alias_exists(std::string_view alias) = 0;
};

struct ApplicationImpl;

// A compiled application: module checks of §2.1 done, imports pre-resolved against the host
// functions (or the link error recorded for run to report). Compiling the same bytes with the
// same configuration again is a cache hit.
class Application {
 public:
  static engine::Result<std::shared_ptr<const Application>, FunctionCallError> compile(
      std::span<const uint8_t> bytes, const VMLimits& limits = {},
      const RuntimeOptions& options = {});

  const engine::Module& module() const;
  AbiFlavour abi() const;
  const Id32& code_hash() const;
  const ApplicationImpl& impl() const { return *impl_; }

  explicit Application(std::shared_ptr<ApplicationImpl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<ApplicationImpl> impl_;
};

struct RunEnvironment {
  storage::Storage* storage = nullptr;          // main keyspace of the context (required)
  storage::Storage* private_storage = nullptr;  // optional
  BlobStore* blobs = nullptr;                   // optional
  ContextHost* context_host = nullptr;          // optional (Appendix A)
};

// §6.2. Always returns an Outcome; a storage backend failure (outside the guest's control)
// is thrown as storage::StorageError after the execution's writes are discarded.
Outcome run(const Application& app, const VMContext& context, std::string_view method,
            const RunEnvironment& env, const VMLimits& limits = {},
            const RuntimeOptions& options = {});

// Cache statistics, for tests and benchmarks.
struct CacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;
};
CacheStats application_cache_stats();

}  // namespace ward::runtime
