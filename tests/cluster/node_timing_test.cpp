// A server's own timing: late timers that vary make candidates with identical timeouts drift
// apart, as real servers' do; a node's own timing replaces the cluster's; an ideal node draws
// nothing.
#include <gtest/gtest.h>

#include "sim/simulation/simulation.h"

namespace clustersim::sim {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Five nodes whose election timeout has no randomness at all (150-150 ms), 1 ms links.
Scenario identical_timeouts() {
  Scenario s;
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
  EXPECT_EQ(run_scenario(ideal).trace_hash, run_scenario(explicit_zero).trace_hash);
}

}  // namespace
}  // namespace clustersim::sim
