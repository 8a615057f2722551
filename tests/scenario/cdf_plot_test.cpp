// CDF plots people can read: ticks in milliseconds or seconds at round values, labelled axes,
// and a legend under the plot that no long series name runs out of.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sim/experiment/cdf_plot.h"

namespace clustersim::sim {
namespace {

// The value of attribute `name` in the tag that starts at or before `at`.
std::string attribute_before(const std::string& svg, std::size_t at, const std::string& name) {
  const std::size_t tag = svg.rfind('<', at);
  const std::size_t start = svg.find(" " + name + "=\"", tag) + name.size() + 3;
  return svg.substr(start, svg.find('"', start) - start);
}

// The text of every element whose attributes end with `marker` ("class=\"tick\">").
std::vector<std::pair<std::size_t, std::string>> texts_after(const std::string& svg, const std::string& marker) {
  std::vector<std::pair<std::size_t, std::string>> texts;
  for (std::size_t at = svg.find(marker); at != std::string::npos; at = svg.find(marker, at + 1)) {
    const std::size_t start = at + marker.size();
    texts.emplace_back(at, svg.substr(start, svg.find('<', start) - start));
  }
  return texts;
}

std::vector<std::string> ticks_of(const std::string& svg) {
  std::vector<std::string> ticks;
  for (const auto& [at, text] : texts_after(svg, "class=\"tick\">")) ticks.push_back(text);
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
  const auto lines = texts_after(svg, "class=\"legend\">");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].second, name + " (1 never)");
  const double x0 = std::stod(attribute_before(svg, lines[0].first, "x"));
  const double y0 = std::stod(attribute_before(svg, lines[0].first, "y"));
  const double y1 = std::stod(attribute_before(svg, lines[1].first, "y"));
  EXPECT_LT(x0 + 6.5 * static_cast<double>(name.size()), 760.0) << "it fits the width";
  EXPECT_GT(y1, y0);  // one under the other
  EXPECT_GT(std::stod(attribute_before(svg, svg.find("<svg ") + 1, "height")), y1);  // inside the picture
}

}  // namespace
}  // namespace clustersim::sim
