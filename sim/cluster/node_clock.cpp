#include "sim/cluster/node_clock.h"

#include <limits>

#include "model/assert.h"

namespace clustersim::sim {
namespace {

// Readings scale 64-bit nanoseconds by a rate: the product needs 128 bits.
__extension__ typedef __int128 Wide;

constexpr Wide billion = 1'000'000'000;

// Clamps to the nanosecond range, so that a clock near the end of time saturates as Time does.
std::int64_t clamp_ns(Wide value) {
  constexpr Wide max = std::numeric_limits<std::int64_t>::max();
  constexpr Wide min = std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(value > max ? max : value < min ? min : value);
}

// Division rounded towards minus infinity, so that readings are floors whatever the sign.
Wide floor_div(Wide a, Wide b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

}  // namespace

NodeClock::NodeClock(std::int64_t drift_ppb, Duration wall_offset)
    : drift_ppb_(drift_ppb), wall_offset_(wall_offset) {
  CLUSTERSIM_ASSERT(drift_ppb > -billion && drift_ppb < billion);
}

Duration NodeClock::local(Time at) const {
  const Wide t = at.time_since_epoch().count();
  if (drift_ppb_ == 0) return Duration{static_cast<std::int64_t>(t)};
  // Rounded down: a reading never runs ahead of the instant it is taken at.
  return Duration{clamp_ns(floor_div(t * (billion + drift_ppb_), billion))};
}

Time NodeClock::true_time_of(Duration local_reading) const {
  if (drift_ppb_ == 0) return time_zero + local_reading;
  // An estimate within a nanosecond or two, then stepped to the first instant whose reading
  // has arrived: local() is monotonic, so that instant is unique.
  const Wide estimate = floor_div(Wide{local_reading.count()} * billion, billion + drift_ppb_);
  Time at = time_zero + Duration{clamp_ns(estimate)};
  while (at > Time::min() && local(at - Duration{1}) >= local_reading) at -= Duration{1};
  while (at < Time::max() && local(at) < local_reading) at += Duration{1};
  return at;
}

}  // namespace clustersim::sim
