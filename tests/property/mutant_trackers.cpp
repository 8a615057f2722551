#include "tests/property/mutant_trackers.h"

#include <algorithm>

namespace clustersim::sim::testing {
namespace {

using model::ClusterEvent;
using model::ClusterEventType;
using Nanos = std::chrono::nanoseconds;

bool is_state(const ClusterEvent& e) {
  return e.type == ClusterEventType::state_has_leader || e.type == ClusterEventType::state_is_leaderless;
}
bool is_role(const ClusterEvent& e) {
  return e.type == ClusterEventType::leadership_gained || e.type == ClusterEventType::leadership_lost;
}

// Rewrites, drops or repeats the real tracker's events on their way to the real sink.
class MutatingSink final : public model::EventSink {
 public:
  MutatingSink(Mutant mutant, const model::TrackerConfig& config, model::EventSink& out)
      : mutant_(mutant), config_(config), out_(out) {}

  void accept(const ClusterEvent& event) override {
    ClusterEvent e = event;
    if (is_state(e)) ++state_events_;
    switch (mutant_) {
      case Mutant::leader_id_not_cleared:
        if (e.type == ClusterEventType::state_has_leader) last_leader_ = e.leader_id;
        if (e.type == ClusterEventType::state_is_leaderless) e.leader_id = last_leader_;
        break;
      case Mutant::leader_id_on_role_events:
        if (e.type == ClusterEventType::state_has_leader) last_leader_ = e.leader_id;
        if (is_role(e)) e.leader_id = last_leader_;
        break;
      case Mutant::peers_on_state_events:
        if (is_state(e)) e.peers = config_.members.peers();
        break;
      case Mutant::stamped_at_candidate_start:
        if (is_state(e) && last_observation_) e.timestamp = *last_observation_;
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

  // The wall-clock instant of the last leader observation (stamped_at_candidate_start).
  void observed_at(Nanos now) { last_observation_ = config_.clock.at(now); }
  std::size_t state_events() const { return state_events_; }

 private:
  Mutant mutant_;
  const model::TrackerConfig& config_;
  model::EventSink& out_;
  std::string last_leader_, previous_leader_;
  std::optional<model::Timestamp> last_observation_;
  std::size_t state_events_ = 0;  // emitted by the real tracker
  bool gained_seen_ = false, previous_has_leader_ = false, announced_ = false;
};

// The real tracker behind a MutatingSink, with the input-side mutations around it.
class MutantTracker final : public model::LeaderStateTracker {
 public:
  MutantTracker(Mutant mutant, const model::TrackerConfig& config, model::EventSink& out)
      : mutant_(mutant), config_(config), out_(out), sink_(mutant, config_, out), inner_(model::make_tracker(config, sink_)) {}

  void start(Nanos now) override {
    if (mutant_ == Mutant::gained_from_snapshot && raw_ == config_.self_id) {
      ClusterEvent e = event(ClusterEventType::leadership_gained, now);  // not remembered as a role
      e.peers = config_.members.peers();
      out_.accept(e);
    }
    inner_->start(now);
    if (mutant_ == Mutant::announces_twice) emit_state(inner_->reported(), now);
    report_raw(now);
  }
  void on_raft_state(model::RaftState state, std::uint64_t term, Nanos now) override {
    newest_ = std::max(newest_, term);
    const bool again = state == model::RaftState::leader && role_ == model::RaftState::leader;
    const bool stepped_down = role_ == model::RaftState::leader && state != model::RaftState::leader;
    role_ = state;
    inner_->on_raft_state(state, term, now);
    if (mutant_ == Mutant::transfer_as_leaderless && stepped_down && inner_->started() && inner_->reported().has_leader &&
        config_.policy == model::TrackerPolicy::stable) {
      emit_state(model::LeaderView{}, now);  // "the leader handed over: no leader", before any window
    }
    if (mutant_ == Mutant::gained_on_repeated_state && again && inner_->started()) {
      ClusterEvent e = event(ClusterEventType::leadership_gained, now);
      e.peers = config_.members.peers();
      out_.accept(e);
    }
    report_raw(now);
  }
  void on_leader(std::string_view leader, std::uint64_t term, Nanos now) override {
    const bool direct_change = !leader.empty() && !raw_.empty() && raw_ != leader;
    if (mutant_ == Mutant::needs_the_clear && direct_change) return;  // waits for a clear that never comes
    if (mutant_ == Mutant::accepts_older_term) term = std::max(term, newest_);
    newest_ = std::max(newest_, term);
    raw_ = std::string(leader);
    sink_.observed_at(now);
    const std::size_t before = sink_.state_events();
    inner_->on_leader(leader, term, now);
    const bool said_nothing = sink_.state_events() == before;
    if (mutant_ == Mutant::has_leader_on_every_observation && !leader.empty() && said_nothing && inner_->started()) {
      emit_state(model::LeaderView{true, raw_}, now);
    }
    report_raw(now);
  }
  void on_members(model::PeerList members, std::uint64_t index, Nanos now) override {
    if (mutant_ == Mutant::ignores_membership_changes) return;
    inner_->on_members(std::move(members), index, now);
  }
  void on_wakeup(Nanos now) override {
    const auto deadline = inner_->wakeup_deadline();
    const bool nothing_due = !deadline || now < *deadline;
    if (mutant_ == Mutant::acts_on_early_wakeup && deadline && now < *deadline) {
      emit_state(model::LeaderView{!raw_.empty(), raw_}, now);
    }
    if (mutant_ == Mutant::reports_again_when_nothing_due && nothing_due) emit_state(inner_->reported(), now);
    inner_->on_wakeup(now);
    if (mutant_ == Mutant::wakeup_rearmed_forever && !stuck_at_) stuck_at_ = now;
    if (mutant_ == Mutant::wakeup_crawls_forever) stuck_at_ = now + Nanos{1};
  }
  std::optional<Nanos> wakeup_deadline() const override {
    return stuck_at_ ? stuck_at_ : inner_->wakeup_deadline();  // the deadline that is never cleared
  }
  const model::LeaderView& reported() const override { return inner_->reported(); }
  bool started() const override { return inner_->started(); }

 private:
  ClusterEvent event(ClusterEventType type, Nanos now) const {
    ClusterEvent e;
    e.type = type;
    e.source_id = config_.self_id;
    e.timestamp = config_.clock.at(now);
    return e;
  }
  // A state event straight to the real sink, past the real tracker.
  void emit_state(const model::LeaderView& view, Nanos now) {
    ClusterEvent e = event(view.has_leader ? ClusterEventType::state_has_leader : ClusterEventType::state_is_leaderless, now);
    e.leader_id = view.leader_id;
    out_.accept(e);
  }
  void report_raw(Nanos now) {
    if (mutant_ != Mutant::no_dedup || !inner_->started()) return;
    emit_state(model::LeaderView{!raw_.empty(), raw_}, now);
  }

  Mutant mutant_;
  model::TrackerConfig config_;
  model::EventSink& out_;
  MutatingSink sink_;
  std::unique_ptr<model::LeaderStateTracker> inner_;
  std::string raw_;
  std::uint64_t newest_ = 0;
  model::RaftState role_ = model::RaftState::follower;
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
    case Mutant::wakeup_crawls_forever: return "wakeup_crawls_forever";
    case Mutant::stamped_at_candidate_start: return "stamped_at_candidate_start";
    case Mutant::leader_id_on_role_events: return "leader_id_on_role_events";
    case Mutant::peers_on_state_events: return "peers_on_state_events";
    case Mutant::announces_twice: return "announces_twice";
    case Mutant::gained_on_repeated_state: return "gained_on_repeated_state";
    case Mutant::has_leader_on_every_observation: return "has_leader_on_every_observation";
    case Mutant::accepts_older_term: return "accepts_older_term";
    case Mutant::needs_the_clear: return "needs_the_clear";
    case Mutant::acts_on_early_wakeup: return "acts_on_early_wakeup";
    case Mutant::reports_again_when_nothing_due: return "reports_again_when_nothing_due";
    case Mutant::gained_from_snapshot: return "gained_from_snapshot";
    case Mutant::ignores_membership_changes: return "ignores_membership_changes";
    case Mutant::transfer_as_leaderless: return "transfer_as_leaderless";
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
      std::vector<model::ClusterPeer> everyone;
      for (const std::string& id : all_nodes) everyone.push_back({id, "tls:" + id + ":6262"});
      changed.members = std::move(everyone);
      return model::make_tracker(changed, sink);
    }
    return std::make_unique<MutantTracker>(mutant, config, sink);
  };
}

}  // namespace clustersim::sim::testing
