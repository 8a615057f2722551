// A cumulative distribution plot as a self-contained SVG: one curve per series, x linear or
// logarithmic. The x axis has round ticks in a unit people read (values in milliseconds are
// labelled "250ms" or "1.5s"; counts as plain numbers), both axes are labelled, and the legend
// sits under the plot, one series a line, so that long names are never cut. Used by
// `clustersim sweep --plot` and tools/experiments.sh.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace clustersim::sim {

struct CdfSeries {
  std::string name;
  std::vector<double> values;  // the measured values, any order
  std::size_t total = 0;       // trials, measured or not: unmeasured ones keep the curve below 100%
};

enum class CdfUnit { milliseconds, count };

// `quantity` names what x is ("downtime"); the axis label adds the unit.
std::string cdf_svg(const std::string& title, const std::string& quantity, const std::vector<CdfSeries>& series,
                    bool log_x, CdfUnit unit);

// A tick's text: milliseconds as "250ms" or "1.5s" (from a second on), counts as numbers.
std::string cdf_tick_label(double value, CdfUnit unit);

}  // namespace clustersim::sim
