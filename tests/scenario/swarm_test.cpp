// Swarm runs: shards are blocks that cover exactly the seeds of one run, shrinking makes
// failing worlds small, and the stored scenario reproduces the failure.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/cli/commands.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/swarm/seed_range.h"
#include "sim/swarm/swarm.h"

namespace clustersim::sim {
namespace {

namespace fs = std::filesystem;

TEST(Swarm, shards_together_cover_every_seed_exactly_once_in_blocks) {
  for (std::uint64_t shards : {1u, 2u, 3u, 7u, 64u, 1000u}) {
    std::uint64_t next = 100;  // blocks follow each other: shard i ends where shard i+1 starts
    for (std::uint64_t index = 0; index < shards; ++index) {
      const SeedRange shard = shard_of({100, 1000}, index, shards);
      EXPECT_EQ(shard.first, next) << index << " of " << shards;
      EXPECT_GE(shard.count, 1000 / shards);
      EXPECT_LE(shard.count, 1000 / shards + 1);
      next = shard.first + shard.count;
    }
    EXPECT_EQ(next, 1100u) << shards << " shards";
  }
  // The largest range there is, split without listing a seed.
  const SeedRange all{1, UINT64_MAX};
  std::uint64_t expected_first = 1;
  for (std::uint64_t index = 0; index < 10; ++index) {
    const SeedRange shard = shard_of(all, index, 10);
    EXPECT_EQ(shard.first, expected_first);
    expected_first = shard.last() + 1;  // wraps to 0 after the last shard
  }
  EXPECT_EQ(shard_of(all, 9, 10).last(), UINT64_MAX);
  // More shards than seeds: the last ones are empty.
  EXPECT_EQ(shard_of({1, 3}, 3, 5).count, 0u);
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
  const int code = call(swarm_command, {(scratch.dir / "t.json").string(), "--count", "3", "--jobs", "2",
                                        "--out", (scratch.dir / "out").string()}, out);
  EXPECT_EQ(code, 3) << out;  // liveness alone failed: the exit code `run` gives each seed's world
  EXPECT_NE(out.find("3 seeds (1..3), 3 failed"), std::string::npos) << out;
  // One bug, one group: the same failure on three seeds has one signature.
  EXPECT_NE(out.find("1 failure signatures:"), std::string::npos) << out;
  EXPECT_NE(out.find("liveness_failed, 3 seeds (1, 2, 3): liveness: "), std::string::npos) << out;
  for (int seed = 1; seed <= 3; ++seed) {
    const fs::path file = scratch.dir / "out" / ("seed-" + std::to_string(seed) + ".json");
    ASSERT_TRUE(fs::exists(file)) << out;
    EXPECT_TRUE(fs::exists(scratch.dir / "out" / ("seed-" + std::to_string(seed) + ".trace.jsonl")));
    const Scenario shrunk = load_scenario(file.string());
    EXPECT_EQ(shrunk.timeline.size(), 1u);  // no fault is needed: only the liveness phase is left
    std::string run_out;
    EXPECT_EQ(call(run_command, {file.string(), "--quiet"}, run_out), 3) << run_out;
    EXPECT_EQ(call(replay_command, {(scratch.dir / "out" / ("seed-" + std::to_string(seed) + ".trace.jsonl")).string()}, run_out), 0) << run_out;
  }
  // Equally small reproducers: the lowest seed represents the group.
  EXPECT_NE(out.find("reproduce: clustersim run " + (scratch.dir / "out" / "seed-1.json").string()), std::string::npos) << out;
}

TEST(SwarmCommand, a_shard_runs_its_block_of_the_range) {
  Scratch scratch;
  const std::string tmpl = std::string(CLUSTERSIM_SCENARIO_DIR) + "/steady_state.json";
  const std::string out_dir = (scratch.dir / "out").string();
  std::string first, second;
  EXPECT_EQ(call(swarm_command, {tmpl, "--count", "41", "--seed-start", "10", "--shard", "0/2", "--out", out_dir}, first), 0) << first;
  EXPECT_EQ(call(swarm_command, {tmpl, "--count", "41", "--seed-start", "10", "--shard", "1/2", "--out", out_dir}, second), 0);
  EXPECT_NE(first.find("21 seeds (10..30) (shard 0/2 of 10..50)"), std::string::npos) << first;
  EXPECT_NE(second.find("20 seeds (31..50) (shard 1/2 of 10..50)"), std::string::npos) << second;
  EXPECT_TRUE(fs::exists(scratch.dir / "out" / "results-10-30.jsonl"));
  EXPECT_TRUE(fs::exists(scratch.dir / "out" / "results-31-50.jsonl"));
  EXPECT_EQ(call(swarm_command, {tmpl, "--count", "40", "--shard", "2/2"}, first), 2);
  EXPECT_EQ(call(swarm_command, {tmpl, "--count", "3", "--shard", "3/4", "--out", out_dir}, first), 2);
  EXPECT_NE(first.find("shard 3 of 4 has no seeds"), std::string::npos) << first;
  EXPECT_EQ(call(swarm_command, {tmpl}, first), 2);
}

}  // namespace
}  // namespace clustersim::sim
