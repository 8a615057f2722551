#include "sim/cluster/mesh_host.h"

#include "sim/cluster/message_text.h"

#include "model/assert.h"

namespace clustersim::sim {

model::ClusterPeer mesh_peer(const std::string& id, const std::string& version) {
  model::ClusterPeer peer = member_peer(id);
  peer.version = version;
  peer.api_addresses = {{"edge-client", "https://" + id + ":1280/edge/client/v1", "v1"}};
  return peer;
}

// One node's mesh: its MeshNode while its process runs, the kernel timers it armed, and the
// draws of its dialer's jitter.
class MeshHost::Slot final : public model::MeshEffects, public model::RandomSource {
 public:
  Slot(MeshHost& host, NodeIndex node)
      : host_(host),
        node_(node),
        random_(Random::for_stream(host.cluster_.seed(), "mesh/" + host.cluster_.id(node))),
        timers_((host.cluster_.size() + 1) * model::mesh_timer_kind_count),
        known_(host.cluster_.size()) {
    members = host.settings_.members;
  }
  ~Slot() override { cancel_all(); }

  void start(std::string version, model::RaftState role) {
    running_version = version;
    host_.starts_.push_back({node_, host_.kernel_.now(), version});
    mesh = std::make_unique<model::MeshNode>(host_.settings_.config, node_, ++life_, members, std::move(version),
                                             *this, *this);
    changes_seen_ = 0;
    mesh->set_raft_role(role, host_.now(node_));
    mesh->start(host_.now(node_));
    note_changes();
  }
  void crash() {
    if (!mesh) return;
    mesh->shutdown();
    for (NodeIndex peer = 0; peer < known_.size(); ++peer) {
      if (known_[peer]) host_.changes_.push_back({node_, peer, host_.kernel_.now(), std::nullopt, {}, true});
      known_[peer].reset();
    }
    mesh.reset();
    cancel_all();
    due_while_paused_.clear();
    paused = false;
  }
  void resume() {
    paused = false;
    std::vector<std::pair<model::MeshTimerKind, NodeIndex>> due = std::move(due_while_paused_);
    due_while_paused_.clear();
    for (const auto& [kind, peer] : due) {
      if (mesh) mesh->on_timer(kind, peer, host_.now(node_));
    }
    note_changes();
  }
  // After every input to the mesh: each current channel that differs from the last seen.
  void note_changes() {
    if (!mesh || mesh->current_changes() == changes_seen_) return;
    changes_seen_ = mesh->current_changes();
    for (NodeIndex peer = 0; peer < known_.size(); ++peer) {
      const std::optional<model::ChannelId> now_current = mesh->channel_to(peer);
      if (now_current == known_[peer]) continue;
      known_[peer] = now_current;
      host_.changes_.push_back({node_, peer, host_.kernel_.now(), now_current,
                                now_current ? mesh->peer_version(peer) : std::string(), false});
    }
  }

  std::unique_ptr<model::MeshNode> mesh;
  std::string running_version;
  // Who the node knows as members: the scenario's, then each configuration its state machine
  // stores (kept across a restart, as OpenZiti keeps it on disk).
  std::vector<bool> members;
  bool paused = false;

 private:
  void send(NodeIndex to, const model::MeshMessage& message) override {
    // A node whose raft is blocked on a full observer channel has its links held (SimNode::
    // block, a simplification: in a real controller only raft's loop stops): what its mesh
    // sends meanwhile is lost.
    if (host_.cluster_.node(node_).state() != NodeState::up) return;
    host_.transport_.send(node_, to, message);
  }
  void timer(const model::MeshTimerCommand& command) override {
    const std::size_t slot = timer_slot(command.kind, command.peer);
    host_.kernel_.cancel(timers_[slot]);
    timers_[slot] = TimerId{};
    if (!command.arm) return;
    const Time at = std::max(host_.kernel_.now(), host_.cluster_.node(node_).clock().true_time_of(command.at));
    const auto key = std::make_pair(command.kind, command.peer);
    timers_[slot] = host_.kernel_.schedule_at(at, [this, key] {
      timers_[timer_slot(key.first, key.second)] = TimerId{};
      if (paused) {
        due_while_paused_.push_back(key);
      } else if (mesh) {
        mesh->on_timer(key.first, key.second, host_.now(node_));
        note_changes();
      }
    });
  }
  // A slot per (kind, peer): a steady mesh re-arms its timers without allocating.
  std::size_t timer_slot(model::MeshTimerKind kind, NodeIndex peer) const {
    const std::size_t row = peer == model::no_node ? 0 : peer + 1;
    return row * model::mesh_timer_kind_count + static_cast<std::size_t>(kind);
  }
  void event(const model::MeshEvent& event) override { host_.record(node_, event); }
  std::chrono::nanoseconds uniform(std::chrono::nanoseconds low, std::chrono::nanoseconds high) override {
    return random_.uniform_duration(low, high - std::chrono::nanoseconds(1));
  }
  void cancel_all() {
    for (TimerId& id : timers_) {
      host_.kernel_.cancel(id);
      id = TimerId{};
    }
  }

