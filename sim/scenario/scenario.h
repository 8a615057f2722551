// A scenario: one simulated world, as a scenario file describes it. Parsed and validated by
// scenario_parser.h before anything runs; run by sim/simulation/simulation.h.
//
// The timeline's actions are typed, one struct per kind (action.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/events/timestamp.h"
#include "model/raft/raft_config.h"
#include "model/tracker/tracker_config.h"
#include "sim/cluster/node_timing.h"
#include "sim/core/time.h"
#include "sim/cluster/tracker_command.h"
#include "sim/net/link_params.h"
#include "sim/scenario/action.h"
#include "sim/scenario/mesh_spec.h"

namespace clustersim::sim {

// The most actions one timeline holds (the reason is beside the check in timeline_parser.cpp).
inline constexpr std::size_t timeline_actions_max = 10'000;

// Counts of one node's (or every node's) events of one type in a time window.
struct EventExpectation {
  std::optional<model::TrackerPolicy> policy;  // applies to runs of this policy only
  std::string node;  // a member id or "all"
  model::ClusterEventType type;
  std::string leader;  // for has_leader: required leaderId, or "" for any
  Time from = time_zero;
  Time to = time_zero;
  std::uint64_t count_min = 0;
  std::uint64_t count_max = UINT64_MAX;
  std::string path;
};

// The state a node's tracker must report at the end: has_leader (of `leader`, or of the
// final leader when empty) or is_leaderless.
struct FinalExpectation {
  std::string node;  // a member id or "all"
  bool has_leader = true;
  std::string leader;
  std::string path;
};

struct Expectations {
  std::vector<EventExpectation> events;
  std::vector<FinalExpectation> final_states;
  // Per policy: state events (has_leader, is_leaderless) a node may emit in the run.
  std::optional<std::uint64_t> max_state_events_stable;
  std::optional<std::uint64_t> max_state_events_openziti;
  std::string golden_base;  // "" = none; files are <base>.<policy>.jsonl beside the scenario
};

struct Scenario {
  std::string file;    // where it was read from ("" if built in code)
  std::string source;  // the file's text, kept for traces (replay re-reads it)
  std::string name;
  std::string purpose;
  std::uint64_t seed = 1;
  Duration duration{0};
  model::Timestamp epoch;  // the wall-clock instant of virtual time 0, and its zone
  model::RaftConfig raft;  // members included
  NodeTiming timing = NodeTiming::realistic();    // every node's, unless node_timing names it
  std::map<std::string, NodeTiming> node_timing;  // per node id
  MeshSpec mesh;  // the controller mesh around each node's raft
  // The controller's leaderless warning threshold (OpenZiti's cluster.warnWhenLeaderlessFor).
  Duration warn_when_leaderless_for = std::chrono::minutes(1);
  // Asynchronous dispatch: OpenZiti hands each event to its subscribers on a goroutine of its
  // own, so an event log holds them in the order they were written, not decided. Each event's
  // write is late by a uniform draw in [0, this); 0 writes in decision order.
  Duration dispatch_jitter{0};
  // Start-up ordering: each controller's event generation starts this long after its raft (a
  // draw per process start; zero: with it), the observations raised meanwhile waiting in a
  // blocking channel of observer_queue slots (OpenZiti's 16).
  Spread<Duration> event_generation_delay{Duration{0}, Duration{0}};
  std::uint64_t observer_queue = 16;
  // OpenZiti 2.0's preferred leaders: a leader not among them transfers its leadership to a
  // connected one this long after it gains it (OpenZiti waits 10 s), or after one connects.
  std::vector<std::string> preferred;
  Duration preferred_leader_delay = std::chrono::seconds(10);
  model::TrackerPolicy policy = model::TrackerPolicy::stable;
  Duration stability_window{0};
  // The member list trackers validate leaders against (each node adds itself); empty: every
  // node. Leaving a node out models a controller the others do not count as a member.
  std::vector<std::string> tracker_members;
  // The tracker under test as a process (tracker.command, the tracker protocol); nothing:
  // the built-in C++ trackers. A --tracker-cmd given to the CLI replaces it.
  std::optional<TrackerCommand> tracker_command;
  LinkParams network;
  std::vector<TimedAction> timeline;  // sorted by time, stable
  Expectations expect;
  Duration timeliness_bound{0};  // extra delay allowed beyond the window (completeness)

  std::vector<std::string> node_ids() const;
  // Each node's timing, in member order.
  std::vector<NodeTiming> timing_per_node() const;
  // Whether `node`'s tracker counts `leader` as a member (see tracker_members).
  bool tracker_counts_as_member(const std::string& node, const std::string& leader) const;
  // The golden event file for `policy`: <scenario dir>/<golden base>.<policy>.jsonl, or ""
  // when the scenario names none.
  std::string golden_path(model::TrackerPolicy run_policy) const;
  // The wall clock its events are stamped by: virtual time 0 is `epoch`, in epoch's zone.
  model::WallClock wall_clock() const { return {epoch.unix_ns, epoch.utc_offset_minutes}; }
  // The stop_faults action, if any, and its time.
  const StopFaults* stop_faults(Time* at = nullptr) const;
};

}  // namespace clustersim::sim
