// Whole-cluster speed: simulated seconds per wall second for a 5-node cluster with
// hashicorp/raft's default timings and no faults (steady state: heartbeats only).
#include <benchmark/benchmark.h>

#include "sim/cluster/cluster.h"

namespace clustersim::sim {
namespace {

void BM_cluster_steady(benchmark::State& state) {
  Kernel kernel;
  ClusterOptions options;
  options.raft = model::RaftConfig::hashicorp_defaults();
  options.raft.members = numbered_members(static_cast<std::size_t>(state.range(0)));
  options.link.latency = LatencyModel::uniform(std::chrono::microseconds(500), std::chrono::milliseconds(2));
  SimCluster cluster(kernel, options);
  cluster.start();
  kernel.run_until(time_zero + std::chrono::seconds(10));  // past the first election
  constexpr auto slice = std::chrono::seconds(10);
  for (auto _ : state) kernel.run_until(kernel.now() + slice);
  if (cluster.current_leaders().size() != 1) state.SkipWithError("no single leader");
  const double simulated = static_cast<double>(state.iterations()) * 10.0;
  state.counters["sim_seconds_per_second"] = benchmark::Counter(simulated, benchmark::Counter::kIsRate);
  state.counters["events_per_sim_second"] =
      static_cast<double>(kernel.events_fired()) / (simulated + 10.0);
}
BENCHMARK(BM_cluster_steady)->Arg(5)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace clustersim::sim
