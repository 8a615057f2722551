#include "sim/cluster/node_clock.h"

#include <cmath>

#include "model/assert.h"
#include "model/time_arithmetic.h"

namespace clustersim::sim {
namespace {

constexpr std::int64_t billion = 1'000'000'000;

// a / b rounded towards minus infinity (b > 0), so that readings are floors whatever the sign.
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && (a < 0) ? 1 : 0); }

}  // namespace

NodeClock::NodeClock(std::int64_t drift_ppb, Duration wall_offset)
    : drift_ppb_(drift_ppb), wall_offset_(wall_offset), true_per_local_(1.0 / (1.0 + static_cast<double>(drift_ppb) * 1e-9)) {
  // |drift| <= 1000 ppm keeps every product below in 64 bits (NodeTiming allows 500).
  CLUSTERSIM_ASSERT(drift_ppb >= -1'000'000 && drift_ppb <= 1'000'000);
}

Duration NodeClock::local(Time at) const {
  const std::int64_t t = at.time_since_epoch().count();
  if (drift_ppb_ == 0) return Duration{t};
  // t + floor(t * drift / 1e9), exactly, in 64 bits: t split into whole seconds and the rest
  // (|seconds * drift| < 9.3e15, |rest * drift| < 1e15). Rounded down: a reading never runs
  // ahead of the instant it is taken at.
  const std::int64_t seconds = floor_div(t, billion);
  const std::int64_t rest = t - seconds * billion;
  return Duration{model::saturating_add(t, seconds * drift_ppb_ + floor_div(rest * drift_ppb_, billion))};
}

Duration NodeClock::true_span(Duration local_span) const {
  if (drift_ppb_ == 0 || local_span <= Duration{0}) return local_span;
  // local(t + x) >= local(t) + floor(x * (1 + drift)), so x = ceil(span / (1 + drift)) gives at
  // least the span; the extra nanosecond covers the double's rounding.
  const double span = std::ceil(static_cast<double>(local_span.count()) * true_per_local_);
  return span >= 9.2e18 ? Duration::max() : Duration{static_cast<std::int64_t>(span) + 1};
}

Time NodeClock::true_time_of(Duration local_reading) const {
  if (drift_ppb_ == 0) return time_zero + local_reading;
  // An estimate within a few nanoseconds (a double's 53 bits, deterministic as IEEE
  // arithmetic is), then stepped to the first instant whose reading has arrived: local() is
  // monotonic, so that instant is unique.
  const double estimate = static_cast<double>(local_reading.count()) * true_per_local_;
  constexpr double end = 9.2e18;  // inside the 64-bit range, whose end is "never" anyway
  Time at = estimate >= end ? Time::max() : estimate <= -end ? Time::min() : time_zero + Duration{static_cast<std::int64_t>(estimate)};
  while (at > Time::min() && local(at - Duration{1}) >= local_reading) at -= Duration{1};
  while (at < Time::max() && local(at) < local_reading) at += Duration{1};
  return at;
}

}  // namespace clustersim::sim
