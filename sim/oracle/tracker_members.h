// Internal to sim/oracle: whom a node's tracker counts as a member at any point of a run, the
// way TrackerBank sets it: the scenario's tracker.members (or else the bootstrap
// configuration's members) and the node itself, then each configuration its state machine
// stored (LoggedInput::Kind::members). A stored configuration outlives a crash, as OpenZiti
// keeps it on disk.
#pragma once

#include <vector>

#include "sim/simulation/simulation.h"

namespace clustersim::sim::detail {

class TrackerMembers {
 public:
  // As the node's first tracker starts.
  TrackerMembers(const RunResult& run, model::NodeIndex node);
  // As they were just before the record numbered `sequence` (an input or an event).
  static TrackerMembers before(const RunResult& run, model::NodeIndex node, std::uint64_t sequence);

  // A members input sets them; a crash adds the node itself back: the next process makes its
  // tracker anew (before anything else reaches it), and a tracker's configuration must list it.
  void apply(const LoggedInput& input);
  bool counts(model::NodeIndex leader) const { return members_[leader]; }
  // The peers its events list (leadership.gained, members.changed), in node order.
  std::vector<model::ClusterPeer> peers() const;

 private:
  const RunResult* run_;
  model::NodeIndex self_;
  std::vector<bool> members_;  // by node, the node itself as its configuration says
};

}  // namespace clustersim::sim::detail
