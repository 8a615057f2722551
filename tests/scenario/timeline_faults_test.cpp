// Timelines that explain a run: faults drawn as the network made them (each flap's down
// phases, each partition side, a one-way cut's direction), each leader's term, a failed
// check at its time, the time from a leader's crash until every tracker moved, round axis
// ticks in one unit, the legend before the lanes, thin lanes for large clusters.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/timeline/timeline.h"
#include "tests/scenario/text_count.h"
#include "sim/timeline/timeline_picture.h"

namespace clustersim::sim {
namespace {

// A full trace's run: its faults are known as they happened.
RunResult traced_run(const std::string& name, const std::string& text = "") {
  const Scenario scenario = text.empty() ? load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/" + name)
                                         : parse_scenario(text, name);
  RunOptions options;
  options.trace_level = TraceLevel::decisions;
  return run_scenario(scenario, options);
}

// The value of attribute `name` in `line` ("" when it has none).
std::string attribute(const std::string& line, const std::string& name) {
  const std::size_t at = line.find(" " + name + "=\"");
  if (at == std::string::npos) return "";
  const std::size_t start = at + name.size() + 3;
  return line.substr(start, line.find('"', start) - start);
}

// Each rect of a kind: (its lane, its fill).
std::vector<std::pair<std::string, std::string>> bands_of(const std::string& svg, const std::string& kind) {
  std::vector<std::pair<std::string, std::string>> bands;
  std::string current;
  std::istringstream in(svg);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("<g class=\"lane\"", 0) == 0) current = attribute(line, "data-node");
    if (line.rfind("<rect ", 0) == 0 && attribute(line, "data-kind") == kind) bands.emplace_back(current, attribute(line, "fill"));
  }
  return bands;
}

TEST(TimelineFaults, each_flap_down_phase_is_drawn_as_it_happened) {
  const std::string svg = timeline_svg(traced_run("node_flap_leader.json"));
  const auto phases = bands_of(svg, "flap-down");
  ASSERT_GT(phases.size(), 10u) << "a flap is many down phases, not one band";
  EXPECT_NE(svg.find("<title>flap: down from "), std::string::npos);
  EXPECT_NE(svg.find("flap: links down"), std::string::npos);  // in the legend
  // Without a full trace the scenario's description is drawn: one band over the flap's span.
  const std::string described = timeline_svg(run_scenario(load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/node_flap_leader.json")));
  EXPECT_LT(count(described, "data-kind=\"flap\""), phases.size());
}

TEST(TimelineFaults, each_partition_side_has_its_colour_and_a_one_way_cut_its_direction) {
  const std::string svg = timeline_svg(traced_run("seven_nodes_two_partitions.json"));
  const auto first = bands_of(svg, "partition-side-1"), second = bands_of(svg, "partition-side-2");
  ASSERT_FALSE(first.empty());
  ASSERT_FALSE(second.empty());
  EXPECT_NE(first.front().second, second.front().second);
  EXPECT_NE(svg.find("<title>partition side 1 of 2: {"), std::string::npos);
  std::set<std::string> lanes;
  for (const auto& [lane, fill] : first) lanes.insert(lane);
  for (const auto& [lane, fill] : second) lanes.insert(lane);
  EXPECT_EQ(lanes.size(), 7u);  // every node is on a side
  const std::string one_way = timeline_svg(traced_run("one_way_leader_cannot_send.json"));
  const auto senders = bands_of(one_way, "cannot-send"), receivers = bands_of(one_way, "cannot-hear");
  ASSERT_EQ(senders.size(), 1u);
  EXPECT_EQ(receivers.size(), 4u);
  EXPECT_NE(one_way.find(" cannot send to {"), std::string::npos);
  EXPECT_NE(one_way.find(" hears nothing from {" + senders.front().first + "}"), std::string::npos) << senders.front().first;
}

TEST(TimelineFaults, a_leaders_term_its_crash_until_trackers_moved_and_a_failed_check_are_marked) {
  const RunResult crash = traced_run("leader_crash.json");
  const std::string svg = timeline_svg(crash);
  EXPECT_NE(svg.find(">t1</text>"), std::string::npos);
  EXPECT_NE(svg.find(">t2</text>"), std::string::npos);
  EXPECT_NE(svg.find(">ctrl3 crash: trackers on ctrl4 in 7.13s</text>"), std::string::npos) << svg.substr(0, 3000);
  const RunResult strict = traced_run("strict.json", R"({"name": "strict", "purpose": "Expects the impossible.",
"duration": "20s", "cluster": {"nodes": 3}, "timeline": [], "expect": {"final": {"all": "is_leaderless"}}})");
  const OracleReport report = check_run(strict, nullptr);
  const std::string failed = timeline_svg(strict, &report);
  EXPECT_EQ(count(failed, "class=\"moment\" data-kind=\"failure\""), 1u);
  EXPECT_NE(failed.find(">FAIL expectations</text>"), std::string::npos);
  EXPECT_NE(failed.find("<title>expectations failed: "), std::string::npos);
  EXPECT_NE(failed.find("a check failed (dashed line)"), std::string::npos);
  EXPECT_EQ(timeline_svg(strict).find("data-kind=\"failure\""), std::string::npos);  // no report, no mark
}

TEST(TimelineFaults, axis_ticks_are_round_in_one_unit) {
  const auto labels = [](std::int64_t span) {
    std::string text;
    for (const AxisTick& tick : round_ticks(span)) text += tick.label + " ";
    return text;
  };
  EXPECT_EQ(labels(60'000'000'000), "0s 5s 10s 15s 20s 25s 30s 35s 40s 45s 50s 55s 60s ");
  EXPECT_EQ(labels(120'000'000'000), "0s 10s 20s 30s 40s 50s 60s 70s 80s 90s 100s 110s 120s ");
  EXPECT_EQ(labels(1'500'000'000), "0.0s 0.2s 0.4s 0.6s 0.8s 1.0s 1.2s 1.4s ");
  EXPECT_EQ(labels(3'600'000'000'000), "0min 5min 10min 15min 20min 25min 30min 35min 40min 45min 50min 55min 60min ");
  EXPECT_EQ(labels(86'400'000'000'000), "0h 2h 4h 6h 8h 10h 12h 14h 16h 18h 20h 22h 24h ");
  EXPECT_EQ(labels(50'000'000), "0ms 5ms 10ms 15ms 20ms 25ms 30ms 35ms 40ms 45ms 50ms ");
}

TEST(TimelineFaults, the_legend_comes_before_the_lanes_and_many_lanes_are_thin) {
  const std::string svg = timeline_svg(traced_run("leader_crash.json"));
  EXPECT_LT(svg.find("class=\"legend\""), svg.find("<g class=\"lane\""));
  std::string nodes = R"({"name": "wide", "purpose": "A hundred and one controllers.", "duration": "20s",
"cluster": {"nodes": 101}, "timeline": []})";
  const std::string wide = timeline_svg(traced_run("wide.json", nodes));
  EXPECT_EQ(count(wide, "<g class=\"lane\""), 101u);
  EXPECT_LT(std::stod(attribute(wide.substr(0, wide.find('>')), "height")), 2600.0) << "101 lanes of 24 px and the header";
}

}  // namespace
}  // namespace clustersim::sim
