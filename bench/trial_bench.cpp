// Per-world cost: what sweeps and swarms pay for every trial besides its events.
//   BM_leader_crash_trial_5_nodes    a five-node leader-crash trial with 100-200 ms election
//                                    timeouts, measured for downtime as `clustersim sweep
//                                    --metric downtime` runs it: the servers and network of
//                                    scenarios/experiments/leader_crash_100-200.json, booted,
//                                    the leader crashed at 1 s, ended once the new leader is
//                                    elected (sim/experiment/trial.h).
//   BM_leader_crash_experiment_trial the shipped experiment as it is (4 s of writes at 200 a
//                                    second before the crash at 5 s), measured the same way.
//   BM_world_construction/N          building an N-node world and starting it, every node
//                                    booting at once (so that every node, tracker and
//                                    comparison tracker is made), no event run.
#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include "sim/experiment/trial.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/text_file.h"

namespace clustersim::sim {
namespace {

const std::string experiment_file = std::string(CLUSTERSIM_SCENARIO_DIR) + "/experiments/leader_crash_100-200.json";

Scenario leader_crash_without_writes() {
  nlohmann::json root = nlohmann::json::parse(read_text_file(experiment_file, 1 << 20));
  root["timeline"] = nlohmann::json::parse(R"([{"at": "1s", "action": "crash", "node": "leader", "random_delay": "50ms"}])");
  return parse_scenario(root.dump(), experiment_file);
}

void trials(benchmark::State& state, const Scenario& scenario) {
  const std::vector<std::string> metrics{"downtime"};
  std::uint64_t seed = 1;
  double simulated = 0;
  for (auto _ : state) {
    const TrialRun trial = run_trial(scenario, trial_options(seed++, false), metrics, false);
    simulated += std::chrono::duration<double>(trial.ended - time_zero).count();
    benchmark::DoNotOptimize(trial.run.mark);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["simulated_s_per_trial"] = simulated / static_cast<double>(state.iterations());
}

void BM_leader_crash_trial_5_nodes(benchmark::State& state) { trials(state, leader_crash_without_writes()); }
BENCHMARK(BM_leader_crash_trial_5_nodes)->Unit(benchmark::kMicrosecond);

void BM_leader_crash_experiment_trial(benchmark::State& state) { trials(state, load_scenario(experiment_file)); }
BENCHMARK(BM_leader_crash_experiment_trial)->Unit(benchmark::kMicrosecond);

void BM_world_construction(benchmark::State& state) {
  Scenario scenario = leader_crash_without_writes();
  scenario.raft.members = numbered_members(static_cast<std::size_t>(state.range(0)));
  scenario.tracker_members.clear();
  scenario.timing.boot_at = Spread<Duration>::exactly(Duration{0});  // every node and tracker made at once
  for (auto _ : state) {
    Simulation simulation(scenario);
    simulation.start();
    benchmark::DoNotOptimize(simulation.now());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_world_construction)->Arg(5)->Arg(25)->Arg(101)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace clustersim::sim
