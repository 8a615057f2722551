#include "sim/cluster/ground_truth.h"

namespace clustersim::sim {

GroundTruth::GroundTruth(std::size_t node_count) : history_(node_count) {
  for (auto& history : history_) {
    history.push_back(NodeSnapshot{time_zero, RaftState::follower, 0, model::no_node});
  }
}

void GroundTruth::record(NodeIndex node, Time at, RaftState role, std::uint64_t term,
                         NodeIndex leader) {
  const NodeSnapshot next{at, role, term, leader};
  NodeSnapshot& last = history_[node].back();
  if (last.role == role && last.term == term && last.leader == leader) return;
  if (term < last.term) {
    violations_.push_back(SafetyViolation{
        "term_monotonic", node, at,
        "term went from " + std::to_string(last.term) + " to " + std::to_string(term)});
  }
  if (role == RaftState::leader) {
    const auto [it, inserted] = leaders_by_term_.emplace(term, node);
    if (!inserted && it->second != node) {
      violations_.push_back(SafetyViolation{
          "election_safety", node, at,
          "second leader in term " + std::to_string(term) + " (first: node " +
              std::to_string(it->second) + ")"});
    }
  }
  if (last.at == at) {
    last = next;  // several changes in one instant: the last one is the state from then on
  } else {
    history_[node].push_back(next);
  }
}

NodeIndex GroundTruth::leader_of_term(std::uint64_t term) const {
  const auto it = leaders_by_term_.find(term);
  return it == leaders_by_term_.end() ? model::no_node : it->second;
}

bool GroundTruth::record_configuration(NodeIndex node, Time at, std::uint64_t index,
                                       const model::Membership& membership) {
  if (const CommittedConfiguration* last = configuration_of(node, at); last != nullptr && last->index >= index) return false;
  configurations_.push_back({node, at, index, membership});
  return true;
}

const CommittedConfiguration* GroundTruth::stored_configuration(NodeIndex node, std::uint64_t index) const {
  for (const CommittedConfiguration& c : configurations_) {
    if (c.node == node && c.index == index) return &c;
  }
  return nullptr;
}

const CommittedConfiguration* GroundTruth::configuration_of(NodeIndex node, Time at) const {
  for (auto c = configurations_.rbegin(); c != configurations_.rend(); ++c) {
    if (c->node == node && c->at <= at) return &*c;
  }
  return nullptr;
}

}  // namespace clustersim::sim
