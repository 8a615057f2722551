#include "tests/property/mutant_trackers.h"

namespace clustersim::sim::testing {
namespace {

using model::ClusterEvent;
using model::ClusterEventType;
using Nanos = std::chrono::nanoseconds;

bool is_state(const ClusterEvent& e) {
  return e.type == ClusterEventType::state_has_leader || e.type == ClusterEventType::state_is_leaderless;
}

// Rewrites, drops or repeats the real tracker's events on their way to the real sink.
class MutatingSink final : public model::EventSink {
 public:
  MutatingSink(Mutant mutant, model::EventSink& out) : mutant_(mutant), out_(out) {}

  void accept(const ClusterEvent& event) override {
    ClusterEvent e = event;
    switch (mutant_) {
      case Mutant::leader_id_not_cleared:
        if (e.type == ClusterEventType::state_has_leader) last_leader_ = e.leader_id;
        if (e.type == ClusterEventType::state_is_leaderless) e.leader_id = last_leader_;
        break;
      case Mutant::duplicate_gained_at_startup:
        if (e.type == ClusterEventType::leadership_gained && !gained_seen_) {
          gained_seen_ = true;
          out_.accept(e);
        }
        break;
      case Mutant::change_not_reported:
        if (is_state(e)) {
          const bool change = e.type == ClusterEventType::state_has_leader && previous_has_leader_ &&
                              previous_leader_ != e.leader_id;
          previous_has_leader_ = e.type == ClusterEventType::state_has_leader;
          if (change) return;  // dropped; the real tracker goes on believing it said it
          previous_leader_ = e.leader_id;
        }
        break;
      case Mutant::no_announcement:
        if (is_state(e) && !announced_) {
          announced_ = true;
          return;
        }
        break;
      case Mutant::no_dedup:
        if (is_state(e)) return;  // the wrapper reports the raw view itself
        break;
      default:
        break;
    }
    out_.accept(e);
  }

 private:
  Mutant mutant_;
  model::EventSink& out_;
  std::string last_leader_, previous_leader_;
  bool gained_seen_ = false, previous_has_leader_ = false, announced_ = false;
};

// The real tracker behind a MutatingSink; no_dedup also reports the raw view each time.
class MutantTracker final : public model::LeaderStateTracker {
 public:
  MutantTracker(Mutant mutant, const model::TrackerConfig& config, model::EventSink& out)
      : mutant_(mutant), config_(config), out_(out), sink_(mutant, out), inner_(model::make_tracker(config, sink_)) {}

  void start(Nanos now) override {
    inner_->start(now);
    report_raw(now);
  }
  void on_raft_state(model::RaftState state, std::uint64_t term, Nanos now) override {
    inner_->on_raft_state(state, term, now);
    report_raw(now);
  }
  void on_leader(std::string_view leader, std::uint64_t term, Nanos now) override {
    raw_ = std::string(leader);
    inner_->on_leader(leader, term, now);
    report_raw(now);
  }
  void on_members(std::vector<model::ClusterPeer> members, std::uint64_t index, Nanos now) override {
    inner_->on_members(std::move(members), index, now);
  }
  void on_wakeup(Nanos now) override {
    inner_->on_wakeup(now);
    if (mutant_ == Mutant::wakeup_rearmed_forever && !stuck_at_) stuck_at_ = now;
  }
  std::optional<Nanos> wakeup_deadline() const override {
    return stuck_at_ ? stuck_at_ : inner_->wakeup_deadline();  // the deadline that is never cleared
  }
  const model::LeaderView& reported() const override { return inner_->reported(); }
  bool started() const override { return inner_->started(); }

 private:
  void report_raw(Nanos now) {
    if (mutant_ != Mutant::no_dedup || !inner_->started()) return;
    ClusterEvent e;
    e.type = raw_.empty() ? ClusterEventType::state_is_leaderless : ClusterEventType::state_has_leader;
    e.source_id = config_.self_id;
    e.timestamp = config_.clock.at(now);
    e.leader_id = raw_;
    out_.accept(e);
  }

  Mutant mutant_;
  model::TrackerConfig config_;
  model::EventSink& out_;
  MutatingSink sink_;
  std::unique_ptr<model::LeaderStateTracker> inner_;
  std::string raw_;
  std::optional<Nanos> stuck_at_;
};

}  // namespace

std::string mutant_name(Mutant mutant) {
  switch (mutant) {
    case Mutant::no_dedup: return "no_dedup";
    case Mutant::leader_id_not_cleared: return "leader_id_not_cleared";
    case Mutant::duplicate_gained_at_startup: return "duplicate_gained_at_startup";
    case Mutant::window_off_by_one: return "window_off_by_one";
    case Mutant::validation_skipped: return "validation_skipped";
    case Mutant::change_not_reported: return "change_not_reported";
    case Mutant::no_announcement: return "no_announcement";
    case Mutant::wakeup_rearmed_forever: return "wakeup_rearmed_forever";
  }
  return "unknown";
}

TrackerFactory mutant_factory(Mutant mutant, std::vector<std::string> all_nodes) {
  return [mutant, all_nodes](const model::TrackerConfig& config, model::EventSink& sink)
             -> std::unique_ptr<model::LeaderStateTracker> {
    model::TrackerConfig changed = config;
    if (mutant == Mutant::window_off_by_one) {
      changed.stability_window += Nanos{1};
      return model::make_tracker(changed, sink);
    }
    if (mutant == Mutant::validation_skipped) {
      changed.members.clear();
      for (const std::string& id : all_nodes) changed.members.push_back({id, "tls:" + id + ":6262"});
      return model::make_tracker(changed, sink);
    }
    return std::make_unique<MutantTracker>(mutant, config, sink);
  };
}

}  // namespace clustersim::sim::testing
