#include "sim/simulation/run_result.h"

#include <algorithm>

namespace clustersim::sim {

std::vector<RecordedEvent> written_events(const RunResult& run) {
  if (run.mesh_events.empty()) return run.events;
  std::vector<RecordedEvent> all;
  all.reserve(run.events.size() + run.mesh_events.size());
  std::merge(run.events.begin(), run.events.end(), run.mesh_events.begin(), run.mesh_events.end(),
             std::back_inserter(all), [](const RecordedEvent& a, const RecordedEvent& b) { return a.sequence < b.sequence; });
  return all;
}

}  // namespace clustersim::sim
