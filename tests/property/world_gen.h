// rapidcheck generators for whole worlds, and the shared property check. Worlds are
// WorldSpecs (sim/swarm/world_spec.h) so that rapidcheck's own shrinking (fewer faults,
// smaller numbers, fewer nodes) makes a failing world small.
#pragma once

#include <rapidcheck.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>
#include <string>

#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_writer.h"
#include "sim/swarm/world_spec.h"

namespace clustersim::sim {

// rapidcheck prints a counterexample with showValue (found by argument-dependent lookup):
// a world as the scenario file it stands for, which `clustersim run` takes as it is, and a
// fault by its fields, rather than "<???>".
inline void showValue(const WorldSpec& spec, std::ostream& os) {
  const Scenario scenario = to_scenario(spec);
  os << "a world of " << scenario.raft.members.size() << " nodes and " << spec.faults.size()
     << " faults, as a scenario file:\n" << write_scenario(scenario);
}

inline void showValue(const FaultSpec& f, std::ostream& os) {
  os << "{kind " << f.kind << ", at " << f.at_ms << "ms, node " << f.node << ", other " << f.other << ", length "
     << f.length_ms << "ms, period " << f.period_ms << "ms, " << f.percent << "%}";
}

}  // namespace clustersim::sim

namespace rc {

// rapidcheck scales gen::inRange by the generation size: at size 30 (the size each fault is
// drawn at) only the lowest 30% of a range is reachable, which once kept every fault kind
// past "heal" (flaps, crashes, pauses, lossy links, writes, input faults) out of the suite.
// Every choice here is drawn at the nominal size instead: the whole range at any size, still
// shrinking toward its low end.
template <typename T>
Gen<T> anywhere_in(T low, T high) {
  return gen::resize(kNominalSize, gen::inRange<T>(low, high));
}

template <>
struct Arbitrary<clustersim::sim::FaultSpec> {
  static Gen<clustersim::sim::FaultSpec> arbitrary() {
    using clustersim::sim::FaultSpec;
    return gen::build<FaultSpec>(
        gen::set(&FaultSpec::kind, anywhere_in(0, clustersim::sim::fault_kinds)),
        gen::set(&FaultSpec::at_ms, anywhere_in(0, 120000)),
        gen::set(&FaultSpec::node, anywhere_in(0, 10)),
        gen::set(&FaultSpec::other, anywhere_in(0, 9)),
        gen::set(&FaultSpec::length_ms, anywhere_in(1, 30000)),
        gen::set(&FaultSpec::period_ms, anywhere_in(10, 10000)),
        gen::set(&FaultSpec::percent, anywhere_in(0, 101)));
  }
};

template <>
struct Arbitrary<clustersim::sim::WorldSpec> {
  static Gen<clustersim::sim::WorldSpec> arbitrary() {
    using clustersim::sim::WorldSpec;
    return gen::build<WorldSpec>(
        gen::set(&WorldSpec::seed, anywhere_in<std::uint64_t>(1, 1'000'000)),
        gen::set(&WorldSpec::nodes, anywhere_in(3, 10)),
        gen::set(&WorldSpec::non_voters, gen::weightedOneOf<int>({{4, gen::just(0)}, {1, anywhere_in(1, 3)}})),
        gen::set(&WorldSpec::joining, gen::weightedOneOf<int>({{4, gen::just(0)}, {1, anywhere_in(1, 3)}})),
        gen::set(&WorldSpec::timing, anywhere_in(0, 3)),
        gen::set(&WorldSpec::heartbeat_ms, anywhere_in(50, 3000)),
        gen::set(&WorldSpec::policy, anywhere_in(0, 2)),
        gen::set(&WorldSpec::window_ms, anywhere_in(0, 10000)),
        gen::set(&WorldSpec::latency_ms, anywhere_in(1, 20)),
        gen::set(&WorldSpec::loss_percent, gen::weightedOneOf<int>({{3, gen::just(0)}, {1, anywhere_in(1, 21)}})),
        gen::set(&WorldSpec::excluded_member, gen::weightedOneOf<int>({{4, gen::just(-1)}, {1, anywhere_in(0, 9)}})),
        gen::set(&WorldSpec::timer_late_us, gen::weightedOneOf<int>({{1, gen::just(0)}, {1, anywhere_in(1, 5001)}})),
        gen::set(&WorldSpec::storage_write_us, gen::weightedOneOf<int>({{1, gen::just(0)}, {1, anywhere_in(500, 20001)}})),
        gen::set(&WorldSpec::processing_us, gen::weightedOneOf<int>({{1, gen::just(0)}, {1, anywhere_in(1, 501)}})),
        gen::set(&WorldSpec::clock_drift_ppm, gen::weightedOneOf<int>({{1, gen::just(0)}, {1, anywhere_in(1, 201)}})),
        gen::set(&WorldSpec::clock_offset_ms, gen::weightedOneOf<int>({{1, gen::just(0)}, {1, anywhere_in(1, 1001)}})),
        gen::set(&WorldSpec::stall_every_ms, gen::weightedOneOf<int>({{1, gen::just(0)}, {1, anywhere_in(100, 60001)}})),
        gen::set(&WorldSpec::stall_us, anywhere_in(1, 20001)),
        gen::set(&WorldSpec::boot_spread_ms, gen::weightedOneOf<int>({{1, gen::just(0)}, {1, anywhere_in(1, 10001)}})),
        gen::set(&WorldSpec::mesh, gen::weightedOneOf<int>({{3, gen::just(0)}, {1, anywhere_in(1, 3)}})),
        gen::set(&WorldSpec::old_versions, gen::weightedOneOf<int>({{4, gen::just(0)}, {1, anywhere_in(1, 9)}})),
        gen::set(&WorldSpec::dispatch_jitter_ms, gen::weightedOneOf<int>({{2, gen::just(0)}, {1, anywhere_in(1, 21)}})),
        gen::set(&WorldSpec::generation_delay_ms, gen::weightedOneOf<int>({{2, gen::just(0)}, {1, anywhere_in(1, 20001)}})),
        gen::set(&WorldSpec::fault_phase_ms, anywhere_in(5000, 120000)),
        gen::set(&WorldSpec::input_faults, gen::weightedOneOf<int>({{1, gen::just(0)}, {1, anywhere_in(1, 128)}})),
        gen::set(&WorldSpec::input_percent, anywhere_in(1, 101)),
        gen::set(&WorldSpec::input_delay_ms, anywhere_in(1, 5001)),
        gen::set(&WorldSpec::faults, gen::resize(30, gen::container<std::vector<clustersim::sim::FaultSpec>>(
                                                         gen::arbitrary<clustersim::sim::FaultSpec>()))));
  }
};

}  // namespace rc

