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
// timer (every 100-200 ms) whose firing sends a message, whose arrival sends an answer, each
// message taking a quarter to all of `message_max`; for each node a check timer (every
// 1-2 s). The callbacks do nothing else. With 5 nodes and 2 ms messages one heartbeat's three
// events come one after another; with 101 nodes the heartbeats of 100 followers interleave
// at random, and so they do with 5 nodes and 80 ms messages. ns per event in the three cases
// (the report's scaling table) separates what the number of pending events costs from what
// their order costs: an unpredictable order defeats the CPU's branch prediction in the
// queue's comparisons and in the dispatch of each event.
class ClusterMix {
 public:
  ClusterMix(std::uint32_t nodes, std::chrono::microseconds message_max) : message_max_(message_max) {
    for (std::uint32_t f = 1; f < nodes; ++f) heartbeat(f);
    for (std::uint32_t n = 0; n < nodes; ++n) check(n);
  }
  Kernel& kernel() { return kernel_; }

 private:
  Duration draw(std::chrono::microseconds low, std::chrono::microseconds high) {
    return random_.uniform_duration(low, high);
  }
  Duration message_delay() { return draw(message_max_ / 4, message_max_); }
  void heartbeat(std::uint32_t follower) {
    kernel_.schedule_after(message_delay(), [this, follower] { arrive(follower); });
    kernel_.schedule_after(draw(std::chrono::milliseconds(100), std::chrono::milliseconds(200)),
                           [this, follower] { heartbeat(follower); });
  }
  void arrive(std::uint32_t follower) {
    kernel_.schedule_after(message_delay(), [this, follower] { ++answers_[follower % answers_.size()]; });
  }
  void check(std::uint32_t node) {
    kernel_.schedule_after(draw(std::chrono::seconds(1), std::chrono::seconds(2)), [this, node] { check(node); });
  }

  Kernel kernel_;
  Random random_{11};
  std::chrono::microseconds message_max_;
  std::array<std::uint64_t, 8> answers_{};
};

// Arguments: nodes, longest message delay in microseconds.
void BM_kernel_cluster_mix(benchmark::State& state) {
  ClusterMix mix(static_cast<std::uint32_t>(state.range(0)), std::chrono::microseconds(state.range(1)));
  mix.kernel().run_until(time_zero + std::chrono::seconds(10));  // past the start-up
  for (auto _ : state) mix.kernel().step();
  state.SetItemsProcessed(state.iterations());
  state.counters["pending"] = static_cast<double>(mix.kernel().pending_count());
}
BENCHMARK(BM_kernel_cluster_mix)->Args({5, 2'000})->Args({101, 2'000})->Args({5, 80'000});

}  // namespace
}  // namespace clustersim::sim
