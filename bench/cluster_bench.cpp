// Whole-cluster speed: simulated seconds per wall second for clusters of 3 to 101 nodes with
// hashicorp/raft's default timings and a stable tracker in every node, steady (heartbeats
// only) and under continuous flapping (one follower's links down 3 s of every 4 s, so it
// keeps losing and finding the leader). Events are counted, not recorded.
#include <benchmark/benchmark.h>

#include "sim/cluster/cluster.h"
#include "sim/cluster/tracker_bank.h"

namespace clustersim::sim {
namespace {

constexpr auto slice = std::chrono::seconds(10);

struct BenchWorld {
  explicit BenchWorld(std::size_t nodes) : cluster(kernel, options(nodes)), bank(kernel, cluster, settings()) {
    cluster.start();
    bank.start_all();
    kernel.run_until(time_zero + std::chrono::seconds(10));  // past the first election
  }
  static ClusterOptions options(std::size_t nodes) {
    ClusterOptions o;
    o.raft = model::RaftConfig::hashicorp_defaults();
    o.raft.members = numbered_members(nodes);
    o.link.latency = LatencyModel::uniform(std::chrono::microseconds(500), std::chrono::milliseconds(2));
    return o;
  }
  static TrackerSettings settings() {
    TrackerSettings s;
    s.stability_window = std::chrono::seconds(2);
    s.record_events = false;
    return s;
  }
  Kernel kernel;
  SimCluster cluster;
  TrackerBank bank;
};

void report(benchmark::State& state, const BenchWorld& world) {
  const double simulated = static_cast<double>(state.iterations()) * 10.0;
  state.counters["sim_seconds_per_second"] = benchmark::Counter(simulated, benchmark::Counter::kIsRate);
  state.counters["events_per_sim_second"] = static_cast<double>(world.kernel.events_fired()) / (simulated + 10.0);
  state.counters["nodes"] = static_cast<double>(world.cluster.size());
}

void BM_cluster_steady(benchmark::State& state) {
  BenchWorld world(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) world.kernel.run_until(world.kernel.now() + slice);
  if (world.cluster.current_leaders().size() != 1) state.SkipWithError("no single leader");
  report(state, world);
}
BENCHMARK(BM_cluster_steady)->Arg(3)->Arg(5)->Arg(7)->Arg(11)->Arg(21)->Arg(51)->Arg(101)->Unit(benchmark::kMillisecond);

void BM_cluster_flapping(benchmark::State& state) {
  BenchWorld world(static_cast<std::size_t>(state.range(0)));
  FlapSpec flap;
  flap.start = world.kernel.now();
  flap.end = time_zero + std::chrono::hours(24 * 365);  // never ends within a benchmark
  flap.period = std::chrono::seconds(4);
  flap.down_fraction = 0.75;  // 3 s down: longer than the heartbeat timeout, so it loses the leader
  flap.jitter = std::chrono::milliseconds(100);
  const NodeIndex follower = world.cluster.current_leaders().at(0) == 0 ? 1 : 0;
  world.cluster.network().flap_node(follower, flap, "bench");
  for (auto _ : state) world.kernel.run_until(world.kernel.now() + slice);
  report(state, world);
  state.counters["tracker_events"] = static_cast<double>(world.bank.events_emitted());
}
BENCHMARK(BM_cluster_flapping)->Arg(3)->Arg(5)->Arg(7)->Arg(11)->Arg(21)->Arg(51)->Arg(101)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace clustersim::sim