  MeshHost& host_;
  NodeIndex node_;
  Random random_;
  std::uint32_t life_ = 0;
  std::vector<TimerId> timers_;  // by timer_slot
  std::vector<std::pair<model::MeshTimerKind, NodeIndex>> due_while_paused_;
  std::vector<std::optional<model::ChannelId>> known_;  // per peer: the current channel last seen
  std::uint64_t changes_seen_ = 0;  // the mesh's current_changes() when known_ was last brought up to date
};

MeshHost::MeshHost(Kernel& kernel, SimCluster& cluster, MeshSettings settings, Sequencer& sequencer)
    : kernel_(kernel),
      cluster_(cluster),
      settings_(std::move(settings)),
      sequencer_(sequencer),
      transport_(cluster.network(), [this](NodeIndex to, NodeIndex from, const model::MeshMessage& message) {
        Slot& slot = *slots_[to];
        if (!slot.mesh) return;
        slot.mesh->step(from, message, now(to));
        slot.note_changes();
      }, [](const model::MeshMessage& message) { return message_text(message); }) {
  CLUSTERSIM_ASSERT(!settings_.config.problem());
  CLUSTERSIM_ASSERT(settings_.versions.size() == cluster.size() && settings_.members.size() == cluster.size());
  for (NodeIndex i = 0; i < cluster.size(); ++i) slots_.push_back(std::make_unique<Slot>(*this, i));
}

MeshHost::~MeshHost() = default;

const model::MeshNode* MeshHost::mesh(NodeIndex node) const { return slots_[node]->mesh.get(); }

const std::string& MeshHost::running_version(NodeIndex node) const { return slots_[node]->running_version; }

void MeshHost::start_all() {
  CLUSTERSIM_ASSERT(!started_);
  started_ = true;
  for (NodeIndex i = 0; i < slots_.size(); ++i) {
    if (cluster_.node(i).state() != NodeState::crashed) start(i);
  }
}

void MeshHost::start(NodeIndex node) {
  if (!started_) return;  // a boot before the mesh starts is started by start_all
  slots_[node]->start(settings_.versions[node], model::RaftState::follower);  // raft starts as one too
}

void MeshHost::on_state(NodeIndex node, model::RaftState role, std::uint64_t, NodeIndex) {
  Slot& slot = *slots_[node];
  if (!slot.mesh) return;
  slot.mesh->set_raft_role(role, now(node));
  slot.note_changes();
}

void MeshHost::on_crash(NodeIndex node) { slots_[node]->crash(); }

void MeshHost::on_pause(NodeIndex node) { slots_[node]->paused = true; }

void MeshHost::on_resume(NodeIndex node) { slots_[node]->resume(); }

// OpenZiti's peer dialer follows members.changed: new members are dialed, and a leader's grace
// for a non-member ends when it becomes one.
void MeshHost::on_configuration_committed(NodeIndex node, const model::ConfigurationEntry& entry) {
  Slot& slot = *slots_[node];
  std::vector<bool> members(cluster_.size());
  for (NodeIndex peer = 0; peer < members.size(); ++peer) members[peer] = entry.membership.is_member(peer);
  if (members == slot.members) return;
  slot.members = members;
  if (slot.mesh) {
    slot.mesh->set_members(std::move(members), now(node));
    slot.note_changes();
  }
}

void MeshHost::record(NodeIndex node, const model::MeshEvent& event) {
  using Kind = model::MeshEvent::Kind;
  ++events_emitted_;
  if (event.kind == Kind::peer_connected && peer_connected_) peer_connected_(node, event.peer);
  if (!settings_.record_events) return;
  model::ClusterEvent out;
  switch (event.kind) {
    case Kind::peer_connected: out.type = model::ClusterEventType::peer_connected; break;
    case Kind::peer_disconnected: out.type = model::ClusterEventType::peer_disconnected; break;
    case Kind::peer_not_member: out.type = model::ClusterEventType::peer_not_member; break;
    case Kind::read_only: out.type = model::ClusterEventType::state_ro; break;
    case Kind::read_write: out.type = model::ClusterEventType::state_rw; break;
  }
  out.source_id = cluster_.id(node);
  out.timestamp = cluster_.node(node).clock().stamping(settings_.clock).at(now(node));
  if (event.peer != model::no_node) out.peers = {mesh_peer(cluster_.id(event.peer), event.peer_version)};
  events_.push_back(RecordedEvent{node, kernel_.now(), sequencer_.take(), std::move(out)});
}

}  // namespace clustersim::sim
