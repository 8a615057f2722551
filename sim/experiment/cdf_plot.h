// A cumulative distribution plot as a self-contained SVG: one curve per series, x linear or
// logarithmic. Used by `clustersim sweep --plot` and tools/experiments.sh.
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

std::string cdf_svg(const std::string& title, const std::string& x_label,
                    const std::vector<CdfSeries>& series, bool log_x);

}  // namespace clustersim::sim
