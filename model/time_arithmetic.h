// Sums of instants and durations that cannot overflow, used wherever the project adds time:
// the model's timers and tracker deadlines, the kernel, the network, the scenario actions,
// the oracles and the wall-clock mapping.
//
// Decided once: saturate. A sum past the range of 64-bit nanoseconds (about 292 years) holds
// at the range's end, which means "never": no run reaches it (a run is at most 30 days,
// scenarios/README.md), so a timer armed there simply does not fire. The inputs are bounded
// well inside the range before anything runs (each limit is checked by the scenario reader
// with a message), so saturation is the last line of defence, never a silent result: without
// it a wrapped sum would fire at once, or before the present, and corrupt a run.
// Lives at the bottom of the dependency graph (model/), like assert.h, so both model/ and
// sim/ use the same arithmetic.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>

namespace clustersim::model {

// a + b, held at the nearest end of the int64 range instead of wrapping.
constexpr std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) {
    return b > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
  }
  return sum;
}

// a - b, held likewise: the time between two instants anywhere in the range (a log's
// timestamps span 1677 to 2262, all of it).
constexpr std::int64_t saturating_sub(std::int64_t a, std::int64_t b) {
  std::int64_t difference = 0;
  if (__builtin_sub_overflow(a, b, &difference)) {
    return a > b ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
  }
  return difference;
}

constexpr std::chrono::nanoseconds saturating_add(std::chrono::nanoseconds a, std::chrono::nanoseconds b) {
  return std::chrono::nanoseconds{saturating_add(a.count(), b.count())};
}

}  // namespace clustersim::model
