// A server's own timing: late timers that vary make candidates with identical timeouts drift
// apart, as real servers' do; a node's own timing replaces the cluster's; an ideal node draws
// nothing; a node is down until its boot; stalls stop a server; a wall clock's offset is in
// its stamps.
#include <gtest/gtest.h>

#include <algorithm>

#include "model/events/event_json.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Five nodes whose election timeout has no randomness at all (150-150 ms), 1 ms links.
Scenario identical_timeouts() {
  Scenario s;
  s.timing = NodeTiming{};  // ideal, until a test says otherwise
  s.raft = model::RaftConfig::hashicorp_defaults();
  s.raft.members = numbered_members(5);
  s.raft.timer_mode = model::TimerMode::range;
  s.raft.election_timeout_min = milliseconds(150);
  s.raft.election_timeout_max = milliseconds(150);
  s.raft.heartbeat_interval = milliseconds(75);
  s.network.latency = LatencyModel::fixed(milliseconds(1));
  s.duration = seconds(20);
  return s;
}

TEST(NodeTiming, ideal_timers_with_identical_timeouts_never_elect) {
  const RunResult run = run_scenario(identical_timeouts());
  EXPECT_TRUE(run.truth.leaders_by_term().empty());
}

TEST(NodeTiming, late_timers_let_identical_timeouts_drift_apart_and_elect) {
  Scenario s = identical_timeouts();
  s.timing.timer_late = LatencyModel::uniform(Duration{0}, std::chrono::microseconds(500));
  const RunResult run = run_scenario(s);
  ASSERT_FALSE(run.truth.leaders_by_term().empty());
  EXPECT_EQ(run.final_leaders.size(), 1u);
}

TEST(NodeTiming, a_nodes_own_timing_replaces_the_clusters) {
  Scenario s = identical_timeouts();
  s.timing.timer_late = LatencyModel::uniform(Duration{0}, std::chrono::microseconds(500));
  s.node_timing["ctrl3"] = NodeTiming{};  // an ideal machine among real ones
  const std::vector<NodeTiming> timing = s.timing_per_node();
  EXPECT_TRUE(timing[2].ideal());
  EXPECT_EQ(timing[0].timer_late, s.timing.timer_late);
  EXPECT_FALSE(run_scenario(s).truth.leaders_by_term().empty());
}

TEST(NodeTiming, a_constant_offset_on_one_node_does_not_break_a_four_way_tie) {
  // The four others still fire in the same nanosecond and split the votes; only varying
  // lateness (or randomised timeouts) separates candidates.
  Scenario s = identical_timeouts();
  s.node_timing["ctrl3"] = NodeTiming{};
  s.node_timing["ctrl3"].timer_late = LatencyModel::fixed(milliseconds(2));
  EXPECT_TRUE(run_scenario(s).truth.leaders_by_term().empty());
}

// From a node's RaftState(Candidate) to its RaftState(Leader) in its first won election.
Duration first_election_time(const RunResult& run) {
  for (NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    Time candidate_at = time_zero;
    for (const LoggedInput& input : run.inputs[node]) {
      if (input.kind != LoggedInput::Kind::observation || input.observation.kind != model::Observation::Kind::raft_state) continue;
      if (input.observation.state == model::RaftState::candidate) candidate_at = input.at;
      if (input.observation.state == model::RaftState::leader) return input.at - candidate_at;
    }
  }
  ADD_FAILURE() << "nobody was elected";
  return Duration{0};
}

TEST(NodeTiming, a_vote_costs_two_storage_writes_before_the_candidate_wins) {
  // Three nodes, no pre-vote, 1 ms links: the candidate persists its term and vote before it
  // asks, the voter persists its vote before it answers, and the first answer is a majority.
  Scenario s;
  s.timing = NodeTiming{};
  s.raft = model::RaftConfig::hashicorp_defaults();
  s.raft.members = numbered_members(3);
  s.raft.pre_vote = false;
  s.network.latency = LatencyModel::fixed(milliseconds(1));
  s.duration = seconds(10);
  EXPECT_EQ(first_election_time(run_scenario(s)), milliseconds(2));
  s.timing.storage_write = LatencyModel::fixed(milliseconds(10));
  EXPECT_EQ(first_election_time(run_scenario(s)), milliseconds(22));
  // Handling takes time too: the candidate's timer and the voter's request are each done (and
  // their sends leave) 3 ms after they begin; the answer is observed as it begins.
  s.timing.processing = LatencyModel::fixed(milliseconds(3));
  EXPECT_EQ(first_election_time(run_scenario(s)), milliseconds(28));
}

TEST(NodeTiming, storage_writes_that_vary_separate_identical_timeouts) {
  Scenario s = identical_timeouts();
  s.timing.storage_write = LatencyModel::uniform(milliseconds(1), milliseconds(3));
  // The next round's election timer starts once the vote is persisted, at a different
  // instant on each node: the tie breaks without any timer lateness.
  EXPECT_FALSE(run_scenario(s).truth.leaders_by_term().empty());
}

