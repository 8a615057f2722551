// A range of swarm seeds and its split into shards, computed, never listed: a swarm over 2^63
// seeds costs no more memory than one over ten.
//
// A shard is a contiguous block of the range (shard i of n: the i-th n-th, the first
// count % n shards one seed longer). Blocks rather than every n-th seed because a batch task
// that stops early (a time budget, a kill) then leaves one gap at the end of its block, which
// one `--seed-start S --count N` runs again; random worlds are independent draws, so blocks are
// as balanced as interleaved seeds.
#pragma once

#include <cstdint>

namespace clustersim::sim {

struct SeedRange {
  std::uint64_t first = 1;
  std::uint64_t count = 0;

  // Precondition for both: the range is not empty.
  std::uint64_t last() const { return first + (count - 1); }
  bool contains(std::uint64_t seed) const { return seed >= first && seed - first < count; }
};

// Shard `index` of `shards` of `range`; empty when there are more shards than seeds and this one
// got none. Precondition: shards >= 1, index < shards.
inline SeedRange shard_of(SeedRange range, std::uint64_t index, std::uint64_t shards) {
  const std::uint64_t base = range.count / shards, longer = range.count % shards;
  const std::uint64_t offset = index * base + (index < longer ? index : longer);
  return {range.first + offset, base + (index < longer ? 1 : 0)};
}

}  // namespace clustersim::sim
