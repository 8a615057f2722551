// Each tracker policy against a deliberately simple reference model of it (etcd's habit with
// its quorum code: the real thing checked against a version too plain to be wrong), on
// random observation streams that no raft library would produce cleanly: leaders from older
// terms, direct changes A -> B, repeated observations, non-members; and wake-ups at random
// instants: before the deadline, at it, after it, twice, and when none is due.
//
// The references restate the policy from its definition, event for event, with no deadline
// bookkeeping: the stable reference reports its candidate at the first wake-up (or input, for
// a zero window) at which that candidate has held for the window. Every event (type,
// leaderId, peers, timestamp to the nanosecond) and every wake-up deadline must agree.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <optional>

#include "tests/model/tracker_harness.h"

namespace clustersim::model {
namespace {

using Nanos = std::chrono::nanoseconds;

enum class InputKind : int { leader, role, wakeup };
// How a wake-up's instant is chosen, relative to the tracker's deadline when there is one.
enum class WakeTiming : int { at_deadline, early, late, repeated, anywhere };

struct Input {
  InputKind kind;
  std::int64_t delay_ns;  // after the previous input (wake-ups: see timing)
  int leader;             // 0 cleared, 1..3 members, 4 a non-member
  int term_delta;         // -1, 0 or +1 from the previous input's term
  RaftState role;
  WakeTiming timing;
};

std::string input_leader_name(int leader) {
  if (leader == 0) return "";
  return leader == 4 ? "intruder" : "ctrl" + std::to_string(leader);
}

// The policies' shared parts: the announcement's wall clock, role events, one event list.
struct ReferenceBase {
  explicit ReferenceBase(const TrackerConfig& c) : config(c) {}

  void emit(ClusterEventType type, Nanos now, const std::string& leader = "", std::vector<ClusterPeer> peers = {}) {
    ClusterEvent e;
    e.type = type;
    e.source_id = config.self_id;
    e.timestamp = config.clock.at(now);
    e.leader_id = leader;
    e.peers = std::move(peers);
    events.push_back(e);
  }
  void report(const LeaderView& view, Nanos now) {
    reported = view;
    emit(view.has_leader ? ClusterEventType::state_has_leader : ClusterEventType::state_is_leaderless, now,
         view.leader_id);
  }
  void role_changed(RaftState state, Nanos now) {
    if ((state == RaftState::leader) != (role == RaftState::leader)) {
      if (state == RaftState::leader) {
        emit(ClusterEventType::leadership_gained, now, "", config.members.peers());
      } else {
        emit(ClusterEventType::leadership_lost, now);
      }
    }
    role = state;
  }

  TrackerConfig config;
  std::vector<ClusterEvent> events;
  LeaderView reported;
  RaftState role = RaftState::follower;
};

// openziti: "do we have a leader?" flips are reported, with the id that began the run.
struct OpenzitiReference : ReferenceBase {
  using ReferenceBase::ReferenceBase;
  void start(Nanos now) { report(LeaderView{}, now); }
  void leader(const std::string& id, std::uint64_t, Nanos now) {
    if (id.empty() == !reported.has_leader) return;  // no flip
    report(LeaderView{!id.empty(), id}, now);
  }
  void wakeup(Nanos) {}
  std::optional<Nanos> deadline() const { return std::nullopt; }
};

// stable: a member leader of the newest term (older-term observations ignored), reported once
// it has held for the window.
struct StableReference : ReferenceBase {
  using ReferenceBase::ReferenceBase;
  void start(Nanos now) {
    started = true;
    report(candidate(), now);
  }
  void leader(const std::string& id, std::uint64_t term, Nanos now) {
    if (term >= newest) {
      raw = id;
      raw_term = term;
    }
    newest = std::max(newest, term);
    reconsider(now);
  }
  void term_seen(std::uint64_t term, Nanos now) {
    newest = std::max(newest, term);
    reconsider(now);
  }
  void wakeup(Nanos now) {
    if (candidate() != reported && now >= since + config.stability_window) report(candidate(), now);
  }
  std::optional<Nanos> deadline() const {
    if (candidate() == reported) return std::nullopt;
    return since + config.stability_window;
  }

  LeaderView candidate() const {
    const bool member = std::any_of(config.members.begin(), config.members.end(),
                                    [&](const ClusterPeer& p) { return p.id == raw; });
    const bool valid = !raw.empty() && member && raw_term >= newest;
    return LeaderView{valid, valid ? raw : ""};
  }
  void reconsider(Nanos now) {
    const LeaderView c = candidate();
    if (c != last_candidate) since = now;
    last_candidate = c;
    if (started && c != reported && config.stability_window == Nanos{0}) report(c, now);
  }

