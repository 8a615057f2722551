// `clustersim run` over several scenarios and folders, and the results it writes for programs:
// the table, the worst verdict as the exit code, --json, --junit (valid against the JUnit
// schema CI systems read) and --store's folder per run.
#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "sim/cli/commands.h"
#include "tests/cli/cli_support.h"

namespace clustersim::sim {
namespace {

constexpr const char* passing = R"({"name": "calm", "purpose": "Nothing happens.", "duration": "20s",
"cluster": {"nodes": 3}, "timeline": []})";
constexpr const char* failing = R"({"name": "strict", "purpose": "Expects the impossible.", "duration": "20s",
"cluster": {"nodes": 3}, "timeline": [], "expect": {"final": {"all": "is_leaderless"}}})";

// A folder of scenarios as a user keeps them: one passing at the top, one failing a level down.
Scratch suite_folder() {
  Scratch scratch;
  fs::create_directories(scratch.dir / "suite" / "deeper");
  scratch.write("suite/calm.json", passing);
  scratch.write("suite/deeper/strict.json", failing);
  scratch.write("suite/deeper/notes.txt", "not a scenario");
  return scratch;
}

TEST(RunSuite, runs_a_folder_recursively_prints_one_table_and_exits_with_the_worst_verdict) {
  Scratch scratch = suite_folder();
  const Result r = call(run_command, {scratch.path("suite"), "--jobs", "2"});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("calm "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("strict "), std::string::npos) << r.out;
  // In path order whatever the thread timing: calm.json sorts before deeper/.
  EXPECT_LT(r.out.find("calm "), r.out.find("strict ")) << r.out;
  EXPECT_NE(r.out.find("2 of 2 runs done, 1 passed, 1 failed; the worst verdict: failed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("clustersim run " + scratch.path("suite/deeper/strict.json") + " --seed 1 --policy stable"),
            std::string::npos) << r.out;
  // Only passing scenarios: exit 0.
  EXPECT_EQ(call(run_command, {scratch.path("suite/calm.json"), "--policy", "stable,openziti"}).code, 0);
}

TEST(RunSuite, both_policies_and_the_same_bytes_with_one_job_or_two) {
  Scratch scratch = suite_folder();
  const Result one = call(run_command, {scratch.path("suite"), "--policy", "stable,openziti", "--json", scratch.path("1.json")});
  const Result two = call(run_command, {scratch.path("suite"), "--policy", "stable,openziti", "--jobs", "2", "--json",
                                        scratch.path("2.json")});
  EXPECT_EQ(one.code, 1);
  EXPECT_EQ(one.out, two.out);
  EXPECT_EQ(scratch.read("1.json"), scratch.read("2.json"));
  const auto json = nlohmann::json::parse(scratch.read("1.json"));
  ASSERT_EQ(json["runs"].size(), 4u);
  EXPECT_EQ(json["runs"][0]["policy"], "stable");
  EXPECT_EQ(json["runs"][1]["policy"], "openziti");
  EXPECT_EQ(json["counts"]["passed"], 2);
  EXPECT_EQ(json["counts"]["failed"], 2);
}

TEST(RunSuite, json_has_the_verdict_every_check_and_how_to_reproduce) {
  Scratch scratch = suite_folder();
  const Result r = call(run_command, {scratch.path("suite"), "--json", scratch.path("r.json")});
  ASSERT_EQ(r.code, 1) << r.err;
  const auto json = nlohmann::json::parse(scratch.read("r.json"));
  EXPECT_EQ(json["command"], "run");
  EXPECT_EQ(json["verdict"], "failed");
  EXPECT_EQ(json["exit_code"], 1);
  const auto& strict = json["runs"][1];
  EXPECT_EQ(strict["scenario"], "strict");
  EXPECT_EQ(strict["seed"], 1);
  EXPECT_EQ(strict["verdict"], "failed");
  EXPECT_EQ(strict["reproduce"], "clustersim run " + scratch.path("suite/deeper/strict.json") + " --seed 1 --policy stable");
  EXPECT_EQ(strict["trace_hash"].get<std::string>().size(), 16u);
  EXPECT_FALSE(strict.contains("wall_seconds"));  // only with --wall-times: the bytes stay the same
  bool expectation_failed = false;
  for (const auto& check : strict["checks"]) {
    if (check["name"] != "expectations") {
      EXPECT_NE(check["status"], "fail") << check.dump();
      continue;
    }
    expectation_failed = check["status"] == "fail";
    ASSERT_FALSE(check["failures"].empty());
    EXPECT_NE(check["failures"][0]["message"].get<std::string>().find("is_leaderless"), std::string::npos) << check.dump();
  }
  EXPECT_TRUE(expectation_failed) << strict.dump(2);
  const Result timed = call(run_command, {scratch.path("suite/calm.json"), "--json", "-", "--wall-times"});
  EXPECT_EQ(timed.code, 0) << timed.err;
  EXPECT_GE(nlohmann::json::parse(timed.out)["runs"][0]["wall_seconds"].get<double>(), 0.0);
  EXPECT_NE(timed.err.find("verdict: PASS"), std::string::npos);  // people's text moved off stdout
}

TEST(RunSuite, junit_has_a_case_per_scenario_policy_and_check_and_is_valid) {
  Scratch scratch = suite_folder();
  const Result r = call(run_command, {scratch.path("suite"), "--policy", "stable,openziti", "--junit", scratch.path("r.xml")});
  ASSERT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(junit_schema_problem(scratch.path("r.xml")), "");
  const std::string xml = scratch.read("r.xml");
  EXPECT_NE(xml.find("<testsuite name=\"strict.openziti seed 1\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase classname=\"calm.stable\" name=\"election_safety\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<testcase classname=\"strict.stable\" name=\"expectations\">\n      <failure type=\"expectation\""),
            std::string::npos) << xml;
  EXPECT_NE(xml.find("reproduce: clustersim run " + scratch.path("suite/deeper/strict.json") + " --seed 1 --policy openziti"),
            std::string::npos);
  // Two of the four runs fail, each in its expectations alone.
  EXPECT_NE(xml.find("<testsuites name=\"clustersim run\" tests=\""), std::string::npos);
  EXPECT_NE(xml.find("failures=\"2\" errors=\"0\""), std::string::npos) << xml.substr(0, 200);
}

TEST(RunSuite, store_keeps_a_folder_per_run_with_everything_to_see_why_it_failed) {
  Scratch scratch = suite_folder();
  const Result r = call(run_command, {scratch.path("suite"), "--store", scratch.path("store"), "--jobs", "2"});
  ASSERT_EQ(r.code, 1) << r.err;
  const fs::path run = scratch.dir / "store" / "deeper" / "strict" / "stable-seed1";
  for (const char* name : {"scenario.json", "events.jsonl", "trace.jsonl", "timeline.html", "summary.txt", "result.json"}) {
    EXPECT_TRUE(fs::is_regular_file(run / name)) << name;
  }
  EXPECT_TRUE(fs::is_regular_file(scratch.dir / "store" / "calm" / "stable-seed1" / "result.json"));
  EXPECT_NE(r.out.find("stored in " + run.string()), std::string::npos) << r.out;
  const std::string summary = scratch.read("store/deeper/strict/stable-seed1/summary.txt");
  EXPECT_NE(summary.find("FAIL expectations"), std::string::npos) << summary;
  EXPECT_EQ(scratch.read("store/deeper/strict/stable-seed1/scenario.json"), failing);
  const auto result = nlohmann::json::parse(scratch.read("store/deeper/strict/stable-seed1/result.json"));
  EXPECT_EQ(result["verdict"], "failed");
  EXPECT_EQ(result["store"], run.string());
  // The stored trace replays: it is the run, not a description of it.
  const Result replay = call(replay_command, {(run / "trace.jsonl").string()});
  EXPECT_EQ(replay.code, 0) << replay.out << replay.err;
  // One scenario stores the same way.
  EXPECT_EQ(call(run_command, {scratch.path("suite/calm.json"), "--store", scratch.path("one"), "--seed", "4"}).code, 0);
  EXPECT_TRUE(fs::is_regular_file(scratch.dir / "one" / "calm" / "stable-seed4" / "result.json"));
}

TEST(RunSuite, refuses_bad_input_before_running_anything) {
  Scratch scratch = suite_folder();
  scratch.write("suite/deeper/broken.json", "{\"name\": \"broken\",\n \"duration\": 5}");
  const Result broken = call(run_command, {scratch.path("suite"), "--json", scratch.path("r.json"), "--store",
                                           scratch.path("store")});
  EXPECT_EQ(broken.code, 2);
  EXPECT_NE(broken.err.find("broken.json:"), std::string::npos) << broken.err;
  EXPECT_FALSE(fs::exists(scratch.path("r.json")));
  EXPECT_FALSE(fs::exists(scratch.path("store")));
  const Result missing = call(run_command, {scratch.path("suite/calm.json"), scratch.path("nowhere")});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("nowhere: no such file or folder"), std::string::npos) << missing.err;
  fs::create_directories(scratch.dir / "empty");
  const Result empty = call(run_command, {scratch.path("empty")});
  EXPECT_EQ(empty.code, 2);
  EXPECT_NE(empty.err.find("no scenario files (*.json) in this folder"), std::string::npos) << empty.err;
  const Result per_run = call(run_command, {scratch.path("suite"), "--events", scratch.path("e.jsonl")});
  EXPECT_EQ(per_run.code, 2);
  EXPECT_NE(per_run.err.find("--events is for one run; with several, --store DIR keeps every run's files"),
            std::string::npos) << per_run.err;
  const Result twice = call(run_command, {scratch.path("suite/calm.json"), "--policy", "stable,stable"});
  EXPECT_EQ(twice.code, 2);
  EXPECT_NE(twice.err.find("--policy names stable twice"), std::string::npos) << twice.err;
  // A file named twice (also through its folder) runs once.
  fs::remove(scratch.dir / "suite" / "deeper" / "broken.json");
  const Result once = call(run_command, {scratch.path("suite/calm.json"), scratch.path("suite")});
  EXPECT_NE(once.out.find("2 of 2 runs done"), std::string::npos) << once.out;
}

}  // namespace
}  // namespace clustersim::sim
