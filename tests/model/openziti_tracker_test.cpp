// The `openziti` policy: a few transitions in C++ and a property against a deliberately simple
// reference model on random observation streams. The rules one by one are datadriven files in
// tests/testdata/tracker/.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "tests/model/tracker_harness.h"

namespace clustersim::model {
namespace {

using std::chrono::milliseconds;
using testing::TrackerHarness;
using Events = std::vector<std::string>;

TrackerHarness openziti() { return TrackerHarness(TrackerPolicy::openziti); }

TEST(OpenZitiTracker, hashicorp_order_for_a_leader_change_reports_both_steps) {
  // hashicorp clears the leader before observing the new one: "" then B.
  TrackerHarness h = openziti();
  h.leader("ctrl1", 1, 0);
  h.start(0);
  h.leader("", 2, 7);
  h.leader("ctrl3", 2, 7);
  EXPECT_EQ(h.events(), (Events{"has_leader(ctrl1)", "is_leaderless", "has_leader(ctrl3)"}));
}

TEST(OpenZitiTracker, membership_changes_emit_members_changed_with_index_and_peers) {
  TrackerHarness h = openziti();
  h.start(0);
  std::vector<ClusterPeer> members = testing::three_members();
  members.pop_back();
  h.tracker->on_members(members, 17, milliseconds(4));
  ASSERT_EQ(h.sink.events.size(), 2u);
  EXPECT_EQ(h.sink.events[1].type, ClusterEventType::members_changed);
  EXPECT_EQ(h.sink.events[1].index, 17u);
  EXPECT_EQ(h.sink.events[1].peers, members);
}

TEST(OpenZitiTracker, stamps_events_with_its_id_and_the_clock_never_asks_for_wakeups) {
  TrackerHarness h = openziti();
  h.start(151);
  EXPECT_FALSE(h.tracker->wakeup_deadline());
  ASSERT_EQ(h.sink.events.size(), 1u);
  EXPECT_EQ(h.sink.events[0].source_id, "ctrl2");
  EXPECT_EQ(format_timestamp(h.sink.events[0].timestamp), "2025-01-10T13:54:48.151000000-05:00");
}

// A random observation: a leader observation (id may be empty) or a raft role change.
struct Observation {
  bool is_leader_observation;
  int leader;  // 0 = cleared, 1..3 = ctrl1..ctrl3
  RaftState role;
};

std::string leader_name(int leader) { return leader == 0 ? "" : "ctrl" + std::to_string(leader); }

// The reference: the controller's rule restated over whole sequences. "Has a leader" is a
// boolean per leader observation; an event is due wherever it differs from the previous
// one, naming the id that began the run of non-empty observations. Roles likewise.
Events reference_events(const std::vector<Observation>& observations, std::size_t start_at) {
  Events events;
  bool had = false;
  std::string run_start_id;
  bool was_leader = false;
  for (std::size_t i = 0; i <= observations.size(); ++i) {
    if (i == start_at) events.push_back(had ? "has_leader(" + run_start_id + ")" : "is_leaderless");
    if (i == observations.size()) break;
    const Observation& o = observations[i];
    const bool started = i >= start_at;
    if (o.is_leader_observation) {
      const bool has = o.leader != 0;
      if (has && !had) run_start_id = leader_name(o.leader);
      if (started && has != had) events.push_back(has ? "has_leader(" + run_start_id + ")" : "is_leaderless");
      had = has;
    } else {
      const bool is_leader = o.role == RaftState::leader;
      if (started && is_leader != was_leader) {
        events.push_back(is_leader ? "leadership.gained" : "leadership.lost");
      }
      was_leader = is_leader;
    }
  }
  return events;
}

RC_GTEST_PROP(OpenZitiTracker, agrees_with_the_reference_model, ()) {
  const auto observations = *rc::gen::container<std::vector<Observation>>(rc::gen::build<Observation>(
      rc::gen::set(&Observation::is_leader_observation, rc::gen::arbitrary<bool>()),
      rc::gen::set(&Observation::leader, rc::gen::inRange(0, 4)),
      rc::gen::set(&Observation::role, rc::gen::element(RaftState::follower, RaftState::candidate,
                                                        RaftState::leader))));
  const auto start_at = *rc::gen::inRange<std::size_t>(0, observations.size() + 1);
  TrackerHarness h = openziti();
  for (std::size_t i = 0; i <= observations.size(); ++i) {
    const auto now = static_cast<std::int64_t>(i);
    if (i == start_at) h.start(now);
    if (i == observations.size()) break;
    const Observation& o = observations[i];
    if (o.is_leader_observation) {
      h.leader(leader_name(o.leader), 1, now);
    } else {
      h.role(o.role, 1, now);
    }
  }
  RC_ASSERT(h.events() == reference_events(observations, start_at));
}

}  // namespace
}  // namespace clustersim::model
