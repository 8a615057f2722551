// The `openziti` policy: the OpenZiti controller's behaviour, unchanged since v1.3.
// Internal to model/tracker; reach it through make_tracker.
#pragma once

#include "model/tracker/tracker_base.h"

namespace clustersim::model::detail {

class OpenZitiTracker final : public TrackerBase {
 public:
  using TrackerBase::TrackerBase;

  void start(Nanos now) override;
  void on_raft_state(RaftState state, std::uint64_t term, Nanos now) override;
  void on_leader(std::string_view leader_id, std::uint64_t term, Nanos now) override;
  void on_members(PeerList members, std::uint64_t index, Nanos now) override;
  void on_wakeup(Nanos now) override;
  std::optional<Nanos> wakeup_deadline() const override { return std::nullopt; }

 private:
  // The controller's own two fields: do we have a leader, and which. A change A -> B while
  // it has one does not touch them, exactly as the controller does.
  LeaderView current_;
};

}  // namespace clustersim::model::detail
