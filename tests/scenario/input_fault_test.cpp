// Faults on the trackers' inputs, world by world: each scenario of the library turns on one
// family, which must really act (its counter moves, the others stay still), and the summary
// shows what each node's observer and timer did only when something did.
#include <gtest/gtest.h>

#include "sim/cli/summary.h"
#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_parser.h"

namespace clustersim::sim {
namespace {

struct Totals {
  ObserverCounters observer;
  TimerFaultCounters timer;
};

Totals totals_of(const std::string& name, model::TrackerPolicy policy = model::TrackerPolicy::stable) {
  RunOptions options;
  options.policy = policy;
  RunResult run = run_scenario(load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/" + name + ".json"), options);
  run.scenario.expect.golden_base.clear();  // the scenario suite compares the golden streams
  EXPECT_EQ(check_run(run, nullptr).exit_code(), 0) << name << ": " << describe_failures(run, check_run(run, nullptr));
  Totals totals;
  for (std::size_t node = 0; node < run.node_ids.size(); ++node) {
    totals.observer += run.observer[node];
    totals.timer += run.timer_faults[node];
  }
  return totals;
}

// The world `name` turns on one family of observation faults: it moved `field` and nothing else.
void expect_only(const std::string& name, std::uint64_t ObserverCounters::*field) {
  const Totals totals = totals_of(name);
  EXPECT_GT(totals.observer.*field, 0u) << name;
  EXPECT_EQ(totals.observer.total(), totals.observer.*field) << name;
  EXPECT_EQ(totals.timer.total(), 0u) << name;
}

TEST(InputFaults, each_family_acts_alone_in_its_world) {
  expect_only("observer_drops", &ObserverCounters::dropped);
  expect_only("observer_duplicates", &ObserverCounters::duplicated);
  expect_only("observer_skips_clears", &ObserverCounters::skipped_clears);
  expect_only("observer_stale_leader", &ObserverCounters::stale);
  expect_only("observer_drains_late", &ObserverCounters::delayed);

  const Totals late = totals_of("tracker_wakeups_late");
  EXPECT_GT(late.timer.late, 0u);
  EXPECT_EQ(late.timer.early + late.timer.repeated + late.observer.total(), 0u);

  const Totals early = totals_of("tracker_wakeups_early_and_twice");
  EXPECT_GT(early.timer.early, 0u);
  EXPECT_GT(early.timer.repeated, 0u);
  EXPECT_EQ(early.timer.late + early.observer.total(), 0u);
}

TEST(InputFaults, the_openziti_policy_has_no_timer_to_fault) {
  const Totals early = totals_of("tracker_wakeups_early_and_twice", model::TrackerPolicy::openziti);
  EXPECT_EQ(early.timer.total(), 0u);
}

TEST(InputFaults, the_summary_shows_the_path_only_when_something_happened_on_it) {
  const auto summary_of = [](const std::string& name) {
    const RunResult run = run_scenario(load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/" + name + ".json"));
    return format_summary(run, check_run(run, nullptr));
  };
  EXPECT_EQ(summary_of("leader_crash").find("the path from raft"), std::string::npos);
  const std::string faulty = summary_of("observer_drops");
  EXPECT_NE(faulty.find("the path from raft to each tracker"), std::string::npos);
  EXPECT_NE(faulty.find("observations dropped"), std::string::npos);  // the oracles' note
}

}  // namespace
}  // namespace clustersim::sim
