// PreferredLeaders: OpenZiti 2.0's automatic transfer toward a preferred leader.
//
// A controller that is not preferred, once it gains leadership, waits `delay` (OpenZiti: 10 s)
// and then, if it still leads, transfers its leadership to the first connected preferred peer
// (member order), trying the next when one is refused; it waits the same again whenever a
// preferred peer connects while it leads. "Connected" is the controller's mesh channel to the
// peer; with the mesh off (not modelled), every peer whose process runs. Each wait dies with its
// process. What each attempt did is told to `record`; the transfer's own end comes through
// NodeListener::on_request_ended like any other.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/cluster/cluster.h"

namespace clustersim::sim {

class MeshHost;

class PreferredLeaders final : public NodeListener {
 public:
  // Hears nothing until added as a listener of the cluster; `mesh` may be null (mesh off).
  PreferredLeaders(Kernel& kernel, SimCluster& cluster, MeshHost* mesh, std::vector<bool> preferred, Duration delay,
                   std::function<void(std::string)> record);
  ~PreferredLeaders() override;
  PreferredLeaders(const PreferredLeaders&) = delete;
  PreferredLeaders& operator=(const PreferredLeaders&) = delete;

 private:
  void on_observation(NodeIndex, const model::Observation&) override {}
  void on_state(NodeIndex node, model::RaftState role, std::uint64_t term, NodeIndex leader) override;
  void on_crash(NodeIndex node) override;
  void on_restart(NodeIndex) override {}
  void on_held_down(NodeIndex) override {}
  void on_pause(NodeIndex) override {}
  void on_resume(NodeIndex) override {}

  void peer_connected(NodeIndex node, NodeIndex peer);
  void schedule(NodeIndex node, const std::string& because);
  void attempt(NodeIndex node);
  bool connected(NodeIndex node, NodeIndex peer) const;

  Kernel& kernel_;
  SimCluster& cluster_;
  MeshHost* mesh_;
  std::vector<bool> preferred_;
  Duration delay_;
  std::function<void(std::string)> record_;
  std::vector<model::RaftState> roles_;      // each node's role as last told
  std::vector<std::vector<TimerId>> waits_;  // each node's pending attempts
};

}  // namespace clustersim::sim
