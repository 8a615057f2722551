// What the election model asks of its environment: messages to send, timers to arm or cancel,
// and observations for the tracker (in hashicorp's order).
//
// The node tells its Effects each one as it decides it, in that order; an embedder that must
// not act mid-input (the simulator's listeners look at the node) collects them and acts when
// the input is done, as SimNode does with observations.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "model/raft/message.h"
#include "model/raft/raft_state.h"

namespace clustersim::model {

enum class TimerKind : std::uint8_t {
  follower,        // hashicorp: heartbeat check; range mode: election timeout
  election,        // a candidate's election timeout
  lease,           // a leader's check that a quorum is still in contact
  peer_heartbeat,  // a leader's heartbeat to one peer (range mode: to all, peer = no_node)
  peer_replicate,  // a leader's retry of replication to one lagging peer
  transfer,        // a leader's deadline for the leadership transfer in progress
};
inline constexpr std::size_t timer_kind_count = 6;

struct TimerCommand {
  TimerKind kind;
  NodeIndex peer;  // the peer for per-peer timers, no_node otherwise
  bool arm;        // false: cancel
  std::chrono::nanoseconds at;  // when to fire (arm only), in the node's time
};

struct Observation {
  enum class Kind : std::uint8_t { raft_state, leader } kind;
  RaftState state;     // raft_state: the new role
  NodeIndex leader;    // leader: the new leader, or no_node when cleared
  std::uint64_t term;  // the node's current term when observed
};

// How an operator's request to a leader (RaftNode::change_membership, transfer_leadership)
// ended, once it was accepted.
struct RequestEnded {
  enum class Kind : std::uint8_t { membership_change, leadership_transfer };
  Kind kind;
  MembershipChange change;     // membership_change: the change asked for
  NodeIndex target = no_node;  // leadership_transfer: the node it went to
  bool succeeded = false;      // committed; transfer: this leader left its leadership
  std::uint64_t index = 0;     // membership_change: the index of its entry, if appended
  std::string reason;          // what happened, in words ("committed at index 7", "timed out ...")
};

// Receives the node's effects in the order the node decides them. The calls come from
// inside the node's step, timer or start: an implementation must not call back into the node.
class Effects {
 public:
  virtual ~Effects() = default;
  virtual void send(NodeIndex to, const Message& message) = 0;
  virtual void timer(const TimerCommand& command) = 0;
  virtual void observe(const Observation& observation) = 0;
  // A configuration entry became committed here (hashicorp hands each to the FSM as it applies
  // it: where OpenZiti emits members.changed). A restarted node commits its log again, so an
  // entry may come again; OpenZiti's FSM keeps the last index it stored and ignores older ones.
  virtual void configuration_committed(const ConfigurationEntry&) {}
  virtual void request_ended(const RequestEnded&) {}
};

// Randomness, injected: the simulator passes one of its named streams, tests a fixed script.
class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // A uniform duration in [low, high). Precondition: low < high.
  virtual std::chrono::nanoseconds uniform(std::chrono::nanoseconds low,
                                           std::chrono::nanoseconds high) = 0;
};

}  // namespace clustersim::model
