// MeshHost: the controller mesh (model/mesh) inside every simulated node, over the cluster's
// own network, so that partitions, flaps, crashes and pauses hit the mesh's channels as they
// hit raft's messages.
//
// Listens to a SimCluster as the trackers do. Each node's MeshNode lives and dies with its
// process: it starts when the node starts (or boots), a crash resets its channels (its peers
// are sent close, as a dying process's operating system resets its connections) and discards
// it, a restart builds a new one with the node's current version, a pause holds its timers
// until the node resumes. It is told the node's raft role (pre-2.1 dialing, the non-member
// grace) and the node's monotonic clock. Its cluster events are recorded with the node's wall
// clock like the tracker's; every change of a node's current channel to a peer, read from its
// MeshNode after each input, is kept as the ground truth the mesh oracles check them against.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/mesh/mesh_node.h"
#include "sim/cluster/cluster.h"
#include "sim/cluster/tracker_bank.h"

namespace clustersim::sim {

struct MeshSettings {
  model::MeshConfig config;
  std::vector<std::string> versions;  // per node: the version its process runs
  std::vector<bool> members;          // per node: a member at the start (a non-member dials in)
  model::WallClock clock;             // the run's epoch; each node adds its own offset
  bool record_events = true;          // false: events are counted, not kept
};

// A node's current channel to a peer changed, as read from its MeshNode after each input
// (never from its events): what the mesh oracles hold the events against.
struct MeshChange {
  NodeIndex node;
  NodeIndex peer;
  Time at;
  std::optional<model::ChannelId> channel;  // nothing: no channel any more
  std::string peer_version;                 // what the peer said in the channel's hello
  bool process_ended = false;               // the node's process died: no event is due
};

// A node's process started its mesh, running `version`.
struct MeshStart {
  NodeIndex node;
  Time at;
  std::string version;
};

// A peer as the mesh's events list it: id, address, version and one API address, the edge
// client API on the controller's default port (1280) and path.
model::ClusterPeer mesh_peer(const std::string& id, const std::string& version);

class MeshHost final : public NodeListener {
 public:
  // Hears nothing until it is added as a listener of the cluster, before the cluster starts.
  // Preconditions: !settings.config.problem(); versions and members have one entry per node.
  MeshHost(Kernel& kernel, SimCluster& cluster, MeshSettings settings, Sequencer& sequencer);
  ~MeshHost() override;
  MeshHost(const MeshHost&) = delete;
  MeshHost& operator=(const MeshHost&) = delete;

  // Starts the mesh of every node whose process runs now (a later boot starts its own).
  void start_all();
  // The version the node runs from its next start (an upgrade: crash, then restart).
  void set_version(NodeIndex node, std::string version) { settings_.versions[node] = std::move(version); }

  const std::vector<RecordedEvent>& events() const { return events_; }
  std::uint64_t events_emitted() const { return events_emitted_; }
  const std::vector<MeshChange>& changes() const { return changes_; }
  const std::vector<MeshStart>& starts() const { return starts_; }
  const MeshSettings& settings() const { return settings_; }
  // The node's running mesh, or null while its process is down.
  const model::MeshNode* mesh(NodeIndex node) const;
  // The version the node's running process announced (what its peers compare against).
  const std::string& running_version(NodeIndex node) const;
  // Called on every peer.connected a node raises (OpenZiti's handlers of cluster events: the
  // preferred-leader transfer listens); it must not call back into the mesh.
  void on_peer_connected(std::function<void(NodeIndex node, NodeIndex peer)> callback) { peer_connected_ = std::move(callback); }

 private:
  class Slot;

  void on_observation(NodeIndex, const model::Observation&) override {}
  void on_state(NodeIndex node, model::RaftState role, std::uint64_t, NodeIndex) override;
  void on_crash(NodeIndex node) override;
  void on_restart(NodeIndex node) override { start(node); }
  void on_held_down(NodeIndex) override {}  // nothing runs until the boot, told as a restart
  void on_pause(NodeIndex node) override;
  void on_resume(NodeIndex node) override;
  void on_configuration_committed(NodeIndex node, const model::ConfigurationEntry& entry) override;

  void start(NodeIndex node);
  void record(NodeIndex node, const model::MeshEvent& event);
  std::chrono::nanoseconds now(NodeIndex node) const { return cluster_.node(node).clock().local(kernel_.now()); }

  Kernel& kernel_;
  SimCluster& cluster_;
  MeshSettings settings_;
  Sequencer& sequencer_;
  Transport<model::MeshMessage> transport_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::vector<RecordedEvent> events_;
  std::vector<MeshChange> changes_;
  std::vector<MeshStart> starts_;
  std::uint64_t events_emitted_ = 0;
  bool started_ = false;
  std::function<void(NodeIndex, NodeIndex)> peer_connected_;
};

}  // namespace clustersim::sim
