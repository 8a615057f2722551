// Ground truth: the omniscient view of a simulated cluster, and the election-safety check.
//
// Every node's role, term and known leader, recorded at every change with its virtual time,
// so that oracles can ask "who really led at time t, and in which term?". The safety check
// runs on every record: at most one leader per term, and no node's term ever decreases.
// Violations are kept (with node, time and terms) rather than aborting, so that a test or an
// oracle can report them with the seed that reproduces them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/raft/membership.h"
#include "model/raft/raft_state.h"
#include "sim/core/time.h"

namespace clustersim::sim {

using model::NodeIndex;
using model::RaftState;

struct NodeSnapshot {
  Time at;
  RaftState role;  // RaftState::shutdown while crashed
  std::uint64_t term;
  NodeIndex leader;  // model::no_node when none is known
  friend bool operator==(const NodeSnapshot&, const NodeSnapshot&) = default;
};

struct SafetyViolation {
  std::string check;  // "election_safety" or "term_monotonic"
  NodeIndex node;
  Time at;
  std::string detail;
};

// A configuration as it became committed at a node.
struct CommittedConfiguration {
  NodeIndex node;
  Time at;
  std::uint64_t index;  // 0: the bootstrap configuration, as the node started with it
  model::Membership membership;
};

class GroundTruth {
 public:
  explicit GroundTruth(std::size_t node_count);

  // Records a node's state if it differs from its last record, and checks safety.
  void record(NodeIndex node, Time at, RaftState role, std::uint64_t term, NodeIndex leader);

  const std::vector<NodeSnapshot>& history(NodeIndex node) const { return history_[node]; }
  const NodeSnapshot& current(NodeIndex node) const { return history_[node].back(); }
  // The node that led in `term`, or no_node if none did.
  NodeIndex leader_of_term(std::uint64_t term) const;
  // Terms in which someone led, ascending.
  const std::map<std::uint64_t, NodeIndex>& leaders_by_term() const { return leaders_by_term_; }
  const std::vector<SafetyViolation>& violations() const { return violations_; }

  // Every node's configurations as its state machine stores them: each newer than the last it
  // stored (a restarted node commits its log again; OpenZiti keeps the index it stored last,
  // so an older one is not stored again). The bootstrap configuration is index 0 at time 0.
  // Returns whether it was stored (newer than the node's last).
  bool record_configuration(NodeIndex node, Time at, std::uint64_t index, const model::Membership& membership);
  const std::vector<CommittedConfiguration>& configurations() const { return configurations_; }
  // The node's stored configuration at `at` (its last stored at or before then), or null
  // before it stored any (a joiner).
  const CommittedConfiguration* configuration_of(NodeIndex node, Time at) const;
  // The configuration the node stored with `index`, or null if it stored none.
  const CommittedConfiguration* stored_configuration(NodeIndex node, std::uint64_t index) const;

 private:
  std::vector<std::vector<NodeSnapshot>> history_;
  std::map<std::uint64_t, NodeIndex> leaders_by_term_;
  std::vector<SafetyViolation> violations_;
  std::vector<CommittedConfiguration> configurations_;
};

}  // namespace clustersim::sim
