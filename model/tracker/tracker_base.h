// What both tracker policies share: configuration, the sink, the raft-role events
// (leadership.gained / lost, members.changed) and the checks on time and start.
// Internal to model/tracker.
#pragma once

#include "model/tracker/leader_state_tracker.h"

namespace clustersim::model::detail {

class TrackerBase : public LeaderStateTracker {
 public:
  TrackerBase(TrackerConfig config, EventSink& sink);

  bool started() const override { return started_; }
  const LeaderView& reported() const override { return reported_; }

 protected:
  // Records `now`, asserting that time does not go backwards.
  void advance_to(Nanos now);
  // leadership.gained / leadership.lost on a change of role into or out of Leader.
  void track_role(RaftState state, Nanos now);
  void replace_members(PeerList members, std::uint64_t index, Nanos now);
  bool is_member(std::string_view id) const;
  // Emits has_leader(view.leader_id) or is_leaderless and makes `view` the reported state.
  void report(const LeaderView& view, Nanos now);
  void emit(ClusterEventType type, Nanos now);

  TrackerConfig config_;
  EventSink& sink_;
  bool started_ = false;
  LeaderView reported_;
  RaftState role_ = RaftState::follower;
  Nanos last_now_{0};
  ClusterEvent scratch_;  // reused for every emission: its strings keep their capacity
};

}  // namespace clustersim::model::detail
