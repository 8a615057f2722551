// TrackerBank: the production leader-state tracker, unchanged, inside every simulated node.
//
// Listens to a SimCluster: each node's observations go to its own tracker (leader indexes
// turned into member ids, as hashicorp reports ServerIDs), the tracker's wake-ups become
// kernel timers, and every event it emits is recorded with its node and virtual time. The
// tracker lives and dies with its node's process: a crash discards it (a state still in its
// window is never reported), a restart starts a fresh one with its own announcement, and a
// pause holds its wake-ups until the node resumes. The node's ObserverFaults may make its
// embedder's timer fire late, early or twice, as real timers do; a correct tracker ignores a
// wake-up that finds nothing due.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "model/tracker/leader_state_tracker.h"
#include "sim/cluster/cluster.h"

namespace clustersim::sim {

// Makes a node's tracker: the production make_tracker unless a test substitutes a variant.
using TrackerFactory =
    std::function<std::unique_ptr<model::LeaderStateTracker>(const model::TrackerConfig&, model::EventSink&)>;

struct TrackerSettings {
  model::TrackerPolicy policy = model::TrackerPolicy::stable;
  Duration stability_window{0};
  model::WallClock clock;  // virtual time 0 is clock.epoch_unix_ns
  // What trackers validate against until a configuration is committed; empty: the bootstrap
  // configuration's members (a node outside it knows only itself).
  std::vector<std::string> member_ids;
  bool record_events = true;  // false: events are counted, not kept (long runs, memory benchmarks)
  TrackerFactory factory;  // empty: make_tracker
};

// A member as a tracker's events list it (leadership.gained, members.changed).
inline model::ClusterPeer member_peer(const std::string& id) { return {id, "tls:" + id + ":6262"}; }

// Orders records made by different listeners of one cluster (events, observations) exactly,
// even within one instant of virtual time.
struct Sequencer {
  std::uint64_t next = 0;
  std::uint64_t take() { return next++; }
};

// How often a tracker may be woken within one simulated second before it counts as a
// runaway: 100,000 is a wake-up every 10 microseconds, far faster than any timer a controller
// arms (the stable policy needs one per input). A tracker that keeps asking for a deadline a
// hair ahead (virtual time crawls instead of stopping) would otherwise take the run's whole
// event budget, minutes of a test suite; its timer is stopped instead, and the run fails.
inline constexpr std::uint32_t tracker_wakeups_per_second_max = 100'000;

// What the wake-up faults of one node's tracker did (ObserverFaults::wakeup_*).
struct TimerFaultCounters {
  std::uint64_t late = 0;      // wake-ups that fired after their deadline while timer faults were on
  std::uint64_t early = 0;     // extra firings before a deadline that reached the tracker
  std::uint64_t repeated = 0;  // due wake-ups that fired twice
  TimerFaultCounters& operator+=(const TimerFaultCounters& other) {
    late += other.late;
    early += other.early;
    repeated += other.repeated;
    return *this;
  }
  std::uint64_t total() const { return late + early + repeated; }
};

struct RunawayTracker {
  NodeIndex node;
  Time at;
};

struct RecordedEvent {
  NodeIndex node;
  Time at;
  std::uint64_t sequence;  // from the run's Sequencer
  model::ClusterEvent event;
};

class TrackerBank final : public NodeListener {
 public:
  // Hears nothing until it is added as a listener of the cluster (SimCluster::add_listener),
  // which must happen before the cluster starts.
  TrackerBank(Kernel& kernel, SimCluster& cluster, TrackerSettings settings,
              Sequencer* sequencer = nullptr);
  ~TrackerBank() override;
  TrackerBank(const TrackerBank&) = delete;
  TrackerBank& operator=(const TrackerBank&) = delete;

  // Starts event generation on every running node: each announces its state now.
  void start_all();

  const std::vector<RecordedEvent>& events() const { return events_; }
  std::uint64_t events_emitted() const { return events_emitted_; }
  // The node's running tracker, or null while it is crashed.
  const model::LeaderStateTracker* tracker(NodeIndex node) const { return slots_[node].tracker.get(); }
  const TrackerSettings& settings() const { return settings_; }
  const TimerFaultCounters& timer_faults(NodeIndex node) const { return slots_[node].timer_counters; }
  // Trackers whose timer was stopped for waking too often (tracker_wakeups_per_second_max).
  const std::vector<RunawayTracker>& runaways() const { return runaways_; }

