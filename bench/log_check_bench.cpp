// `clustersim check` end to end (target: at least 1 million events per second): the log a
// simulated incident writes (rolling_restart: five controllers restarted one by one, with
// their mesh and membership events), repeated with its timestamps moved on by the scenario's
// length each time, to about 100,000 events, read from memory by check_logs with every rule,
// the summary and the causes, as the command runs them. Each copy begins as the cluster
// began, so about one role_alternation violation per copy is reported (and formatted) too.
#include <benchmark/benchmark.h>

#include <sstream>

#include "model/events/event_json.h"
#include "sim/logcheck/log_check.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {
namespace {

std::string repeated_incident_log(std::size_t events_wanted, std::size_t& events) {
  const Scenario scenario = load_scenario(std::string(CLUSTERSIM_SCENARIO_DIR) + "/rolling_restart.json");
  const RunResult run = run_scenario(scenario);
  std::vector<const RecordedEvent*> all;
  for (const RecordedEvent& e : run.events) all.push_back(&e);
  for (const RecordedEvent& e : run.mesh_events) all.push_back(&e);
  std::sort(all.begin(), all.end(), [](const RecordedEvent* a, const RecordedEvent* b) { return a->sequence < b->sequence; });
  const std::int64_t length = std::chrono::nanoseconds(scenario.duration).count();
  std::string log;
  events = 0;
  for (std::int64_t copy = 0; events < events_wanted; ++copy) {
    for (const RecordedEvent* e : all) {
      model::ClusterEvent event = e->event;
      event.timestamp.unix_ns += copy * length;
      model::append_event_json(log, event);
      log += '\n';
      ++events;
    }
  }
  return log;
}

void BM_log_check(benchmark::State& state) {
  std::size_t events = 0;
  const std::string log = repeated_incident_log(100'000, events);
  for (auto _ : state) {
    std::istringstream in(log);
    std::ostringstream out, err;
    const logcheck::CheckOutcome outcome = logcheck::check_logs({{"bench.jsonl", &in}}, {}, out, err);
    if (outcome.exit_code == 2) state.SkipWithError("the generated log was refused");
    benchmark::DoNotOptimize(outcome.json);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(events));
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(log.size()));
}
BENCHMARK(BM_log_check)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace clustersim::sim
