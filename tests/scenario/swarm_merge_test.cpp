// Merging swarm results: coverage of the seed range (gaps, repeats, killed tasks, seeds that
// came out differently), failures grouped by signature with the smallest reproducer, and the
// refusal of files that are not results of one swarm. The files are written here by hand, so
// that each situation is exactly the one named.
#include <fstream>

#include "sim/oracle/coverage.h"
#include "sim/swarm/failure_signature.h"
#include "sim/swarm/results_merge.h"
#include "tests/cli/cli_support.h"

namespace clustersim::sim {
namespace {

using Folder = Scratch;

TaskHeader header(SeedRange swarm, std::uint64_t shard, std::uint64_t shards) {
  TaskHeader h;
  h.clustersim_version = "0.2.0";
  h.commit = "abc";
  h.template_file = "t.json";
  h.template_name = "t";
  h.template_hash = "00000000000000aa";
  h.swarm_range = swarm;
  h.shard = shard;
  h.shards = shards;
  h.task_range = shard_of(swarm, shard, shards);
  h.worlds = {{"generator", "random_spec 1"}};
  h.tracker = "built-in";
  return h;
}

SeedRecord passing(std::uint64_t seed) {
  SeedRecord r;
  r.seed = seed;
  r.simulated_ms = 1000;
  return r;
}

SeedRecord failing(std::uint64_t seed, const std::string& signature, std::uint64_t fault_actions, int exit_code = 1) {
  SeedRecord r = passing(seed);
  r.exit_code = exit_code;
  r.signature = signature;
  r.failure = signature + " (seed " + std::to_string(seed) + ")";
  r.reproducer = "seed-" + std::to_string(seed) + ".json";
  r.trace = "seed-" + std::to_string(seed) + ".trace.jsonl";
  r.fault_actions = fault_actions;
  return r;
}

// A results file of the given records; `ended` false leaves it as a killed task leaves it.
std::string write_task(const fs::path& file, const TaskHeader& h, const std::vector<SeedRecord>& records,
                       bool ended = true) {
  fs::create_directories(file.parent_path());
  std::ofstream out(file);
  out << task_line(h);
  for (const SeedRecord& r : records) out << seed_line(r);
  if (ended) out << end_line(TaskEnd{"complete", records.size()});
  return file.string();
}

std::vector<SeedRecord> passing_range(std::uint64_t first, std::uint64_t last) {
  std::vector<SeedRecord> records;
  for (std::uint64_t seed = first; seed <= last; ++seed) records.push_back(passing(seed));
  return records;
}

TEST(SwarmMerge, tasks_that_split_the_range_cover_it_exactly_once) {
  Folder folder;
  const SeedRange swarm{11, 10};
  const std::string a = write_task(folder.dir / "a" / "r.jsonl", header(swarm, 0, 2), passing_range(11, 15));
  std::vector<SeedRecord> second = passing_range(16, 20);
  second[1] = failing(17, "dedup: # state events", 3);
  const std::string b = write_task(folder.dir / "b" / "r.jsonl", header(swarm, 1, 2), second);
  const SwarmSummary summary = merge_results({b, a});
  EXPECT_TRUE(summary.coverage.exact());
  EXPECT_EQ(summary.coverage.distinct, 10u);
  EXPECT_EQ(summary.passed, 9u);
  EXPECT_EQ(summary.failed, 1u);
  EXPECT_EQ(summary.simulated_ms, 10'000);
  ASSERT_EQ(summary.tasks.size(), 2u);
  EXPECT_EQ(summary.tasks[0].path, a);  // by first seed, whatever the order given
  ASSERT_EQ(summary.groups.size(), 1u);
  // Paths in a record are relative to its results file.
  EXPECT_EQ(summary.groups[0].smallest.reproducer, (folder.dir / "b" / "seed-17.json").string());
  EXPECT_EQ(summary.exit_code(), 1);
}

TEST(SwarmMerge, failures_group_by_signature_with_the_smallest_reproducer) {
  Folder folder;
  const SeedRange swarm{1, 9};
  std::vector<SeedRecord> records = passing_range(1, 9);
  records[2] = failing(3, "liveness: # leaders at the end", 4, 3);
  records[4] = failing(5, "liveness: # leaders at the end", 2, 3);
  records[6] = failing(7, "liveness: # leaders at the end", 2, 3);
  records[7] = failing(8, "uniqueness: two leaders in term #", 9);
  const SwarmSummary summary = merge_results({write_task(folder.dir / "r.jsonl", header(swarm, 0, 1), records)});
  ASSERT_EQ(summary.groups.size(), 2u);
  // Correctness before liveness, whatever the counts.
  EXPECT_EQ(summary.groups[0].signature, "uniqueness: two leaders in term #");
  EXPECT_EQ(summary.groups[0].seeds, 1u);
  const FailureGroup& liveness = summary.groups[1];
  EXPECT_EQ(liveness.seeds, 3u);
  EXPECT_EQ(liveness.example_seeds, (std::vector<std::uint64_t>{3, 5, 7}));
  EXPECT_EQ(liveness.smallest.seed, 5u);  // fewest fault actions, then the lowest seed
  EXPECT_EQ(liveness.id, signature_id(liveness.signature));
  EXPECT_EQ(summary.failed, 1u);
  EXPECT_EQ(summary.liveness_failed, 3u);
  EXPECT_EQ(summary.passed, 5u);
  EXPECT_EQ(summary.exit_code(), 1);
}

TEST(SwarmMerge, a_killed_task_leaves_a_gap_and_says_so) {
  Folder folder;
  const SeedRange swarm{1, 20};
  const std::string a = write_task(folder.dir / "a.jsonl", header(swarm, 0, 2), passing_range(1, 10));
  // Killed after seed 14, in the middle of writing seed 15's line.
  std::string b = write_task(folder.dir / "b.jsonl", header(swarm, 1, 2), passing_range(11, 14), false);
  std::ofstream(b, std::ios::app) << R"({"record":"seed","seed":15,"exit_co)";
  const SwarmSummary summary = merge_results({a, b});
  EXPECT_FALSE(summary.coverage.exact());
  EXPECT_EQ(summary.coverage.missing, 6u);
  ASSERT_EQ(summary.coverage.gaps.size(), 1u);
  EXPECT_EQ(summary.coverage.gaps[0].first, 15u);
  EXPECT_EQ(summary.coverage.gaps[0].last(), 20u);
  EXPECT_EQ(summary.killed_tasks(), 1u);
  EXPECT_EQ(summary.tasks[1].seeds_recorded, 4u);
  EXPECT_EQ(summary.exit_code(), exit_incomplete);
}

TEST(SwarmMerge, a_task_run_twice_counts_its_seeds_once_and_reports_the_repeat) {
  Folder folder;
  const SeedRange swarm{1, 10};
  const TaskHeader h = header(swarm, 0, 1);
  const std::string a = write_task(folder.dir / "a.jsonl", h, passing_range(1, 10));
  std::vector<SeedRecord> again = passing_range(4, 6);
  again[1] = failing(5, "dedup: # state events", 1);  // came out differently the second time
  const std::string b = write_task(folder.dir / "b.jsonl", h, again);
  const SwarmSummary summary = merge_results({a, b});
  EXPECT_EQ(summary.coverage.distinct, 10u);
  EXPECT_EQ(summary.coverage.duplicates, 3u);
  ASSERT_EQ(summary.coverage.repeated.size(), 1u);
  EXPECT_EQ(summary.coverage.repeated[0].first, 4u);
  EXPECT_EQ(summary.coverage.repeated[0].count, 3u);
  EXPECT_EQ(summary.coverage.conflicts, (std::vector<std::uint64_t>{5}));
  EXPECT_EQ(summary.passed + summary.failed, 10u);
}

TEST(SwarmMerge, seeds_outside_the_range_are_counted_not_merged) {
  Folder folder;
  const std::string a = write_task(folder.dir / "a.jsonl", header({1, 5}, 0, 1), passing_range(3, 8));
  const SwarmSummary summary = merge_results({a});
  EXPECT_EQ(summary.coverage.outside, 3u);
  EXPECT_EQ(summary.coverage.distinct, 3u);
  EXPECT_EQ(summary.coverage.missing, 2u);
  EXPECT_EQ(summary.passed, 3u);
}

TEST(SwarmMerge, files_that_are_not_results_of_one_swarm_are_refused_by_name_and_line) {
  Folder folder;
  const std::string a = write_task(folder.dir / "a.jsonl", header({1, 10}, 0, 2), passing_range(1, 5));
  TaskHeader other = header({1, 10}, 1, 2);
  other.template_hash = "00000000000000bb";
  const std::string b = write_task(folder.dir / "b.jsonl", other, passing_range(6, 10));
  try {
    merge_results({a, b});
    ADD_FAILURE() << "tasks of two templates merged";
  } catch (const MergeError& error) {
    EXPECT_NE(std::string(error.what()).find("template_hash"), std::string::npos) << error.what();
  }
  std::ofstream(folder.dir / "c.jsonl") << task_line(header({1, 10}, 0, 1)) << "{not json\n" << seed_line(passing(2));
  try {
    merge_results({(folder.dir / "c.jsonl").string()});
    ADD_FAILURE() << "a broken line in the middle of a file was taken";
  } catch (const MergeError& error) {
    EXPECT_NE(std::string(error.what()).find("c.jsonl:2: not a JSON line"), std::string::npos) << error.what();
  }
  std::ofstream(folder.dir / "d.jsonl") << task_line(header({1, 10}, 0, 1)) << R"({"record":"seed","seed":2})" << "\n";
  try {
    merge_results({(folder.dir / "d.jsonl").string()});
    ADD_FAILURE() << "a seed record without its verdict was taken";
  } catch (const MergeError& error) {
    EXPECT_NE(std::string(error.what()).find("d.jsonl:2: no \"exit_code\" field"), std::string::npos) << error.what();
  }
  std::ofstream(folder.dir / "e.jsonl") << R"({"name": "a scenario, not results"})" << "\n";
  EXPECT_THROW(merge_results({(folder.dir / "e.jsonl").string()}), MergeError);
  EXPECT_THROW(merge_results({(folder.dir / "missing.jsonl").string()}), MergeError);
}

TEST(SwarmMerge, totals_the_coverage_marks_and_names_those_never_reached) {
  Folder folder;
  std::vector<SeedRecord> records = passing_range(1, 4);
  records[0].marks = {{"split_vote", 2}, {"lease_step_down", 1}};
  records[2].marks = {{"split_vote", 1}};
  const SwarmSummary summary = merge_results({write_task(folder.dir / "r.jsonl", header({1, 4}, 0, 1), records)});
  EXPECT_EQ(summary.marks.at("split_vote").worlds, 2u);
  EXPECT_EQ(summary.marks.at("split_vote").count, 3u);
  EXPECT_EQ(summary.marks.at("lease_step_down").worlds, 1u);
  EXPECT_EQ(summary.marks.at("two_leaders_at_once").worlds, 0u);  // known, never reached
  EXPECT_EQ(summary.marks.size(), coverage_mark_names().size());
}

TEST(FailureSignature, takes_out_node_names_and_numbers) {
  const std::vector<std::string> nodes = {"ctrl1", "ctrl2", "ctrl10"};
  EXPECT_EQ(normalise_failure("ctrl10 said has_leader ctrl2 at 12.5s, term 3, 200ms late", nodes),
            "<node> said has_leader <node> at #, term #, # late");
  EXPECT_EQ(normalise_failure("7 state events, more than the 4 allowed", nodes),
            normalise_failure("9 state events, more than the 4 allowed", nodes));
  EXPECT_EQ(normalise_failure("window of 1m30.25s", nodes), "window of #");
  EXPECT_EQ(normalise_failure("3 seconds", nodes), "# seconds");
  EXPECT_NE(signature_id("a"), signature_id("b"));
  EXPECT_EQ(signature_id("a").size(), 12u);
}

}  // namespace
}  // namespace clustersim::sim