 private:
  class Recorder;
  struct Slot {
    std::unique_ptr<Recorder> sink;
    std::unique_ptr<model::LeaderStateTracker> tracker;
    TimerId wakeup;
    // Extra firings before a deadline (ObserverFaults), each with a token naming it.
    std::vector<std::pair<std::uint64_t, TimerId>> early_wakeups;
    std::uint64_t next_early_token = 0;
    std::optional<std::chrono::nanoseconds> armed_for;  // the deadline the last early firing was drawn for
    std::optional<Random> timer_faults;  // the draws of the wake-up faults, made when first needed
    bool paused = false;
    bool wakeup_due_while_paused = false;
    TimerFaultCounters timer_counters;
    Time wakeups_counted_since = time_zero;  // the simulated second being counted
    std::uint32_t wakeups_counted = 0;
    // The members of the configuration the node's state machine stored last (OpenZiti keeps
    // it on disk: a crash keeps it, and a restarted tracker starts with it). One PeerList is
    // shared by the nodes that start with it and by those that store one configuration, and
    // by their trackers: n copies of n peers made a large world quadratic to build.
    model::PeerList stored_members;
  };

  void on_observation(NodeIndex node, const model::Observation& observation) override;
  void on_state(NodeIndex, model::RaftState, std::uint64_t, NodeIndex) override {}
  void on_crash(NodeIndex node) override;
  void on_restart(NodeIndex node) override;
  void on_held_down(NodeIndex node) override { on_crash(node); }  // no tracker runs until the boot
  void on_pause(NodeIndex node) override;
  void on_resume(NodeIndex node) override;
  void on_generation_start(NodeIndex node, const std::optional<model::Observation>& snapshot) override;
  // A configuration the node's state machine stored (SimCluster tells each once): given to the
  // running tracker (members.changed, and the members its leader validation uses from then on).
  void on_configuration_committed(NodeIndex node, const model::ConfigurationEntry& entry) override;

  void create_tracker(NodeIndex node);
  // The shared member list of a stored configuration (committed_lists_).
  const model::PeerList& committed_list(const model::ConfigurationEntry& entry);
  // The peers, in node order, of the nodes `is_member` holds true for: a member list to store.
  template <typename IsMember>
  model::PeerList peers_where(IsMember is_member) const {
    std::vector<model::ClusterPeer> members;
    for (NodeIndex peer = 0; peer < peers_.size(); ++peer) {
      if (is_member(peer)) members.push_back(peers_[peer]);
    }
    return members;
  }
  void follow_deadline(NodeIndex node);
  // The node's own stream of wake-up fault draws.
  Random& timer_fault_random(NodeIndex node);
  void wake(NodeIndex node);
  void wake_early(NodeIndex node, std::uint64_t token);
  void cancel_wakeups(Slot& slot);
  // Counts a wake-up; true (and the tracker recorded as a runaway) when it is one too many.
  bool wakes_too_often(NodeIndex node);
  // What the node's monotonic clock reads: what its tracker is told.
  std::chrono::nanoseconds now(NodeIndex node) const { return cluster_.node(node).clock().local(kernel_.now()); }

  Kernel& kernel_;
  SimCluster& cluster_;
  TrackerSettings settings_;
  std::vector<model::ClusterPeer> peers_;  // every node, as members.changed would list them
  // The member list of every configuration a node stored, made once: each node of the world
  // stores the same configurations in turn (a joiner replays them), and shares the one list.
  struct CommittedList {
    model::ConfigurationEntry entry;
    model::PeerList members;
  };
  std::vector<CommittedList> committed_lists_;
  std::vector<Slot> slots_;
  std::vector<RecordedEvent> events_;
  std::vector<RunawayTracker> runaways_;
  std::uint64_t events_emitted_ = 0;
  Sequencer own_sequencer_;
  Sequencer& sequencer_;
  bool started_ = false;
};

}  // namespace clustersim::sim
