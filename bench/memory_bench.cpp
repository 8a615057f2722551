// Memory does not grow with simulated time: a 5-node cluster (hashicorp defaults, a stable
// tracker per node, events counted but not recorded) run for 1 and for 24 simulated hours.
// Peak resident memory is per process, so tools/bench.sh runs each in a process of its own
// and compares the two `peak_rss_mib` counters.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "sim/cluster/cluster.h"
#include "sim/cluster/tracker_bank.h"

namespace clustersim::sim {
namespace {

void BM_memory_5_nodes(benchmark::State& state) {
  const auto hours = state.range(0);
  for (auto _ : state) {
    Kernel kernel;
    ClusterOptions options;
    options.raft = model::RaftConfig::hashicorp_defaults();
    options.raft.members = numbered_members(5);
    options.link.latency = LatencyModel::uniform(std::chrono::microseconds(500), std::chrono::milliseconds(2));
    SimCluster cluster(kernel, options);
    TrackerSettings settings;
    settings.stability_window = std::chrono::seconds(2);
    settings.record_events = false;
    TrackerBank bank(kernel, cluster, settings);
    cluster.start();
    bank.start_all();
    kernel.run_until(time_zero + std::chrono::hours(hours));
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
