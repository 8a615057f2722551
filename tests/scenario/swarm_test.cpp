// Swarm runs: shards are blocks that cover exactly the seeds of one run, shrinking makes
// failing worlds small, and the stored scenario reproduces the failure.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <numeric>
#include <set>
#include <sstream>

#include "sim/cli/commands.h"
#include "sim/core/random.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/scenario_writer.h"
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

namespace clustersim::sim {
namespace {

WorldOptions options_with(const std::string& faults) {
  WorldOptions options;
  EXPECT_EQ(parse_fault_weights(faults, options.weights), "");
  return options;
}

TEST(WorldOptions, the_defaults_draw_the_worlds_swarms_always_drew) {
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    Random random = Random::for_stream(seed, "swarm/world");
    const WorldSpec old_way = random_spec(random, seed, 30, false);
    EXPECT_EQ(write_scenario(to_scenario(swarm_spec(seed, WorldOptions{}))), write_scenario(to_scenario(old_way))) << seed;
  }
}

TEST(WorldOptions, fault_weights_choose_the_kinds_drawn) {
  const WorldOptions crashes = options_with("crash=1");
  const WorldOptions mix = options_with("flap_link=3,transfer_leadership=1");
  std::array<int, fault_kinds> seen{};
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    for (const FaultSpec& fault : swarm_spec(seed, crashes).faults) EXPECT_EQ(fault.kind, 6);
    for (const FaultSpec& fault : swarm_spec(seed, mix).faults) ++seen[static_cast<std::size_t>(fault.kind)];
  }
  EXPECT_EQ(std::accumulate(seen.begin(), seen.end(), 0), seen[4] + seen[12]);
  EXPECT_GT(seen[4], 2 * seen[12]);  // three to one, over hundreds of draws
  EXPECT_GT(seen[12], 0);
  WorldOptions bad;
  EXPECT_NE(parse_fault_weights("crash=-1", bad.weights).find("from 0 to 1000"), std::string::npos);
  EXPECT_NE(parse_fault_weights("crash=0", bad.weights).find("every weight is 0"), std::string::npos);
}

TEST(WorldOptions, node_counts_timeouts_and_phases_come_from_their_ranges) {
  const Scenario tmpl = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/steady_state.json");
  WorldOptions options;
  options.nodes = IntRange{4, 6};
  options.election_timeout_ms = IntRange{100, 200};
  options.fault_phase_ms = IntRange{2000, 3000};
  options.faults_max = 5;
  std::set<std::size_t> sizes;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const Scenario world = swarm_world(tmpl, seed, options);
    sizes.insert(world.raft.members.size());
    EXPECT_GE(world.raft.election_timeout, std::chrono::milliseconds(100));
    EXPECT_LE(world.raft.election_timeout, std::chrono::milliseconds(200));
    EXPECT_EQ(world.raft.leader_lease_timeout * 2, world.raft.election_timeout);
    const TimedAction& stop = world.timeline.back();
    ASSERT_TRUE(stop.get_if<StopFaults>());
    EXPECT_GE(stop.at - time_zero, std::chrono::milliseconds(2000));
    EXPECT_LE(stop.at - time_zero, std::chrono::milliseconds(3000));
    EXPECT_LE(world.timeline.size(), 6u);
  }
  EXPECT_EQ(sizes, (std::set<std::size_t>{4, 5, 6}));
  IntRange range;
  EXPECT_NE(parse_int_range("7..3", 3, 101, range), "");
  EXPECT_NE(parse_duration_range("10ms..1s", 50, 5000, range), "");
  EXPECT_EQ(parse_duration_range("150ms..2s", 50, 5000, range), "");
  EXPECT_EQ(range, (IntRange{150, 2000}));
}

// A template's timeline kept as a prefix: it runs first, unchanged but for its stop_faults, the
// random faults come after it, and every world is one the scenario parser accepts (a node the
// prefix crashed is restarted, not crashed again; a flap of the same link does not overlap).
TEST(WorldOptions, a_kept_timeline_runs_first_and_every_world_stays_valid) {
  const WorldOptions crash_heavy = [] {
    WorldOptions options = options_with("crash=3,pause=1,flap_link=2,flap_node=2,membership=2,transfer_leadership=1");
    options.keep_template_timeline = true;
    return options;
  }();
  for (const char* name : {"rolling_restart.json", "follower_flap_fast.json", "membership_replace_failed_controller.json"}) {
    const Scenario tmpl = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/" + name);
    std::vector<TimedAction> prefix = tmpl.timeline;
    std::erase_if(prefix, [](const TimedAction& a) { return a.get_if<StopFaults>() != nullptr; });
    for (std::uint64_t seed = 1; seed <= 25; ++seed) {
      const Scenario world = swarm_world(tmpl, seed, crash_heavy);
      ASSERT_GE(world.timeline.size(), prefix.size() + 1);
      for (std::size_t i = 0; i < prefix.size(); ++i) {
        EXPECT_EQ(world.timeline[i].at, prefix[i].at) << name << " seed " << seed;
        EXPECT_EQ(world.timeline[i].name(), prefix[i].name()) << name << " seed " << seed;
      }
      for (std::size_t i = prefix.size(); i < world.timeline.size(); ++i) {
        EXPECT_GT(world.timeline[i].at, prefix.back().at) << name << " seed " << seed;
      }
      const std::string text = write_scenario(world);
      EXPECT_NO_THROW(parse_scenario(text, "world.json")) << name << " seed " << seed << "\n" << text;
    }
  }
}

}  // namespace
}  // namespace clustersim::sim
