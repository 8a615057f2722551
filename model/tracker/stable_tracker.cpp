#include "model/tracker/stable_tracker.h"

#include "model/time_arithmetic.h"

#include "model/assert.h"

namespace clustersim::model::detail {

void StableTracker::start(Nanos now) {
  CLUSTERSIM_ASSERT(!started_);
  advance_to(now);
  reconsider(now);  // not started yet: updates the candidate only
  started_ = true;
  // The announcement describes the validated state as it is now, without waiting: an
  // operator starting a controller wants to know at once.
  report(candidate_, now);
}

void StableTracker::on_raft_state(RaftState state, std::uint64_t term, Nanos now) {
  advance_to(now);
  note_term(term);
  track_role(state, now);
  reconsider(now);
}

void StableTracker::on_leader(std::string_view leader_id, std::uint64_t term, Nanos now) {
  advance_to(now);
  // An observation from an older term than one already seen was overtaken on its way here (an
  // embedder that delivers from several goroutines): the newer one stands. Taken as the raw
  // leader, it would turn a valid leader into "no leader" until the next observation, which
  // under a steady leader never comes.
  if (term < newest_term_) return;
  note_term(term);
  if (raw_leader_ != leader_id) raw_leader_.assign(leader_id);
  raw_term_ = term;
  reconsider(now);
}

void StableTracker::on_members(PeerList members, std::uint64_t index,
                               Nanos now) {
  advance_to(now);
  replace_members(std::move(members), index, now);
  reconsider(now);
}

void StableTracker::on_wakeup(Nanos now) {
  advance_to(now);
  if (!deadline_ || now < *deadline_) return;  // a stale timer: nothing is due
  deadline_.reset();
  if (candidate_ != reported_) report(candidate_, now);
  CLUSTERSIM_ASSERT(reported_ == candidate_);  // what held for the window is what was said
}

void StableTracker::note_term(std::uint64_t term) {
  if (term > newest_term_) newest_term_ = term;
}

bool StableTracker::candidate_has_leader() const {
  return !raw_leader_.empty() && raw_term_ >= newest_term_ && is_member(raw_leader_);
}

void StableTracker::reconsider(Nanos now) {
  const bool has_leader = candidate_has_leader();
  const std::string_view leader = has_leader ? std::string_view(raw_leader_) : std::string_view();
  if (candidate_.has_leader != has_leader || candidate_.leader_id != leader) {
    candidate_.has_leader = has_leader;
    candidate_.leader_id.assign(leader);
    candidate_since_ = now;
  }
  if (!started_) return;
  if (candidate_ == reported_) {
    deadline_.reset();  // a flap that came back before the window ended: nothing to say
  } else if (config_.stability_window == Nanos{0}) {
    deadline_.reset();
    report(candidate_, now);
  } else {
    deadline_ = saturating_add(candidate_since_, config_.stability_window);
  }
  // Positive and negative space: a deadline exactly while a change waits to be reported.
  CLUSTERSIM_ASSERT(deadline_.has_value() == (candidate_ != reported_));
}

}  // namespace clustersim::model::detail
