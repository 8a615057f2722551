// What the commands say to a person: the demo of a leader crash, options named when they are
// unknown, an events file recognised where a trace belongs, and the same exit code for the
// same verdict in every command.
#include <gtest/gtest.h>

#include "sim/cli/commands.h"
#include "sim/cli/leader_crash_demo.h"
#include "sim/cli/watched_run.h"
#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_parser.h"
#include "tests/cli/cli_support.h"

namespace clustersim::sim {
namespace {

TEST(Demo, tells_a_leader_crash_as_the_truth_beside_each_trackers_view) {
  const Result r = call(demo_command, {});
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_TRUE(has(r.out, "who leads (ground truth)   ctrl1    ctrl2    ctrl3    ctrl4    ctrl5")) << r.out;
  // The first leader, the crash, the new leader, and the stable trackers moving after the window.
  EXPECT_TRUE(has(r.out, "ctrl3 (term 1) leads")) << r.out;
  EXPECT_TRUE(has(r.out, "  20s       no leader                  ctrl3    ctrl3    down*    ctrl3    ctrl3")) << r.out;
  EXPECT_TRUE(has(r.out, "The crash at 20s: ctrl4 was elected 2.127s later.")) << r.out;
  EXPECT_TRUE(has(r.out, "ctrl3 18.07s (the one that crashed)")) << r.out;
  EXPECT_TRUE(has(r.out, "Every one of the 17 oracles holds.")) << r.out;
  // The other policy says more about the same cluster.
  const Result openziti = call(demo_command, {"--policy", "openziti"});
  EXPECT_EQ(openziti.code, 0);
  EXPECT_TRUE(has(openziti.out, "State events said in all: openziti 10 has_leader, 10 is_leaderless")) << openziti.out;
  EXPECT_NE(call(demo_command, {"--seed", "7"}).out, r.out);
  EXPECT_EQ(call(demo_command, {}).out, r.out);  // a demo is a run: the same every time
}

TEST(Demo, prints_its_scenario_which_run_takes_and_keeps_the_network_demo) {
  Scratch scratch;
  const Result scenario = call(demo_command, {"--scenario"});
  ASSERT_EQ(scenario.code, 0);
  EXPECT_EQ(scenario.out, leader_crash_demo_scenario);
  scratch.write("crash.json", scenario.out);
  const Result run = call(run_command, {scratch.path("crash.json"), "--quiet"});
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  const Result network = call(demo_command, {"network", "--seed", "3"});
  EXPECT_EQ(network.code, 0);
  EXPECT_TRUE(has(network.out, "partition")) << network.out;
  const Result unknown = call(demo_command, {"--sed", "3"});
  EXPECT_EQ(unknown.code, 2);
  EXPECT_TRUE(has(unknown.err, "unknown option \"--sed\"")) << unknown.err;
  EXPECT_EQ(call(demo_command, {"network", "--scenario"}).code, 2);
}

TEST(Messages, unknown_options_are_named_as_such_in_every_command) {
  Scratch scratch;
  const std::string log = std::string(CLUSTERSIM_TESTDATA_DIR) + "/logs/incident.v1.4.jsonl";
  const std::vector<std::pair<Result, std::string>> calls = {
      {call(run_command, {scenario("steady_state.json"), "--frobnicate"}), "run"},
      {call(replay_command, {"t.jsonl", "--frobnicate"}), "replay"},
      {call(check_command, {log, "--frobnicate"}), "check"},
      {call(swarm_command, {scenario("steady_state.json"), "--seeds", "1", "--frobnicate"}), "swarm"},
      {call(sweep_command, {scenario("steady_state.json"), "--trials", "1", "--frobnicate"}), "sweep"},
      {call(demo_command, {"--frobnicate"}), "demo"}};
  for (const auto& [r, command] : calls) {
    EXPECT_EQ(r.code, 2) << command;
    EXPECT_TRUE(has(r.err, "clustersim " + command + ": unknown option \"--frobnicate\"")) << command << ": " << r.err;
  }
  const Result two = call(replay_command, {"a.jsonl", "b.jsonl"});
  EXPECT_EQ(two.code, 2);
  EXPECT_TRUE(has(two.err, "one trace at a time")) << two.err;
}

TEST(Messages, replay_says_an_events_file_is_not_a_trace) {
  Scratch scratch;
  ASSERT_EQ(call(run_command, {scenario("leader_crash.json"), "--events", scratch.path("e.jsonl")}).code, 0);
  const Result r = call(replay_command, {scratch.path("e.jsonl")});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(has(r.err, scratch.path("e.jsonl") + " is an events file (as run --events or a controller writes), not a "
                                                    "trace: replay needs the trace of a run (run --trace FILE)")) << r.err;
}

// `run` shows a long run's progress by running it in slices of simulated time: the same run,
// event for event and hash for hash, as one run to the end.
TEST(Progress, a_watched_run_is_the_same_run) {
  for (const char* name : {"leader_crash.json", "node_flap_leader.json", "mesh_rolling_upgrade.json"}) {
    const Scenario world = load_scenario(scenario(name));
    const RunResult whole = run_scenario(world), sliced = run_watched(world, RunOptions{});
    EXPECT_EQ(whole.trace_hash, sliced.trace_hash) << name;
    EXPECT_EQ(events_jsonl(whole), events_jsonl(sliced)) << name;
  }
}

}  // namespace
}  // namespace clustersim::sim
