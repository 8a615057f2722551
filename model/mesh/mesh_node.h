// MeshNode: one controller's side of the controller mesh, as a pure state machine.
//
// Inputs: start(), step(from, message, now), on_timer(kind, peer, now), set_raft_role(),
// set_members() and shutdown(); outputs go to the embedder's MeshEffects as they are decided:
// messages, timers (absolute times in the node's clock) and cluster events. No threads,
// sockets or clocks; randomness (the dialer's backoff jitter) comes from the RandomSource.
//
// Behaviour follows the OpenZiti controller (controller/raft/mesh, 2.1), in the parts that
// shape its events:
//   - A peer has at most one current channel (OpenZiti's Peers map). A channel becomes current
//     when the acceptor gets its hello, and at the dialler when the accepting reply comes:
//     peer.connected, with the peer's version. When a second channel to the same peer comes,
//     a tie-break both ends compute alike keeps one: the channel dialled by the node first in
//     member order (OpenZiti compares SPIFFE ids; any order both ends share behaves alike),
//     and between two of the same dialler the newer. If the newcomer wins it replaces the
//     current one and peer.connected is raised again; the replaced channel is closed without
//     peer.disconnected. A losing newcomer is refused.
//   - peer.disconnected when the current channel closes: the peer said so (or its process died
//     and its operating system reset the connection), or it stopped answering heartbeats for
//     unresponsive_after.
//   - The peer dialer (full mode) keeps a channel to every member: see MeshConfig for its
//     backoff, queue check and scan. In leader_only mode (before 2.1) the same dialer runs only
//     while the node is a candidate or the leader, whose raft needs channels.
//   - state.ro when a connected peer's version differs from the node's own (exact string),
//     state.rw when all agree again; on change only.
//   - A leader that accepts a channel from a controller that is not a member closes it after
//     not_member_grace if it still is not one: peer.disconnected, then peer.not_member.
// Anything that arrives on a channel the node does not know (closed at its end, or from before
// its restart) is answered with close, as a TCP stack answers a dead connection with a reset.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "model/mesh/mesh_config.h"
#include "model/mesh/mesh_effects.h"
#include "model/raft/effects.h"
#include "model/raft/raft_state.h"

namespace clustersim::model {

class MeshNode {
 public:
  using Nanos = std::chrono::nanoseconds;

  // `members[i]`: whether node i is a cluster member (this node may not be); `life` counts the
  // process's starts (see ChannelId). Preconditions: !config.problem(), self < members.size();
  // `random` and `effects` outlive the node.
  MeshNode(const MeshConfig& config, NodeIndex self, std::uint32_t life, std::vector<bool> members,
           std::string version, RandomSource& random, MeshEffects& effects);

  void start(Nanos now);
  void step(NodeIndex from, const MeshMessage& message, Nanos now);
  void on_timer(MeshTimerKind kind, NodeIndex peer, Nanos now);
  // Raft's role: leader_only mode dials only as a candidate or leader; a non-member's grace
  // starts only on a leader.
  void set_raft_role(RaftState role, Nanos now);
  void set_members(std::vector<bool> members, Nanos now);
  // The process dies: every channel it had is reset (its peers are sent close). Nothing of the
  // node is used afterwards; a restart builds a new one.
  void shutdown();

  const std::string& version() const { return version_; }
  bool read_only() const { return read_only_; }
  // The current channel to `peer`, if any, and the version that peer said.
  std::optional<ChannelId> channel_to(NodeIndex peer) const { return peers_[peer].current; }
  const std::string& peer_version(NodeIndex peer) const { return peers_[peer].version; }
  bool is_member(NodeIndex node) const { return members_[node]; }
  // Counts every change of any peer's current channel: an embedder that watches the channels
  // (the simulator's ground truth) looks again only when it moved.
  std::uint64_t current_changes() const { return current_changes_; }

 private:
  enum class DialStatus : std::uint8_t { untracked, needs_dial, dialing, connected };
  struct Peer {
    std::optional<ChannelId> current;
    std::string version;  // what the current channel's peer said
    Nanos last_answer{0};  // the current channel's last heartbeat answer (or its opening)
    std::optional<ChannelId> dialing;  // our hello is out, no reply yet
    // The dialer's state of this peer (OpenZiti's peerDialState).
    DialStatus status = DialStatus::untracked;
    bool queued = false;  // waits for next_dial in the retry queue
    Nanos next_dial{0};
    Nanos retry_delay{0};
    std::uint32_t attempts = 0;
    Nanos connected_at{0};
    bool grace_running = false;  // a non-member's channel, on a leader
  };

  bool dialer_active() const;
  void scan(Nanos now);
  void check_queue(Nanos now);
  void evaluate(NodeIndex peer, Nanos now);
  void dial(NodeIndex peer, Nanos now);
  void dial_failed(Peer& peer, Nanos now);
  void connection_lost(NodeIndex peer, Nanos now);
  void queue(Peer& peer, Nanos at);

  // A channel to `peer` is open at this end: it becomes current unless the tie-break keeps the
  // current one. Returns whether it did.
  bool open(NodeIndex peer, ChannelId channel, const std::string& version, Nanos now);
  // The current channel to `peer` is gone (closed by us if `tell`): peer.disconnected.
  void drop(NodeIndex peer, bool tell, Nanos now);
  bool wins(ChannelId challenger, ChannelId holder) const;
  void set_current(Peer& peer, std::optional<ChannelId> channel);  // every change goes through here
  void update_read_only();
  void arm(MeshTimerKind kind, NodeIndex peer, Nanos at) { effects_.timer({kind, peer, true, at}); }
  void cancel(MeshTimerKind kind, NodeIndex peer) { effects_.timer({kind, peer, false, Nanos{0}}); }
  void send(NodeIndex to, MeshMessageType type, ChannelId channel, bool accepted = false);
  void raise(MeshEvent::Kind kind, NodeIndex peer);

  MeshConfig config_;
  NodeIndex self_;
  std::uint32_t life_;
  std::vector<bool> members_;
  std::string version_;
  RandomSource& random_;
  MeshEffects& effects_;
  std::vector<Peer> peers_;
  std::uint32_t next_sequence_ = 1;
  RaftState role_ = RaftState::follower;
  bool read_only_ = false;
  std::uint64_t current_changes_ = 0;
};

}  // namespace clustersim::model
