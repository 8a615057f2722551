// ObservationLog: every node's raft observations and tracker lifecycle, in exact order with
// the trackers' events (one Sequencer), for the oracles that replay what a tracker saw.
// The Simulation registers it with the cluster before the trackers, so that each observation
// is logged before any event it causes.
#pragma once

#include <vector>

#include "sim/cluster/tracker_bank.h"

namespace clustersim::sim {

struct LoggedInput {
  // observation: given to the trackers; lost: raised by raft but never given (ObserverChannel);
  // snapshot: raft's leader when a delayed event generation starts, given to the trackers
  // before they announce (so the announcement names it); members: a configuration newer than
  // the node's state machine had stored, given to the trackers (members.changed, and the
  // members leader validation uses from then on; see TrackerBank).
  enum class Kind : std::uint8_t { start, observation, lost, crash, pause, resume, snapshot, members } kind;
  Time at;
  std::uint64_t sequence;
  model::Observation observation;  // Kind::observation, snapshot and lost only
  std::uint64_t configuration_index = 0;  // Kind::members: the configuration's index (GroundTruth has it)
  // Given to the tracker (an observation or a snapshot).
  bool given() const { return kind == Kind::observation || kind == Kind::snapshot; }
};

class ObservationLog final : public NodeListener {
 public:
  ObservationLog(Kernel& kernel, const SimCluster& cluster, Sequencer& sequencer)
      : kernel_(kernel), cluster_(cluster), inputs_(cluster.size()), sequencer_(sequencer) {}

  // The trackers start (at the run's start, or when a node restarts).
  void note_start(NodeIndex node) { add(node, LoggedInput::Kind::start, {}); }

  const std::vector<LoggedInput>& inputs(NodeIndex node) const { return inputs_[node]; }
  std::size_t node_count() const { return inputs_.size(); }

 private:
  void on_observation(NodeIndex node, const model::Observation& observation) override {
    add(node, LoggedInput::Kind::observation, observation);
  }
  void on_observation_lost(NodeIndex node, const model::Observation& observation) override {
    add(node, LoggedInput::Kind::lost, observation);
  }
  void on_state(NodeIndex, model::RaftState, std::uint64_t, NodeIndex) override {}
  void on_crash(NodeIndex node) override { add(node, LoggedInput::Kind::crash, {}); }
  void on_restart(NodeIndex node) override {
    if (!cluster_.generation_pending(node)) note_start(node);  // else when event generation starts
  }
  // The tracker's lifetime begins, and raft's leader is the first thing it is given.
  void on_generation_start(NodeIndex node, const std::optional<model::Observation>& snapshot) override {
    note_start(node);
    if (snapshot) add(node, LoggedInput::Kind::snapshot, *snapshot);
  }
  void on_held_down(NodeIndex) override {}  // its lifetime begins at its boot, as a start
  void on_configuration_committed(NodeIndex node, const model::ConfigurationEntry& entry) override {
    add(node, LoggedInput::Kind::members, {});
    inputs_[node].back().configuration_index = entry.index;
  }
  void on_pause(NodeIndex node) override { add(node, LoggedInput::Kind::pause, {}); }
  void on_resume(NodeIndex node) override { add(node, LoggedInput::Kind::resume, {}); }

  void add(NodeIndex node, LoggedInput::Kind kind, const model::Observation& observation) {
    inputs_[node].push_back(LoggedInput{kind, kernel_.now(), sequencer_.take(), observation, 0});
  }

  Kernel& kernel_;
  const SimCluster& cluster_;
  std::vector<std::vector<LoggedInput>> inputs_;
  Sequencer& sequencer_;
};

}  // namespace clustersim::sim
