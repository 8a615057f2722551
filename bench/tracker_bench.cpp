// Tracker cost per observation (target: at most 20 ns median in Release) on a realistic
// stream: a follower mostly re-observes what it already knows, a leader flap now and then.
#include <benchmark/benchmark.h>

#include <vector>

#include "model/tracker/leader_state_tracker.h"

namespace clustersim::model {
namespace {

class CountingSink final : public EventSink {
 public:
  void accept(const ClusterEvent&) override { ++count; }
  std::uint64_t count = 0;
};

struct Observation {
  bool is_leader;
  const char* leader;
  RaftState state;
  std::uint64_t term;
};

// 4,096 observations: 90% repeat the current leader, 5% repeat the raft state, 5% clear or
// restore the leader (a flap). One observation per millisecond.
std::vector<Observation> realistic_stream() {
  std::vector<Observation> stream;
  std::uint64_t term = 1;
  bool leader_known = true;
  for (std::uint32_t i = 0; i < 4096; ++i) {
    const std::uint32_t pick = (i * 2654435761u >> 7) % 100;  // a fixed scramble of i
    if (pick < 90) {
      stream.push_back({true, leader_known ? "ctrl1" : "", RaftState::follower, term});
    } else if (pick < 95) {
      stream.push_back({false, "", RaftState::follower, term});
    } else {
      leader_known = !leader_known;
      stream.push_back({true, leader_known ? "ctrl1" : "", RaftState::follower, term});
    }
  }
  return stream;
}

void run_stream(benchmark::State& state, TrackerPolicy policy) {
  TrackerConfig config;
  config.policy = policy;
  config.self_id = "ctrl2";
  config.members = {{"ctrl1", "a"}, {"ctrl2", "b"}, {"ctrl3", "c"}, {"ctrl4", "d"}, {"ctrl5", "e"}};
  config.stability_window = std::chrono::seconds(1);
  CountingSink sink;
  auto tracker = make_tracker(config, sink);
  const std::vector<Observation> stream = realistic_stream();
  std::chrono::nanoseconds now{0};
  tracker->start(now);
  std::size_t i = 0;
  for (auto _ : state) {
    const Observation& o = stream[i++ & 4095];
    now += std::chrono::milliseconds(1);
    if (o.is_leader) {
      tracker->on_leader(o.leader, o.term, now);
    } else {
      tracker->on_raft_state(o.state, o.term, now);
    }
    if (auto deadline = tracker->wakeup_deadline(); deadline && *deadline <= now) {
      tracker->on_wakeup(now);
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["events_per_1k_observations"] =
      1000.0 * static_cast<double>(sink.count) / static_cast<double>(state.iterations());
}

void BM_tracker_openziti_observation(benchmark::State& state) {
  run_stream(state, TrackerPolicy::openziti);
}
BENCHMARK(BM_tracker_openziti_observation);

void BM_tracker_stable_observation(benchmark::State& state) {
  run_stream(state, TrackerPolicy::stable);
}
BENCHMARK(BM_tracker_stable_observation);

}  // namespace
}  // namespace clustersim::model
