// Per-trial metrics for experiments (`clustersim sweep`), measured on a finished run.
//   downtime            from the mark (the first crash or isolation) until a new leader is elected,
//                       in the ground truth
//   tracker_convergence from the mark until every running node's tracker has reported
//                       has_leader for that new leader
//   events_per_node     state events (has_leader, is_leaderless) per node
//   elections           terms started: the highest term any node reached
// Times are in seconds; a metric that cannot be measured in a run (no crash, no new leader
// before the end) is nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/simulation/simulation.h"

namespace clustersim::sim {

inline const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names{"downtime", "tracker_convergence", "events_per_node", "elections"};
  return names;
}

// Precondition: `name` is one of metric_names().
std::optional<double> measure(const RunResult& run, const std::string& name);

}  // namespace clustersim::sim
