// The `stable` policy: a stability window against flaps and leader validation against
// members and terms. Internal to model/tracker; reach it through make_tracker.
//
// Three views of "who leads", from rawest to reported:
//   raw        the last LeaderObservation, with the term it came in (one from a term older
//              than the newest seen is ignored: a late delivery, overtaken);
//   candidate  raw, validated: a leader only if it is a member and its term is the newest
//              this node has seen, otherwise leaderless; `candidate_since_` is when the
//              candidate last changed;
//   reported   the last event. When candidate != reported, a wake-up is due at
//              candidate_since_ + window; if the candidate still holds then, it is reported.
#pragma once

#include "model/tracker/tracker_base.h"

namespace clustersim::model::detail {

class StableTracker final : public TrackerBase {
 public:
  using TrackerBase::TrackerBase;

  void start(Nanos now) override;
  void on_raft_state(RaftState state, std::uint64_t term, Nanos now) override;
  void on_leader(std::string_view leader_id, std::uint64_t term, Nanos now) override;
  void on_members(PeerList members, std::uint64_t index, Nanos now) override;
  void on_wakeup(Nanos now) override;
  std::optional<Nanos> wakeup_deadline() const override { return deadline_; }

 private:
  void note_term(std::uint64_t term);
  bool candidate_has_leader() const;
  // Recomputes the candidate after an input; reports it at once if the window is zero.
  void reconsider(Nanos now);

  std::string raw_leader_;  // empty = no leader observed
  std::uint64_t raw_term_ = 0;
  std::uint64_t newest_term_ = 0;
  LeaderView candidate_;
  Nanos candidate_since_{0};
  std::optional<Nanos> deadline_;
};

}  // namespace clustersim::model::detail
