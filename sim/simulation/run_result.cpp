#include "sim/simulation/run_result.h"

#include <algorithm>

#include "sim/core/random.h"

namespace clustersim::sim {

std::vector<const RecordedEvent*> written_events(const RunResult& run) {
  std::vector<const RecordedEvent*> all;
  all.reserve(run.events.size() + run.mesh_events.size());
  auto tracker = run.events.begin(), mesh = run.mesh_events.begin();
  while (tracker != run.events.end() || mesh != run.mesh_events.end()) {  // in emission order
    const bool take_mesh = tracker == run.events.end() || (mesh != run.mesh_events.end() && mesh->sequence < tracker->sequence);
    all.push_back(take_mesh ? &*mesh++ : &*tracker++);
  }
  const Duration jitter = run.scenario.dispatch_jitter;
  if (jitter <= Duration{0}) return all;
  Random random = Random::for_stream(run.seed, "dispatch");
  std::vector<std::pair<Time, std::size_t>> written;  // when each is written, and its place
  written.reserve(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    written.emplace_back(later(all[i]->at, random.uniform_duration(Duration{0}, jitter - Duration{1})), i);
  }
  std::sort(written.begin(), written.end());  // ties keep emission order
  std::vector<const RecordedEvent*> out;
  out.reserve(all.size());
  for (const auto& [at, i] : written) out.push_back(all[i]);
  return out;
}

}  // namespace clustersim::sim
