// The key-value store interface the runtime executes against (calimero-abi.md §10): a main
// keyspace plus an ordered index and an index-meta keyspace. Keys and values are byte strings;
// the ordered index iterates in unsigned byte order.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ward::storage {

using Bytes = std::vector<uint8_t>;
using BytesView = std::span<const uint8_t>;
using KeyValue = std::pair<Bytes, Bytes>;

// A backend failure outside the guest's control (I/O error, corruption). Never a guest error.
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One atomic unit of changes, applied by Storage::apply.
struct WriteBatch {
  enum class Space : uint8_t { Main, Index, IndexMeta };
  struct Op {
    Space space = Space::Main;
    enum class Kind : uint8_t { Put, Delete, DeletePrefix } kind = Kind::Put;
    Bytes key;    // or the prefix
    Bytes value;  // Put only
  };
  std::vector<Op> ops;
  bool empty() const { return ops.empty(); }
};

enum class ScanOrder : uint8_t { Ascending, Descending };

class IndexVisitor;

// What IndexVisitor can refer to: any callable taking a key and a value and returning whether to
// go on (other than an IndexVisitor itself, which is copied instead).
template <typename Callable>
concept IndexVisitorCallable = !std::is_same_v<std::remove_cvref_t<Callable>, IndexVisitor> &&
                               std::is_invocable_r_v<bool, Callable&, BytesView, BytesView>;

// A non-owning reference to a callable `bool(BytesView key, BytesView value)`; returning false
// stops the visit. Passed by value; it must not outlive the callable it refers to, which is
// naturally the case when a lambda is written at the call site.
class IndexVisitor {
 public:
  template <IndexVisitorCallable Callable>
  IndexVisitor(Callable&& callable)  // NOLINT(google-explicit-constructor): lambdas convert
      : callable_(const_cast<void*>(static_cast<const void*>(std::addressof(callable)))),
        invoke_([](void* target, BytesView key, BytesView value) -> bool {
          return std::invoke(*static_cast<std::remove_reference_t<Callable>*>(target), key, value);
        }) {}

  bool operator()(BytesView key, BytesView value) const { return invoke_(callable_, key, value); }

 private:
  void* callable_;
  bool (*invoke_)(void*, BytesView, BytesView);
};

class Storage {
 public:
  virtual ~Storage() = default;

  virtual std::optional<Bytes> get(BytesView key) = 0;
  // Insert or replace; returns the previous value.
  virtual std::optional<Bytes> set(BytesView key, BytesView value) = 0;
  virtual std::optional<Bytes> remove(BytesView key) = 0;
  virtual bool has(BytesView key) = 0;

  virtual bool supports_index() const = 0;
  virtual bool index_set(BytesView key, BytesView value) = 0;
  virtual bool index_del(BytesView key) = 0;
  virtual bool index_del_prefix(BytesView prefix) = 0;  // empty prefix = all
  // [lo, hi) ascending, skip `offset`, take `limit` (nullopt = all); lo >= hi gives nothing.
  virtual std::vector<KeyValue> index_scan(BytesView lo, BytesView hi, uint64_t offset,
                                           std::optional<uint64_t> limit) = 0;
  virtual std::optional<KeyValue> index_last(BytesView lo, BytesView hi) = 0;
  // Calls `visit` for the index pairs in [lo, hi) in `order` until it returns false, without
  // materialising the range (merged views such as Transaction stop early). The views passed to
  // `visit` are valid only during that call, and `visit` must not modify this store. The default
  // pages through index_scan (ascending, windows growing from 16 to 1024 pairs, resuming after
  // the last key seen) or index_last (descending, one call per pair); backends with cursors
  // should override it.
  virtual void index_visit(BytesView lo, BytesView hi, ScanOrder order, IndexVisitor visit);
  virtual bool index_meta_set(BytesView key, BytesView value) = 0;
  virtual std::optional<Bytes> index_meta_get(BytesView key) = 0;
  virtual bool index_meta_del(BytesView key) = 0;

  // Applies every operation or none (one write batch on persistent backends).
  virtual void apply(const WriteBatch& batch) = 0;
};

}  // namespace ward::storage
