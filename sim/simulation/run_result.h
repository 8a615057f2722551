// What a finished (or stopped) simulation leaves for the oracles, the CLI and the tools: the
// events of both tracker policies, the ground truth, every node's inputs, what each timeline
// action did, the liveness snapshot, and the limit that stopped a runaway world, if one did.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/cluster/ground_truth.h"
#include "sim/cluster/leaderless_warning.h"
#include "sim/cluster/mesh_host.h"
#include "sim/cluster/node_clock.h"
#include "sim/cluster/tracker_bank.h"
#include "sim/cluster/transcribed_tracker.h"
#include "sim/simulation/request_log.h"
#include "sim/scenario/scenario.h"
#include "sim/simulation/observation_log.h"
#include "sim/simulation/run_journal.h"

namespace clustersim::sim {

// The world at the end of the liveness bound, for the liveness check.
struct LivenessSnapshot {
  Time at;
  Time faults_stopped;
  std::vector<NodeIndex> leaders;         // up nodes in the Leader role
  std::vector<NodeIndex> known_leader;    // per node: its raft leader (no_node if none / down)
  std::vector<bool> up;
  // Per node: a member of the configuration the leader acts on (every node when there is not
  // exactly one leader). A node outside it has no leader to follow.
  std::vector<bool> member;
  std::vector<model::LeaderView> reported;  // per node: its tracker's reported state
  std::uint64_t sequence = 0;  // records numbered below this were made before the snapshot
};

// What stopped the run before its end: a kernel limit (see KernelLimits), or an external
// tracker that failed (see ExternalTrackers).
struct LimitBreach {
  // The name of the failed check: "event_budget", "no_progress", "tracker_process" or
  // "tracker_protocol".
  std::string check;
  NodeIndex node;      // the node involved, or no_node
  Time at;
  std::string detail;  // what happened, in words
  std::vector<std::string> context{};  // lines that show it (an external tracker's last messages)
};

struct RunResult {
  Scenario scenario;
  std::uint64_t seed = 0;
  model::TrackerPolicy policy = model::TrackerPolicy::stable;
  std::vector<std::string> node_ids;
  std::vector<NodeClock> clocks;  // per node: its clock's rate and wall offset (NodeTiming)
  std::vector<Time> boots;        // per node: when its process first started
  std::vector<RecordedEvent> events;             // the scenario's policy
  std::vector<RecordedEvent> comparison_events;  // the other policy, same run
  model::TrackerPolicy comparison_policy = model::TrackerPolicy::openziti;
  GroundTruth truth{0};
  std::vector<std::vector<LoggedInput>> inputs;  // per node, see ObservationLog
  // The controller mesh (empty when it is off): its events (peer.*, state.ro, state.rw), every
  // change of a node's current channel to a peer (the ground truth they are checked against),
  // and each start of a node's mesh with the version its process ran.
  std::vector<RecordedEvent> mesh_events;
  std::vector<MeshChange> mesh_changes;
  std::vector<MeshStart> mesh_starts;
  // Each time a node's raft blocked on its full observer channel (cluster.startup).
  std::vector<SimCluster::RaftBlock> raft_blocks;
  // The controllers' leaderless warnings (a log line each, not an event).
  std::vector<LeaderlessWarning> leaderless_warnings;
  std::vector<ActionRecord> actions;
  // How each membership change and leadership transfer that a leader took ended.
  std::vector<RequestOutcome> requests;
  // The first crash, isolation or flap of a node, or leadership transfer: the instant experiments measure from (the
  // sweep's mark).
  std::optional<Time> mark;
  std::optional<LivenessSnapshot> liveness;
  std::vector<std::optional<model::LeaderView>> final_reported;  // nothing for a crashed node
  std::vector<NodeIndex> final_leaders;
  NetCounters network;
  std::vector<ObserverCounters> observer;  // per node: what its ObserverChannel did
  std::vector<TimerFaultCounters> timer_faults;  // per node: what its tracker's faulty timer did
  std::uint64_t kernel_events = 0;
  model::RaftMarks raft_marks;  // the situations every node's raft reached (coverage_marks.h)
  std::optional<LimitBreach> limit;  // set when a limit stopped the run early
  std::vector<RunawayTracker> runaway_trackers;  // the run's trackers whose timer was stopped
  TrackerTranscript transcript;  // RunOptions::transcribe: the trackers' protocol conversation
  // RunOptions::trace_level, and what it kept (run_journal.h): empty at the events level.
  TraceLevel trace_level = TraceLevel::events;
  std::vector<JournalRecord> journal;
  std::uint64_t trace_hash = 0;
};

// What the controllers' event logs hold: the tracker's events in the scenario's policy and the
// mesh's, in the order they were written. That is the order they were emitted unless the
// scenario has a dispatch_jitter: then each event is written late by a draw of its own (from
// the stream "dispatch", in emission order) and the log holds them in the order of those
// instants, as OpenZiti's asynchronous dispatch writes them. Timestamps stay the instants of
// emission: a log's lines may go back in time.
// Pointers into `run`: nothing is copied (every run's trace hash reads it).
std::vector<const RecordedEvent*> written_events(const RunResult& run);

}  // namespace clustersim::sim
