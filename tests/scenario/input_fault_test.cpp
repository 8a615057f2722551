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
    totals.timer.late += run.timer_faults[node].late;
    totals.timer.early += run.timer_faults[node].early;
    totals.timer.repeated += run.timer_faults[node].repeated;
  }
  return totals;
}

TEST(InputFaults, each_family_acts_alone_in_its_world) {
  const Totals drops = totals_of("observer_drops");
  EXPECT_GT(drops.observer.dropped, 0u);
  EXPECT_EQ(drops.observer.total(), drops.observer.dropped);

  const Totals duplicates = totals_of("observer_duplicates");
  EXPECT_GT(duplicates.observer.duplicated, 0u);
  EXPECT_EQ(duplicates.observer.total(), duplicates.observer.duplicated);

  const Totals skips = totals_of("observer_skips_clears");
  EXPECT_GT(skips.observer.skipped_clears, 0u);
  EXPECT_EQ(skips.observer.total(), skips.observer.skipped_clears);

  const Totals stale = totals_of("observer_stale_leader");
  EXPECT_GT(stale.observer.stale, 0u);
  EXPECT_EQ(stale.observer.total(), stale.observer.stale);

  const Totals late = totals_of("observer_drains_late");
  EXPECT_GT(late.observer.delayed, 0u);
  EXPECT_EQ(late.observer.total(), late.observer.delayed);

  const Totals wakeups_late = totals_of("tracker_wakeups_late");
  EXPECT_GT(wakeups_late.timer.late, 0u);
  EXPECT_EQ(wakeups_late.timer.early + wakeups_late.timer.repeated + wakeups_late.observer.total(), 0u);

  const Totals early = totals_of("tracker_wakeups_early_and_twice");
  EXPECT_GT(early.timer.early, 0u);
  EXPECT_GT(early.timer.repeated, 0u);
  EXPECT_EQ(early.timer.late + early.observer.total(), 0u);
}

TEST(InputFaults, the_openziti_policy_has_no_timer_to_fault) {
  const Totals early = totals_of("tracker_wakeups_early_and_twice", model::TrackerPolicy::openziti);
  EXPECT_EQ(early.timer.early + early.timer.repeated + early.timer.late, 0u);
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
