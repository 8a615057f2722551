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

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

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
  const Result r = call(swarm_command, {scratch.path("t.json"), "--seeds", "2", "--out", scratch.path("out"), "--json",
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
  ASSERT_EQ(report["failures"].size(), 2u);
  const std::string seed_file = scratch.path("out/seed-2.json");
  EXPECT_EQ(report["failures"][1]["seed"], 2);
  EXPECT_EQ(report["failures"][1]["scenario_file"], seed_file);
  EXPECT_EQ(report["failures"][1]["reproduce"], "clustersim run " + seed_file);
  EXPECT_TRUE(has(report["failures"][1]["failure"].get<std::string>(), "liveness"));
  EXPECT_EQ(junit_schema_problem(scratch.path("r.xml")), "");
  const std::string xml = scratch.read("r.xml");
  EXPECT_TRUE(has(xml, "<testcase classname=\"swarm.hopeless\" name=\"seed 2\">\n      <failure type=\"liveness\"")) << xml;
  EXPECT_TRUE(has(xml, "reproduce: clustersim run " + seed_file));
  EXPECT_TRUE(has(xml, "<testcase classname=\"swarm.hopeless\" name=\"every other seed\"/>")) << xml;
  // Every seed held: one passing case, exit 0.
  const Result calm = call(swarm_command, {scenario("steady_state.json"), "--seeds", "2", "--out", scratch.path("calm"),
                                           "--junit", "-"});
  EXPECT_EQ(calm.code, 0) << calm.err;
  EXPECT_TRUE(has(calm.out, "tests=\"1\" failures=\"0\"")) << calm.out;
  EXPECT_TRUE(has(calm.err, "2 seeds, 0 failed")) << calm.err;  // people's text moved off stdout
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
