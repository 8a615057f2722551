// Target: a scenario read and then run, for short small worlds (at most 7 nodes and 2
// simulated minutes, so each input runs in milliseconds). Whatever the accepted scenario
// asks, the run ends (within the kernel's limits) and every oracle gives a verdict, with no
// sanitizer report on the way.
#include "fuzz/fuzz_target.h"
#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_parser.h"

using namespace clustersim::sim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Scenario scenario;
  try {
    scenario = parse_scenario(clustersim::fuzz::as_text(data, size), "fuzz.json");
  } catch (const ScenarioError&) {
    return 0;
  }
  if (scenario.raft.members.size() > 7 || scenario.duration > std::chrono::minutes(2)) return 0;
  RunOptions options;
  options.limits.events_max = 2'000'000;  // a short world; more is a runaway, which the check reports
  const RunResult run = run_scenario(scenario, options);
  const OracleReport report = check_run(run, nullptr);
  if (report.checks.empty()) clustersim::fuzz::broken("a run without a verdict");
  return 0;
}
