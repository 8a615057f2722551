// The project's own pseudo-random numbers: xoshiro256** seeded through splitmix64, with its own
// distributions.
//
// Why not <random>: the standard distributions are implementation-defined, so the same seed
// would give different worlds with another standard library. Every draw here is specified by
// this file alone (floating-point draws also by the platform's libm log/exp/cos, which is fixed
// for a build). Golden-value tests pin the first outputs of each function.
//
// Streams: a simulation has one root seed; each subsystem, node and link draws from its own
// stream derived from that seed and a stable name ("net/link/ctrl1->ctrl2"), so adding a fault
// to a scenario does not change the draws seen by unrelated parts.
#pragma once

#include <bit>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "model/assert.h"
#include "sim/core/time.h"

namespace clustersim::sim {

// splitmix64 (Steele, Lea, Flood 2014): a fast 64-bit generator used here only to expand seeds.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();

 private:
  std::uint64_t state_;
};

// 64-bit FNV-1a of a name: stable across platforms and builds, used to name streams.
std::uint64_t stable_name_hash(std::string_view name);
// The same hash of the name that `parts` make when joined, without joining them.
std::uint64_t stable_name_hash(std::initializer_list<std::string_view> parts);

class Random {
 public:
  // A generator whose 256-bit state is four successive splitmix64 outputs from `seed`.
  explicit Random(std::uint64_t seed);

  // The stream called `name` under `root_seed`. Different names give independent streams.
  static Random for_stream(std::uint64_t root_seed, std::string_view name);
  // The stream named by `parts` joined ({"net/link/", from, "->", to}): the same stream as
  // for_stream of the joined name, without building it, which for a name longer than a short
  // string's buffer is an allocation (a world names one such stream per link it uses).
  static Random for_stream(std::uint64_t root_seed, std::initializer_list<std::string_view> parts);

  // xoshiro256** (Blackman, Vigna 2018): the next raw 64-bit output.
  std::uint64_t next_u64();

  // Uniform in [0, bound), without modulo bias (Lemire's multiply-and-reject). bound > 0.
  std::uint64_t below(std::uint64_t bound);

  // Uniform integer in [low, high], both ends included. Precondition: low <= high.
  std::int64_t uniform_int(std::int64_t low, std::int64_t high);

  // Uniform in [0, 1) with 53 random bits.
  double uniform_real();

  // Uniform in [low, high). Precondition: low <= high.
  double uniform_real(double low, double high);

  // Uniform whole-nanosecond duration in [low, high]. Precondition: low <= high.
  Duration uniform_duration(Duration low, Duration high);

  // True with probability p (p outside [0, 1] is clamped). Always consumes one draw, so the
  // value of p never shifts later draws of the stream.
  bool bernoulli(double p);

  // Exponential with the given mean (> 0), by inversion.
  double exponential(double mean);

  // Normal by the Box-Muller transform: one draw pair gives two values, the second kept for
  // the next call (log-normal latencies and writes are drawn on every message and write).
  double normal(double mean, double stddev);

  // exp(normal(mu, sigma)): log-normal with median exp(mu).
  double lognormal(double mu, double sigma);

 private:
  std::uint64_t state_[4];
  double spare_normal_ = 0.0;
  bool has_spare_normal_ = false;
};

// The draws a simulation takes for every message and timer are defined here, so that they
// inline into their callers: a call each was about half of a latency draw's instructions.

inline std::uint64_t Random::next_u64() {
  const std::uint64_t result = std::rotl(state_[1] * 5, 7) * 9;
  const std::uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = std::rotl(state_[3], 45);
  return result;
}

inline std::uint64_t Random::below(std::uint64_t bound) {
  CLUSTERSIM_ASSERT(bound > 0);
  __extension__ using Uint128 = unsigned __int128;  // the full product of two 64-bit values
  Uint128 product = static_cast<Uint128>(next_u64()) * bound;
  auto low = static_cast<std::uint64_t>(product);
  if (low < bound) [[unlikely]] {
    const std::uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      product = static_cast<Uint128>(next_u64()) * bound;
      low = static_cast<std::uint64_t>(product);
    }
  }
  return static_cast<std::uint64_t>(product >> 64);
}

inline std::int64_t Random::uniform_int(std::int64_t low, std::int64_t high) {
  CLUSTERSIM_ASSERT(low <= high);
  const std::uint64_t span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  const std::uint64_t offset = span == UINT64_MAX ? next_u64() : below(span + 1);
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + offset);
}

inline Duration Random::uniform_duration(Duration low, Duration high) {
  return Duration{uniform_int(low.count(), high.count())};
}

}  // namespace clustersim::sim
