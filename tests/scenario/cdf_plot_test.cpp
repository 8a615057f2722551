// CDF plots people can read: ticks in milliseconds or seconds at round values, labelled axes,
// and a legend under the plot that no long series name runs out of.
#include <gtest/gtest.h>

#include <regex>

#include "sim/experiment/cdf_plot.h"

namespace clustersim::sim {
namespace {

std::vector<std::string> ticks_of(const std::string& svg) {
  std::vector<std::string> ticks;
  const std::regex tick("class=\"tick\">([^<]*)<");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), tick); it != std::sregex_iterator(); ++it) ticks.push_back((*it)[1]);
  return ticks;
}

TEST(CdfPlot, ticks_are_round_in_milliseconds_or_seconds) {
  EXPECT_EQ(cdf_tick_label(250, CdfUnit::milliseconds), "250ms");
  EXPECT_EQ(cdf_tick_label(1500, CdfUnit::milliseconds), "1.5s");
  EXPECT_EQ(cdf_tick_label(3160, CdfUnit::milliseconds), "3.16s");
  EXPECT_EQ(cdf_tick_label(7, CdfUnit::count), "7");
  const std::string linear = cdf_svg("t", "downtime", {{"a", {130, 480, 2950}, 3}}, false, CdfUnit::milliseconds);
  EXPECT_EQ(ticks_of(linear), (std::vector<std::string>{"0ms", "500ms", "1s", "1.5s", "2s", "2.5s", "3s"}));
  const std::string log = cdf_svg("t", "downtime", {{"a", {130, 480, 2950}, 3}}, true, CdfUnit::milliseconds);
  EXPECT_EQ(ticks_of(log), (std::vector<std::string>{"100ms", "1s", "10s"}));
  EXPECT_NE(log.find("downtime (time), log scale"), std::string::npos);
  EXPECT_NE(log.find(">trials at or below</text>"), std::string::npos);
  const std::string counts = cdf_svg("t", "elections", {{"a", {1, 2, 3, 9}, 4}}, false, CdfUnit::count);
  EXPECT_EQ(ticks_of(counts), (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "9"}));
  EXPECT_NE(counts.find("elections (count)"), std::string::npos);
}

TEST(CdfPlot, the_legend_has_a_line_per_series_under_the_plot) {
  const std::string name = "cluster.election_timeout_max=155ms, tracker.stability_window=10s, leader_crash_150-300";
  const std::string svg = cdf_svg("t", "downtime", {{name, {100, 200}, 3}, {"short", {150}, 1}}, false, CdfUnit::milliseconds);
  const std::regex legend("<text x=\"([0-9.]+)\" y=\"([0-9.]+)\" class=\"legend\">([^<]*)<");
  std::vector<std::smatch> lines;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), legend); it != std::sregex_iterator(); ++it) lines.push_back(*it);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0][3].str(), name + " (1 never)");
  EXPECT_LT(std::stod(lines[0][1].str()) + 6.5 * static_cast<double>(name.size()), 760.0) << "it fits the width";
  EXPECT_GT(std::stod(lines[1][2].str()), std::stod(lines[0][2].str()));  // one under the other
  const std::regex height("<svg [^>]*height=\"([0-9.]+)\"");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(svg, m, height));
  EXPECT_GT(std::stod(m[1]), std::stod(lines[1][2].str()));  // inside the picture
}

}  // namespace
}  // namespace clustersim::sim
