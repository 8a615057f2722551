#include "sim/oracle/tracker_members.h"

#include <algorithm>

#include "model/assert.h"

namespace clustersim::sim::detail {

TrackerMembers::TrackerMembers(const RunResult& run, model::NodeIndex node)
    : run_(&run), self_(node), members_(run.node_ids.size(), false) {
  const model::Membership bootstrap = run.scenario.raft.bootstrap_membership(node);
  for (model::NodeIndex peer = 0; peer < members_.size(); ++peer) {
    members_[peer] = peer == node || (run.scenario.tracker_members.empty()
                                          ? bootstrap.is_member(peer)
                                          : run.scenario.tracker_counts_as_member(run.node_ids[node], run.node_ids[peer]));
  }
}

TrackerMembers TrackerMembers::before(const RunResult& run, model::NodeIndex node, std::uint64_t sequence) {
  TrackerMembers members(run, node);
  // Most runs change no membership: then nothing but a crash could change them, and a crash
  // only puts back the node itself, which the bootstrap members already hold.
  const auto& stored = run.truth.configurations();
  if (std::none_of(stored.begin(), stored.end(), [](const CommittedConfiguration& c) { return c.index > 0; })) return members;
  for (const LoggedInput& input : run.inputs.at(node)) {
    if (input.sequence >= sequence) break;
    members.apply(input);
  }
  return members;
}

void TrackerMembers::apply(const LoggedInput& input) {
  if (input.kind == LoggedInput::Kind::crash) members_[self_] = true;
  if (input.kind != LoggedInput::Kind::members) return;
  const CommittedConfiguration* stored = run_->truth.stored_configuration(self_, input.configuration_index);
  CLUSTERSIM_ASSERT(stored != nullptr);  // the ground truth stores every configuration a tracker is given
  for (model::NodeIndex peer = 0; peer < members_.size(); ++peer) members_[peer] = stored->membership.is_member(peer);
}

std::vector<model::ClusterPeer> TrackerMembers::peers() const {
  std::vector<model::ClusterPeer> peers;
  for (model::NodeIndex peer = 0; peer < members_.size(); ++peer) {
    if (members_[peer]) peers.push_back(member_peer(run_->node_ids[peer]));
  }
  return peers;
}

}  // namespace clustersim::sim::detail
