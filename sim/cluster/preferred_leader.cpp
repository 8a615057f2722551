#include "sim/cluster/preferred_leader.h"

#include <algorithm>

#include "sim/cluster/mesh_host.h"

namespace clustersim::sim {

PreferredLeaders::PreferredLeaders(Kernel& kernel, SimCluster& cluster, MeshHost* mesh, std::vector<bool> preferred,
                                   Duration delay, std::function<void(std::string)> record)
    : kernel_(kernel),
      cluster_(cluster),
      mesh_(mesh),
      preferred_(std::move(preferred)),
      delay_(delay),
      record_(std::move(record)),
      roles_(cluster.size(), model::RaftState::follower),
      waits_(cluster.size()) {
  if (mesh_ != nullptr) mesh_->on_peer_connected([this](NodeIndex node, NodeIndex peer) { peer_connected(node, peer); });
}

PreferredLeaders::~PreferredLeaders() {
  for (auto& waits : waits_) {
    for (TimerId id : waits) kernel_.cancel(id);
  }
}

// OpenZiti's handler of ClusterEventLeadershipGained, on a controller that is not preferred.
void PreferredLeaders::on_state(NodeIndex node, model::RaftState role, std::uint64_t, NodeIndex) {
  const bool gained = role == model::RaftState::leader && roles_[node] != model::RaftState::leader;
  roles_[node] = role;
  if (gained && !preferred_[node]) schedule(node, cluster_.id(node) + " gained leadership");
}

void PreferredLeaders::on_crash(NodeIndex node) {
  roles_[node] = model::RaftState::shutdown;
  for (TimerId id : waits_[node]) kernel_.cancel(id);
  waits_[node].clear();
}

void PreferredLeaders::peer_connected(NodeIndex node, NodeIndex peer) {
  if (preferred_[node] || !preferred_[peer] || roles_[node] != model::RaftState::leader) return;
  schedule(node, "the preferred " + cluster_.id(peer) + " connected to " + cluster_.id(node) + ", the leader");
}

void PreferredLeaders::schedule(NodeIndex node, const std::string& because) {
  record_(because + "; not preferred, it checks for a preferred leader in " + format_duration(delay_));
  std::vector<TimerId>& waits = waits_[node];
  std::erase_if(waits, [this](TimerId id) { return !kernel_.pending(id); });
  waits.push_back(kernel_.schedule_after(delay_, [this, node] { attempt(node); }));
}

bool PreferredLeaders::connected(NodeIndex node, NodeIndex peer) const {
  if (mesh_ == nullptr) return cluster_.node(peer).state() == NodeState::up;
  const model::MeshNode* mesh = mesh_->mesh(node);
  return mesh != nullptr && mesh->channel_to(peer).has_value();
}

void PreferredLeaders::attempt(NodeIndex node) {
  SimNode& controller = cluster_.node(node);
  const std::string& id = cluster_.id(node);
  if (controller.state() != NodeState::up || controller.raft().role() != model::RaftState::leader) {
    record_(id + " no longer leads: keeps out of the preferred-leader transfer");
    return;
  }
  for (NodeIndex peer = 0; peer < cluster_.size(); ++peer) {
    if (peer == node || !preferred_[peer] || !connected(node, peer)) continue;
    if (auto refusal = controller.transfer_leadership(peer)) {
      record_(id + " transfers leadership to the preferred " + cluster_.id(peer) + ": refused, " + *refusal + "; tries the next");
      continue;
    }
    record_(id + " transfers leadership to the preferred " + cluster_.id(peer));
    return;
  }
  record_(id + " finds no preferred leader connected: keeps its leadership");
}

}  // namespace clustersim::sim
