// The root-cause experiment's measure, on scenarios whose cause the log shows plainly: a crashed
// leader (its log written in dispatch order), controllers restarted one by one, the leader
// removed from the cluster.
#include <gtest/gtest.h>

#include "sim/experiment/cause_accuracy.h"
#include "sim/scenario/scenario_parser.h"

namespace clustersim::sim {
namespace {

TEST(CauseAccuracy, names_a_crash_a_restart_and_a_removal_and_writes_the_page) {
  std::vector<Scenario> scenarios;
  for (const char* name : {"dispatch_reordering.json", "rolling_restart.json", "membership_remove_the_leader.json"}) {
    scenarios.push_back(load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/" + name));
  }
  const CauseAccuracy accuracy = measure_cause_accuracy(scenarios);
  EXPECT_EQ(accuracy.scenarios, 3u);
  ASSERT_TRUE(accuracy.by_truth.count("crash"));
  EXPECT_GT(accuracy.by_truth.at("crash").periods, 0u);
  EXPECT_EQ(accuracy.by_truth.at("crash").named, accuracy.by_truth.at("crash").periods);
  ASSERT_TRUE(accuracy.by_truth.count("restart"));
  EXPECT_EQ(accuracy.by_truth.at("restart").named, accuracy.by_truth.at("restart").periods);
  ASSERT_TRUE(accuracy.by_truth.count("remove_member"));
  EXPECT_EQ(accuracy.by_truth.at("remove_member").inferred.count("membership_change"), 1u);
  const std::string page = cause_accuracy_page(accuracy, "the test");
  EXPECT_NE(page.find("| crash | "), std::string::npos) << page;
  EXPECT_NE(page.find("Made by `the test`"), std::string::npos);
}

}  // namespace
}  // namespace clustersim::sim
