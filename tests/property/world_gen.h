// rapidcheck generators for whole worlds, and the shared property check. Worlds are
// WorldSpecs (sim/swarm/world_spec.h) so that rapidcheck's own shrinking (fewer faults,
// smaller numbers, fewer nodes) makes a failing world small.
#pragma once

#include <rapidcheck.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_writer.h"
#include "sim/swarm/world_spec.h"

namespace rc {

template <>
struct Arbitrary<clustersim::sim::FaultSpec> {
  static Gen<clustersim::sim::FaultSpec> arbitrary() {
    using clustersim::sim::FaultSpec;
    return gen::build<FaultSpec>(
        gen::set(&FaultSpec::kind, gen::inRange(0, 10)),
        gen::set(&FaultSpec::at_ms, gen::inRange(0, 120000)),
        gen::set(&FaultSpec::node, gen::inRange(0, 10)),
        gen::set(&FaultSpec::other, gen::inRange(0, 9)),
        gen::set(&FaultSpec::length_ms, gen::inRange(1, 30000)),
        gen::set(&FaultSpec::period_ms, gen::inRange(10, 10000)),
        gen::set(&FaultSpec::percent, gen::inRange(0, 101)));
  }
};

template <>
struct Arbitrary<clustersim::sim::WorldSpec> {
  static Gen<clustersim::sim::WorldSpec> arbitrary() {
    using clustersim::sim::WorldSpec;
    return gen::build<WorldSpec>(
        gen::set(&WorldSpec::seed, gen::inRange<std::uint64_t>(1, 1'000'000)),
        gen::set(&WorldSpec::nodes, gen::inRange(3, 10)),
        gen::set(&WorldSpec::non_voters, gen::weightedOneOf<int>({{4, gen::just(0)}, {1, gen::inRange(1, 3)}})),
        gen::set(&WorldSpec::timing, gen::inRange(0, 3)),
        gen::set(&WorldSpec::heartbeat_ms, gen::inRange(50, 3000)),
        gen::set(&WorldSpec::policy, gen::inRange(0, 2)),
        gen::set(&WorldSpec::window_ms, gen::inRange(0, 10000)),
        gen::set(&WorldSpec::latency_ms, gen::inRange(1, 20)),
        gen::set(&WorldSpec::loss_percent, gen::weightedOneOf<int>({{3, gen::just(0)}, {1, gen::inRange(1, 21)}})),
        gen::set(&WorldSpec::excluded_member, gen::weightedOneOf<int>({{4, gen::just(-1)}, {1, gen::inRange(0, 9)}})),
        gen::set(&WorldSpec::fault_phase_ms, gen::inRange(5000, 120000)),
        gen::set(&WorldSpec::faults, gen::resize(30, gen::container<std::vector<clustersim::sim::FaultSpec>>(
                                                         gen::arbitrary<clustersim::sim::FaultSpec>()))));
  }
};

}  // namespace rc

namespace clustersim::sim::testing {

// Where counterexamples go: $CLUSTERSIM_COUNTEREXAMPLES, or the temporary directory.
inline std::string counterexample_path(const std::string& name) {
  const char* dir = std::getenv("CLUSTERSIM_COUNTEREXAMPLES");
  const std::filesystem::path base = dir != nullptr ? dir : std::filesystem::temp_directory_path();
  return (base / ("clustersim-counterexample-" + name + ".json")).string();
}

// A description of every failed check of the run, or "" if all hold.
inline std::string failed_checks(const RunResult& run) { return describe_failures(run, check_run(run, nullptr)); }

// Writes the scenario where a person can run it, and returns the path.
inline std::string write_counterexample(const Scenario& scenario, const std::string& name) {
  const std::string path = counterexample_path(name);
  std::ofstream(path) << write_scenario(scenario);
  return path;
}

}  // namespace clustersim::sim::testing
