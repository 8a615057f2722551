// Kernel throughput: scheduled-and-fired timer events per second with a steady population of
// pending timers (the target: at least 10 million per second, 1,000 to 100,000
// pending, no allocation per event); and the kernel alone under a steady cluster's event mix,
// which shows what the order of events, rather than their number, costs.
#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <vector>

#include "sim/core/kernel.h"
#include "sim/core/random.h"

namespace clustersim::sim {
namespace {


// Delays drawn once up front so that the benchmark measures the kernel, not the generator.
std::vector<Duration> delay_table(std::size_t count) {
  Random random(7);
  std::vector<Duration> delays(count);
  for (Duration& d : delays) d = Duration{random.uniform_int(1'000, 1'000'000)};
  return delays;
}

struct Rearm {
  Kernel* kernel;
  const std::vector<Duration>* delays;
  std::size_t* cursor;
  void operator()() const {
    const Duration delay = (*delays)[(*cursor)++ & (delays->size() - 1)];
    kernel->schedule_after(delay, *this);
  }
};

// Each fired event schedules its successor: one schedule + one fire per item.
void BM_kernel_schedule_fire(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const std::vector<Duration> delays = delay_table(1 << 16);
  std::size_t cursor = 0;
  Kernel kernel;
  for (std::size_t i = 0; i < pending; ++i) kernel.schedule_after(delays[i & 0xffff], Rearm{&kernel, &delays, &cursor});
  for (std::size_t i = 0; i < pending; ++i) kernel.step();  // warm: every slot reused once
  for (auto _ : state) kernel.step();
  state.SetItemsProcessed(state.iterations());
  state.counters["pending"] = static_cast<double>(kernel.pending_count());
}
BENCHMARK(BM_kernel_schedule_fire)->Arg(1'000)->Arg(10'000)->Arg(100'000);

// Schedule a timer and cancel it before it fires, as election timers mostly are.
void BM_kernel_schedule_cancel(benchmark::State& state) {
  const auto pending = static_cast<std::size_t>(state.range(0));
  const std::vector<Duration> delays = delay_table(1 << 16);
  Kernel kernel;
  for (std::size_t i = 0; i < pending; ++i) kernel.schedule_after(delays[i & 0xffff], [] {});
  std::size_t cursor = 0;
  for (auto _ : state) {
    const TimerId id = kernel.schedule_after(delays[cursor++ & 0xffff], [] {});
    benchmark::DoNotOptimize(kernel.cancel(id));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_kernel_schedule_cancel)->Arg(1'000)->Arg(100'000);

// The events of a steady n-node cluster without the cluster: for each follower a heartbeat
// timer (every 100-200 ms) whose firing sends a message (0.5-2 ms), whose arrival sends an
// answer (0.5-2 ms); for each node a check timer (every 1-2 s). The callbacks do nothing else.
// With 5 nodes one heartbeat's three events come one after another; with 101 the heartbeats
// of 100 followers interleave at random, and the queue's comparisons and the dispatch of
// each event become unpredictable to the CPU. ns per event at both sizes, compared with the
// whole cluster's (BM_cluster_steady), says how much of a large cluster's extra cost per
// event lies in the kernel.
class ClusterMix {
 public:
  explicit ClusterMix(std::uint32_t nodes) {
    for (std::uint32_t f = 1; f < nodes; ++f) heartbeat(f);
    for (std::uint32_t n = 0; n < nodes; ++n) check(n);
  }
  Kernel& kernel() { return kernel_; }

 private:
  Duration draw(std::int64_t low_us, std::int64_t high_us) {
    return random_.uniform_duration(std::chrono::microseconds(low_us), std::chrono::microseconds(high_us));
  }
  void heartbeat(std::uint32_t follower) {
    kernel_.schedule_after(draw(500, 2'000), [this, follower] { arrive(follower); });
    kernel_.schedule_after(draw(100'000, 200'000), [this, follower] { heartbeat(follower); });
  }
  void arrive(std::uint32_t follower) {
    kernel_.schedule_after(draw(500, 2'000), [this, follower] { ++answers_[follower % answers_.size()]; });
  }
  void check(std::uint32_t node) {
    kernel_.schedule_after(draw(1'000'000, 2'000'000), [this, node] { check(node); });
  }

  Kernel kernel_;
  Random random_{11};
  std::array<std::uint64_t, 8> answers_{};
};

void BM_kernel_cluster_mix(benchmark::State& state) {
  ClusterMix mix(static_cast<std::uint32_t>(state.range(0)));
  mix.kernel().run_until(time_zero + std::chrono::seconds(10));  // past the start-up
  for (auto _ : state) mix.kernel().step();
  state.SetItemsProcessed(state.iterations());
  state.counters["nodes"] = static_cast<double>(state.range(0));
  state.counters["pending"] = static_cast<double>(mix.kernel().pending_count());
}
BENCHMARK(BM_kernel_cluster_mix)->Arg(5)->Arg(101);

}  // namespace
}  // namespace clustersim::sim
