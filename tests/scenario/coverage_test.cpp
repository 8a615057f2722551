// Coverage marks: scenarios built to reach a situation reach its mark, a calm run reaches none
// of the rare ones, and guided exploration moves the weights toward the fault kinds whose
// worlds reach rare marks, the same way for the same results.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/oracle/coverage.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/simulation/simulation.h"
#include "sim/swarm/guidance.h"
#include "sim/swarm/swarm.h"

namespace clustersim::sim {
namespace {

std::uint64_t count_of(const std::vector<std::uint64_t>& counts, const std::string& name) {
  const auto& names = coverage_mark_names();
  const auto at = std::find(names.begin(), names.end(), name);
  EXPECT_NE(at, names.end()) << name;
  return counts[static_cast<std::size_t>(at - names.begin())];
}

std::vector<std::uint64_t> counts_of(const std::string& scenario) {
  return coverage_counts(run_scenario(load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/" + scenario)));
}

TEST(CoverageMarks, each_scenario_built_for_a_situation_reaches_its_mark) {
  const auto transfer = counts_of("transfer_to_unreachable_node.json");  // a transfer to an isolated node
  EXPECT_GE(count_of(transfer, "transfer_during_cut"), 1u);
  EXPECT_GE(count_of(transfer, "transfer_failed"), 1u);
  EXPECT_GE(count_of(counts_of("transfer_to_named_node.json"), "transfer_timeout_now"), 1u);
  EXPECT_GE(count_of(counts_of("majority_partition_isolates_leader.json"), "lease_step_down"), 1u);
  EXPECT_GE(count_of(counts_of("split_votes_tight_timeouts.json"), "split_vote"), 1u);
  EXPECT_GE(count_of(counts_of("startup_observer_queue_full.json"), "observer_channel_full"), 1u);
  EXPECT_GE(count_of(counts_of("follower_flap_slow.json"), "window_expired_during_flap"), 1u);
  EXPECT_GE(count_of(counts_of("membership_remove_the_leader.json"), "removed_leader_steps_down"), 1u);
}

TEST(CoverageMarks, a_steady_cluster_reaches_no_fault_situation) {
  const auto calm = counts_of("steady_state.json");
  for (const char* rare : {"split_vote", "lease_step_down", "leader_deposed_by_term", "transfer_failed",
                           "transfer_during_cut", "two_leaders_at_once", "window_expired_during_flap"}) {
    EXPECT_EQ(count_of(calm, rare), 0u) << rare;
  }
  EXPECT_EQ(coverage_mark_names().size(), calm.size());
}

// A swarm records the marks of the worlds it judges; a shrink candidate or a replay needs only
// the verdict, which skipping the marks leaves as it is.
TEST(CoverageMarks, a_judged_world_counts_them_unless_told_to_skip) {
  const Scenario split = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/split_votes_tight_timeouts.json");
  const WorldVerdict counted = judge_world(split);
  const WorldVerdict skipped = judge_world(split, nullptr, CoverageMarks::skipped);
  EXPECT_EQ(counted.marks, coverage_counts(run_scenario(split)));
  EXPECT_GE(count_of(counted.marks, "split_vote"), 1u);
  EXPECT_TRUE(skipped.marks.empty());
  EXPECT_EQ(skipped.exit_code, counted.exit_code);
  EXPECT_EQ(skipped.signature, counted.signature);
  EXPECT_EQ(skipped.failure, counted.failure);
}

// Worlds that drew transfers reach a mark nothing else reaches; the others reach a common one.
TEST(GuidedWeights, move_toward_the_kinds_whose_worlds_reach_rare_marks) {
  const std::size_t transfer = 12, crash = 6, rare_mark = 0, common_mark = 1;
  WorldOptions base;
  GuidedWeights guidance(base), again(base);
  EXPECT_EQ(guidance.options().weights, base.weights);  // the first batch draws as unguided
  std::vector<SeedOutcome> batch;
  for (int world = 0; world < 100; ++world) {
    SeedOutcome outcome;
    outcome.marks.assign(coverage_mark_names().size(), 0);
    const bool transfers = world % 10 == 0;
    outcome.kinds_drawn[transfers ? transfer : crash] = 2;
    outcome.kinds_drawn[(static_cast<std::size_t>(world) % 5) + 1] = 1;  // background faults of other kinds
    outcome.marks[transfers ? rare_mark : common_mark] = 1;
    batch.push_back(outcome);
  }
  guidance.learn(batch);
  again.learn(batch);
  const auto& weights = guidance.options().weights;
  EXPECT_EQ(weights, again.options().weights);  // a function of the results alone
  EXPECT_GT(weights[transfer], 2 * weights[crash]) << weights[transfer] << " vs " << weights[crash];
  EXPECT_EQ(weights[13], 0);  // a kind the user left out stays out
  for (std::size_t k = 0; k < 13; ++k) {
    EXPECT_GE(weights[k], 25) << k;  // no kind starves: at least a quarter of its 100
    EXPECT_LE(weights[k], 400) << k;
  }
}

}  // namespace
}  // namespace clustersim::sim
