// The controller's start-up ordering (cluster.startup): event generation starts after raft,
// announces raft's own view (the snapshot), then takes the observations that waited; a raft
// that raises more than the channel holds blocks until then.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/oracle/checks.h"
#include "sim/oracle/node_timeline.h"
#include "sim/scenario/scenario_parser.h"

namespace clustersim::sim {
namespace {

Scenario library(const std::string& name) {
  Scenario s = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/" + name);
  s.expect.golden_base.clear();
  return s;
}

TEST(StartupOrdering, the_announcement_is_raft_s_view_and_the_waiting_transitions_follow) {
  Scenario scenario = library("startup_snapshot_then_drain.json");
  scenario.policy = model::TrackerPolicy::openziti;
  const RunResult run = run_scenario(scenario);
  ASSERT_EQ(run.final_leaders.size(), 1u);
  const NodeIndex leader = run.final_leaders.front();
  std::vector<const RecordedEvent*> mine;
  for (const RecordedEvent& e : run.events) {
    if (e.node == leader) mine.push_back(&e);
  }
  ASSERT_GE(mine.size(), 2u);
  // Announced from the snapshot: has_leader naming itself, at its event generation's start...
  EXPECT_EQ(mine[0]->event.type, model::ClusterEventType::state_has_leader);
  EXPECT_EQ(mine[0]->event.leader_id, run.node_ids[leader]);
  EXPECT_GE(mine[0]->at, time_zero + std::chrono::seconds(5));
  // ...then, at the same instant, its own election that waited in the channel.
  EXPECT_EQ(mine[1]->event.type, model::ClusterEventType::leadership_gained);
  EXPECT_EQ(mine[1]->at, mine[0]->at);
  const auto snapshots = std::count_if(run.inputs[leader].begin(), run.inputs[leader].end(),
                                       [](const LoggedInput& input) { return input.kind == LoggedInput::Kind::snapshot; });
  EXPECT_EQ(snapshots, 1);
  EXPECT_EQ(describe_failures(run, check_run(run, nullptr)), "");
}

TEST(StartupOrdering, a_full_channel_blocks_raft_until_event_generation_drains_it) {
  const RunResult run = run_scenario(library("startup_observer_queue_full.json"));
  ASSERT_FALSE(run.raft_blocks.empty());
  for (const SimCluster::RaftBlock& block : run.raft_blocks) {
    ASSERT_TRUE(block.until.has_value()) << run.node_ids[block.node];
    EXPECT_GE(*block.until, time_zero + std::chrono::seconds(60)) << run.node_ids[block.node];  // its generation's start
  }
  EXPECT_EQ(describe_failures(run, check_run(run, nullptr)), "");
  // With a channel of a thousand slots the same start-up blocks no raft.
  Scenario roomy = library("startup_observer_queue_full.json");
  roomy.observer_queue = 1000;
  EXPECT_TRUE(run_scenario(roomy).raft_blocks.empty());
}

// Only its event generation frees a blocked raft: neither stop_faults nor a resume does (they
// resume paused processes, and this one is not paused).
TEST(StartupOrdering, stop_faults_and_resume_leave_a_blocked_raft_to_its_event_generation) {
  Scenario scenario = library("startup_observer_queue_full.json");
  scenario.expect = {};
  // Built in code: the parser refuses a resume of a node it knows is not paused.
  scenario.timeline.push_back(TimedAction{time_zero + std::chrono::seconds(20), Resume{"ctrl1"}, "resume"});
  scenario.timeline.push_back(TimedAction{time_zero + std::chrono::seconds(30), StopFaults{std::chrono::seconds(60)}, "stop"});
  const RunResult run = run_scenario(scenario);
  const auto skipped = std::find_if(run.actions.begin(), run.actions.end(), [](const ActionRecord& a) {
    return a.text == "resume ctrl1 skipped: its raft is blocked on a full observer channel";
  });
  EXPECT_NE(skipped, run.actions.end());
  ASSERT_FALSE(run.raft_blocks.empty());
  for (const SimCluster::RaftBlock& block : run.raft_blocks) {
    ASSERT_TRUE(block.until.has_value());
    EXPECT_GE(*block.until, time_zero + std::chrono::seconds(60));
  }
}

// A process that dies before its delayed event generation starts had no tracker: its crash
// and what came before it belong to no tracker lifetime, and every oracle holds.
TEST(StartupOrdering, a_process_that_dies_before_its_event_generation_starts_had_no_tracker) {
  const Scenario scenario = parse_scenario(R"({"name": "early", "purpose": "p.", "duration": "90s",
    "cluster": {"nodes": 3, "startup": {"event_generation_delay": "10s"}},
    "tracker": {"policy": "stable", "stability_window": "2s"},
    "timeline": [{"at": "20s", "action": "crash", "node": "ctrl1"},
                 {"at": "25s", "action": "restart", "node": "ctrl1"},
                 {"at": "27s", "action": "pause", "node": "ctrl1"},
                 {"at": "28s", "action": "resume", "node": "ctrl1"},
                 {"at": "30s", "action": "crash", "node": "ctrl1"},
                 {"at": "40s", "action": "restart", "node": "ctrl1"}]})", "early.json");
  const RunResult run = run_scenario(scenario);
  EXPECT_EQ(describe_failures(run, check_run(run, nullptr)), "");
  const auto starts = std::count_if(run.inputs[0].begin(), run.inputs[0].end(),
                                    [](const LoggedInput& input) { return input.kind == LoggedInput::Kind::start; });
  EXPECT_EQ(starts, 2);  // at 10 s and at 50 s; the process of 25-30 s never started one
  const std::vector<detail::Lifetime> lives = detail::lifetimes_of(run, 0, run.events);
  ASSERT_EQ(lives.size(), 2u);
  EXPECT_EQ(lives[0].end, time_zero + std::chrono::seconds(20));  // not the later process's crash
  for (const LoggedInput* input : lives[0].inputs) EXPECT_LT(input->at, time_zero + std::chrono::seconds(20));
  ASSERT_TRUE(run.final_reported[0].has_value());
  EXPECT_TRUE(run.final_reported[0]->has_leader);
}

}  // namespace
}  // namespace clustersim::sim
