#include "sim/cli/paced_run.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "model/events/event_json.h"

namespace clustersim::sim {
namespace {

// How often the paced run wakes to write what happened meanwhile: often enough that an event
// appears within a frame of its instant, seldom enough to cost nothing.
constexpr auto wall_slice = std::chrono::milliseconds(20);

}  // namespace

RunResult run_paced(const Scenario& scenario, const RunOptions& options, double pace, std::ostream& events,
                    bool (*stop)()) {
  Simulation simulation(scenario, options);
  simulation.start();
  const Time end = time_zero + scenario.duration;
  const auto virtual_slice =
      std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::nano>(std::chrono::nanoseconds(wall_slice).count() * pace));
  const auto began = std::chrono::steady_clock::now();
  std::size_t tracker_written = 0, mesh_written = 0;
  std::string lines;
  for (Time at = time_zero; at < end && !(stop && stop());) {
    at = std::min(end, later(at, std::max(virtual_slice, Duration{1})));
    const bool went_on = simulation.run_until(at);
    // What was emitted meanwhile, in emission order across the trackers and the mesh.
    const std::vector<RecordedEvent>& tracker = simulation.events();
    static const std::vector<RecordedEvent> no_mesh;
    const std::vector<RecordedEvent>& mesh = simulation.mesh() ? simulation.mesh()->events() : no_mesh;
    lines.clear();
    while (tracker_written < tracker.size() || mesh_written < mesh.size()) {
      const bool take_mesh = tracker_written == tracker.size() ||
                             (mesh_written < mesh.size() && mesh[mesh_written].sequence < tracker[tracker_written].sequence);
      model::append_event_json(lines, take_mesh ? mesh[mesh_written++].event : tracker[tracker_written++].event);
      lines.push_back('\n');
    }
    events << lines << std::flush;
    if (!went_on) break;  // a kernel limit: the record says which
    const auto due = began + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                 std::chrono::duration<double, std::nano>(static_cast<double>((at - time_zero).count()) / pace));
    std::this_thread::sleep_until(due);
  }
  return simulation.result();
}

}  // namespace clustersim::sim
