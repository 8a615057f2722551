// The `stable` policy: what a script says less well (a change with no gap between reports, a
// newer term, leadership events unwindowed) and one property per guarantee on random timed
// observation streams. The rules one by one are datadriven files in tests/testdata/tracker/.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "tests/model/tracker_harness.h"

namespace clustersim::model {
namespace {

using std::chrono::milliseconds;
using testing::TrackerHarness;
using Events = std::vector<std::string>;

TrackerHarness stable(std::int64_t window_ms) {
  return TrackerHarness(TrackerPolicy::stable, milliseconds(window_ms));
}

// Exact nanoseconds since the harness's origin: a window off by even 1 ns shows.
std::int64_t event_ns(const ClusterEvent& event) {
  return event.timestamp.unix_ns - 1'736'535'288'000'000'000;
}
constexpr std::int64_t ns(std::int64_t ms) { return ms * 1'000'000; }

TEST(StableTracker, a_leader_change_is_reported_with_the_new_leader_and_no_gap) {
  TrackerHarness h = stable(100);
  h.leader("ctrl1", 1, 0);
  h.start(0);
  h.leader("", 2, 10);  // hashicorp's order: cleared, then the new leader
  h.leader("ctrl3", 2, 30);
  h.wake_until(1000);
  ASSERT_EQ(h.events(), (Events{"has_leader(ctrl1)", "has_leader(ctrl3)"}));
  EXPECT_EQ(event_ns(h.sink.events[1]), ns(130));
  EXPECT_EQ(h.tracker->reported().leader_id, "ctrl3");
}

TEST(StableTracker, a_newer_term_makes_the_known_leader_stale) {
  TrackerHarness h = stable(0);
  h.leader("ctrl1", 3, 0);
  h.start(0);
  h.role(RaftState::candidate, 4, 10);  // an election started: ctrl1's term is over
  EXPECT_EQ(h.events(), (Events{"has_leader(ctrl1)", "is_leaderless"}));
}

TEST(StableTracker, leadership_events_are_not_delayed_by_the_window) {
  TrackerHarness h = stable(1000);
  h.start(0);
  h.role(RaftState::leader, 1, 5);
  h.role(RaftState::follower, 2, 6);
  EXPECT_EQ(h.events(), (Events{"is_leaderless", "leadership.gained", "leadership.lost"}));
}

// ---- Properties on random timed streams --------------------------------------------------

struct Step {
  std::int64_t delay_ms;
  bool is_leader_observation;
  int leader;      // 0 cleared, 1..3 members, 4 a non-member
  int term_delta;  // -1, 0 or +1 from the term of the previous step
  RaftState role;
};

std::string step_leader(int leader) {
  if (leader == 0) return "";
  return leader == 4 ? "intruder" : "ctrl" + std::to_string(leader);
}

// A run: the state events, the reference candidate's history as (time, view) changes, and
// for each event the change that was in force when it was emitted (several observations
// can share an instant, so time alone cannot say).
struct Run {
  std::int64_t window_ms;
  std::int64_t end_ms;
  std::vector<ClusterEvent> events;
  std::vector<std::pair<std::int64_t, LeaderView>> candidate_changes;
  std::vector<std::size_t> candidate_when_emitted;

