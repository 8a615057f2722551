// The property suite: random whole worlds (3 to 9 nodes, non-voters, every timing, both
// policies, lossy networks, 0 to 30 faults of every kind, then a liveness phase) must hold
// every oracle, run deterministically, and survive a trip through the scenario file format.
// The budget is rapidcheck's: CTest runs 200 worlds; for more, for example
//   RC_PARAMS="max_success=5000" build/bin/property_tests
// A failure is shrunk and written as a scenario file (the path is in the message).
// With --tracker-cmd "COMMAND ARGS" the worlds run a tracker speaking the tracker protocol
// (docs/tracker-protocol.md) in place of the built-in one.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "sim/scenario/scenario_parser.h"
#include "tests/property/world_gen.h"

namespace clustersim::sim {
namespace {

RC_GTEST_PROP(Worlds, hold_every_oracle, (const WorldSpec& spec)) {
  const Scenario scenario = testing::world(spec);
  const RunResult run = run_scenario(scenario);
  const std::string failed = testing::failed_checks(run);
  if (!failed.empty()) {
    RC_FAIL(failed + "\nshrunk world written to " + testing::write_counterexample(scenario, "hold_every_oracle") +
            "\nreproduce: clustersim run <that file>");
  }
  RC_TAG(model::policy_name(run.policy));
}

// A counterexample is shown as the scenario file it stands for, ready to run; and it lands in
// the folder chosen for counterexamples, under a name no other process uses.
TEST(Counterexamples, are_shown_as_scenario_files_and_written_where_asked) {
  WorldSpec spec;
  spec.faults.push_back(FaultSpec{4, 1000, 1, 2, 500, 100, 50});
  const std::string shown = rc::toString(spec);
  EXPECT_EQ(shown.find("<?\?\?>"), std::string::npos) << shown;  // rapidcheck's "no way to show it"
  EXPECT_NE(shown.find("a world of 3 nodes and 1 faults, as a scenario file:"), std::string::npos) << shown;
  const Scenario reread = parse_scenario(shown.substr(shown.find('{')), "shown.json");
  EXPECT_EQ(reread.raft.members.size(), 3u);
  const std::string folder = (std::filesystem::temp_directory_path() / ("clustersim-cx-" + std::to_string(::getpid()))).string();
  const std::string saved = testing::counterexample_folder();
  testing::counterexample_folder() = folder;
  const std::string path = testing::write_counterexample(to_scenario(spec), "example");
  testing::counterexample_folder() = saved;
  EXPECT_EQ(path, folder + "/example-" + std::to_string(::getpid()) + ".json");
  EXPECT_EQ(load_scenario(path).raft.members.size(), 3u);
  std::filesystem::remove_all(folder);
}

RC_GTEST_PROP(Worlds, never_elect_two_leaders_in_a_term, (const WorldSpec& spec)) {
  const RunResult run = run_scenario(testing::world(spec));
  RC_ASSERT(run.truth.violations().empty());
}

RC_GTEST_PROP(Worlds, are_deterministic, (const WorldSpec& spec)) {
  const Scenario scenario = testing::world(spec);
  const RunResult first = run_scenario(scenario);
  const RunResult second = run_scenario(scenario);
  RC_ASSERT(first.trace_hash == second.trace_hash);
  RC_ASSERT(events_jsonl(first) == events_jsonl(second));
}

RC_GTEST_PROP(Worlds, survive_a_round_trip_through_the_file_format, (const WorldSpec& spec)) {
  const Scenario original = testing::world(spec);
  const std::string text = write_scenario(original);
  const Scenario parsed = parse_scenario(text, "roundtrip.json");
  RC_ASSERT(write_scenario(parsed) == text);
  RC_ASSERT(parsed.timeline.size() == original.timeline.size());
  RC_ASSERT(parsed.raft.members.size() == original.raft.members.size());
  RC_ASSERT(parsed.duration == original.duration);
  RC_ASSERT(parsed.tracker_members == original.tracker_members);
  // The same world: running both gives the same run.
  RC_ASSERT(run_scenario(parsed).trace_hash == run_scenario(original).trace_hash);
}

}  // namespace
}  // namespace clustersim::sim
