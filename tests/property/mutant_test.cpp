// Tests of the tests: each deliberately wrong tracker must be caught by the property suite
// within its normal budget, shrunk to a small world, and that world, written as a scenario
// file and run again, must reproduce the failure. Each test passes only when the suite
// fails on its mutant, and prints the size of the shrunk world.
#include <gtest/gtest.h>
#include <rapidcheck.h>

#include <iostream>

#include "sim/scenario/scenario_parser.h"
#include "tests/property/mutant_trackers.h"
#include "tests/property/world_gen.h"

namespace clustersim::sim {
namespace {

using testing::Mutant;

RunResult run_with(const Scenario& scenario, Mutant mutant) {
  RunOptions options;
  options.tracker_factory = testing::mutant_factory(mutant, scenario.node_ids());
  return run_scenario(scenario, options);
}

class MutantIsCaught : public ::testing::TestWithParam<Mutant> {};

TEST_P(MutantIsCaught, by_the_property_suite_and_shrunk_to_a_replayable_file) {
  const Mutant mutant = GetParam();
  std::optional<Scenario> smallest;
  std::string failure;
  const bool held = rc::check("the oracles hold for mutant " + testing::mutant_name(mutant),
                              [&](const WorldSpec& spec) {
                                const Scenario scenario = to_scenario(spec);
                                const std::string failed = testing::failed_checks(run_with(scenario, mutant));
                                if (!failed.empty()) {
                                  smallest = scenario;  // the last failure rapidcheck sees is the smallest
                                  failure = failed;
                                  RC_FAIL(failed);
                                }
                              });
  ASSERT_FALSE(held) << "the property suite did not catch " << testing::mutant_name(mutant);
  ASSERT_TRUE(smallest.has_value());
  const std::string path = testing::write_counterexample(*smallest, testing::mutant_name(mutant));
  std::cout << "[ mutant   ] " << testing::mutant_name(mutant) << ": caught, shrunk to "
            << smallest->timeline.size() - 1 << " fault actions on " << smallest->raft.members.size()
            << " nodes (" << path << ")\n  " << failure << "\n";
  // The file reproduces it...
  const Scenario reloaded = load_scenario(path);
  EXPECT_FALSE(testing::failed_checks(run_with(reloaded, mutant)).empty());
  // ...and it is the mutant that fails, not the world.
  EXPECT_EQ(testing::failed_checks(run_scenario(reloaded)), "");
}

// openziti/ziti #2684 in its own scenario: event generation starts after a leader is elected,
// and a tracker that emits leadership.gained from raft's view at start, then again for the
// RaftState(Leader) that waited, fails role_events; the real tracker passes.
TEST(StartupOrdering, the_2684_shape_is_caught_by_role_events) {
  Scenario scenario = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/startup_snapshot_then_drain.json");
  scenario.expect.golden_base.clear();  // the golden stream is the suite's business, not this test's
  for (const model::TrackerPolicy policy : {model::TrackerPolicy::stable, model::TrackerPolicy::openziti}) {
    RunOptions options;
    options.policy = policy;
    EXPECT_EQ(testing::failed_checks(run_scenario(scenario, options)), "");
    options.tracker_factory = testing::mutant_factory(Mutant::gained_from_snapshot, scenario.node_ids());
    EXPECT_NE(testing::failed_checks(run_scenario(scenario, options)).find("role_events"), std::string::npos);
  }
}

// A planned handover in its own scenario: a tracker that reports its own step-down (the old
// leader's side of a transfer) as leaderless at once fails the transfers check, and a tracker
// that ignores membership changes fails the members check; the real tracker passes both.
TEST(MembershipAndTransfers, the_mutants_fail_their_own_checks_in_named_scenarios) {
  const auto load = [](const char* name) {
    Scenario scenario = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/" + name);
    scenario.expect = Expectations{};  // the golden stream and counts are the suite's business
    return scenario;
  };
  const Scenario transfer = load("transfer_to_named_node.json");
  EXPECT_EQ(testing::failed_checks(run_scenario(transfer)), "");
  EXPECT_NE(testing::failed_checks(run_with(transfer, Mutant::transfer_as_leaderless)).find("transfers ("), std::string::npos);
  const Scenario grow = load("membership_grow_three_to_five.json");
  EXPECT_EQ(testing::failed_checks(run_scenario(grow)), "");
  const std::string failed = testing::failed_checks(run_with(grow, Mutant::ignores_membership_changes));
  EXPECT_NE(failed.find("members ("), std::string::npos) << failed;
  // A joiner's tracker never learns the leader is a member: it never reports it.
  EXPECT_NE(failed.find("completeness_timeliness ("), std::string::npos) << failed;
}

INSTANTIATE_TEST_SUITE_P(TestsOfTheTests, MutantIsCaught, ::testing::ValuesIn(testing::all_mutants),
                         [](const auto& param_info) { return testing::mutant_name(param_info.param); });

}  // namespace
}  // namespace clustersim::sim
