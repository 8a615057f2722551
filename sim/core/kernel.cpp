#include "sim/core/kernel.h"

#include "model/assert.h"

namespace clustersim::sim {

bool Kernel::step() {
  if (queue_.empty()) return false;
  const EventQueue::Due due = queue_.pop();
  CLUSTERSIM_ASSERT(due.at >= now_);  // time never goes backwards
  events_this_instant_ = due.at == now_ ? events_this_instant_ + 1 : 1;
  now_ = due.at;
  ++events_fired_;
  actor_ = no_actor;
  queue_.fire(due);
  return true;
}

RunOutcome Kernel::run_until(Time limit) {
  CLUSTERSIM_ASSERT(limit >= now_);
  if (halted_) return RunOutcome::halted;
  while (!queue_.empty()) {
    const Time next = queue_.next_time();
    if (next > limit) break;
    if (events_fired_ >= limits_.events_max) return RunOutcome::budget_exhausted;
    if (next == now_ && events_this_instant_ >= limits_.events_per_instant_max) return RunOutcome::no_progress;
    step();
    if (halted_) return RunOutcome::halted;
  }
  if (limit > now_) events_this_instant_ = 0;  // the clock moves on with nothing due
  now_ = limit;
  return RunOutcome::reached_time;
}

}  // namespace clustersim::sim
