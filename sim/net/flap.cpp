#include "sim/net/flap.h"

#include <cmath>

namespace clustersim::sim {

Duration FlapSpec::down_phase() const {
  return Duration{std::llround(static_cast<double>(period.count()) * down_fraction)};
}

std::optional<std::string> FlapSpec::problem() const {
  if (end <= start) return "flap must end after it starts";
  if (period <= Duration{0}) return "flap period must be positive";
  // A link that toggles faster than a millisecond is losing messages, which `loss` models; its
  // toggles would otherwise fill the event queue and never let a run end.
  if (period < std::chrono::milliseconds(1)) return "flap period must be at least 1ms";
  // Each period is two toggles, each an event in every affected queue: a million periods are
  // already seconds of CPU, and a 1ms flap over a 30-day run (2.6 billion) would never end.
  if ((end - start) / period > flap_periods_max) {
    return "flap of " + std::to_string((end - start) / period) + " periods: at most " +
           std::to_string(flap_periods_max) + " (a longer period, or a shorter flap)";
  }
  if (!(down_fraction > 0.0 && down_fraction < 1.0)) {
    return "flap duty cycle (fraction of each period down) must be strictly between 0 and 1";
  }
  if (down_phase() <= Duration{0} || up_phase() <= Duration{0}) {
    return "flap period is too short for its duty cycle: a phase would be 0ns";
  }
  if (jitter < Duration{0}) return "flap jitter must not be negative";
  if (jitter >= down_phase() || jitter >= up_phase()) {
    return "flap jitter must be shorter than both the down and the up phase";
  }
  return std::nullopt;
}

}  // namespace clustersim::sim
