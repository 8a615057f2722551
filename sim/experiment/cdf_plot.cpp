#include "sim/experiment/cdf_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sim/svg/svg_text.h"

namespace clustersim::sim {
namespace {

constexpr const char* palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                   "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
constexpr double width = 760, plot_height = 400, left = 70, right = 30, top = 36, bottom = 56, legend_line = 16;

// Round ticks on a linear axis from the round value at or below lo to the one at or above hi:
// a step of 1, 2 or 5 times a power of ten giving at most 10 steps.
std::vector<double> linear_ticks(double lo, double hi) {
  const double span = hi - lo;
  double step = std::pow(10, std::floor(std::log10(span)));
  for (double m : {0.1, 0.2, 0.5, 1.0, 2.0, 5.0}) {
    if (span / (step * m) <= 10) {
      step *= m;
      break;
    }
  }
  std::vector<double> ticks;
  const double last = std::ceil(hi / step - 1e-9) * step;
  for (double v = std::floor(lo / step + 1e-9) * step; v <= last + step * 1e-9; v += step) {
    ticks.push_back(std::abs(v) < step * 1e-9 ? 0 : v);
  }
  return ticks;
}

std::string trimmed(double value) {
  char b[40];
  std::snprintf(b, sizeof b, "%.3f", value);
  std::string text = b;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

std::string cdf_tick_label(double value, CdfUnit unit) {
  if (unit == CdfUnit::count) return trimmed(value);
  if (std::abs(value) >= 1000) return trimmed(value / 1000) + "s";
  return trimmed(value) + "ms";
}

std::string cdf_svg(const std::string& title, const std::string& quantity, const std::vector<CdfSeries>& series, bool log_x,
                    CdfUnit unit) {
  double lo = INFINITY, hi = -INFINITY;
  for (const CdfSeries& s : series) {
    for (double v : s.values) {
      if (log_x && v <= 0) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (!(lo < hi)) {
    lo = lo == INFINITY ? (log_x ? 1 : 0) : lo;
    hi = log_x ? lo * 10 : lo + 1;
  }
  std::vector<double> ticks;
  if (log_x) {
    lo = std::pow(10, std::floor(std::log10(lo)));
    hi = std::pow(10, std::ceil(std::log10(hi)));
    for (double v = lo; v <= hi * 1.000001; v *= 10) ticks.push_back(v);
  } else {
    ticks = linear_ticks(lo, hi);
    if (!ticks.empty()) {
      lo = std::min(lo, ticks.front());
      hi = std::max(hi, ticks.back());
    }
  }
  const auto x = [&](double v) {
    const double f = log_x ? (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) : (v - lo) / (hi - lo);
    return left + f * (width - left - right);
  };
  const auto y = [&](double p) { return top + (1 - p) * (plot_height - top - bottom); };
  const double height = plot_height + legend_line * static_cast<double>(series.size()) + 8;
  char b[256];
  std::string svg;
  std::snprintf(b, sizeof b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" font-family=\"sans-serif\" font-size=\"12\">\n", width, height);
  svg += b;
  svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  std::snprintf(b, sizeof b, "<text x=\"%.0f\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">", (width - right + left) / 2);
  svg += b + svg_escape(title) + "</text>\n";
  std::snprintf(b, sizeof b, "<path d=\"M%.1f %.1f V%.1f H%.1f\" fill=\"none\" stroke=\"black\"/>\n", left, top, plot_height - bottom,
                width - right);
  svg += b;
  for (int i = 0; i <= 4; ++i) {
    std::snprintf(b, sizeof b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>\n", left - 6, y(i / 4.0) + 4, i * 25);
    svg += b;
  }
  std::snprintf(b, sizeof b, "<text transform=\"translate(16,%.1f) rotate(-90)\" text-anchor=\"middle\">trials at or below</text>\n",
                (top + plot_height - bottom) / 2);
  svg += b;
  for (double v : ticks) {
    std::snprintf(b, sizeof b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>", x(v), x(v),
                  plot_height - bottom, plot_height - bottom + 4);
    svg += b;
    std::snprintf(b, sizeof b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">", x(v), plot_height - bottom + 18);
    svg += b + svg_escape(cdf_tick_label(v, unit)) + "</text>\n";
  }
  std::snprintf(b, sizeof b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", (width - right + left) / 2, plot_height - 14);
  svg += b + svg_escape(quantity + (unit == CdfUnit::milliseconds ? " (time)" : " (count)") + (log_x ? ", log scale" : "")) +
         "</text>\n";
  for (std::size_t i = 0; i < series.size(); ++i) {
    std::vector<double> values;
    for (double v : series[i].values) {
      if (!log_x || v > 0) values.push_back(v);
    }
    std::sort(values.begin(), values.end());
    const char* colour = palette[i % std::size(palette)];
    std::string points;
    const double total = static_cast<double>(std::max(series[i].total, values.size()));
    for (std::size_t k = 0; k < values.size(); ++k) {
      const double p0 = static_cast<double>(k) / total;
      const double p1 = static_cast<double>(k + 1) / total;
      std::snprintf(b, sizeof b, "%.1f,%.1f %.1f,%.1f ", x(values[k]), y(p0), x(values[k]), y(p1));
      points += b;
    }
    svg += "<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"" + std::string(colour) + "\" points=\"" + points + "\"/>\n";
    // The legend under the plot, a line each: as wide as the picture, so no name is cut.
    const double ly = plot_height + legend_line * static_cast<double>(i);
    std::snprintf(b, sizeof b, "<rect x=\"%.0f\" y=\"%.0f\" width=\"14\" height=\"3\" fill=\"%s\"/>\n", left, ly - 4, colour);
    svg += b;
    std::snprintf(b, sizeof b, "<text x=\"%.0f\" y=\"%.0f\" class=\"legend\">", left + 20, ly);
    const std::size_t missing = series[i].total > values.size() ? series[i].total - values.size() : 0;
    svg += b + svg_escape(series[i].name + (missing > 0 ? " (" + std::to_string(missing) + " never)" : "")) + "</text>\n";
  }
  return svg + "</svg>\n";
}

}  // namespace clustersim::sim
