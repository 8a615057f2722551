// Event serialization and parsing throughput (target: at least 1 million events per second
// each), on a mix like a controller's log: state events, and membership events with peers.
#include <benchmark/benchmark.h>

#include <vector>

#include "model/events/event_json.h"

namespace clustersim::model {
namespace {

std::vector<ClusterEvent> event_mix() {
  std::vector<ClusterEvent> events;
  for (int i = 0; i < 64; ++i) {
    ClusterEvent e;
    e.source_id = "ctrl" + std::to_string(i % 5 + 1);
    e.timestamp = Timestamp{1'736'535'288'151'522'421 + i * 1'000'003, -300};
    switch (i % 4) {
      case 0:
        e.type = ClusterEventType::state_has_leader;
        e.leader_id = "ctrl1";
        break;
      case 1:
        e.type = ClusterEventType::state_is_leaderless;
        break;
      case 2:
        e.type = ClusterEventType::leadership_gained;
        e.peers = {{"ctrl1", "tls:ctrl1:6262"}, {"ctrl2", "tls:ctrl2:6262"}, {"ctrl3", "tls:ctrl3:6262"}};
        break;
      default:
        e.type = ClusterEventType::members_changed;
        e.index = 100 + static_cast<std::uint64_t>(i);
        e.peers = {{"ctrl1", "tls:ctrl1:6262"}, {"ctrl2", "tls:ctrl2:6262"}};
    }
    events.push_back(e);
  }
  return events;
}

void BM_json_serialize(benchmark::State& state) {
  const std::vector<ClusterEvent> events = event_mix();
  std::string line;
  std::size_t i = 0;
  std::int64_t bytes = 0;
  for (auto _ : state) {
    line.clear();
    append_event_json(line, events[i++ & 63]);
    bytes += static_cast<std::int64_t>(line.size());
    benchmark::DoNotOptimize(line.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_json_serialize);

void BM_json_parse(benchmark::State& state) {
  std::vector<std::string> lines;
  for (const ClusterEvent& e : event_mix()) lines.push_back(event_to_json(e));
  std::size_t i = 0;
  std::int64_t bytes = 0;
  for (auto _ : state) {
    const std::string& line = lines[i++ & 63];
    EventParseResult parsed = parse_event_json(line);
    if (!parsed.ok()) state.SkipWithError("a generated line did not parse");
    bytes += static_cast<std::int64_t>(line.size());
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_json_parse);

}  // namespace
}  // namespace clustersim::model
