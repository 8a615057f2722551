// The tracker protocol's cost: one request and its answer between clustersim and the Go
// reference tracker (examples/go-tracker) over a socket pair (target: at most 20 us per round
// trip), and the swarm's throughput with the Go tracker in every node against the built-in
// one (bench/swarm_bench.cpp). Built only where Go is (the build makes the Go tracker). Timed
// on the wall clock: the other process's time is what a round trip waits for, and this
// process's CPU time does not see it.
#include <benchmark/benchmark.h>

#include "sim/cluster/external_tracker.h"
#include "sim/oracle/checks.h"
#include "sim/swarm/swarm.h"

namespace clustersim::sim {
namespace {

// clustersim's own share of a round trip: reading an answer with one event, and one without.
void BM_protocol_parse_answer(benchmark::State& state) {
  const std::string with_event =
      R"({"events":[{"namespace":"cluster","event_src_id":"ctrl3","timestamp":"2025-01-01T00:00:06.276700558Z","eventType":"state.has_leader","leaderId":"ctrl3"}],"wakeup_ns":null})";
  const std::string without = R"({"events":[],"wakeup_ns":6280551183})";
  TrackerAnswer answer;
  for (auto _ : state) {
    benchmark::DoNotOptimize(parse_answer(with_event, answer));
    benchmark::DoNotOptimize(parse_answer(without, answer));
  }
  state.SetItemsProcessed(2 * state.iterations());
}
BENCHMARK(BM_protocol_parse_answer);

}  // namespace
}  // namespace clustersim::sim

#ifdef CLUSTERSIM_GO_TRACKER

namespace clustersim::sim {
namespace {

TrackerCommand go_tracker() {
  std::string why;
  return *parse_tracker_command(CLUSTERSIM_GO_TRACKER, why);
}

// Counts events, as the bank's recorder does.
struct CountingSink final : model::EventSink {
  std::uint64_t events = 0;
  void accept(const model::ClusterEvent&) override { ++events; }
};

// One node's tracker in the Go process, given a leader observation per iteration, alternately
// a leader and none: under openziti each emits an event, so every answer carries one; under
// stable (window 1 s, observations 1 ms apart) each arms or stops the window's timer.
void protocol_round_trip(benchmark::State& state, model::TrackerPolicy policy) {
  Kernel kernel;
  ExternalTrackers session(kernel, go_tracker(), policy, std::chrono::seconds(1), {"ctrl1", "ctrl2", "ctrl3"});
  model::TrackerConfig config;
  config.policy = policy;
  config.self_id = "ctrl1";
  config.members = {{"ctrl1", "tls:ctrl1:6262"}, {"ctrl2", "tls:ctrl2:6262"}, {"ctrl3", "tls:ctrl3:6262"}};
  config.stability_window = std::chrono::seconds(1);
  CountingSink sink;
  auto tracker = session.factory()(config, sink);
  tracker->start(std::chrono::nanoseconds(0));
  std::int64_t now = 0;
  bool leader = false;
  for (auto _ : state) {
    leader = !leader;
    now += 1'000'000;
    tracker->on_leader(leader ? "ctrl2" : "", 1, std::chrono::nanoseconds(now));
  }
  if (session.failure()) state.SkipWithError(session.failure()->detail.c_str());
  state.SetItemsProcessed(state.iterations());
  state.counters["us_per_round_trip"] =
      benchmark::Counter(static_cast<double>(state.iterations()) / 1e6, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["events"] = static_cast<double>(sink.events);
  session.close();
}

// What a run pays once: starting the Go tracker's process, its hello, and its goodbye (a swarm
// starts one process per world: a process per run keeps runs independent of each other).
void BM_protocol_session_go(benchmark::State& state) {
  for (auto _ : state) {
    Kernel kernel;
    ExternalTrackers session(kernel, go_tracker(), model::TrackerPolicy::stable, std::chrono::seconds(1), {"ctrl1"});
    if (session.failure()) state.SkipWithError(session.failure()->detail.c_str());
    session.close();
  }
}
BENCHMARK(BM_protocol_session_go)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_protocol_round_trip_go_openziti(benchmark::State& state) { protocol_round_trip(state, model::TrackerPolicy::openziti); }
BENCHMARK(BM_protocol_round_trip_go_openziti)->Unit(benchmark::kMicrosecond)->UseRealTime();
void BM_protocol_round_trip_go_stable(benchmark::State& state) { protocol_round_trip(state, model::TrackerPolicy::stable); }
BENCHMARK(BM_protocol_round_trip_go_stable)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace clustersim::sim

#endif
