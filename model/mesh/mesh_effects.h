// What the mesh model (MeshNode) exchanges with its environment: the messages of its channels,
// its timers, and the cluster events it raises (peer.connected, peer.disconnected,
// peer.not_member, state.ro, state.rw).
//
// A channel is named by who dialled it, which life of that process (a restart is a new one),
// and a number the dialler counts up, so both ends and the simulator's ground truth name it
// alike, and a channel from before a restart is never taken for a new one.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "model/raft/message.h"

namespace clustersim::model {

struct ChannelId {
  NodeIndex dialer = no_node;
  std::uint32_t life = 0;
  std::uint32_t sequence = 0;
  friend bool operator==(const ChannelId&, const ChannelId&) = default;
  // Of two channels of one dialler, the later one.
  bool newer_than(const ChannelId& other) const {
    return life != other.life ? life > other.life : sequence > other.sequence;
  }
};

enum class MeshMessageType : std::uint8_t {
  hello,            // dialler -> acceptor: opens the channel; carries the dialler's version
  hello_reply,      // acceptor -> dialler: accepted (with the acceptor's version) or not
  heartbeat,        // either end, every heartbeat_every
  heartbeat_reply,  // the answer that keeps a channel responsive
  close,            // either end closed the channel (or its process died and the OS reset it)
};
std::string_view mesh_message_type_name(MeshMessageType type);

struct MeshMessage {
  MeshMessageType type = MeshMessageType::hello;
  ChannelId channel;
  std::string version;    // hello, hello_reply: the sender's version
  bool accepted = false;  // hello_reply
};

enum class MeshTimerKind : std::uint8_t {
  queue_check,  // the dialer takes due dials from its queue
  scan,         // the dialer's full scan
  heartbeat,    // heartbeats on every open channel
  check,        // close channels that stopped answering
  dial_timeout, // per peer: the dial in progress gives up
  not_member,   // per peer: the grace of a non-member's channel ends
};
inline constexpr std::size_t mesh_timer_kind_count = 6;

struct MeshTimerCommand {
  MeshTimerKind kind;
  NodeIndex peer;  // dial_timeout, not_member: the peer; no_node otherwise
  bool arm;        // false: cancel
  std::chrono::nanoseconds at;  // arm only, in the node's time
};

// A cluster event of the mesh, about `peer` (peer.*) or the node itself (state.ro, state.rw).
struct MeshEvent {
  enum class Kind : std::uint8_t { peer_connected, peer_disconnected, peer_not_member, read_only, read_write } kind;
  NodeIndex peer = no_node;
  std::string peer_version;  // peer.*: the version the peer said in its hello
  ChannelId channel;         // peer.*: the channel concerned
};

class MeshEffects {
 public:
  virtual ~MeshEffects() = default;
  virtual void send(NodeIndex to, const MeshMessage& message) = 0;
  virtual void timer(const MeshTimerCommand& command) = 0;
  virtual void event(const MeshEvent& event) = 0;
};

}  // namespace clustersim::model
