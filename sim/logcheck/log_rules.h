// The rules every controller's events keep, checked per controller (event_src_id) in
// timestamp order, each violation reported with its file, line and rule name:
//   state_alternation   never two state.is_leaderless in a row, never two state.has_leader
//                       in a row for the same leaderId;
//   role_alternation    leadership.gained and leadership.lost alternate (two gained in a row
//                       is the openziti/ziti #2684 shape);
//   read_only           never two state.rw without a state.ro between;
//   peer_connection     peer.disconnected only for a connected peer; peer.connected again
//                       for a connected peer only as the mesh's tie-break replaces a channel:
//                       not twice within the dialer's minimum retry interval;
//   peer_not_member     peer.not_member only about a controller outside the members the
//                       controller last listed;
//   members_index       members.changed indexes strictly increase (OpenZiti persists the
//                       index, so not even a restart repeats one); it lists each member once;
//   leader_not_member   state.has_leader names a member: of the controller's last listed
//                       members (members.changed, leadership.gained), else of the newest
//                       members.changed in the log; unchecked while no membership is known;
//   leader_disagreement two controllers report different leaders for longer than the
//                       tolerance (which covers an election, the stability window and clock
//                       skew between controllers).
// A controller that restarts announces its state again, so a repeat of a state or role event
// is excused when the log shows the controller restarted between: others lost their
// connection to it while it had lost none of its own just before, and its next event was not
// a loss of its own (a dead process says nothing, and comes back with its announcement; a
// partitioned one loses its peers too). A log of one controller shows no such sign.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/logcheck/findings.h"
#include "sim/logcheck/log_event.h"

namespace clustersim::sim::logcheck {

// How long before others lose a controller its own loss of a peer shows a partition rather
// than a dead process: both ends of a silent channel give up on it unresponsive_after (30 s)
// after its last heartbeat, and heartbeats go every 10 s, checked every 1 s (OpenZiti's mesh
// defaults, MeshConfig), so the two ends' losses fall within about 11 s of each other.
inline constexpr std::chrono::nanoseconds own_loss_shows_partition = std::chrono::seconds(15);

// OpenZiti's mesh dialer retries no sooner than this (MeshConfig::min_retry, from the
// controller's peer dialer defaults): a channel cannot be replaced twice faster.
inline constexpr std::chrono::nanoseconds peer_redial_min = std::chrono::seconds(1);

class LogRules {
 public:
  LogRules(const IdTable& ids, Findings& findings, std::chrono::nanoseconds disagreement_tolerance);

  // The next event in timestamp order.
  void event(const LogEvent& event);
  // The log ended at `end_ns` (its newest timestamp).
  void finish(std::int64_t end_ns);

 private:
  struct Where {
    std::uint32_t file = 0;
    std::uint64_t line = 0;
    std::int64_t unix_ns = 0;
  };
  struct Last {
    Where at;
    model::ClusterEventType type{};
    Id subject = no_id;
    std::uint64_t restarts = 0;  // the controller's restarts seen when it came
  };
  enum class PeerState : std::uint8_t { unknown, connected, disconnected };
  struct Peer {
    PeerState state = PeerState::unknown;
    Where at;
    std::int64_t repeated_ns = INT64_MIN;  // the last repeat of peer.connected
  };
  struct Controller {
    std::optional<Last> state, role, read_only;
    std::vector<Peer> peers;  // by Id
    std::uint64_t members_index = 0;
    Where members_at;
    std::vector<Id> members;  // the last listed, sorted
    bool members_known = false;
    bool down_suspected = false;  // others lost it while it had lost no one
    std::uint64_t restarts = 0;   // restarts the log shows
    std::int64_t own_loss_ns = INT64_MIN;  // its last own peer.disconnected
    Id reported_leader = no_id;    // from its last state event
    Where reported_at;
  };

  Controller& controller(Id id);
  Peer& peer(Controller& c, Id id);
  bool restarted_since(const Controller& c, const Last& last) const;
  std::string where(const Where& at) const;
  void violation(const LogEvent& e, const char* rule, const std::string& text);

  void state_event(Controller& c, const LogEvent& e);
  void role_event(Controller& c, const LogEvent& e);
  void read_only_event(Controller& c, const LogEvent& e);
  void peer_event(Controller& c, const LogEvent& e);
  void members_event(Controller& c, const LogEvent& e);
  void check_leader_member(const Controller& c, const LogEvent& e);
  void check_agreement(const LogEvent* e, std::int64_t now_ns);

  const IdTable& ids_;
  Findings& findings_;
  std::chrono::nanoseconds tolerance_;
  std::vector<Controller> controllers_;  // by Id
  std::vector<Id> newest_members_;       // the members.changed with the highest index in the log
  std::uint64_t newest_members_index_ = 0;
  // Leader disagreement: since when two controllers' reported leaders differ, reported yet.
  std::optional<std::int64_t> disagreeing_since_;
  bool disagreement_reported_ = false;
};

}  // namespace clustersim::sim::logcheck
