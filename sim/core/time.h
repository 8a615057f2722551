// Virtual time for the simulator: signed 64-bit nanoseconds, and human durations.
//
// `Duration` is std::chrono::nanoseconds so that model/ (which takes time as an argument and
// knows nothing of sim/) and sim/ share one unit without conversions. `Time` is a point on the
// virtual clock, which starts at zero when a simulation starts and never reads a real clock.
// parse_duration / format_duration are what scenario files, the CLI and reports use.
#pragma once

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "model/time_arithmetic.h"

namespace clustersim::sim {

using Duration = std::chrono::nanoseconds;

// A clock tag for virtual time points. It has no now(): only the Kernel knows the time.
struct VirtualClock {
  using duration = Duration;
  using rep = Duration::rep;
  using period = Duration::period;
  using time_point = std::chrono::time_point<VirtualClock, Duration>;
  static constexpr bool is_steady = true;
};

using Time = VirtualClock::time_point;

constexpr Time time_zero{};

// Virtual time from a count of nanoseconds since the start of the simulation.
constexpr Time time_from_ns(std::int64_t ns) { return Time{Duration{ns}}; }
constexpr std::int64_t time_ns(Time t) { return t.time_since_epoch().count(); }

// t + d, saturating at the end of time ("never") instead of wrapping: model/time_arithmetic.h.
constexpr Time later(Time t, Duration d) { return Time{model::saturating_add(t.time_since_epoch(), d)}; }

// Thrown by parse_duration; what() says which text was rejected and why.
class DurationError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Parses a non-negative human duration: one or more <number><unit> parts with units in
// decreasing order, for example "150ms", "1.5s", "2m", "1m30s", "250us", "0". Units: h, m, s,
// ms, us, ns. The value must be a whole number of nanoseconds and fit in 64 bits.
// Throws DurationError naming the text and the problem.
Duration parse_duration(std::string_view text);

// The shortest exact form that parse_duration reads back to the same value:
// 0 -> "0s", 90'000'000'000 -> "90s", 1'500'000 -> "1.5ms", 7'200'000'000'000 -> "2h".
std::string format_duration(Duration duration);

// format_duration rounded to the millisecond, as reports write their figures: "1.5s".
inline std::string format_milliseconds(Duration duration) {
  return format_duration(std::chrono::round<std::chrono::milliseconds>(duration));
}

// format_duration of the time since the start of the simulation, for log lines.
inline std::string format_time(Time t) { return format_duration(t.time_since_epoch()); }

}  // namespace clustersim::sim
