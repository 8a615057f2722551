// Swarm throughput: random 5-node worlds of 60 simulated seconds, run and fully checked (and
// their coverage marks counted) as judge_world does for every seed,
// one after another on one core (target: 1,000 worlds in under 10 s); and the same worlds with
// the Go reference tracker in every node through the tracker protocol, where Go is built.
#include <benchmark/benchmark.h>

#include "sim/swarm/swarm.h"

namespace clustersim::sim {
namespace {

// Random five-node worlds of 60 simulated seconds on the realistic servers' timing, as
// `clustersim swarm` runs them; with
// `input_faults`, as `clustersim swarm --input-faults` does (faults on the trackers' inputs);
// with `tracker`, as `clustersim swarm --tracker-cmd` does.
void swarm_worlds(benchmark::State& state, bool input_faults, const std::optional<TrackerCommand>& tracker = std::nullopt) {
  std::uint64_t seed = 1;
  std::uint64_t failures = 0;
  for (auto _ : state) {
    WorldSpec spec = swarm_spec(seed++, input_faults);
    spec.nodes = 5;
    spec.timing = 0;  // hashicorp defaults
    spec.fault_phase_ms = 30000;
    Scenario scenario = to_scenario(spec);
    scenario.timing = NodeTiming::realistic();  // the servers a scenario gets by default
    scenario.duration = std::chrono::seconds(60);  // the liveness phase fits: 30 s + its bound
    scenario.tracker_command = tracker;
    failures += judge_world(scenario).exit_code == 0 ? 0u : 1u;  // what the swarm runs per seed
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["seconds_per_1000_worlds"] =
      benchmark::Counter(static_cast<double>(state.iterations()) / 1000.0,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["failed_worlds"] = static_cast<double>(failures);
}

void BM_swarm_worlds_5_nodes_60s(benchmark::State& state) { swarm_worlds(state, false); }
BENCHMARK(BM_swarm_worlds_5_nodes_60s)->Unit(benchmark::kMillisecond);

void BM_swarm_worlds_5_nodes_60s_input_faults(benchmark::State& state) { swarm_worlds(state, true); }
BENCHMARK(BM_swarm_worlds_5_nodes_60s_input_faults)->Unit(benchmark::kMillisecond);

#ifdef CLUSTERSIM_GO_TRACKER
void BM_swarm_worlds_5_nodes_60s_go_tracker(benchmark::State& state) {
  std::string why;
  swarm_worlds(state, false, parse_tracker_command(CLUSTERSIM_GO_TRACKER, why));
}
BENCHMARK(BM_swarm_worlds_5_nodes_60s_go_tracker)->Unit(benchmark::kMillisecond)->UseRealTime();
#endif

}  // namespace
}  // namespace clustersim::sim
