// After a leader crashed: which node was elected next, when, and when each node's tracker first
// named it. What the demo tells and the timeline draws of a crash (the span from the crash until
// every other tracker moved), computed once from the ground truth and the events.
#pragma once

#include <optional>
#include <vector>

#include "sim/simulation/simulation.h"

namespace clustersim::sim {

struct LeaderRecovery {
  NodeIndex crashed = model::no_node;  // the node that was leading when it crashed
  Time crash = time_zero;
  NodeIndex next = model::no_node;  // the first node to lead after the crash; no_node: none did
  Time elected = time_zero;
  // Per node: when its tracker first said has_leader(next) after the crash.
  std::vector<std::optional<Time>> told;
};

// Every crash of a node that was leading, by node, then in time order.
std::vector<LeaderRecovery> leader_recoveries(const RunResult& run);

}  // namespace clustersim::sim
