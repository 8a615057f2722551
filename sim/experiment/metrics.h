// Per-trial metrics for experiments (`clustersim sweep`), measured on a finished run.
//   downtime            from the mark (the first crash, isolation, node flap or leadership
//                       transfer a leader took) until a new
//                       leader is elected, in the ground truth
//   tracker_convergence from the mark until every running node's tracker has reported
//                       has_leader for that new leader
//   leaderless          from the mark to the end of the run, the time no node is in the Leader
//                       role (in the ground truth: a deposed leader that has not yet stepped
//                       down still counts); what a flapping follower costs
//   reported_leaderless from the mark to the end, the time a node's tracker last said
//                       is_leaderless, for the node where it is longest: what an operator
//                       alerting on it sees of a crash or a planned transfer
//   reported_leaderless_mean  the same, averaged over the nodes
//   events_per_node     state events (has_leader, is_leaderless) per node
//   elections           terms started: the highest term any node reached
//   election_terms      the terms the election after the mark took: the new leader's term
//                       less the highest term any node had at the mark (1 unless votes split)
// Times are in seconds; a metric that cannot be measured in a run (no mark, no new leader
// before the end; for leaderless, a run a kernel limit stopped early) is nothing.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/simulation/simulation.h"

namespace clustersim::sim {

inline const std::vector<std::string>& metric_names() {
  static const std::vector<std::string> names{"downtime", "tracker_convergence", "leaderless", "reported_leaderless",
                                                "reported_leaderless_mean", "events_per_node", "elections",
                                                "election_terms"};
  return names;
}

// Whether a metric counts (events, terms) rather than measures seconds.
inline bool metric_is_count(const std::string& name) {
  return name == "events_per_node" || name == "elections" || name == "election_terms";
}

// The first node to become leader after `mark` in the ground truth, and when: the new leader
// downtime, election_terms and tracker_convergence measure to. Nothing if none has.
std::optional<std::pair<model::NodeIndex, Time>> first_leader_after(const GroundTruth& truth, std::size_t nodes,
                                                                     Time mark);

// Per node, when its tracker first reported has_leader for `leader_id` after `mark`.
std::vector<std::optional<Time>> first_reports_of(const std::vector<RecordedEvent>& events, std::size_t nodes,
                                                  Time mark, std::string_view leader_id);

// Precondition: `name` is one of metric_names().
std::optional<double> measure(const RunResult& run, const std::string& name);

}  // namespace clustersim::sim
