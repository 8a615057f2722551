#include "sim/svg/svg_text.h"
#include "sim/experiment/cdf_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace clustersim::sim {
namespace {

constexpr const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};


}  // namespace

std::string cdf_svg(const std::string& title, const std::string& x_label, const std::vector<CdfSeries>& series,
                    bool log_x) {
  const double width = 760, height = 440, left = 60, right = 230, top = 36, bottom = 56;
  double lo = INFINITY, hi = -INFINITY;
  for (const CdfSeries& s : series) {
    for (double v : s.values) {
      if (log_x && v <= 0) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!(lo < hi)) {
    lo = lo == INFINITY ? 0 : lo;
    hi = lo + 1;
  }
  if (log_x) {
    lo = std::pow(10, std::floor(std::log10(lo)));
    hi = std::pow(10, std::ceil(std::log10(hi)));
  }
  auto x = [&](double v) {
    const double f = log_x ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) : (v - lo) / (hi - lo);
    return left + f * (width - left - right);
  };
  auto y = [&](double p) { return top + (1 - p) * (height - top - bottom); };
  char b[256];
  std::string svg;
  std::snprintf(b, sizeof b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height);
  svg += b;
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  std::snprintf(b, sizeof b, "<text x=\"%.0f\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">", (width - right + left) / 2);
  svg += b + svg_escape(title) + "</text>\n";
  std::snprintf(b, sizeof b, "<path d=\"M%.1f %.1f V%.1f H%.1f\" fill=\"none\" stroke=\"black\"/>\n", left, top, height - bottom, width - right);
  svg += b;
  for (int i = 0; i <= 4; ++i) {
    std::snprintf(b, sizeof b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n", left - 6, y(i / 4.0) + 4, i * 25);
    svg += b;
  }
  for (int i = 0; i <= 4; ++i) {
    const double v = log_x ? std::pow(10, std::log10(lo) + i * (std::log10(hi) - std::log10(lo)) / 4) : lo + i * (hi - lo) / 4;
    std::snprintf(b, sizeof b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.3g</text>\n", x(v), height - bottom + 18, v);
    svg += b;
  }
  std::snprintf(b, sizeof b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", (width - right + left) / 2, height - 14);
  svg += b + svg_escape(x_label + (log_x ? " (log scale)" : "")) + "</text>\n";
  for (std::size_t i = 0; i < series.size(); ++i) {
    std::vector<double> values;
    for (double v : series[i].values) {
      if (!log_x || v > 0) values.push_back(v);
    }
    std::sort(values.begin(), values.end());
    const char* colour = palette[i % (sizeof palette / sizeof palette[0])];
    std::string points;
    const double total = static_cast<double>(std::max(series[i].total, values.size()));
    for (std::size_t k = 0; k < values.size(); ++k) {
      const double p0 = static_cast<double>(k) / total;
      const double p1 = static_cast<double>(k + 1) / total;
      std::snprintf(b, sizeof b, "%.1f,%.1f %.1f,%.1f ", x(values[k]), y(p0), x(values[k]), y(p1));
      points += b;
    }
    svg += "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" + std::string(colour) + "\" points=\"" + points + "\"/>\n";
    std::snprintf(b, sizeof b, "<rect x=\"%.0f\" y=\"%.0f\" width=\"12\" height=\"3\" fill=\"%s\"/>\n", width - right + 12, top + 10 + 16.0 * static_cast<double>(i), colour);
    svg += b;
    std::snprintf(b, sizeof b, "<text x=\"%.0f\" y=\"%.0f\">", width - right + 30, top + 15 + 16.0 * static_cast<double>(i));
    const std::size_t missing = series[i].total > values.size() ? series[i].total - values.size() : 0;
    svg += b + svg_escape(series[i].name + (missing > 0 ? " (" + std::to_string(missing) + " never)" : "")) + "</text>\n";
  }
  return svg + "</svg>\n";
}

}  // namespace clustersim::sim
