#include "sim/core/kernel.h"

#include "model/assert.h"

namespace clustersim::sim {

bool Kernel::step() {
  if (queue_.empty()) return false;
  const EventQueue::Due due = queue_.pop();
  CLUSTERSIM_ASSERT(due.at >= now_);  // time never goes backwards
  now_ = due.at;
  ++events_fired_;
  queue_.fire(due);
  return true;
}

RunOutcome Kernel::run_until(Time limit, std::uint64_t events_max) {
  CLUSTERSIM_ASSERT(limit >= now_);
  std::uint64_t fired = 0;
  while (!queue_.empty() && queue_.next_time() <= limit) {
    if (fired == events_max) return RunOutcome::budget_exhausted;
    step();
    ++fired;
  }
  now_ = limit;
  return RunOutcome::reached_time;
}

}  // namespace clustersim::sim
