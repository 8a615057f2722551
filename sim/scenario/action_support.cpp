#include "sim/scenario/action_support.h"

namespace clustersim::sim {

NodeIndex ActionContext::resolve(const std::string& reference) const {
  if (reference != leader_reference) return cluster_.find(reference);
  NodeIndex best = model::no_node;
  for (NodeIndex node : cluster_.current_leaders()) {
    if (cluster_.node(node).state() != NodeState::up) continue;
    if (best == model::no_node || cluster_.node(node).raft().term() > cluster_.node(best).raft().term()) best = node;
  }
  return best;
}

std::string ActionContext::describe(const std::string& reference, NodeIndex node) const {
  if (reference != leader_reference) return reference;
  return cluster_.id(node) + " (the leader)";
}

NodeIndex ActionContext::target(std::string_view action, const std::string& reference,
                                const LifecycleStep* lifecycle) {
  const NodeIndex node = resolve(reference);
  if (node == model::no_node) {
    record(std::string(action) + " leader skipped: no node leads now", true);
    return model::no_node;
  }
  if (lifecycle != nullptr && lifecycle->refused_in(cluster_.node(node).state()) != nullptr) {
    record(std::string(action) + " " + describe(reference, node) + " skipped: not possible now", true);
    return model::no_node;
  }
  return node;
}

}  // namespace clustersim::sim
