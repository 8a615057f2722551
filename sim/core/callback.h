// A move-only `void()` callable stored inline, never on the heap.
//
// The kernel fires millions of events per second; std::function would allocate for any capture
// larger than two pointers, silently. Callback refuses, at compile time, a callable that does
// not fit in `capacity_bytes`, so "no allocation per event" is a property of the type. Capture
// an index into a pool rather than a large object.
//
// The kernel constructs each event's callable in its queue slot (emplace) and runs it there,
// never moving it unless the slots outgrow their buffer; a trivially destructible one is not
// destroyed through its type. In a large simulation the next event's type is random to the
// CPU, and every call through a type's function pointer is a likely misprediction.
#pragma once

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

#include "model/assert.h"

namespace clustersim::sim {

class Callback {
 public:
  static constexpr std::size_t capacity_bytes = 32;

  Callback() = default;

  template <typename F>
    requires(!std::is_same_v<std::decay_t<F>, Callback> && std::is_invocable_r_v<void, F&>)
  Callback(F&& f) {  // NOLINT(google-explicit-constructor): lambdas convert implicitly
    emplace(std::forward<F>(f));
  }

  // Constructs `f` in place. Precondition: empty.
  template <typename F>
    requires(!std::is_same_v<std::decay_t<F>, Callback> && std::is_invocable_r_v<void, F&>)
  void emplace(F&& f) {
    using Stored = std::decay_t<F>;
    static_assert(sizeof(Stored) <= capacity_bytes, "capture too large: store an index instead");
    static_assert(alignof(Stored) <= alignof(std::max_align_t), "over-aligned capture");
    static_assert(std::is_nothrow_move_constructible_v<Stored>, "capture must move nothrow");
    CLUSTERSIM_ASSERT(ops_ == nullptr);
    ::new (static_cast<void*>(storage_)) Stored(std::forward<F>(f));
    ops_ = &ops_for<Stored>;
  }

  Callback(Callback&& other) noexcept { take(other); }
  Callback& operator=(Callback&& other) noexcept {
    if (this != &other) {
      reset();
      take(other);
    }
    return *this;
  }
  Callback(const Callback&) = delete;
  Callback& operator=(const Callback&) = delete;
  ~Callback() { reset(); }

  explicit operator bool() const { return ops_ != nullptr; }

  void operator()() {
    CLUSTERSIM_ASSERT(ops_ != nullptr);
    ops_->invoke(storage_);
  }

  void reset() {
    if (ops_ != nullptr) {
      if (ops_->destroy != nullptr) ops_->destroy(storage_);
      ops_ = nullptr;
    }
  }

 private:
  struct Ops {
    void (*invoke)(void* self);
    void (*move_to)(void* from, void* to);  // move-constructs at `to`, destroys `from`
    void (*destroy)(void* self);            // null when there is nothing to destroy
  };

  template <typename Stored>
  static void destroy_stored(void* self) {
    static_cast<Stored*>(self)->~Stored();
  }

  template <typename Stored>
  static constexpr Ops ops_for{
      [](void* self) { (*static_cast<Stored*>(self))(); },
      [](void* from, void* to) {
        ::new (to) Stored(std::move(*static_cast<Stored*>(from)));
        static_cast<Stored*>(from)->~Stored();
      },
      std::is_trivially_destructible_v<Stored> ? nullptr : &destroy_stored<Stored>,
  };

  void take(Callback& other) noexcept {
    if (other.ops_ != nullptr) {
      other.ops_->move_to(other.storage_, storage_);
      ops_ = other.ops_;
      other.ops_ = nullptr;
    }
  }

  alignas(std::max_align_t) std::byte storage_[capacity_bytes];
  const Ops* ops_ = nullptr;
};

}  // namespace clustersim::sim
