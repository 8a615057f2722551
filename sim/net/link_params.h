// Parameters of one directed simulated link: how long a message takes and how often it is
// lost, duplicated or reordered.
//
// The Network holds one LinkParams per directed link (from -> to); scenario files set defaults
// and per-link overrides. Values are checked with problem() before a simulation starts, so a
// bad scenario is rejected with a message instead of asserting mid-run.
#pragma once

#include <optional>
#include <string>

#include "sim/core/random.h"
#include "sim/core/time.h"

namespace clustersim::sim {

// Distribution of one-way message latency.
// The longest latency a link may have (see LatencyModel::problem).
inline constexpr Duration latency_max = std::chrono::hours(1);

struct LatencyModel {
  enum class Kind : std::uint8_t {
    fixed,     // always `low`
    uniform,   // uniform in [low, high]
    lognormal  // median * exp(sigma * N(0,1)), capped at `high`: a long-tailed network
  };

  Kind kind = Kind::fixed;
  Duration low{0};
  Duration high{0};
  Duration median{0};
  double sigma = 0.0;

  static LatencyModel fixed(Duration latency);
  static LatencyModel uniform(Duration low, Duration high);
  static LatencyModel lognormal(Duration median, double sigma, Duration cap);

  // One latency draw. Fixed latency consumes no random draws. Inline: every message, input
  // and timer takes one.
  Duration sample(Random& random) const {
    if (kind == Kind::fixed) return low;
    if (kind == Kind::uniform) return random.uniform_duration(low, high);
    return sample_lognormal(random);
  }

  // Why these values are unusable, or nothing if they are fine.
  std::optional<std::string> problem() const;

  friend bool operator==(const LatencyModel&, const LatencyModel&) = default;

 private:
  Duration sample_lognormal(Random& random) const;
};

struct LinkParams {
  LatencyModel latency = LatencyModel::fixed(Duration{1'000'000});  // 1 ms
  double loss = 0.0;       // probability a message is dropped
  double duplicate = 0.0;  // probability a second copy is delivered (own latency draw)
  double reorder = 0.0;    // probability a message skips FIFO order and takes an extra delay

  std::optional<std::string> problem() const;

  friend bool operator==(const LinkParams&, const LinkParams&) = default;
};

}  // namespace clustersim::sim
