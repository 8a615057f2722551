// Guided exploration (`swarm --guided`): shifts the weights of the fault kinds toward those
// whose worlds reach rare coverage marks (sim/oracle/coverage.h).
//
// A guided swarm runs its seeds in batches (guided_batch_seeds). Each batch draws its worlds
// with weights learned from every batch before it, never from its own, so the worlds are a
// function of the seed range alone, whatever the number of workers. After a batch, each world
// of it scores the rarity of the marks it reached, each mark counting 1 / (1 + the worlds that
// reached it so far, this batch's included); each fault kind's score is the mean score of the worlds that
// drew it, each world counted by the kind's share of its faults; its next weight is its base
// weight times the cube of its score over the mean of all kinds', kept within [1/4, 4] so that
// no kind is starved or takes over. A kind no world has drawn yet counts as the best (it may
// reach anything).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sim/swarm/swarm.h"

namespace clustersim::sim {

// Seeds per batch: enough worlds that each fault kind shows up in many of them (30 faults at
// most, 13 kinds), few enough that the weights move within a short swarm.
inline constexpr std::uint64_t guided_batch_seeds = 100;

class GuidedWeights {
 public:
  explicit GuidedWeights(WorldOptions base);

  // The options the next batch's worlds are drawn with.
  const WorldOptions& options() const { return current_; }

  // Learns from a finished batch (its outcomes in seed order) and sets the next batch's weights.
  void learn(const std::vector<SeedOutcome>& batch);

 private:
  WorldOptions base_, current_;
  std::vector<std::uint64_t> worlds_reaching_;  // per coverage mark
  std::array<double, fault_kinds> score_sum_{};
  std::array<double, fault_kinds> share_sum_{};
};

}  // namespace clustersim::sim
