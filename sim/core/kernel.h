// The discrete-event kernel: the virtual clock and the one event queue of a simulation.
//
// Everything that happens in a simulation is a callback scheduled here; the clock jumps from
// one event's time to the next. There are no globals: each simulation owns its Kernel, so any
// number of simulations can live in one process. Single-threaded by design.
#pragma once

#include <cstdint>
#include <limits>
#include <utility>

#include "model/assert.h"
#include "sim/core/callback.h"
#include "sim/core/event_queue.h"
#include "sim/core/time.h"

namespace clustersim::sim {

enum class RunOutcome {
  reached_time,      // every event up to the limit fired; now() == the limit
  budget_exhausted,  // the kernel's event budget is spent; now() is the last event's time
  no_progress,       // too many events fired at one instant; now() is that instant
  halted,            // halt() was called; now() is the instant of the event that called it
};

// What bounds one simulation: a runaway world (a model or tracker that keeps scheduling
// events) must fail with a name and an instant instead of hanging. Both count events fired
// over the kernel's whole life, across run_until calls.
struct KernelLimits {
  // Events in all. A run that reaches it is a failure, not a truncated success.
  std::uint64_t events_max = std::numeric_limits<std::uint64_t>::max();
  // Events fired one after another at the same virtual instant. Virtual time that stops
  // advancing is the signature of a loop that re-arms "now" (a tracker whose deadline never
  // moves past the present); a real burst at one instant, such as a 101-node broadcast with
  // zero latency, is tens of thousands of events, far below the default.
  std::uint64_t events_per_instant_max = std::numeric_limits<std::uint64_t>::max();
};

class Kernel {
 public:
  Time now() const { return now_; }

  // Schedules `callback` (a callable that fits a Callback, or a Callback) at `at`.
  // Precondition: at >= now() (the past cannot be scheduled).
  template <typename F>
  TimerId schedule_at(Time at, F&& callback) {
    CLUSTERSIM_ASSERT(at >= now_);
    return queue_.emplace(at, std::forward<F>(callback));
  }

  // Schedules `callback` after `delay`. Precondition: delay >= 0.
  template <typename F>
  TimerId schedule_after(Duration delay, F&& callback) {
    return schedule_at(later(now_, delay), std::forward<F>(callback));
  }

  // Cancels a pending event; false if it already fired, was cancelled, or is invalid.
  bool cancel(TimerId id) { return queue_.cancel(id); }
  bool pending(TimerId id) const { return queue_.pending(id); }

  // Fires the earliest pending event, advancing the clock to its time. False if none.
  bool step();

  // Fires every event with time <= `limit`, in order, including events they schedule within
  // the limit, then sets the clock to `limit`. Stops early, with the clock at the last event,
  // when a limit (set_limits) is reached: a runaway model cannot hang a run.
  RunOutcome run_until(Time limit);

  // Stops the kernel for good: run_until fires nothing more and returns halted. For a part of
  // the world that cannot go on (an external tracker that failed); it keeps its own record
  // of why.
  void halt() { halted_ = true; }
  bool halted() const { return halted_; }

  void set_limits(const KernelLimits& limits) { limits_ = limits; }
  const KernelLimits& limits() const { return limits_; }

  // Who the event being fired acts for (a node index, or no_actor): the code that handles
  // an event names its node here, so that a limit reached reports the node involved.
  static constexpr std::uint32_t no_actor = std::numeric_limits<std::uint32_t>::max();
  void attribute(std::uint32_t actor) { actor_ = actor; }
  std::uint32_t actor() const { return actor_; }

  std::size_t pending_count() const { return queue_.size(); }
  std::uint64_t events_fired() const { return events_fired_; }

 private:
  EventQueue queue_;
  Time now_ = time_zero;
  std::uint64_t events_fired_ = 0;
  std::uint64_t events_this_instant_ = 0;  // fired at now_, one after another
  KernelLimits limits_;
  std::uint32_t actor_ = no_actor;
  bool halted_ = false;
};

}  // namespace clustersim::sim
