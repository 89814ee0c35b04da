// Host functions with ordinary typed C++ signatures. The wasm type is deduced from the
// signature, so a module importing it with another type fails at link time.
//
//   auto* f = define_host_function(store, [](HostCall& call, uint64_t ptr) -> int32_t { ... });
//
// Accepted parameter types: int32_t, uint32_t, int64_t, uint64_t, float, double; an optional
// leading `HostCall&`. Results: void, one of those types, std::tuple of them, or HostStatus /
// HostResult<T> to trap or suspend.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ward/engine/execution.hpp"
#include "ward/engine/store.hpp"

namespace ward::engine {

// A result or a non-Ok status (trap/suspend already recorded through HostCall).
template <typename T>
struct HostResult {
  HostResult(T v) : status(HostStatus::Ok), value(std::move(v)) {}
  HostResult(HostStatus s) : status(s), value() {}
  HostStatus status;
  T value;
};

namespace host_detail {

template <typename T>
struct WasmType;
template <>
struct WasmType<int32_t> {
  static constexpr ValType value = ValType::I32;
};
template <>
struct WasmType<uint32_t> {
  static constexpr ValType value = ValType::I32;
};
template <>
struct WasmType<int64_t> {
  static constexpr ValType value = ValType::I64;
};
template <>
struct WasmType<uint64_t> {
  static constexpr ValType value = ValType::I64;
};
template <>
struct WasmType<float> {
  static constexpr ValType value = ValType::F32;
};
template <>
struct WasmType<double> {
  static constexpr ValType value = ValType::F64;
};

template <typename T>
T from_slot(uint64_t slot) {
  if constexpr (std::is_same_v<T, float>) {
    uint32_t b = static_cast<uint32_t>(slot);
    float f;
    std::memcpy(&f, &b, 4);
    return f;
  } else if constexpr (std::is_same_v<T, double>) {
    double d;
    std::memcpy(&d, &slot, 8);
    return d;
  } else {
    return static_cast<T>(slot);
  }
}

template <typename T>
uint64_t to_slot(T v) {
  if constexpr (std::is_same_v<T, float>) {
    uint32_t b;
    std::memcpy(&b, &v, 4);
    return b;
  } else if constexpr (std::is_same_v<T, double>) {
    uint64_t b;
    std::memcpy(&b, &v, 8);
    return b;
  } else if constexpr (sizeof(T) == 4) {
    return static_cast<uint32_t>(v);
  } else {
    return static_cast<uint64_t>(v);
  }
}

template <typename R>
struct ResultTraits {  // a single scalar
  static void types(std::vector<ValType>& out) { out.push_back(WasmType<R>::value); }
  static HostStatus store(R&& r, uint64_t* slots) {
    slots[0] = to_slot(r);
    return HostStatus::Ok;
  }
};
template <>
struct ResultTraits<void> {
  static void types(std::vector<ValType>&) {}
};
template <>
struct ResultTraits<HostStatus> {
  static void types(std::vector<ValType>&) {}
  static HostStatus store(HostStatus&& s, uint64_t*) { return s; }
};
template <typename... Ts>
struct ResultTraits<std::tuple<Ts...>> {
  static void types(std::vector<ValType>& out) { (out.push_back(WasmType<Ts>::value), ...); }
  static HostStatus store(std::tuple<Ts...>&& t, uint64_t* slots) {
    store_at(t, slots, std::index_sequence_for<Ts...>{});
    return HostStatus::Ok;
  }
  template <size_t... I>
  static void store_at(std::tuple<Ts...>& t, uint64_t* slots, std::index_sequence<I...>) {
    ((slots[I] = to_slot(std::get<I>(t))), ...);
  }
};
template <typename T>
struct ResultTraits<HostResult<T>> {
  static void types(std::vector<ValType>& out) { ResultTraits<T>::types(out); }
  static HostStatus store(HostResult<T>&& r, uint64_t* slots) {
    if (r.status != HostStatus::Ok) return r.status;
    return ResultTraits<T>::store(std::move(r.value), slots);
  }
};

template <typename F, typename Sig>
struct Binder;

template <typename F, typename R, bool WithCall, typename... Args>
struct BinderImpl {
  static FuncType type() {
    FuncType t;
    (t.params.push_back(WasmType<std::decay_t<Args>>::value), ...);
    ResultTraits<R>::types(t.results);
    return t;
  }
  static HostStatus invoke(void* env, HostCall& call, uint64_t* slots) {
    return invoke_at(*static_cast<F*>(env), call, slots, std::index_sequence_for<Args...>{});
  }
  template <size_t... I>
  static HostStatus invoke_at(F& f, HostCall& call, uint64_t* slots, std::index_sequence<I...>) {
    if constexpr (std::is_void_v<R>) {
      if constexpr (WithCall) {
        f(call, from_slot<std::decay_t<Args>>(slots[I])...);
      } else {
        f(from_slot<std::decay_t<Args>>(slots[I])...);
      }
      return HostStatus::Ok;
    } else {
      if constexpr (WithCall) {
        return ResultTraits<R>::store(f(call, from_slot<std::decay_t<Args>>(slots[I])...), slots);
      } else {
        return ResultTraits<R>::store(f(from_slot<std::decay_t<Args>>(slots[I])...), slots);
      }
    }
  }
};

template <typename F, typename R, typename... Args>
struct Binder<F, R (F::*)(HostCall&, Args...) const> : BinderImpl<F, R, true, Args...> {};
template <typename F, typename R, typename... Args>
struct Binder<F, R (F::*)(HostCall&, Args...)> : BinderImpl<F, R, true, Args...> {};
template <typename F, typename R, typename... Args>
struct Binder<F, R (F::*)(Args...) const> : BinderImpl<F, R, false, Args...> {};
template <typename F, typename R, typename... Args>
struct Binder<F, R (F::*)(Args...)> : BinderImpl<F, R, false, Args...> {};

}  // namespace host_detail

// The wasm type a typed host callable maps to.
template <typename F>
FuncType host_function_type() {
  using Fn = std::decay_t<F>;
  return host_detail::Binder<Fn, decltype(&Fn::operator())>::type();
}

template <typename F>
FunctionInstance* define_host_function(Store& store, F&& f) {
  using Fn = std::decay_t<F>;
  using B = host_detail::Binder<Fn, decltype(&Fn::operator())>;
  auto owned = std::make_shared<Fn>(std::forward<F>(f));
  void* env = owned.get();
  store.keep_alive(std::move(owned));
  return store.create_host_function(B::type(), &B::invoke, env);
}

}  // namespace ward::engine
