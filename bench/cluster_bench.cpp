// Whole-cluster speed: simulated seconds per wall second for clusters of 3 to 101 nodes with
// hashicorp/raft's default timings, a stable tracker and the controller mesh in every node,
// steady (heartbeats only) and under continuous flapping (one follower's links down 3 s of
// every 4 s, so it keeps losing and finding the leader); 5 nodes with slow links, for the
// scaling table; and steady clusters without the mesh, for what it costs. Events are counted,
// not recorded.
#include <benchmark/benchmark.h>

#include "sim/simulation/simulation.h"

namespace clustersim::sim {
namespace {

constexpr auto slice = std::chrono::seconds(10);

// A world of `nodes` controllers with a stable tracker each; events counted, not kept, and no
// comparison trackers (the benchmark measures one policy).
Scenario bench_scenario(std::size_t nodes, Duration message_min, bool mesh) {
  Scenario s;
  s.mesh.enabled = mesh;
  s.name = "bench";
  s.raft = model::RaftConfig::hashicorp_defaults();
  s.raft.members = numbered_members(nodes);
  s.network.latency = LatencyModel::uniform(message_min, 4 * message_min);
  s.policy = model::TrackerPolicy::stable;
  s.stability_window = std::chrono::seconds(2);
  s.duration = std::chrono::hours(24 * 365 * 100);  // never reached: benchmarks run in slices
  return s;
}

RunOptions bench_options() {
  RunOptions options;
  options.compare_policies = false;
  options.record = false;
  options.limits = KernelLimits{};  // benchmarks run as long as they are timed
  return options;
}

struct BenchWorld {
  // Messages take `message_min` to four times as long.
  explicit BenchWorld(std::size_t nodes, Duration message_min = std::chrono::microseconds(500), bool mesh = true)
      : simulation(bench_scenario(nodes, message_min, mesh), bench_options()), kernel(simulation.kernel()),
        cluster(simulation.cluster()) {
    simulation.start();
    simulation.run_until(time_zero + std::chrono::seconds(10));  // past the first election
  }
  Simulation simulation;
  Kernel& kernel;
  SimCluster& cluster;
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

// The same without the controller mesh: its heartbeats, checks and dial timers are what the
// difference costs (a mesh grows with the square of the nodes).
void BM_cluster_steady_without_mesh(benchmark::State& state) {
  BenchWorld world(static_cast<std::size_t>(state.range(0)), std::chrono::microseconds(500), false);
  for (auto _ : state) world.kernel.run_until(world.kernel.now() + slice);
  if (world.cluster.current_leaders().size() != 1) state.SkipWithError("no single leader");
  report(state, world);
}
BENCHMARK(BM_cluster_steady_without_mesh)->Arg(5)->Arg(101)->Unit(benchmark::kMillisecond);

// The same events as BM_cluster_steady/5, in another order: with 20-80 ms messages, one
// follower's heartbeat, message and answer no longer come one after another but interleave
// with the others', as all heartbeats do at 101 nodes. The report compares the cost per event
// with the fast-link run to separate what the order of events costs from what their number does.
void BM_cluster_steady_slow_links(benchmark::State& state) {
  BenchWorld world(static_cast<std::size_t>(state.range(0)), std::chrono::milliseconds(20));
  for (auto _ : state) world.kernel.run_until(world.kernel.now() + slice);
  if (world.cluster.current_leaders().size() != 1) state.SkipWithError("no single leader");
  report(state, world);
}
BENCHMARK(BM_cluster_steady_slow_links)->Arg(5)->Unit(benchmark::kMillisecond);

void BM_cluster_flapping(benchmark::State& state) {
  BenchWorld world(static_cast<std::size_t>(state.range(0)));
  FlapSpec flap;
  flap.start = world.kernel.now();
  // Past any benchmark's end (40 simulated days), within the million periods a flap may have.
  flap.end = later(flap.start, std::chrono::hours(24 * 40));
  flap.period = std::chrono::seconds(4);
  flap.down_fraction = 0.75;  // 3 s down: longer than the heartbeat timeout, so it loses the leader
  flap.jitter = std::chrono::milliseconds(100);
  const NodeIndex follower = world.cluster.current_leaders().at(0) == 0 ? 1 : 0;
  world.cluster.network().flap_node(follower, flap, "bench");
  for (auto _ : state) world.kernel.run_until(world.kernel.now() + slice);
  report(state, world);
  state.counters["tracker_events"] = static_cast<double>(world.simulation.trackers().events_emitted());
}
BENCHMARK(BM_cluster_flapping)->Arg(3)->Arg(5)->Arg(7)->Arg(11)->Arg(21)->Arg(51)->Arg(101)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace clustersim::sim
