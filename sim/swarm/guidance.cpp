#include "sim/swarm/guidance.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/oracle/coverage.h"

namespace clustersim::sim {

GuidedWeights::GuidedWeights(WorldOptions base)
    : base_(std::move(base)), current_(base_), worlds_reaching_(coverage_mark_names().size(), 0) {}

void GuidedWeights::learn(const std::vector<SeedOutcome>& batch) {
  // Rarity over every world so far, this batch's included: a mark few of them reached is worth
  // much, one most reached little.
  for (const SeedOutcome& outcome : batch) {
    for (std::size_t m = 0; m < outcome.marks.size() && m < worlds_reaching_.size(); ++m) {
      if (outcome.marks[m] > 0) ++worlds_reaching_[m];
    }
  }
  std::vector<double> rarity(worlds_reaching_.size());
  for (std::size_t m = 0; m < rarity.size(); ++m) rarity[m] = 1.0 / (1.0 + static_cast<double>(worlds_reaching_[m]));
  for (const SeedOutcome& outcome : batch) {
    double score = 0;
    for (std::size_t m = 0; m < outcome.marks.size() && m < rarity.size(); ++m) {
      if (outcome.marks[m] > 0) score += rarity[m];
    }
    // A world's score goes to its kinds by their share of its faults: in a world of 20 faults
    // one crash explains little, in a world of two it explains half.
    const int faults = std::accumulate(outcome.kinds_drawn.begin(), outcome.kinds_drawn.end(), 0);
    for (std::size_t k = 0; k < fault_kinds && faults > 0; ++k) {
      const double share = static_cast<double>(outcome.kinds_drawn[k]) / faults;
      score_sum_[k] += score * share;
      share_sum_[k] += share;
    }
  }
  // Each kind's mean score, an undrawn kind the best one seen; then weights around the mean.
  std::array<double, fault_kinds> mean{};
  double best = 0, total = 0;
  int kinds = 0;
  for (std::size_t k = 0; k < mean.size(); ++k) {
    if (share_sum_[k] > 0) mean[k] = score_sum_[k] / share_sum_[k];
    best = std::max(best, mean[k]);
  }
  for (std::size_t k = 0; k < mean.size(); ++k) {
    if (base_.weights[k] == 0) continue;
    if (share_sum_[k] == 0) mean[k] = best;
    total += mean[k];
    ++kinds;
  }
  const double average = kinds > 0 ? total / kinds : 0;
  for (std::size_t k = 0; k < mean.size(); ++k) {
    if (base_.weights[k] == 0) continue;
    // Cubed: kinds a little above the mean move a little, clearly above it a lot.
    const double factor = average > 0 ? std::clamp(std::pow(mean[k] / average, 3.0), 0.25, 4.0) : 1.0;
    // Whole weights, in hundredths of the base: the generator draws among whole numbers.
    current_.weights[k] = std::max(1, static_cast<int>(std::lround(100.0 * base_.weights[k] * factor)));
  }
}

}  // namespace clustersim::sim
