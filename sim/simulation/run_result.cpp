#include "sim/simulation/run_result.h"

#include <algorithm>

#include "sim/core/random.h"

namespace clustersim::sim {

std::vector<RecordedEvent> written_events(const RunResult& run) {
  std::vector<RecordedEvent> all;
  all.reserve(run.events.size() + run.mesh_events.size());
  std::merge(run.events.begin(), run.events.end(), run.mesh_events.begin(), run.mesh_events.end(),
             std::back_inserter(all), [](const RecordedEvent& a, const RecordedEvent& b) { return a.sequence < b.sequence; });
  const Duration jitter = run.scenario.dispatch_jitter;
  if (jitter <= Duration{0}) return all;
  Random random = Random::for_stream(run.seed, "dispatch");
  std::vector<std::pair<Time, std::size_t>> written;  // when each is written, and its place
  written.reserve(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    written.emplace_back(later(all[i].at, random.uniform_duration(Duration{0}, jitter - Duration{1})), i);
  }
  std::sort(written.begin(), written.end());  // ties keep emission order
  std::vector<RecordedEvent> out;
  out.reserve(all.size());
  for (const auto& [at, i] : written) out.push_back(std::move(all[i]));
  return out;
}

}  // namespace clustersim::sim
