// One swarm task as a batch engine runs it: its shard from the engine's environment, its
// wall-clock budget, its results file written in seed order whatever order the workers finish
// in, and outputs it must not replace.
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "sim/cli/batch_index.h"
#include "sim/cli/commands.h"
#include "sim/cli/results_journal.h"
#include "tests/cli/cli_support.h"

namespace clustersim::sim {
namespace {

// Sets the batch engines' variables for one test and clears them after.
struct BatchEnvironment {
  BatchEnvironment() { clear(); }
  ~BatchEnvironment() { clear(); }
  static void clear() {
    for (const char* name : {"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "AWS_BATCH_JOB_ARRAY_INDEX"}) ::unsetenv(name);
  }
};

TEST(ShardFromEnvironment, reads_each_engines_index_and_names_what_is_wrong) {
  BatchEnvironment environment;
  std::uint64_t index = 99;
  std::string problem;
  EXPECT_FALSE(shard_from_environment(4, index, problem));
  EXPECT_NE(problem.find("none of $JOB_COMPLETION_INDEX (Kubernetes), $SLURM_ARRAY_TASK_ID (Slurm)"), std::string::npos) << problem;
  for (const char* name : {"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "AWS_BATCH_JOB_ARRAY_INDEX"}) {
    BatchEnvironment::clear();
    ::setenv(name, "3", 1);
    ASSERT_TRUE(shard_from_environment(4, index, problem)) << name << ": " << problem;
    EXPECT_EQ(index, 3u) << name;
    EXPECT_FALSE(shard_from_environment(3, index, problem));
    EXPECT_NE(problem.find(std::string("$") + name + " is 3, but there are only 3 shards (0 to 2)"), std::string::npos) << problem;
  }
  ::setenv("JOB_COMPLETION_INDEX", "2", 1);
  EXPECT_FALSE(shard_from_environment(4, index, problem));
  EXPECT_NE(problem.find("$JOB_COMPLETION_INDEX and $AWS_BATCH_JOB_ARRAY_INDEX name different tasks (2 and 3)"), std::string::npos) << problem;
  BatchEnvironment::clear();
  ::setenv("SLURM_ARRAY_TASK_ID", "1-3", 1);
  EXPECT_FALSE(shard_from_environment(4, index, problem));
  EXPECT_NE(problem.find("$SLURM_ARRAY_TASK_ID is \"1-3\", not a task index"), std::string::npos) << problem;
}

TEST(SwarmTask, takes_its_shard_from_the_batch_engine) {
  BatchEnvironment environment;
  Scratch scratch;
  ::setenv("SLURM_ARRAY_TASK_ID", "2", 1);
  const Result r = call(swarm_command, {scenario("steady_state.json"), "--count", "10", "--shard-from-env", "4", "--out",
                                        scratch.path("out")});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("2 seeds (7..8) (shard 2/4 of 1..10)"), std::string::npos) << r.out;
  EXPECT_NE(scratch.read("out/results-7-8.jsonl").find("\"shard\":2,\"shards\":4,"), std::string::npos);
  const Result both = call(swarm_command, {scenario("steady_state.json"), "--count", "10", "--shard-from-env", "4",
                                           "--shard", "1/4", "--out", scratch.path("out")});
  EXPECT_EQ(both.code, 2);
  EXPECT_NE(both.err.find("--shard and --shard-from-env both name the shard"), std::string::npos) << both.err;
  BatchEnvironment::clear();
  const Result none = call(swarm_command, {scenario("steady_state.json"), "--count", "10", "--shard-from-env", "4",
                                           "--out", scratch.path("none")});
  EXPECT_EQ(none.code, 2);
  EXPECT_FALSE(fs::exists(scratch.path("none")));  // refused before anything was written
}

TEST(SwarmTask, stops_at_its_budget_with_every_started_seed_recorded) {
  Scratch scratch;
  const Result r = call(swarm_command, {scenario("steady_state.json"), "--count", "1000000", "--for", "200ms", "--jobs",
                                        "2", "--out", scratch.path("out"), "--json", scratch.path("r.json")});
  EXPECT_EQ(r.code, 0) << r.err;  // it did what it was asked
  EXPECT_NE(r.out.find("STOPPED (--for budget spent): "), std::string::npos) << r.out;
  const auto report = nlohmann::json::parse(scratch.read("r.json"));
  EXPECT_EQ(report["complete"], false);
  const std::uint64_t run = report["counts"]["seeds_run"];
  EXPECT_GT(run, 0u);
  EXPECT_LT(run, 1000000u);
  EXPECT_NE(r.out.find("to resume: --seed-start " + std::to_string(run + 1) + " --count " + std::to_string(1000000 - run)),
            std::string::npos) << r.out;
  const std::string results = scratch.read("out/results-1-1000000.jsonl");
  EXPECT_NE(results.find("{\"record\":\"end\",\"stopped\":\"budget\",\"seeds_run\":" + std::to_string(run) + "}"),
            std::string::npos) << results.substr(results.size() - 200);
  EXPECT_EQ(call(swarm_command, {scenario("steady_state.json"), "--count", "1", "--for", "soon"}).code, 2);
}

TEST(SwarmTask, refuses_a_results_path_that_is_not_a_regular_file) {
  Scratch scratch;
  fs::create_directories(scratch.path("out/results-1-3.jsonl"));  // a folder where the file would go
  const Result r = call(swarm_command, {scenario("steady_state.json"), "--count", "3", "--out", scratch.path("out")});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("results-1-3.jsonl: exists and is not a regular file"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_directory(scratch.path("out/results-1-3.jsonl")));
}

TEST(ResultsJournal, writes_seeds_in_order_as_soon_as_the_ones_before_are_done) {
  Scratch scratch;
  TaskHeader header;
  header.swarm_range = header.task_range = {5, 3};
  header.worlds = nlohmann::json::object();
  ResultsJournal journal(scratch.path("r.jsonl"), header);
  SeedRecord record;
  record.seed = 7;
  journal.add(2, record);  // the third seed finishes first: it waits
  EXPECT_EQ(journal.written(), 0u);
  EXPECT_EQ(scratch.read("r.jsonl").find("\"seed\":7"), std::string::npos);
  record.seed = 5;
  journal.add(0, record);  // written at once, and flushed: a kill now keeps it
  EXPECT_EQ(journal.written(), 1u);
  EXPECT_NE(scratch.read("r.jsonl").find("\"seed\":5"), std::string::npos);
  record.seed = 6;
  journal.add(1, record);  // brings seed 7 with it
  EXPECT_EQ(journal.written(), 3u);
  journal.end("complete");
  const std::string text = scratch.read("r.jsonl");
  EXPECT_LT(text.find("\"seed\":5"), text.find("\"seed\":6"));
  EXPECT_LT(text.find("\"seed\":6"), text.find("\"seed\":7"));
  EXPECT_NE(text.find("{\"record\":\"end\",\"stopped\":\"complete\",\"seeds_run\":3}"), std::string::npos) << text;
}

TEST(SwarmTask, a_template_timeline_is_kept_or_dropped_when_told_never_silently) {
  Scratch scratch;
  const Result refused = call(swarm_command, {scenario("leader_crash.json"), "--count", "2", "--out", scratch.path("a")});
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("leader_crash.json has a timeline (1 actions)"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("--timeline keep runs it first in every world, --timeline drop replaces it"), std::string::npos);
  EXPECT_FALSE(fs::exists(scratch.path("a")));
  // Kept: every world starts with the template's crash of the leader at 20 s.
  const Result kept = call(swarm_command, {scenario("leader_crash.json"), "--timeline", "keep", "--show", "5"});
  ASSERT_EQ(kept.code, 0) << kept.err;
  const auto world = nlohmann::json::parse(kept.out);
  EXPECT_EQ(world["timeline"][0]["action"], "crash");
  EXPECT_EQ(world["timeline"][0]["at"], "20s");
  const Result dropped = call(swarm_command, {scenario("leader_crash.json"), "--timeline", "drop", "--show", "5"});
  ASSERT_EQ(dropped.code, 0) << dropped.err;
  EXPECT_NE(nlohmann::json::parse(dropped.out)["timeline"][0]["at"], "20s");
}

TEST(SwarmTask, shows_any_seeds_world_as_a_scenario_file_that_runs) {
  Scratch scratch;
  const std::vector<std::string> show = {scenario("steady_state.json"), "--show", "1234", "--faults", "crash=1,isolate=1",
                                         "--nodes", "5..5"};
  const Result first = call(swarm_command, show);
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_EQ(call(swarm_command, show).out, first.out);  // a seed is always the same world
  const auto world = nlohmann::json::parse(first.out);
  EXPECT_EQ(world["seed"], 1234);
  EXPECT_EQ(world["cluster"]["nodes"].size(), 5u);
  for (const auto& action : world["timeline"]) {
    const std::string name = action["action"];
    EXPECT_TRUE(name == "crash" || name == "restart" || name == "isolate" || name == "stop_faults") << name;
  }
  scratch.write("world.json", first.out);
  const Result run = call(run_command, {scratch.path("world.json"), "--quiet"});
  EXPECT_NE(run.code, 2) << run.err;
}

TEST(SwarmTask, tasks_drawing_worlds_differently_do_not_merge) {
  Scratch scratch;
  ASSERT_EQ(call(swarm_command, {scenario("steady_state.json"), "--count", "4", "--shard", "0/2", "--out", scratch.path("out")}).code, 0);
  ASSERT_EQ(call(swarm_command, {scenario("steady_state.json"), "--count", "4", "--shard", "1/2", "--faults", "crash=1",
                                 "--out", scratch.path("out")}).code, 0);
  const Result merged = call(swarm_command, {"merge", scratch.path("out")});
  EXPECT_EQ(merged.code, 2);
  EXPECT_NE(merged.err.find("a task of another swarm"), std::string::npos) << merged.err;
  EXPECT_NE(merged.err.find("(their \"worlds\" differs)"), std::string::npos) << merged.err;
}

// A results file without its wall times: what must not depend on the machine or the workers.
std::string without_wall_times(const std::string& text) {
  std::string out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    const auto at = line.find(",\"wall_ms\":");
    if (at != std::string::npos) line.erase(at, line.find_first_of(",}", at + 1) - at);
    out += line + "\n";
  }
  return out;
}

TEST(SwarmTask, a_guided_swarm_draws_the_same_worlds_for_any_number_of_workers) {
  Scratch scratch;
  for (const char* jobs : {"1", "2"}) {
    const Result r = call(swarm_command, {scenario("steady_state.json"), "--count", "210", "--guided", "--jobs", jobs,
                                          "--out", scratch.path(std::string("jobs") + jobs), "--json", scratch.path(std::string("r") + jobs)});
    ASSERT_EQ(r.code, 0) << r.err;
  }
  const std::string one = scratch.read("jobs1/results-1-210.jsonl"), two = scratch.read("jobs2/results-1-210.jsonl");
  EXPECT_EQ(without_wall_times(one), without_wall_times(two));
  // Three batches, each after its weights: the first the defaults, the later ones learned.
  std::vector<std::size_t> weights;
  for (std::size_t at = one.find("{\"record\":\"weights\""); at != std::string::npos; at = one.find("{\"record\":\"weights\"", at + 1)) {
    weights.push_back(at);
  }
  ASSERT_EQ(weights.size(), 3u);
  EXPECT_NE(one.find("\"from_seed\":101,"), std::string::npos);
  EXPECT_NE(one.find("\"from_seed\":201,"), std::string::npos);
  EXPECT_NE(one.substr(weights[0], 300).find("\"crash\":1,"), std::string::npos) << one.substr(weights[0], 300);
  EXPECT_EQ(one.substr(weights[1], 300).find("\"crash\":1,"), std::string::npos) << one.substr(weights[1], 300);
  EXPECT_NE(one.find("\"guided\":true"), std::string::npos);
  const auto report = nlohmann::json::parse(scratch.read("r1"));
  EXPECT_GT(report["marks"]["pre_vote_rejected_leader_known"]["worlds"], 0);
  EXPECT_EQ(call(swarm_command, {scenario("steady_state.json"), "--guided", "--show", "3"}).code, 2);
}

// The progress line counts the task's seeds, not each guided batch's: 201 seeds run in batches
// of 100, 100 and 1 under one count to 201 (stderr, not a terminal here: a line every tenth).
TEST(SwarmTask, a_guided_swarm_counts_all_its_seeds_on_one_progress_line) {
  Scratch scratch;
  FILE* stream = ::popen((std::string(CLUSTERSIM_BINARY) + " swarm " + scenario("steady_state.json") +
                          " --count 201 --guided --out " + scratch.path("out") + " 2>&1 >/dev/null").c_str(), "r");
  ASSERT_NE(stream, nullptr);
  std::string progress;
  for (char chunk[4096]; std::fgets(chunk, sizeof chunk, stream) != nullptr;) progress += chunk;
  EXPECT_EQ(::pclose(stream), 0) << progress;
  EXPECT_NE(progress.find("201/201 seeds, 0 failed"), std::string::npos) << progress;
  EXPECT_NE(progress.find("101/201 seeds"), std::string::npos) << progress;  // the second batch counts on
  EXPECT_EQ(progress.find("/100 seeds"), std::string::npos) << progress;
  EXPECT_EQ(progress.find("1/1 seeds"), std::string::npos) << progress;
}

}  // namespace
}  // namespace clustersim::sim
