#include "sim/net/link_params.h"

#include <cmath>

#include "model/assert.h"

namespace clustersim::sim {
namespace {

std::optional<std::string> probability_problem(const char* field, double p) {
  if (!(p >= 0.0 && p <= 1.0)) {  // also rejects NaN
    return std::string(field) + " must be a probability in [0, 1], got " + std::to_string(p);
  }
  return std::nullopt;
}

}  // namespace

LatencyModel LatencyModel::fixed(Duration latency) {
  return LatencyModel{Kind::fixed, latency, latency, Duration{0}, 0.0};
}

LatencyModel LatencyModel::uniform(Duration low, Duration high) {
  return LatencyModel{Kind::uniform, low, high, Duration{0}, 0.0};
}

LatencyModel LatencyModel::lognormal(Duration median, double sigma, Duration cap) {
  return LatencyModel{Kind::lognormal, Duration{0}, cap, median, sigma};
}

Duration LatencyModel::sample_lognormal(Random& random) const {
  CLUSTERSIM_ASSERT(kind == Kind::lognormal);
  const double ns = static_cast<double>(median.count()) * std::exp(sigma * random.normal(0, 1));
  const double capped = std::min(ns, static_cast<double>(high.count()));
  return Duration{std::llround(capped)};
}

std::optional<std::string> LatencyModel::problem() const {
  // A message held for more than an hour is a partition, which a timeline states directly;
  // the bound also keeps "now + latency" far from overflowing.
  const Duration longest = kind == Kind::lognormal ? std::max(median, high) : std::max(low, high);
  if (longest > latency_max) return "latency must be at most 1h";
  switch (kind) {
    case Kind::fixed:
      if (low < Duration{0}) return "latency must not be negative";
      return std::nullopt;
    case Kind::uniform:
      if (low < Duration{0}) return "latency min must not be negative";
      if (high < low) return "latency max must not be less than min";
      return std::nullopt;
    case Kind::lognormal:
      if (median <= Duration{0}) return "latency median must be positive";
      if (!(sigma >= 0.0 && sigma <= 10.0)) return "latency sigma must be in [0, 10]";
      if (high < median) return "latency cap must not be less than the median";
      return std::nullopt;
  }
  return "unknown latency kind";
}

std::optional<std::string> LinkParams::problem() const {
  if (auto p = latency.problem()) return p;
  if (auto p = probability_problem("loss", loss)) return p;
  if (auto p = probability_problem("duplicate", duplicate)) return p;
  return probability_problem("reorder", reorder);
}

}  // namespace clustersim::sim
