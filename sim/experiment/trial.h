// One sweep trial: a scenario run with one seed, measured. A trial ends as soon as every
// metric it measures is decided, by the rule below, and is otherwise run to its scenario's
// end. Ending early never changes a figure: a metric is decided only when nothing that can
// still happen in the run can change its value (tests/scenario/trial_test.cpp compares the
// figures of trials ended early with the same trials run to the end).
//
// The rule, checked every trial_check_interval of simulated time:
//   downtime, election_terms
//                        decided once a node has become leader after the mark: the first such
//                        leadership can only be earlier than any later one, and its term and
//                        the terms before the mark are history.
//   tracker_convergence  decided once downtime is, every node has booted and started its
//                        event generation, every timeline action has happened and every flap
//                        and upgrade it started has ended (nothing can crash or restart a node
//                        any more, so the nodes with a tracker at the end are the nodes with one
//                        now), and every node with a tracker has reported has_leader for the new
//                        leader since the mark.
//   leaderless, reported_leaderless, reported_leaderless_mean, events_per_node, elections:
//                        measured over the whole run; never decided before its end.
//   --observations       records the whole run: never decided before its end.
// The kernel's limits (simulation.h) guard the simulated time a trial runs: a runaway that
// would start after a trial's metrics were decided is not reached.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/simulation/simulation.h"

namespace clustersim::sim {

// How often a trial asks whether its metrics are decided. A trial decided between two checks
// runs on to the next; 10 ms is a small share of any election (the shortest timeouts a
// scenario may set are tens of milliseconds) and costs about a hundred checks a simulated
// second.
inline constexpr Duration trial_check_interval = std::chrono::milliseconds(10);

struct TrialRun {
  RunResult run;
  Time ended = time_zero;    // where the trial stopped: the scenario's end unless it ended early
  bool ended_early = false;
};

// Whether the rule above can decide `metric` before the run's end.
bool decidable_early(const std::string& metric);

// The rule above for one trial's metrics (metric_names()), worked out once for the trial:
// which metrics it measures, and when its timeline's last input is over.
class TrialRule {
 public:
  TrialRule(const Scenario& scenario, std::uint64_t seed, const std::vector<std::string>& metrics);
  // Whether the rule can end the trial early at all. False for an empty list: with nothing to
  // measure, a trial runs to its end.
  bool may_end_early() const { return may_end_early_; }
  // Whether every metric is decided in `simulation` (the trial's) now. Asked of one simulation
  // as it runs: the rule keeps the new leader it found there.
  bool decided(const Simulation& simulation);

 private:
  bool lifecycles_settled(const Simulation& simulation) const;

  bool may_end_early_ = false;
  bool convergence_ = false;  // tracker_convergence is among the metrics
  Time inputs_end_ = time_zero;  // the last instant the timeline acts on the world
  std::optional<NodeIndex> leader_;  // the first leader after leader_mark_, once there is one
  Time leader_mark_ = time_zero;
};

// How a sweep runs a trial: `seed`, and nothing that no metric reads (the comparison
// trackers, the observation log unless `observations`, the trace hash); none of them changes
// the run.
RunOptions trial_options(std::uint64_t seed, bool observations);

// Runs `scenario` with `options` until its metrics are decided or it ends; with `whole_run`,
// always to the end (`sweep --whole-trials`, --observations).
TrialRun run_trial(const Scenario& scenario, const RunOptions& options, const std::vector<std::string>& metrics,
                   bool whole_run);

}  // namespace clustersim::sim
