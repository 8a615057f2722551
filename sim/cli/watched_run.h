// A run of one scenario that shows its progress on stderr once it has taken a second (a large
// or long world): how much simulated time it has reached, how fast and how long is left. The
// same run as run_scenario, byte for byte: it only advances in slices of simulated time.
#pragma once

#include "sim/simulation/simulation.h"

namespace clustersim::sim {

RunResult run_watched(const Scenario& scenario, const RunOptions& options);

}  // namespace clustersim::sim
