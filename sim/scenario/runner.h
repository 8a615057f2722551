// Runs a scenario: builds the world (kernel, network, cluster, trackers), plays the timeline,
// and records everything the oracles need. Two tracker banks listen to the same cluster: the
// scenario's policy, whose events are the run's output, and the other policy for comparison
// (the dedup ratio, and the openziti reference check on every run). Trackers never affect the
// cluster, so the comparison costs no second simulation and cannot change the run.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/cluster/ground_truth.h"
#include "sim/cluster/tracker_bank.h"
#include "sim/net/network.h"
#include "sim/scenario/observation_log.h"
#include "sim/scenario/scenario.h"

namespace clustersim::sim {

struct RunOptions {
  std::optional<std::uint64_t> seed;              // overrides the scenario's
  std::optional<model::TrackerPolicy> policy;     // overrides the scenario's
  // Tests only: makes the run's trackers (not the comparison bank's) instead of make_tracker,
  // to show that the oracles catch a broken tracker.
  std::function<std::unique_ptr<model::LeaderStateTracker>(const model::TrackerConfig&, model::EventSink&)> tracker_factory;
};

struct ActionRecord {
  Time at;
  std::string text;  // "crash ctrl3 (the leader)"
  bool skipped = false;
};

// The world at the end of the liveness bound, for the liveness check.
struct LivenessSnapshot {
  Time at;
  Time faults_stopped;
  std::vector<NodeIndex> leaders;         // up nodes in the Leader role
  std::vector<NodeIndex> known_leader;    // per node: its raft leader (no_node if none / down)
  std::vector<bool> up;
  std::vector<model::LeaderView> reported;  // per node: its tracker's reported state
};

struct RunResult {
  Scenario scenario;
  std::uint64_t seed = 0;
  model::TrackerPolicy policy = model::TrackerPolicy::stable;
  std::vector<std::string> node_ids;
  std::vector<RecordedEvent> events;             // the scenario's policy
  std::vector<RecordedEvent> comparison_events;  // the other policy, same run
  model::TrackerPolicy comparison_policy = model::TrackerPolicy::openziti;
  GroundTruth truth{0};
  std::vector<std::vector<LoggedInput>> inputs;  // per node, see ObservationLog
  std::vector<ActionRecord> actions;
  std::optional<Time> first_crash;  // the instant experiments measure from (the sweep's mark)
  std::optional<LivenessSnapshot> liveness;
  std::vector<std::optional<model::LeaderView>> final_reported;  // nothing for a crashed node
  std::vector<NodeIndex> final_leaders;
  NetCounters network;
  std::uint64_t kernel_events = 0;
  std::uint64_t trace_hash = 0;
};

RunResult run_scenario(const Scenario& scenario, const RunOptions& options = {});

}  // namespace clustersim::sim
