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
  reached_time,     // every event up to the limit fired; now() == the limit
  budget_exhausted  // stopped early after events_max events; now() is the last event's time
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
    return schedule_at(now_ + delay, std::forward<F>(callback));
  }

  // Cancels a pending event; false if it already fired, was cancelled, or is invalid.
  bool cancel(TimerId id) { return queue_.cancel(id); }
  bool pending(TimerId id) const { return queue_.pending(id); }

  // Fires the earliest pending event, advancing the clock to its time. False if none.
  bool step();

  // Fires every event with time <= `limit`, in order, including events they schedule within
  // the limit, then sets the clock to `limit`. Stops early after `events_max` events so that a
  // runaway model (an event that always reschedules itself at now) cannot hang a run.
  RunOutcome run_until(Time limit,
                       std::uint64_t events_max = std::numeric_limits<std::uint64_t>::max());

  std::size_t pending_count() const { return queue_.size(); }
  std::uint64_t events_fired() const { return events_fired_; }

 private:
  EventQueue queue_;
  Time now_ = time_zero;
  std::uint64_t events_fired_ = 0;
};

}  // namespace clustersim::sim
