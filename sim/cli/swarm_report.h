// What a swarm came to, for programs: `swarm --json` (the verdict, counts, every failing seed
// with its failure, shrunk scenario, trace and reproduce command) and `swarm --junit` (a test
// case per failing seed, and one for the seeds that held). The exit code is the worst seed's,
// as `clustersim run` of that seed's world gives it: 3 when only liveness failed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/cli/junit.h"
#include "sim/swarm/swarm.h"

namespace clustersim::sim {

struct SwarmFailure {
  SeedOutcome outcome;
  std::string scenario_file;  // the shrunk world
  std::string trace_file;
  std::size_t fault_actions = 0;
};

struct SwarmReport {
  const Scenario& scenario_template;
  std::uint64_t first_seed = 1, seeds = 0, shard = 0, shards = 1;
  std::size_t seeds_run = 0;
  bool interrupted = false;
  std::vector<SwarmFailure> failures;  // in seed order

  // 130 when interrupted, else the worst failing seed's exit code (0 when none failed).
  int exit_code() const;
};

nlohmann::json swarm_json(const SwarmReport& report);
JunitSuite swarm_junit(const SwarmReport& report);

}  // namespace clustersim::sim
