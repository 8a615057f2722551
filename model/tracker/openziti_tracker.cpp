#include "model/tracker/openziti_tracker.h"

#include "model/assert.h"

namespace clustersim::model::detail {

void OpenZitiTracker::start(Nanos now) {
  CLUSTERSIM_ASSERT(!started_);
  advance_to(now);
  started_ = true;
  report(current_, now);
}

void OpenZitiTracker::on_raft_state(RaftState state, std::uint64_t, Nanos now) {
  advance_to(now);
  track_role(state, now);
}

void OpenZitiTracker::on_leader(std::string_view leader_id, std::uint64_t, Nanos now) {
  advance_to(now);
  if (leader_id.empty()) {
    if (!current_.has_leader) return;
    current_.has_leader = false;
    current_.leader_id.clear();
  } else {
    // Only a flip from "no leader" counts; A -> B keeps A and says nothing.
    if (current_.has_leader) return;
    current_.has_leader = true;
    current_.leader_id.assign(leader_id);
  }
  if (started_) report(current_, now);
}

void OpenZitiTracker::on_members(PeerList members, std::uint64_t index,
                                 Nanos now) {
  advance_to(now);
  replace_members(std::move(members), index, now);
}

void OpenZitiTracker::on_wakeup(Nanos now) {
  advance_to(now);  // never asks for one; a stray call changes nothing
}

}  // namespace clustersim::model::detail
