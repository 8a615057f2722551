#include "sim/cli/swarm_report.h"

#include "sim/cli/commands.h"
#include "sim/cli/run_record.h"

namespace clustersim::sim {

int SwarmReport::exit_code() const {
  if (interrupted) return exit_interrupted;
  int code = exit_ok;
  for (const SwarmFailure& failure : failures) code = worse_exit_code(code, failure.outcome.exit_code);
  return code;
}

nlohmann::json swarm_json(const SwarmReport& report) {
  std::size_t liveness = 0;
  nlohmann::json failures = nlohmann::json::array();
  for (const SwarmFailure& failure : report.failures) {
    liveness += failure.outcome.exit_code == exit_liveness ? 1u : 0u;
    failures.push_back({{"seed", failure.outcome.seed},
                        {"verdict", verdict_name(failure.outcome.exit_code)},
                        {"exit_code", failure.outcome.exit_code},
                        {"failure", failure.outcome.failure},
                        {"scenario_file", failure.scenario_file},
                        {"trace_file", failure.trace_file},
                        {"fault_actions", failure.fault_actions},
                        {"shrink_runs", failure.outcome.shrink_runs},
                        {"reproduce", "clustersim run " + failure.scenario_file}});
  }
  const int code = report.exit_code();
  return {{"command", "swarm"},
          {"template_file", report.scenario_template.file},
          {"template", report.scenario_template.name},
          {"first_seed", report.first_seed},
          {"seeds", report.seeds},
          {"shard", report.shard},
          {"shards", report.shards},
          {"complete", !report.interrupted},
          {"verdict", verdict_name(code)},
          {"exit_code", code},
          {"counts",
           {{"seeds_run", report.seeds_run},
            {"passed", report.seeds_run - report.failures.size()},
            {"failed", report.failures.size() - liveness},
            {"liveness_failed", liveness}}},
          {"failures", std::move(failures)}};
}

JunitSuite swarm_junit(const SwarmReport& report) {
  JunitSuite suite;
  const std::string classname = "swarm." + report.scenario_template.name;
  suite.name = classname + (report.shards > 1 ? " shard " + std::to_string(report.shard) + "/" + std::to_string(report.shards) : "");
  for (const SwarmFailure& failure : report.failures) {
    JunitFailure problem{failure.outcome.exit_code == exit_liveness ? "liveness" : "correctness",
                         failure.outcome.failure,
                         failure.outcome.failure + "\nshrunk to " + std::to_string(failure.fault_actions) +
                             " fault actions in " + std::to_string(failure.outcome.shrink_runs) + " runs\ntrace: " +
                             failure.trace_file + "\nreproduce: clustersim run " + failure.scenario_file + "\n"};
    suite.cases.push_back({classname, "seed " + std::to_string(failure.outcome.seed), std::nullopt, std::move(problem),
                           std::nullopt});
  }
  // The seeds that held, as one case of a fixed name (CI systems follow a case by its name
  // from build to build): a CI system shows the swarm ran even when every seed passed.
  suite.cases.push_back({classname, "every other seed", std::nullopt, std::nullopt, std::nullopt});
  return suite;
}

}  // namespace clustersim::sim