namespace clustersim::sim::testing {

// The tracker under test: the built-in one, or a process speaking the tracker protocol, set
// once by the suite's main from --tracker-cmd "COMMAND ARGS" (or $CLUSTERSIM_TRACKER_CMD).
inline std::optional<TrackerCommand>& tracker_under_test() {
  static std::optional<TrackerCommand> command;
  return command;
}

// The world a spec stands for, with the tracker under test in every node.
inline Scenario world(const WorldSpec& spec) {
  Scenario scenario = to_scenario(spec);
  scenario.tracker_command = tracker_under_test();
  return scenario;
}

// Where counterexamples go: the property suite's --counterexamples DIR, else
// $CLUSTERSIM_COUNTEREXAMPLES, else the build folder's counterexamples/ (never a fixed name in
// the system's temporary folder, where parallel runs and other users would overwrite them).
inline std::string& counterexample_folder() {
  static std::string folder;
  return folder;
}

// NAME-PID.json in that folder (made if missing): two suites running at once keep both.
inline std::string counterexample_path(const std::string& name) {
  std::string dir = counterexample_folder();
  if (dir.empty()) {
    const char* from_env = std::getenv("CLUSTERSIM_COUNTEREXAMPLES");
    dir = from_env != nullptr && *from_env != '\0' ? from_env : CLUSTERSIM_COUNTEREXAMPLE_DIR;
  }
  std::filesystem::create_directories(dir);
  return (std::filesystem::path(dir) / (name + "-" + std::to_string(::getpid()) + ".json")).string();
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
