// Timelines: one lane per node, every mark with its details, close marks merged.
#include <gtest/gtest.h>

#include "sim/scenario/scenario_parser.h"
#include "sim/timeline/timeline.h"
#include "tests/scenario/text_count.h"

namespace clustersim::sim {
namespace {

RunResult run_of(const std::string& name) {
  return run_scenario(load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/" + name));
}

TEST(Timeline, draws_one_lane_per_node_with_roles_reports_and_faults) {
  const RunResult run = run_of("seven_nodes_two_partitions.json");
  const std::string svg = timeline_svg(run);
  EXPECT_EQ(count(svg, "<g class=\"lane\""), 7u);
  EXPECT_NE(svg.find(": Leader in term"), std::string::npos);
  EXPECT_NE(svg.find(": Follower in term"), std::string::npos);
  EXPECT_GE(count(svg, "class=\"fault\""), 2u);  // two partitions
  EXPECT_NE(svg.find("'s tracker: has_leader("), std::string::npos);
  EXPECT_NE(svg.find("reports no leader"), std::string::npos);
}

TEST(Timeline, marks_the_mesh_events_beside_the_trackers) {
  const RunResult run = run_of("mesh_peer_restart_backoff.json");
  const std::string svg = timeline_svg(run);
  ASSERT_FALSE(run.mesh_events.empty());
  // Each peer that lost the crashed node's channel says so in its lane's marks.
  EXPECT_EQ(count(svg, "&quot;eventType&quot;:&quot;peer.disconnected&quot;"), 4u) << svg.substr(0, 2000);
}

TEST(Timeline, merges_marks_closer_than_a_few_pixels_and_keeps_every_one_counted) {
  // Fifty minutes of a follower flapping every 6 s, under openziti (which reports every flap):
  // about 3.5 s of simulated time per pixel, so consecutive reports share pixels.
  Scenario scenario = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/follower_flap_fast.json");
  scenario.policy = model::TrackerPolicy::openziti;
  std::get<FlapNode>(scenario.timeline[0].action).flap.end = time_zero + std::chrono::minutes(50);
  scenario.timeline[1].at = time_zero + std::chrono::minutes(50);
  scenario.duration = std::chrono::minutes(51);
  const RunResult run = run_scenario(scenario);
  const std::string svg = timeline_svg(run);
  const std::size_t marks = count(svg, "class=\"mark\"");
  EXPECT_LT(marks, run.events.size());  // some were drawn together...
  EXPECT_GT(marks, 0u);
  EXPECT_GE(count(svg, ">x"), 1u);      // ...and say how many they are
}

TEST(Timeline, html_is_self_contained_and_reports_its_lanes) {
  const std::string html = timeline_html(run_of("leader_crash.json"));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(html.find("src=\""), std::string::npos);  // nothing loaded from elsewhere
  EXPECT_NE(html.find("document.body.dataset.lanes"), std::string::npos);
  EXPECT_NE(html.find("data-status=\"loading\""), std::string::npos);
}

TEST(Timeline, hostile_names_are_escaped_in_svg_and_html) {
  Scenario scenario = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/steady_state.json");
  scenario.name = "a<b>&\"c'\x01\x7f";
  scenario.duration = std::chrono::seconds(5);
  const RunResult run = run_scenario(scenario);
  for (const std::string& page : {timeline_svg(run), timeline_html(run)}) {
    EXPECT_EQ(page.find("a<b>"), std::string::npos);
    EXPECT_NE(page.find("a&lt;b&gt;&amp;&quot;c'\xEF\xBF\xBD\xEF\xBF\xBD"), std::string::npos);
    EXPECT_EQ(page.find('\x01'), std::string::npos);
    EXPECT_EQ(page.find('\x7f'), std::string::npos);
  }
}

}  // namespace
}  // namespace clustersim::sim
