#include "model/tracker/tracker_base.h"

#include <utility>

#include "model/assert.h"

namespace clustersim::model {

namespace detail {

TrackerBase::TrackerBase(TrackerConfig config, EventSink& sink)
    : config_(std::move(config)), sink_(sink) {
  // make_tracker, the only way to build one, has checked the config: a second check here
  // would double what every tracker of a large world costs to build.
  scratch_.source_id = config_.self_id;
}

void TrackerBase::advance_to(Nanos now) {
  CLUSTERSIM_ASSERT(now >= last_now_);
  last_now_ = now;
}

void TrackerBase::track_role(RaftState state, Nanos now) {
  const RaftState previous = role_;
  role_ = state;
  if (!started_ || previous == state) return;
  if (state == RaftState::leader) {
    scratch_.peers = config_.members.peers();
    emit(ClusterEventType::leadership_gained, now);
    scratch_.peers.clear();
  } else if (previous == RaftState::leader) {
    emit(ClusterEventType::leadership_lost, now);
  }
}

void TrackerBase::replace_members(PeerList members, std::uint64_t index,
                                  Nanos now) {
  config_.members = std::move(members);
  if (!started_) return;
  scratch_.index = index;
  scratch_.peers = config_.members.peers();
  emit(ClusterEventType::members_changed, now);
  scratch_.index = 0;
  scratch_.peers.clear();
}

bool TrackerBase::is_member(std::string_view id) const {
  return config_.members.contains(id);
}

void TrackerBase::report(const LeaderView& view, Nanos now) {
  reported_ = view;
  scratch_.leader_id = view.leader_id;
  emit(view.has_leader ? ClusterEventType::state_has_leader
                       : ClusterEventType::state_is_leaderless,
       now);
  scratch_.leader_id.clear();
}

void TrackerBase::emit(ClusterEventType type, Nanos now) {
  CLUSTERSIM_ASSERT(started_);
  scratch_.type = type;
  scratch_.timestamp = config_.clock.at(now);
  sink_.accept(scratch_);
}

}  // namespace detail
}  // namespace clustersim::model
