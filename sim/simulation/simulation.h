// Simulation: the one way to assemble a simulated world from a Scenario, run it, and read
// what happened. Runs, swarms, sweeps, the CLI, tests and benchmarks all build worlds here.
//
// A world is a kernel, a cluster of simulated controllers on a simulated network, the
// observation log, and two banks of the production tracker: the scenario's policy, whose
// events are the run's output, and the other policy for comparison (the dedup ratio and the
// openziti reference check). Trackers never affect the cluster, so the comparison costs no
// second simulation and cannot change the run. The constructor builds the parts in the order
// their listeners must hear the cluster: the observation log first (an observation is logged
// before any event it causes), then the run's trackers, then the comparison trackers; every
// record made by any of them takes its place from one Sequencer.
//
// Tests drive a world in a few lines:
//   Simulation sim(scenario);
//   sim.start();
//   sim.run_for(10s);
//   sim.node("ctrl2").isolate();
//   sim.run_for(5s);
//   EXPECT_EQ(sim.node("ctrl1").reported().leader_id, "ctrl3");
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sim/core/kernel.h"
#include "sim/cluster/preferred_leader.h"
#include "sim/cluster/external_tracker.h"
#include "sim/cluster/transcribed_tracker.h"
#include "sim/simulation/run_result.h"

namespace clustersim::sim {

// The limits every run has unless a caller sets others. Events in all: a simulated day of a
// 101-node cluster is well under a tenth of it, and at millions of events a second a runaway
// world that keeps time moving fails within minutes, not never. Events at one instant: the
// largest legitimate burst is a synchronized broadcast and its answers with zero latency,
// 2 * n * (n - 1) events, about 80,000 at the 200-node limit; a loop that re-arms "now" hits
// the limit within a fraction of a second.
inline constexpr KernelLimits default_run_limits{.events_max = 500'000'000, .events_per_instant_max = 250'000};

struct RunOptions {
  std::optional<std::uint64_t> seed;           // overrides the scenario's
  std::optional<model::TrackerPolicy> policy;  // overrides the scenario's
  // Tests only: makes the run's trackers (not the comparison bank's) instead of make_tracker,
  // to show that the oracles catch a broken tracker.
  TrackerFactory tracker_factory;
  // The tracker under test as a process (the tracker protocol); replaces the scenario's
  // tracker.command. Starting it may throw TrackerStartError.
  std::optional<TrackerCommand> tracker_command;
  // Record the run's trackers' conversation in the tracker protocol (RunResult::transcript):
  // `run --observations`, `clustersim vectors`.
  bool transcribe = false;
  bool compare_policies = true;  // false: no comparison bank (benchmarks of one policy)
  bool record = true;            // false: events counted, not kept; no observation log
  // What a sweep trial, which measures events and the ground truth, can go without: the
  // observation log (RunResult::inputs stays empty) and the trace hash (stays 0).
  bool observation_log = true;
  bool trace_hash = true;
  // What the run keeps for a full trace beyond its events (run_journal.h): nothing by default.
  TraceLevel trace_level = TraceLevel::events;
  KernelLimits limits = default_run_limits;
};

class Simulation;

// One simulated controller, by id, for tests and tools that drive a world by hand.
class NodeHandle {
 public:
  NodeHandle(Simulation& simulation, NodeIndex node) : simulation_(simulation), node_(node) {}

  void crash();
  void restart();
  void pause();
  void resume();
  void isolate();

  NodeIndex index() const { return node_; }
  NodeState state() const;
  model::RaftState role() const;  // shutdown while crashed
  std::uint64_t term() const;     // durable: kept across a crash
  std::string leader() const;     // its raft leader's id, "" when none (or crashed)
  // What its run-policy tracker reports now; nothing while crashed.
  std::optional<model::LeaderView> reported() const;

 private:
  Simulation& simulation_;
  NodeIndex node_;
};

class Simulation {
 public:
  explicit Simulation(const Scenario& scenario, RunOptions options = {});
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // Starts every node and tracker now (each tracker announces) and schedules the timeline.
  // Precondition: not started.
  void start();
  // Runs every event up to `limit`. False if a kernel limit stopped it first (see limit()).
  // Precondition: started, limit >= now().
  bool run_until(Time limit);
  bool run_for(Duration duration) { return run_until(later(now(), duration)); }
  // Starts if need be, runs to the scenario's end (or a limit), and returns the record.
  RunResult run();
  // What happened so far, with its trace hash.
  RunResult result() const;

  Time now() const { return kernel_.now(); }
  NodeHandle node(std::string_view id);
  NodeHandle node(NodeIndex index) { return NodeHandle(*this, index); }
  // The single up node in the Leader role, "" if none or several.
  std::string leader() const;
  void heal() { cluster().network().heal(); }
  // The scenario policy's events so far.
  const std::vector<RecordedEvent>& events() const { return primary_->events(); }
  const std::optional<LimitBreach>& limit() const { return limit_; }
  // When the first crash, isolation, flap or transfer a leader took happened (RunResult::mark).
  std::optional<Time> mark() const;

  Kernel& kernel() { return kernel_; }
  SimCluster& cluster() { return *cluster_; }
  const SimCluster& cluster() const { return *cluster_; }
  const Scenario& scenario() const { return scenario_; }
  const TrackerBank& trackers() const { return *primary_; }
  const MeshHost* mesh() const { return mesh_.get(); }
  std::uint64_t seed() const { return seed_; }
  model::TrackerPolicy policy() const { return policy_; }

 private:
  TrackerSettings tracker_settings(model::TrackerPolicy policy) const;
  void schedule_timeline();
  void take_liveness_snapshot(Time faults_stopped);
  void note_limit(RunOutcome outcome);

  Scenario scenario_;  // the world's own copy: scheduled actions point into its timeline
  RunOptions options_;
  std::uint64_t seed_;
  model::TrackerPolicy policy_;
  Kernel kernel_;
  Sequencer sequencer_;
  // The external tracker's process, when the run has one: before the banks, which it outlives.
  std::unique_ptr<ExternalTrackers> external_;
  TrackerTranscript transcript_;  // empty unless options.transcribe
  // Built in the constructor's body, in listener order (see the file comment).
  std::unique_ptr<SimCluster> cluster_;
  std::unique_ptr<RunJournal> journal_;  // null unless options.trace_level asks for more than events
  std::unique_ptr<ObservationLog> log_;         // null unless options.record
  std::unique_ptr<TrackerBank> primary_;
  std::unique_ptr<TrackerBank> comparison_;     // null unless options.compare_policies
  std::unique_ptr<MeshHost> mesh_;              // null when the scenario's mesh is off
  std::unique_ptr<LeaderlessWarnings> warnings_;
  std::unique_ptr<ActionContext> actions_;
  std::unique_ptr<RequestLog> requests_;
  std::unique_ptr<PreferredLeaders> preferred_;  // null unless the scenario names preferred leaders
  std::optional<LivenessSnapshot> liveness_;
  std::optional<LimitBreach> limit_;
  bool started_ = false;
};

// The other tracker policy: what the comparison bank runs.
model::TrackerPolicy other_policy(model::TrackerPolicy policy);

// Runs a scenario from start to end: Simulation(scenario, options).run().
RunResult run_scenario(const Scenario& scenario, const RunOptions& options = {});

}  // namespace clustersim::sim
