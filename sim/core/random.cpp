#include "sim/core/random.h"

#include <cmath>
#include <numbers>

#include "model/assert.h"

namespace clustersim::sim {

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

namespace {

constexpr std::uint64_t fnv_offset_basis = 0xcbf29ce484222325ULL;

// FNV-1a carried on from `hash` over `text`: hashing a name piece by piece gives the hash of
// the whole name.
std::uint64_t fnv1a_continue(std::uint64_t hash, std::string_view text) {
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

std::uint64_t stable_name_hash(std::string_view name) { return fnv1a_continue(fnv_offset_basis, name); }

std::uint64_t stable_name_hash(std::initializer_list<std::string_view> parts) {
  std::uint64_t hash = fnv_offset_basis;
  for (std::string_view part : parts) hash = fnv1a_continue(hash, part);
  return hash;
}

Random::Random(std::uint64_t seed) {
  SplitMix64 expand(seed);
  for (std::uint64_t& word : state_) word = expand.next();
  // splitmix64 never yields four zeros from one seed, but the all-zero state would be fatal.
  CLUSTERSIM_ASSERT((state_[0] | state_[1] | state_[2] | state_[3]) != 0);
}

namespace {

// Mix the root first so that seeds 1 and 2 do not give streams one name-hash apart.
std::uint64_t stream_seed(std::uint64_t root_seed, std::uint64_t name_hash) {
  SplitMix64 root(root_seed);
  return root.next() ^ name_hash;
}

}  // namespace

Random Random::for_stream(std::uint64_t root_seed, std::string_view name) {
  return Random(stream_seed(root_seed, stable_name_hash(name)));
}

Random Random::for_stream(std::uint64_t root_seed, std::initializer_list<std::string_view> parts) {
  return Random(stream_seed(root_seed, stable_name_hash(parts)));
}

double Random::uniform_real() {
  return static_cast<double>(next_u64() >> 11) * 0x1.0p-53;
}

double Random::uniform_real(double low, double high) {
  CLUSTERSIM_ASSERT(low <= high);
  return low + (high - low) * uniform_real();
}

bool Random::bernoulli(double p) { return uniform_real() < p; }

double Random::exponential(double mean) {
  CLUSTERSIM_ASSERT(mean > 0);
  return -mean * std::log(1.0 - uniform_real());  // 1 - u is in (0, 1]: log is finite
}

double Random::normal(double mean, double stddev) {
  CLUSTERSIM_ASSERT(stddev >= 0);
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return mean + stddev * spare_normal_;
  }
  const double u1 = 1.0 - uniform_real();  // (0, 1]
  const double u2 = uniform_real();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  spare_normal_ = radius * std::sin(angle);  // the pair's second value, independent of the first
  has_spare_normal_ = true;
  return mean + stddev * radius * std::cos(angle);
}

double Random::lognormal(double mu, double sigma) { return std::exp(normal(mu, sigma)); }

}  // namespace clustersim::sim