  const std::pair<std::int64_t, LeaderView>& candidate_for_event(std::size_t i) const {
    return candidate_changes[candidate_when_emitted[i]];
  }
};

LeaderView view_of(const ClusterEvent& event) {
  return LeaderView{event.type == ClusterEventType::state_has_leader, event.leader_id};
}

Run run_random_stream() {
  Run run;
  run.window_ms = *rc::gen::element<std::int64_t>(0, 1, 7, 50, 200);
  const auto steps = *rc::gen::container<std::vector<Step>>(rc::gen::build<Step>(
      rc::gen::set(&Step::delay_ms, rc::gen::inRange<std::int64_t>(0, 3 * run.window_ms + 3)),
      rc::gen::set(&Step::is_leader_observation, rc::gen::arbitrary<bool>()),
      rc::gen::set(&Step::leader, rc::gen::inRange(0, 5)),
      rc::gen::set(&Step::term_delta, rc::gen::inRange(-1, 2)),
      rc::gen::set(&Step::role, rc::gen::element(RaftState::follower, RaftState::candidate,
                                                 RaftState::leader))));
  TrackerHarness h = stable(run.window_ms);
  // The reference: validation restated from its definition.
  std::string raw;
  std::uint64_t raw_term = 0, newest = 0, term = 1;
  auto candidate = [&] {
    const bool member = raw == "ctrl1" || raw == "ctrl2" || raw == "ctrl3";
    const bool valid = member && raw_term >= newest;
    return LeaderView{valid, valid ? raw : ""};
  };
  std::size_t collected = 0;
  auto collect_new_events = [&] {
    for (; collected < h.sink.events.size(); ++collected) {
      const ClusterEvent& e = h.sink.events[collected];
      if (e.type != ClusterEventType::state_has_leader &&
          e.type != ClusterEventType::state_is_leaderless) {
        continue;
      }
      run.events.push_back(e);
      run.candidate_when_emitted.push_back(run.candidate_changes.size() - 1);
    }
  };
  run.candidate_changes.emplace_back(0, candidate());
  h.start(0);
  collect_new_events();
  std::int64_t now = 0;
  for (const Step& step : steps) {
    now += step.delay_ms;
    term = static_cast<std::uint64_t>(std::max<std::int64_t>(1, static_cast<std::int64_t>(term) + step.term_delta));
    h.wake_until(now);  // due wake-ups first, as a simulator's queue would order them
    collect_new_events();
    // The reference moves first, so that an event emitted by this very observation (a zero
    // window) is attributed to the candidate the observation created.
    // A leader observed in a term older than one already seen was overtaken: ignored.
    if (step.is_leader_observation && term >= newest) {
      raw = step_leader(step.leader);
      raw_term = term;
    }
    newest = std::max(newest, term);
    if (candidate() != run.candidate_changes.back().second) {
      run.candidate_changes.emplace_back(now, candidate());
    }
    if (step.is_leader_observation) {
      h.tracker->on_leader(raw, term, milliseconds(now));
    } else {
      h.tracker->on_raft_state(step.role, term, milliseconds(now));
    }
    collect_new_events();
  }
  run.end_ms = now + run.window_ms + 1;
  h.wake_until(run.end_ms);
  collect_new_events();
  return run;
}

RC_GTEST_PROP(StableTracker, alternates_never_repeating_a_state, ()) {
  const Run run = run_random_stream();
  for (std::size_t i = 1; i < run.events.size(); ++i) {
    RC_ASSERT(view_of(run.events[i]) != view_of(run.events[i - 1]));
  }
}

RC_GTEST_PROP(StableTracker, names_only_members_in_the_newest_term, ()) {
  const Run run = run_random_stream();
  for (std::size_t i = 0; i < run.events.size(); ++i) {
    const ClusterEvent& e = run.events[i];
    if (e.type != ClusterEventType::state_has_leader) continue;
    const LeaderView& view = run.candidate_for_event(i).second;
    RC_ASSERT(e.leader_id != "intruder");
    RC_ASSERT(view.has_leader);
    RC_ASSERT(view.leader_id == e.leader_id);
  }
}

RC_GTEST_PROP(StableTracker, reports_a_state_only_after_it_held_for_the_whole_window, ()) {
  const Run run = run_random_stream();
  for (std::size_t i = 1; i < run.events.size(); ++i) {  // [0] is the announcement
    const std::int64_t at = event_ns(run.events[i]);
    const auto& [since, view] = run.candidate_for_event(i);
    RC_ASSERT(view == view_of(run.events[i]));
    RC_ASSERT(ns(since + run.window_ms) == at);  // held exactly the window, reported at once
  }
}

RC_GTEST_PROP(StableTracker, reports_every_state_that_holds_longer_than_the_window, ()) {
  const Run run = run_random_stream();
  for (std::size_t c = 0; c < run.candidate_changes.size(); ++c) {
    const auto& [since, view] = run.candidate_changes[c];
    const std::int64_t until =
        c + 1 < run.candidate_changes.size() ? run.candidate_changes[c + 1].first : run.end_ms;
    if (until - since <= run.window_ms) continue;
    // Whatever was reported last at since + window must be this state.
    const ClusterEvent* last = nullptr;
    for (const ClusterEvent& e : run.events) {
      if (event_ns(e) <= ns(since + run.window_ms)) last = &e;
    }
    RC_ASSERT(last != nullptr);
    RC_ASSERT(view_of(*last) == view);
  }
}

}  // namespace
}  // namespace clustersim::model
