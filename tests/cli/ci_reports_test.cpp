// The reports every command writes for programs and CI: JUnit XML valid against the schema CI
// systems read (tests/testdata/junit.xsd, by xmllint) with what failed and how to reproduce
// it, and JSON with the same verdict words and exit codes in every command.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sim/cli/commands.h"
#include "sim/cli/junit.h"
#include "sim/cli/sweep_report.h"
#include "tests/cli/cli_support.h"

namespace clustersim::sim {
namespace {

TEST(Junit, escapes_what_xml_cannot_carry_and_stays_valid) {
  Scratch scratch;
  JunitCase test{"a<b>.c", "name \"quoted\" & 'apostrophe'", 0.25, JunitFailure{"correctness", "line\nbreak\x01 bell",
                                                                              "bad utf-8: \xC3\x28 ok: \xC3\xA9 \xF0\x9F\x98\x80"},
                 std::nullopt};
  const std::string xml = format_junit("x", {JunitSuite{"suite", {test}, std::nullopt}});
  scratch.write("x.xml", xml);
  EXPECT_EQ(junit_schema_problem(scratch.path("x.xml")), "") << xml;
  EXPECT_NE(xml.find("classname=\"a&lt;b&gt;.c\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"name &quot;quoted&quot; &amp; &apos;apostrophe&apos;\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("message=\"line&#10;break\xEF\xBF\xBD bell\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("bad utf-8: \xEF\xBF\xBD( ok: \xC3\xA9 \xF0\x9F\x98\x80"), std::string::npos) << xml;
  EXPECT_NE(xml.find("time=\"0.250\""), std::string::npos) << xml;
}

TEST(SwarmCommand, reports_the_worst_verdict_as_json_and_junit) {
  Scratch scratch;
  // A network so lossy that no cluster can keep a leader: every seed fails liveness alone.
  scratch.write("t.json", R"({"name": "hopeless", "purpose": "No leader can last.",
"duration": "30s", "cluster": {"nodes": 3}, "network": {"loss": 0.95}, "timeline": []})");
  const Result r = call(swarm_command, {scratch.path("t.json"), "--count", "2", "--out", scratch.path("out"), "--json",
                                        scratch.path("r.json"), "--junit", scratch.path("r.xml")});
  EXPECT_EQ(r.code, 3) << r.out << r.err;  // what `clustersim run` gives each of these worlds
  const auto report = nlohmann::json::parse(scratch.read("r.json"));
  EXPECT_EQ(report["command"], "swarm");
  EXPECT_EQ(report["verdict"], "liveness_failed");
  EXPECT_EQ(report["exit_code"], 3);
  EXPECT_EQ(report["complete"], true);
  EXPECT_EQ(report["counts"]["seeds_run"], 2);
  EXPECT_EQ(report["counts"]["liveness_failed"], 2);
  EXPECT_EQ(report["counts"]["passed"], 0);
  EXPECT_EQ(report["counts"]["signatures"], 1);
  EXPECT_EQ(report["results_file"], scratch.path("out/results-1-2.jsonl"));
  ASSERT_EQ(report["failures"].size(), 1u);  // one bug on two seeds: one group
  const auto& group = report["failures"][0];
  const std::string seed_file = scratch.path("out/seed-1.json");
  EXPECT_EQ(group["seeds"], 2);
  EXPECT_EQ(group["example_seeds"], nlohmann::json::array({1, 2}));
  EXPECT_EQ(group["smallest"]["reproducer"], seed_file);
  EXPECT_EQ(group["reproduce"], "clustersim run " + seed_file);
  EXPECT_TRUE(has(group["signature"].get<std::string>(), "liveness: "));
  EXPECT_EQ(junit_schema_problem(scratch.path("r.xml")), "");
  const std::string xml = scratch.read("r.xml");
  EXPECT_TRUE(has(xml, "<testcase classname=\"swarm.hopeless\" name=\"signature " + group["id"].get<std::string>() +
                           "\">\n      <failure type=\"liveness\"")) << xml;
  EXPECT_TRUE(has(xml, "reproduce: clustersim run " + seed_file));
  EXPECT_TRUE(has(xml, "<testcase classname=\"swarm.hopeless\" name=\"every other seed\"/>")) << xml;
  // Every seed held: one passing case, exit 0.
  const Result calm = call(swarm_command, {scenario("steady_state.json"), "--count", "2", "--out", scratch.path("calm"),
                                           "--junit", "-"});
  EXPECT_EQ(calm.code, 0) << calm.err;
  EXPECT_TRUE(has(calm.out, "tests=\"1\" failures=\"0\"")) << calm.out;
  EXPECT_TRUE(has(calm.err, "2 seeds (1..2), 0 failed")) << calm.err;  // people's text moved off stdout
}

// The summary of a merge, without what depends on where the tasks ran: the paths of files and
// the list of tasks.
nlohmann::json without_places(nlohmann::json summary) {
  summary.erase("tasks");
  summary.erase("command");
  for (auto& group : summary["failures"]) {
    group["smallest"].erase("reproducer");
    group["smallest"].erase("trace");
    group.erase("reproduce");
  }
  return summary;
}

TEST(SwarmMerge, tasks_merged_give_exactly_one_local_runs_summary_with_confirmed_reproducers) {
  Scratch scratch;
  // Loss that a leader sometimes survives: some seeds pass, some fail, in more than one way.
  const std::string lossy = std::string(CLUSTERSIM_TESTDATA_DIR) + "/swarm/lossy.json";
  const Result whole = call(swarm_command, {lossy, "--count", "60", "--jobs", "2", "--out", scratch.path("whole")});
  ASSERT_EQ(whole.code, 3) << whole.out << whole.err;
  for (int shard = 0; shard < 3; ++shard) {
    const Result task = call(swarm_command, {lossy, "--count", "60", "--shard", std::to_string(shard) + "/3", "--out",
                                             scratch.path("tasks/" + std::to_string(shard))});
    ASSERT_NE(task.code, 2) << task.err;
  }
  const Result one = call(swarm_command, {"merge", scratch.path("whole"), "--json", scratch.path("one.json")});
  const Result three = call(swarm_command, {"merge", scratch.path("tasks"), "--json", scratch.path("three.json"), "--jobs", "2",
                                            "--junit", scratch.path("three.xml")});
  EXPECT_EQ(three.code, one.code) << three.out;
  EXPECT_EQ(three.code, 3);
  const auto merged = nlohmann::json::parse(scratch.read("three.json"));
  EXPECT_EQ(without_places(merged), without_places(nlohmann::json::parse(scratch.read("one.json"))));
  EXPECT_EQ(merged["tasks"].size(), 3u);
  EXPECT_EQ(merged["complete"], true);
  EXPECT_EQ(merged["coverage"]["distinct"], 60);
  EXPECT_EQ(merged["coverage"]["duplicates"], 0);
  EXPECT_GT(merged["counts"]["passed"], 0);
  EXPECT_GE(merged["failures"].size(), 1u);
  for (const auto& group : merged["failures"]) {
    EXPECT_EQ(group["replay"], "fails the same way") << group.dump();
    EXPECT_TRUE(fs::exists(group["smallest"]["reproducer"].get<std::string>()));
  }
  EXPECT_TRUE(has(three.out, "coverage: every seed exactly once")) << three.out;
  EXPECT_EQ(junit_schema_problem(scratch.path("three.xml")), "");
  EXPECT_TRUE(has(scratch.read("three.xml"), "name=\"coverage\"/>"));

  // A task lost: the merge names the missing seeds and fails the coverage case.
  fs::remove_all(scratch.path("tasks/1"));
  const Result lost = call(swarm_command, {"merge", scratch.path("tasks"), "--no-replay", "--junit", scratch.path("lost.xml")});
  EXPECT_EQ(lost.code, 3) << lost.out;  // a failure found outranks the gap
  EXPECT_TRUE(has(lost.out, "coverage: INCOMPLETE; 20 seeds missing (21..40)")) << lost.out;
  EXPECT_TRUE(has(scratch.read("lost.xml"), "<failure type=\"coverage\" message=\"20 seeds missing")) << scratch.read("lost.xml");
  // Not results: exit 2 naming the file.
  fs::create_directories(scratch.path("notes"));
  scratch.write("notes/results-1-2.jsonl", "hello\n");
  const Result bad = call(swarm_command, {"merge", scratch.path("notes")});
  EXPECT_EQ(bad.code, 2);
  EXPECT_TRUE(has(bad.err, "results-1-2.jsonl:1: ")) << bad.err;
  const Result empty = call(swarm_command, {"merge", scratch.path("whole"), scratch.path("nothing")});
  EXPECT_EQ(empty.code, 2);
  EXPECT_TRUE(has(empty.err, "nothing: no such file or folder")) << empty.err;
}

TEST(SweepCommand, reports_each_combinations_figures_as_json_and_a_case_per_combination) {
  Scratch scratch;
  const Result r = call(sweep_command, {scenario("leader_crash.json"), "--trials", "3", "--set",
                                        "cluster.election_timeout_max=300ms,400ms", "--metric", "downtime", "--json",
                                        scratch.path("r.json"), "--junit", scratch.path("r.xml")});
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  const auto report = nlohmann::json::parse(scratch.read("r.json"));
  EXPECT_EQ(report["command"], "sweep");
  EXPECT_EQ(report["verdict"], "pass");
  EXPECT_EQ(report["trials_per_combination"], 3);
  ASSERT_EQ(report["combinations"].size(), 2u);
  const auto& downtime = report["combinations"][1]["metrics"]["downtime"];
  EXPECT_EQ(downtime["unit"], "ms");
  EXPECT_EQ(downtime["measured"], 3);
  EXPECT_LE(downtime["min"].get<double>(), downtime["median"].get<double>());
  EXPECT_LE(downtime["median"].get<double>(), downtime["max"].get<double>());
  EXPECT_GT(downtime["min"].get<double>(), 0.0);
  EXPECT_EQ(junit_schema_problem(scratch.path("r.xml")), "");
  const std::string xml = scratch.read("r.xml");
  EXPECT_TRUE(has(xml, "name=\"cluster.election_timeout_max=400ms\"/>")) << xml;
}

TEST(SweepReport, a_stopped_trial_fails_its_combination_with_the_reproduce_command) {
  SweepReport report;
  report.trials_per_combination = 2;
  report.combinations.push_back({"as written", "crash", 2, {}, {}});
  EXPECT_EQ(report.exit_code(), 0);
  report.combinations[0].stopped.push_back({2, "event_budget failed (ctrl1 at 5s: too many events)", "clustersim run c.json --seed 2"});
  EXPECT_EQ(report.exit_code(), 1);
  EXPECT_EQ(sweep_json(report)["verdict"], "failed");
  EXPECT_EQ(sweep_json(report)["combinations"][0]["stopped_trials"][0]["seed"], 2);
  const JunitSuite suite = sweep_junit(report);
  ASSERT_EQ(suite.cases.size(), 1u);
  ASSERT_TRUE(suite.cases[0].failure.has_value());
  EXPECT_EQ(suite.cases[0].failure->message, "1 of 2 trials stopped by a kernel limit; the first: seed 2: event_budget failed (ctrl1 at 5s: too many events)");
  EXPECT_TRUE(has(suite.cases[0].failure->text, "reproduce: clustersim run c.json --seed 2"));
  report.interrupted = true;
  EXPECT_EQ(report.exit_code(), 130);
}

TEST(CheckCommand, junit_has_a_case_per_rule_failed_with_its_violations) {
  Scratch scratch;
  const std::string head = R"({"namespace":"cluster","event_src_id":"c1","timestamp":"2026-01-01T00:00:0)";
  scratch.write("log.jsonl", head + R"(1Z","eventType":"state.is_leaderless"})" "\n" + head +
                                 R"(2Z","eventType":"state.is_leaderless"})" "\n");
  const Result r = call(check_command, {scratch.path("log.jsonl"), "--junit", scratch.path("r.xml"), "--json", scratch.path("r.json")});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_EQ(junit_schema_problem(scratch.path("r.xml")), "");
  const std::string xml = scratch.read("r.xml");
  EXPECT_TRUE(has(xml, "<testcase classname=\"check\" name=\"state_alternation\">\n      <failure type=\"violation\" "
                       "message=\"1 violation; the first at " + scratch.path("log.jsonl") + ":2: ")) << xml;
  EXPECT_TRUE(has(xml, "<testcase classname=\"check\" name=\"leader_disagreement\"/>")) << xml;
  EXPECT_TRUE(has(xml, "tests=\"12\" failures=\"1\"")) << xml;
  EXPECT_EQ(nlohmann::json::parse(scratch.read("r.json"))["verdict"], "failed");  // the same word as run's
  // A clean log: every case passes.
  const Result clean = call(check_command, {std::string(CLUSTERSIM_TESTDATA_DIR) + "/logs/incident.v1.4.jsonl", "--junit", "-"});
  EXPECT_EQ(clean.code, 0) << clean.err;
  EXPECT_TRUE(has(clean.out, "tests=\"12\" failures=\"0\"")) << clean.out;
}

}  // namespace
}  // namespace clustersim::sim
