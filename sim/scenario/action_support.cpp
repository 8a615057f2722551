#include "sim/scenario/action_support.h"

#include "sim/core/random.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_reader.h"

namespace clustersim::sim {

NodeIndex ActionContext::resolve(const std::string& reference) const {
  if (!is_role_reference(reference)) return cluster_.find(reference);
  NodeIndex leader = model::no_node;
  for (NodeIndex node : cluster_.current_leaders()) {
    if (cluster_.node(node).state() != NodeState::up) continue;
    if (leader == model::no_node || cluster_.node(node).raft().term() > cluster_.node(leader).raft().term()) leader = node;
  }
  if (reference == leader_reference || leader == model::no_node) return leader;
  for (NodeIndex node = 0; node < cluster_.size(); ++node) {
    const SimNode& candidate = cluster_.node(node);
    if (node != leader && candidate.state() == NodeState::up && candidate.raft().role() == model::RaftState::follower) {
      return node;
    }
  }
  return model::no_node;
}

std::string ActionContext::describe(const std::string& reference, NodeIndex node) const {
  if (reference == leader_reference) return cluster_.id(node) + " (the leader)";
  if (reference == follower_reference) return cluster_.id(node) + " (a follower)";
  return reference;
}

NodeIndex ActionContext::target(std::string_view action, const std::string& reference,
                                const LifecycleStep* lifecycle) {
  const NodeIndex node = resolve(reference);
  if (node == model::no_node) {
    record(std::string(action) + " " + reference + " skipped: no node " +
               (reference == leader_reference ? "leads" : "follows a leader") + " now", true);
    return model::no_node;
  }
  if (lifecycle != nullptr && lifecycle->refused_in(cluster_.node(node).state()) != nullptr) {
    record(std::string(action) + " " + describe(reference, node) + " skipped: not possible now", true);
    return model::no_node;
  }
  return node;
}

Duration read_random_delay(const ActionInput& in) {
  if (!in.item.contains("random_delay")) return Duration{0};
  const Duration delay = in.reader.duration_at(in.item, "random_delay", in.path);
  // `at` is before the run's end (read_action checks it first), so this cannot overflow.
  if (delay > in.scenario.duration - (in.at - time_zero)) in.reader.fail(in.path + ".random_delay", "reaches past the end of the run");
  return delay;
}

Time delayed(std::string_view action, const std::string& node, Time at, Duration delay, std::uint64_t seed) {
  if (delay <= Duration{0}) return at;
  Random random = Random::for_stream(seed, "action/" + std::string(action) + "/" + node + "@" + std::to_string(time_ns(at)));
  return later(at, random.uniform_duration(Duration{0}, delay - Duration{1}));
}

}  // namespace clustersim::sim
