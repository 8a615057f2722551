#include "sim/cli/watched_run.h"

#include <algorithm>

#include "sim/cli/progress.h"

namespace clustersim::sim {

RunResult run_watched(const Scenario& scenario, const RunOptions& options) {
  Simulation simulation(scenario, options);
  simulation.start();
  const Time end = time_zero + scenario.duration;
  // A thousandth of the run at a time: a progress line moves smoothly, and a slice costs a
  // check of the clock, nothing a run of any size notices.
  const Duration slice = std::max(Duration{1}, scenario.duration / 1000);
  WorkProgress progress(scenario.name);
  const std::string total = format_duration(std::chrono::round<std::chrono::milliseconds>(scenario.duration));
  for (Time at = time_zero; at < end;) {
    at = std::min(end, later(at, slice));
    if (!simulation.run_until(at)) break;  // a kernel limit: the record says which
    const double reached = std::chrono::duration<double>(at - time_zero).count();
    progress.update(reached / std::chrono::duration<double>(scenario.duration).count(),
                    "simulated " + format_duration(std::chrono::round<std::chrono::milliseconds>(at - time_zero)) + " of " + total,
                    reached, "simulated s");
  }
  progress.finish();
  return simulation.result();
}

}  // namespace clustersim::sim
