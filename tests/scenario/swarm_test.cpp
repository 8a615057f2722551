// Swarm runs: shards cover exactly the seeds of one run, shrinking makes failing worlds
// small, and the stored scenario reproduces the failure.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/cli/commands.h"
#include "sim/cli/swarm_report.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/swarm/swarm.h"

namespace clustersim::sim {
namespace {

namespace fs = std::filesystem;

TEST(Swarm, shards_together_cover_every_seed_exactly_once) {
  for (std::uint64_t shards : {1u, 2u, 3u, 7u, 64u}) {
    std::multiset<std::uint64_t> covered;
    for (std::uint64_t index = 0; index < shards; ++index) {
      for (std::uint64_t seed : shard_seeds(100, 1000, index, shards)) covered.insert(seed);
    }
    ASSERT_EQ(covered.size(), 1000u) << shards << " shards";
    std::set<std::uint64_t> unique(covered.begin(), covered.end());
    EXPECT_EQ(unique.size(), 1000u);
    EXPECT_EQ(*unique.begin(), 100u);
    EXPECT_EQ(*unique.rbegin(), 1099u);
  }
}

TEST(Swarm, a_seed_always_stands_for_the_same_world) {
  const WorldSpec a = swarm_spec(42), b = swarm_spec(42), c = swarm_spec(43);
  EXPECT_EQ(a.faults.size(), b.faults.size());
  EXPECT_EQ(a.fault_phase_ms, b.fault_phase_ms);
  EXPECT_NE(a.fault_phase_ms * 1000 + static_cast<int>(a.faults.size()),
            c.fault_phase_ms * 1000 + static_cast<int>(c.faults.size()));
}

TEST(Swarm, shrinking_keeps_only_what_the_failure_needs) {
  // A made-up failure: "the world has a crash of ctrl2". Everything else must go.
  WorldSpec spec = swarm_spec(7);
  spec.faults.push_back(FaultSpec{6, 5000, 1, 0, 1000, 100, 50});  // crash ctrl2
  auto has_crash = [](const WorldSpec& candidate) {
    const Scenario s = to_scenario(candidate);
    for (const TimedAction& a : s.timeline) {
      if (const Crash* crash = a.get_if<Crash>(); crash != nullptr && crash->node == "ctrl2") return true;
    }
    return false;
  };
  ASSERT_TRUE(has_crash(spec));
  const WorldSpec smallest = shrink_spec(spec, has_crash, 500);
  EXPECT_TRUE(has_crash(smallest));
  EXPECT_EQ(smallest.faults.size(), 1u);
}

struct Scratch {
  Scratch() : dir(fs::temp_directory_path() / ("clustersim_swarm_" + std::to_string(::getpid()))) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
  fs::path dir;
};

int call(int (*command)(const Args&, std::ostream&, std::ostream&), std::vector<std::string> args, std::string& out) {
  std::vector<std::string_view> views(args.begin(), args.end());
  std::ostringstream o, e;
  const int code = command(views, o, e);
  out = o.str() + e.str();
  return code;
}

TEST(SwarmCommand, stores_each_failing_seed_shrunk_and_reproducible) {
  Scratch scratch;
  // A network so lossy that no cluster can keep a leader: every seed fails liveness.
  std::ofstream((scratch.dir / "t.json").string()) << R"({"name": "hopeless", "purpose": "No leader can last.",
"duration": "30s", "cluster": {"nodes": 3}, "network": {"loss": 0.95}, "timeline": []})";
  std::string out;
  const int code = call(swarm_command, {(scratch.dir / "t.json").string(), "--seeds", "3", "--jobs", "2",
                                        "--out", (scratch.dir / "out").string()}, out);
  EXPECT_EQ(code, 3) << out;  // liveness alone failed: the exit code `run` gives each seed's world
  EXPECT_NE(out.find("3 seeds, 3 failed"), std::string::npos) << out;
  for (int seed = 1; seed <= 3; ++seed) {
    const fs::path file = scratch.dir / "out" / ("seed-" + std::to_string(seed) + ".json");
    ASSERT_TRUE(fs::exists(file)) << out;
    EXPECT_TRUE(fs::exists(scratch.dir / "out" / ("seed-" + std::to_string(seed) + ".trace.jsonl")));
    EXPECT_NE(out.find("reproduce: clustersim run " + file.string()), std::string::npos) << out;
    const Scenario shrunk = load_scenario(file.string());
    EXPECT_EQ(shrunk.timeline.size(), 1u);  // no fault is needed: only the liveness phase is left
    std::string run_out;
    EXPECT_EQ(call(run_command, {file.string(), "--quiet"}, run_out), 3) << run_out;
    EXPECT_EQ(call(replay_command, {(scratch.dir / "out" / ("seed-" + std::to_string(seed) + ".trace.jsonl")).string()}, run_out), 0) << run_out;
  }
}

TEST(SwarmCommand, shards_report_the_same_seeds_as_one_run) {
  Scratch scratch;
  const std::string tmpl = std::string(CLUSTERSIM_SCENARIO_DIR) + "/steady_state.json";
  std::string whole, first, second;
  EXPECT_EQ(call(swarm_command, {tmpl, "--seeds", "40"}, whole), 0) << whole;
  EXPECT_EQ(call(swarm_command, {tmpl, "--seeds", "40", "--shard", "0/2"}, first), 0);
  EXPECT_EQ(call(swarm_command, {tmpl, "--seeds", "40", "--shard", "1/2"}, second), 0);
  EXPECT_NE(first.find("20 seeds (shard 0/2)"), std::string::npos) << first;
  EXPECT_NE(second.find("20 seeds (shard 1/2)"), std::string::npos) << second;
  EXPECT_EQ(call(swarm_command, {tmpl, "--seeds", "40", "--shard", "2/2"}, first), 2);
  EXPECT_EQ(call(swarm_command, {tmpl}, first), 2);
}

TEST(SwarmReport, the_exit_code_is_the_worst_seeds) {
  Scenario tmpl;
  SwarmReport report{tmpl, 1, 3, 0, 1, 3, false, {}};
  EXPECT_EQ(report.exit_code(), 0);
  SeedOutcome liveness;
  liveness.exit_code = 3;
  report.failures.push_back({liveness, "a.json", "a.trace.jsonl", 0});
  EXPECT_EQ(report.exit_code(), 3);
  SeedOutcome broken;
  broken.exit_code = 1;
  report.failures.push_back({broken, "b.json", "b.trace.jsonl", 0});
  EXPECT_EQ(report.exit_code(), 1);
  EXPECT_EQ(swarm_json(report)["counts"]["liveness_failed"], 1);
  EXPECT_EQ(swarm_json(report)["verdict"], "failed");
  report.interrupted = true;
  EXPECT_EQ(report.exit_code(), 130);
}

}  // namespace
}  // namespace clustersim::sim