TEST(NodeTiming, an_ideal_timing_changes_no_draw) {
  Scenario ideal = identical_timeouts();
  ideal.raft.timer_mode = model::TimerMode::hashicorp;  // randomised: a world that elects
  Scenario explicit_zero = ideal;
  explicit_zero.timing.timer_late = LatencyModel::fixed(Duration{0});
  explicit_zero.timing.clock_offset = Spread<Duration>::exactly(Duration{0});
  explicit_zero.timing.boot_at = Spread<Duration>::exactly(Duration{0});
  EXPECT_EQ(run_scenario(ideal).trace_hash, run_scenario(explicit_zero).trace_hash);
}

Scenario three_ideal_nodes() {
  Scenario s;
  s.timing = NodeTiming{};
  s.raft = model::RaftConfig::hashicorp_defaults();
  s.raft.members = numbered_members(3);
  s.stability_window = seconds(1);
  s.duration = seconds(30);
  return s;
}

// The instants of a node's state events.
std::vector<Time> state_event_times(const RunResult& run, NodeIndex node) {
  std::vector<Time> out;
  for (const RecordedEvent& e : run.events) {
    const bool state = e.event.type == model::ClusterEventType::state_has_leader ||
                       e.event.type == model::ClusterEventType::state_is_leaderless;
    if (e.node == node && state) out.push_back(e.at);
  }
  return out;
}

TEST(NodeBoot, a_node_is_down_until_its_boot_and_announces_as_it_boots) {
  Scenario s = three_ideal_nodes();
  s.node_timing["ctrl3"] = s.timing;
  s.node_timing["ctrl3"].boot_at = Spread<Duration>::exactly(seconds(5));
  const RunResult run = run_scenario(s);
  EXPECT_EQ(run.boots[2], time_zero + seconds(5));
  const std::vector<NodeSnapshot>& history = run.truth.history(2);
  EXPECT_EQ(history.front().role, RaftState::shutdown);
  ASSERT_GE(history.size(), 2u);
  EXPECT_EQ(history[1].at, time_zero + seconds(5));
  const std::vector<Time> events = state_event_times(run, 2);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front(), time_zero + seconds(5));  // its announcement, as it boots
  EXPECT_EQ(state_event_times(run, 0).front(), time_zero);
}

TEST(NodeBoot, a_crash_before_the_boot_is_skipped_and_a_restart_boots_the_node_early) {
  Scenario s = three_ideal_nodes();
  s.node_timing["ctrl3"] = s.timing;
  s.node_timing["ctrl3"].boot_at = Spread<Duration>::exactly(seconds(20));
  s.timeline.push_back(TimedAction{time_zero + seconds(1), Crash{"ctrl3"}, ""});
  s.timeline.push_back(TimedAction{time_zero + seconds(3), Restart{"ctrl3"}, ""});
  const RunResult run = run_scenario(s);
  ASSERT_EQ(run.actions.size(), 2u);
  EXPECT_TRUE(run.actions[0].skipped) << run.actions[0].text;
  EXPECT_FALSE(run.actions[1].skipped) << run.actions[1].text;
  const std::vector<Time> events = state_event_times(run, 2);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front(), time_zero + seconds(3));
  // Its boot finds it running and does nothing: no second announcement at 20 s.
  EXPECT_EQ(std::count(events.begin(), events.end(), time_zero + seconds(20)), 0);
}

// 50 vote answers arrive at a candidate faster than it handles them: each waits its turn, and
// every one is handled (an input that sends nothing still hands the server to the next).
TEST(NodeTiming, a_busy_server_handles_every_message_that_waited) {
  Scenario s = three_ideal_nodes();
  s.raft.members = numbered_members(51);
  s.timing.processing = LatencyModel::uniform(std::chrono::microseconds(20), std::chrono::microseconds(200));
  s.duration = seconds(10);
  const RunResult run = run_scenario(s);
  EXPECT_EQ(run.truth.leaders_by_term().size(), 1u);
  EXPECT_EQ(run.final_leaders.size(), 1u);
}

TEST(NodeStall, stalls_past_the_heartbeat_timeout_cost_the_leader_its_followers) {
  Scenario s = three_ideal_nodes();
  s.duration = seconds(60);
  EXPECT_EQ(run_scenario(s).truth.leaders_by_term().size(), 1u);
  // Stopped for a whole second, every two seconds on average: a follower's heartbeat timer
  // (1 s) runs out while the leader, or the follower itself, cannot answer.
  s.timing.stall_every = seconds(2);
  s.timing.stall_length = LatencyModel::fixed(seconds(1));
  EXPECT_GT(run_scenario(s).truth.leaders_by_term().size(), 1u);
}

TEST(NodeClock, a_nodes_timestamps_carry_its_wall_clock_offset) {
  Scenario s = three_ideal_nodes();
  s.node_timing["ctrl2"] = s.timing;
  s.node_timing["ctrl2"].clock_offset = Spread<Duration>::exactly(milliseconds(-250));
  const RunResult run = run_scenario(s);
  for (const RecordedEvent& e : run.events) {
    const std::int64_t stamp_ns = e.event.timestamp.unix_ns - s.epoch.unix_ns;
    const std::int64_t offset_ns = e.node == 1 ? -250'000'000 : 0;
    EXPECT_EQ(stamp_ns, time_ns(e.at) + offset_ns) << model::event_to_json(e.event);
  }
}

}  // namespace
}  // namespace clustersim::sim
