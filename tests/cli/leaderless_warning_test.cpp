// The controller's leaderless warning and the summary's account of each lost leader: a node
// cut off from its cluster warns once, a threshold after its leaderless period began (at the
// next 5 s check), and never again in that period; nodes that keep a leader never warn; the
// summary lists the period with the peers the node lost and when.
#include <gtest/gtest.h>

#include "sim/cli/leaderless_periods.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {
namespace {

Scenario cut_off_leader(const std::string& threshold) {
  return parse_scenario(R"({"name": "cut", "purpose": "p.", "duration": "200s",
    "cluster": {"nodes": 3, "warn_when_leaderless_for": ")" + threshold + R"("},
    "tracker": {"policy": "openziti"},
    "timeline": [{"at": "20s", "action": "isolate", "node": "leader"}]})", "cut.json");
}

TEST(LeaderlessWarning, a_node_cut_off_warns_once_a_threshold_after_losing_its_leader) {
  const RunResult run = run_scenario(cut_off_leader("1m"));
  ASSERT_TRUE(run.mark.has_value());
  ASSERT_EQ(run.leaderless_warnings.size(), 1u);  // the two others elect a leader and keep it
  const LeaderlessWarning& warning = run.leaderless_warnings.front();
  EXPECT_GE(warning.since, *run.mark);  // its lease runs out after the cut
  EXPECT_GT(warning.at - warning.since, std::chrono::minutes(1));
  EXPECT_LE(warning.at - warning.since, std::chrono::minutes(1) + LeaderlessWarnings::check_every + std::chrono::milliseconds(1));
  const std::string summary = format_leaderless_periods(run);
  const std::string id = run.node_ids[warning.node];
  EXPECT_NE(summary.find("\n  " + id + "  "), std::string::npos) << summary;
  EXPECT_NE(summary.find("until the end): lost "), std::string::npos) << summary;  // the mesh closed its channels
  EXPECT_NE(summary.find("leaderless warnings"), std::string::npos) << summary;
  EXPECT_TRUE(run_scenario(cut_off_leader("3m")).leaderless_warnings.empty());  // leaderless 180 s, not longer
}

TEST(LeaderlessWarning, the_threshold_is_from_10s_to_1h) {
  EXPECT_THROW(cut_off_leader("9s"), ScenarioError);
  EXPECT_THROW(cut_off_leader("2h"), ScenarioError);
  EXPECT_NO_THROW(cut_off_leader("10s"));
}

}  // namespace
}  // namespace clustersim::sim