  bool started = false;
  std::string raw;
  std::uint64_t raw_term = 0, newest = 0;
  LeaderView last_candidate;
  Nanos since{0};
};

rc::Gen<Input> arbitrary_input(std::int64_t window_ns) {
  return rc::gen::build<Input>(
      rc::gen::set(&Input::kind, rc::gen::element(InputKind::leader, InputKind::role, InputKind::wakeup)),
      rc::gen::set(&Input::delay_ns, rc::gen::inRange<std::int64_t>(0, 3 * window_ns + 3)),
      rc::gen::set(&Input::leader, rc::gen::element(0, 1, 2, 3, 4)),
      rc::gen::set(&Input::term_delta, rc::gen::element(-1, 0, 1)),
      rc::gen::set(&Input::role, rc::gen::element(RaftState::follower, RaftState::candidate, RaftState::leader)),
      rc::gen::set(&Input::timing, rc::gen::element(WakeTiming::at_deadline, WakeTiming::early, WakeTiming::late,
                                                    WakeTiming::repeated, WakeTiming::anywhere)));
}

// The instant a wake-up comes: chosen against the tracker's deadline, never before `now`.
std::int64_t wake_instant(const Input& input, std::int64_t now, std::optional<Nanos> deadline) {
  const std::int64_t due = deadline ? deadline->count() : now + input.delay_ns;
  std::int64_t at = now + input.delay_ns;
  switch (input.timing) {
    case WakeTiming::at_deadline: at = due; break;
    case WakeTiming::early: at = due - 1 - input.delay_ns % std::max<std::int64_t>(1, due - now); break;
    case WakeTiming::late: at = due + input.delay_ns; break;
    case WakeTiming::repeated: at = now; break;
    case WakeTiming::anywhere: break;
  }
  return std::max(at, now);
}

template <typename Reference>
void check_against_reference(TrackerPolicy policy) {
  const std::int64_t window_ns = *rc::gen::element<std::int64_t>(0, 1, 7'000'000, 200'000'000);
  const auto inputs = *rc::gen::container<std::vector<Input>>(arbitrary_input(std::max<std::int64_t>(window_ns, 1000)));
  TrackerConfig config;
  config.policy = policy;
  config.self_id = "ctrl2";
  config.members = testing::three_members();
  config.stability_window = Nanos{window_ns};
  config.clock = WallClock{1'736'535'288'000'000'000, -300};
  testing::RecordingSink sink;
  const std::unique_ptr<LeaderStateTracker> tracker = make_tracker(config, sink);
  Reference reference(config);

  std::int64_t now = 0;
  std::uint64_t term = 1;
  tracker->start(Nanos{now});
  reference.start(Nanos{now});
  for (const Input& input : inputs) {
    if (input.kind == InputKind::wakeup) {
      now = wake_instant(input, now, tracker->wakeup_deadline());
      tracker->on_wakeup(Nanos{now});
      reference.wakeup(Nanos{now});
    } else {
      now += input.delay_ns;
      term = static_cast<std::uint64_t>(std::max<std::int64_t>(1, static_cast<std::int64_t>(term) + input.term_delta));
      if (input.kind == InputKind::leader) {
        tracker->on_leader(input_leader_name(input.leader), term, Nanos{now});
        reference.leader(input_leader_name(input.leader), term, Nanos{now});
      } else {
        tracker->on_raft_state(input.role, term, Nanos{now});
        reference.role_changed(input.role, Nanos{now});
        if constexpr (std::is_same_v<Reference, StableReference>) reference.term_seen(term, Nanos{now});
      }
    }
    RC_ASSERT(tracker->wakeup_deadline() == reference.deadline());
    RC_ASSERT(sink.events.size() == reference.events.size());
  }
  RC_ASSERT(sink.events == reference.events);
  RC_ASSERT(tracker->reported() == reference.reported);
}

RC_GTEST_PROP(TrackerReference, openziti_agrees_with_its_reference_whatever_it_is_fed, ()) {
  check_against_reference<OpenzitiReference>(TrackerPolicy::openziti);
}

RC_GTEST_PROP(TrackerReference, stable_agrees_with_its_reference_whatever_it_is_fed, ()) {
  check_against_reference<StableReference>(TrackerPolicy::stable);
}

}  // namespace
}  // namespace clustersim::model
