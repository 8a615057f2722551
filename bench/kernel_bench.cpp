// Kernel throughput: scheduled-and-fired timer events per second with a steady population of
// pending timers (the target: at least 10 million per second, 1,000 to 100,000
// pending, no allocation per event).
#include <benchmark/benchmark.h>

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

}  // namespace
}  // namespace clustersim::sim
