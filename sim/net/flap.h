// Flapping: a link, or every link of a node, toggling down and up on a schedule.
//
// Flapping is a first-class fault because it is what floods monitoring with leader events in
// real clusters. From `start` the target goes down for period * down_fraction, then up for the
// rest of the period, and so on until `end`, when it is left up. Each phase length is moved by
// a uniform draw in [-jitter, +jitter] from the flap's own random stream.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/core/time.h"

namespace clustersim::sim {

// The most periods one flap runs (see FlapSpec::problem).
inline constexpr std::int64_t flap_periods_max = 1'000'000;

struct FlapSpec {
  Time start = time_zero;
  Time end = time_zero;
  Duration period{0};
  double down_fraction = 0.5;  // the duty cycle: share of each period spent down, in (0, 1)
  Duration jitter{0};
  bool one_way = false;  // link flaps only: affect from -> to but not to -> from

  Duration down_phase() const;
  Duration up_phase() const { return period - down_phase(); }

  // Why this flap cannot run, or nothing if it can.
  std::optional<std::string> problem() const;
};

}  // namespace clustersim::sim
