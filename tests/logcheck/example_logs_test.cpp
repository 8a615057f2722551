// The held-in example logs (tests/testdata/logs/README.md): one simulated incident of three
// controllers, in every form a real deployment hands a log over. Each passes with the same
// summary and causes; and on it the summary, root-cause lines, what-ifs and timeline work.
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>

#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/simulation/simulation.h"
#include "sim/timeline/log_timeline.h"
#include "tests/logcheck/log_lines.h"

namespace clustersim::sim::logcheck::test {
namespace {

const std::string dir = std::string(CLUSTERSIM_TESTDATA_DIR) + "/logs/";

Checked check_files(const std::vector<std::string>& names, CheckOptions options = {}, LogListener* listener = nullptr) {
  std::vector<std::unique_ptr<std::ifstream>> files;
  std::vector<NamedLog> logs;
  for (const std::string& name : names) {
    files.push_back(std::make_unique<std::ifstream>(dir + name, std::ios::binary));
    logs.push_back({name, files.back().get()});
  }
  std::ostringstream out, err;
  CheckOutcome outcome = check_logs(logs, options, out, err, listener);
  return {outcome.exit_code, out.str(), err.str(), std::move(outcome.json)};
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ExampleLogs, the_incident_log_is_what_its_scenario_writes) {
  const RunResult run = run_scenario(load_scenario(dir + "three_controller_incident.scenario.json"));
  EXPECT_EQ(events_jsonl(run), read(dir + "incident.v1.4.jsonl"));
}

TEST(ExampleLogs, every_form_passes_with_the_same_summary_and_causes) {
  const Checked v14 = check_files({"incident.v1.4.jsonl"});
  ASSERT_EQ(v14.code, 0) << v14.out;
  for (const std::vector<std::string>& form :
       std::vector<std::vector<std::string>>{{"incident.v1.3.jsonl"},
                                             {"incident.sorted_keys.jsonl"},
                                             {"incident.jq_pretty.json"},
                                             {"incident.mixed_namespaces.jsonl"},
                                             {"incident.ctrl1.jsonl", "incident.ctrl2.jsonl", "incident.ctrl3.jsonl"}}) {
    const Checked r = check_files(form);
    EXPECT_EQ(r.code, 0) << form.front() << "\n" << r.out;
    EXPECT_EQ(r.json["events"], v14.json["events"]) << form.front();
    EXPECT_EQ(r.json["controllers"], v14.json["controllers"]) << form.front();
    EXPECT_EQ(r.json["cluster"], v14.json["cluster"]) << form.front();
    EXPECT_EQ(r.json["causes"], v14.json["causes"]) << form.front();
  }
  EXPECT_EQ(check_files({"incident.sorted_keys.jsonl"}).json["other_key_order_lines"], v14.json["events"]);
  EXPECT_EQ(check_files({"incident.mixed_namespaces.jsonl"}).json["other_namespace_lines"], 9);
  // A pretty-printed event is reported at the line it begins.
  const Checked pretty = check_files({"incident.jq_pretty.json"});
  EXPECT_TRUE(has(pretty.out, "incident.jq_pretty.json:1  log_start")) << pretty.out;
}

TEST(ExampleLogs, summary_causes_what_ifs_and_timeline_on_the_incident) {
  CheckOptions options;
  options.window = std::chrono::seconds(5);
  options.alerts.leaderless_after = std::chrono::seconds(2);
  LogTimeline timeline("incident.v1.4.jsonl");
  const Checked r = check_files({"incident.v1.4.jsonl"}, options, &timeline);
  ASSERT_EQ(r.code, 0) << r.out;
  // ctrl1 led and crashed at 20 s: ctrl2 and ctrl3 lost it at once and reported no leader; ctrl1
  // came back at 45 s and announced "no leader" until it heard from the new leader (434 us later).
  EXPECT_TRUE(has(r.out, "  ctrl2  2025-01-01T00:00:20.955Z  1.693s  incident.v1.4.jsonl:16  had ctrl1: leader_down: ")) << r.out;
  EXPECT_TRUE(has(r.out, "  ctrl3  2025-01-01T00:00:22.633Z  7ms  incident.v1.4.jsonl:17  had ctrl1: leader_down: ")) << r.out;
  EXPECT_TRUE(has(r.out, "  ctrl1  2025-01-01T00:00:45Z  0s  incident.v1.4.jsonl:21  had ctrl1: node_restarted: ")) << r.out;
  EXPECT_EQ(r.json["causes"]["leader_down"], 2);
  // A 5 s window would have reported none of the three losses (all shorter than it).
  EXPECT_EQ(r.json["what_if_window"]["suppressed_periods"], 3);
  // "is_leaderless not followed by has_leader within 2s": only the start-up, 3.06 s.
  EXPECT_EQ(r.json["alerts"]["fired"]["leaderless"], 1);
  const std::string svg = timeline_svg(timeline.picture());
  EXPECT_EQ(std::count(svg.begin(), svg.end(), '\n') > 0, true);
  EXPECT_TRUE(has(svg, "ctrl2 leaderless from 2025-01-01T00:00:20.955Z for 1.693s; had ctrl1\ncause: leader_down")) << svg.substr(0, 1000);
  std::size_t lanes = 0;
  for (auto at = svg.find("<g class=\"lane\""); at != std::string::npos; at = svg.find("<g class=\"lane\"", at + 1)) ++lanes;
  EXPECT_EQ(lanes, 3u);
}

}  // namespace
}  // namespace clustersim::sim::logcheck::test
