// Memory does not grow with simulated time: a 5-node cluster (hashicorp defaults, a stable
// tracker per node, events counted but not recorded) run for 1 and for 24 simulated hours.
// Peak resident memory is per process, so tools/bench.sh runs each in a process of its own
// and compares the two `peak_rss_mib` counters.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "sim/simulation/simulation.h"

namespace clustersim::sim {
namespace {

void BM_memory_5_nodes(benchmark::State& state) {
  const auto hours = state.range(0);
  for (auto _ : state) {
    Scenario scenario;
    scenario.raft = model::RaftConfig::hashicorp_defaults();
    scenario.raft.members = numbered_members(5);
    scenario.network.latency = LatencyModel::uniform(std::chrono::microseconds(500), std::chrono::milliseconds(2));
    scenario.stability_window = std::chrono::seconds(2);
    scenario.duration = std::chrono::hours(hours);
    RunOptions options;
    options.compare_policies = false;
    options.record = false;
    Simulation simulation(scenario, options);
    simulation.start();
    simulation.run_until(time_zero + scenario.duration);
    Kernel& kernel = simulation.kernel();
    benchmark::DoNotOptimize(kernel.events_fired());
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_mib"] = static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is KiB
  state.counters["simulated_hours"] = static_cast<double>(hours);
}
BENCHMARK(BM_memory_5_nodes)->Arg(1)->Arg(24)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
}  // namespace clustersim::sim
