// The leader-state tracker: one controller's raft observations in, `cluster` events out.
//
// This is the production class a controller embeds, unchanged, in three places: a real
// process (through model/asio), every simulated node (sim/cluster), and the tests. It is a
// pure state machine: time is an argument, it never reads a clock, and when it needs to act
// later (the stable policy's window) it asks for a wake-up at a deadline that the embedder
// arms on its own timer.
//
// Inputs mirror hashicorp/raft's observer: RaftState changes and LeaderObservation (an empty
// id means the leader was cleared), each with the term in which it was observed, plus
// membership changes. Two policies share this interface (see TrackerPolicy):
//   openziti  one announcement at start(); then has_leader / is_leaderless only when "do we
//             have a leader?" flips; a direct change A -> B emits nothing and keeps A.
//   stable    the same announcement; afterwards a state must hold for the whole stability
//             window before it is reported; has_leader only for a member observed in the
//             newest term seen; a change A -> B of stable leader is reported with B.
// Both: RaftState to Leader emits leadership.gained (peers = members), away from Leader
// leadership.lost; a membership change emits members.changed with its index and peers.
//
// Preconditions for every call: `now` never goes backwards. An on_wakeup that finds nothing
// due (a real timer that fired after the deadline moved) is ignored, so embedders need not
// win races against their own timers. Before start() no event is emitted, but observations
// are remembered, so the announcement describes the state at start().
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "model/events/event_sink.h"
#include "model/raft/raft_state.h"
#include "model/tracker/tracker_config.h"

namespace clustersim::model {

// What a tracker has reported: the payload of its last has_leader / is_leaderless event.
struct LeaderView {
  bool has_leader = false;
  std::string leader_id;  // empty unless has_leader

  friend bool operator==(const LeaderView&, const LeaderView&) = default;
};

class LeaderStateTracker {
 public:
  using Nanos = std::chrono::nanoseconds;  // time since the embedder's origin

  virtual ~LeaderStateTracker() = default;

  // Starts event generation with the initial announcement. Precondition: not started.
  virtual void start(Nanos now) = 0;
  virtual void on_raft_state(RaftState state, std::uint64_t term, Nanos now) = 0;
  virtual void on_leader(std::string_view leader_id, std::uint64_t term, Nanos now) = 0;
  virtual void on_members(PeerList members, std::uint64_t index, Nanos now) = 0;
  virtual void on_wakeup(Nanos now) = 0;

  // When the tracker next wants on_wakeup, or nothing. Changes after any call.
  virtual std::optional<Nanos> wakeup_deadline() const = 0;
  // The last reported leader state (the initial announcement once started).
  virtual const LeaderView& reported() const = 0;
  virtual bool started() const = 0;
};

// Thrown by make_tracker for a configuration with a problem(); what() is that problem.
class TrackerConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// A tracker of config.policy that emits into `sink` (which must outlive it). The config is the
// tracker's to keep: a caller done with it moves it in instead of copying its member list.
std::unique_ptr<LeaderStateTracker> make_tracker(TrackerConfig config, EventSink& sink);

}  // namespace clustersim::model
