#include "sim/swarm/swarm.h"

#include "model/assert.h"
#include "sim/core/random.h"
#include "sim/oracle/checks.h"
#include "sim/oracle/coverage.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/swarm/failure_signature.h"

namespace clustersim::sim {

WorldSpec swarm_spec(std::uint64_t seed, const WorldOptions& options) {
  Random random = Random::for_stream(seed, "swarm/world");
  return random_spec(random, seed, options);
}

WorldSpec swarm_spec(std::uint64_t seed, bool input_faults) {
  WorldOptions options;
  options.weights = WorldOptions::default_weights(input_faults);
  return swarm_spec(seed, options);
}

Scenario swarm_world(const Scenario& scenario_template, std::uint64_t seed, const WorldOptions& options) {
  return swarm_world(scenario_template, swarm_spec(seed, options), options);
}

Scenario swarm_world(const Scenario& scenario_template, const WorldSpec& spec, const WorldOptions& options) {
  const Scenario base = world_template(scenario_template, spec, options);
  return to_scenario(spec, &base, options.keep_template_timeline);
}

WorldVerdict judge_world(const Scenario& scenario, const TrackerFactory* trackers, CoverageMarks marks) {
  try {
    RunOptions options;
    if (trackers != nullptr) options.tracker_factory = *trackers;
    options.trace_hash = false;  // no oracle and no record of a seed reads it
    const RunResult run = run_scenario(scenario, options);
    const OracleReport report = check_run(run, nullptr);
    return {describe_failures(run, report), failure_signature(report, run.node_ids), report.exit_code(),
            marks == CoverageMarks::counted ? coverage_counts(run) : std::vector<std::uint64_t>{}};
  } catch (const TrackerStartError& error) {
    // The command started when the swarm began (the CLI checks); now it cannot (out of
    // processes, the binary removed): this world failed, and says why.
    return {std::string("tracker_process (") + error.what() + ")", "tracker_process", 1, {}};
  }
}

std::string replay_reproducer(const std::string& scenario_file, const std::string& signature) {
  Scenario scenario;
  try {
    scenario = load_scenario(scenario_file);
  } catch (const std::exception& error) {
    return std::string("cannot be run: ") + error.what();
  }
  const WorldVerdict verdict = judge_world(scenario, nullptr, CoverageMarks::skipped);
  if (verdict.exit_code == 0) return "passes now";
  if (verdict.signature == signature) return "fails the same way";
  return "fails differently: " + verdict.signature;
}

WorldSpec shrink_spec(WorldSpec spec, const std::function<bool(const WorldSpec&)>& fails, std::size_t runs_max,
                      std::size_t* runs_used) {
  std::size_t runs = 0;
  auto attempt = [&](const WorldSpec& candidate) {
    if (runs >= runs_max) return false;
    ++runs;
    if (!fails(candidate)) return false;
    spec = candidate;
    return true;
  };
  bool progress = true;
  while (progress && runs < runs_max) {
    progress = false;
    // Fewer faults: drop halves, then quarters, ... then single faults.
    for (std::size_t chunk = std::max<std::size_t>(1, spec.faults.size() / 2); chunk >= 1; chunk /= 2) {
      for (std::size_t start = 0; start + chunk <= spec.faults.size();) {
        WorldSpec candidate = spec;
        candidate.faults.erase(candidate.faults.begin() + static_cast<std::ptrdiff_t>(start),
                               candidate.faults.begin() + static_cast<std::ptrdiff_t>(start + chunk));
        if (attempt(candidate)) {
          progress = true;
        } else {
          start += chunk;
        }
      }
      if (chunk == 1) break;
    }
    // Fewer faults on the trackers' inputs: none, then one family less at a time.
    for (int bit = -1; bit < 7 && spec.input_faults != 0; ++bit) {
      WorldSpec candidate = spec;
      candidate.input_faults = bit < 0 ? 0 : spec.input_faults & ~(1 << bit);
      if (candidate.input_faults != spec.input_faults && attempt(candidate)) progress = true;
    }
    // A shorter fault phase, and shorter, earlier faults.
    WorldSpec shorter = spec;
    shorter.fault_phase_ms = spec.fault_phase_ms / 2;
    if (shorter.fault_phase_ms >= 1000 && attempt(shorter)) progress = true;
    for (std::size_t i = 0; i < spec.faults.size(); ++i) {
      WorldSpec candidate = spec;
      candidate.faults[i].length_ms /= 2;
      candidate.faults[i].at_ms /= 2;
      if (candidate.faults[i].length_ms >= 1 && attempt(candidate)) progress = true;
    }
  }
  if (runs_used != nullptr) *runs_used = runs;
  return spec;
}

SeedOutcome run_seed(const Scenario& scenario_template, std::uint64_t seed, const WorldOptions& options,
                     const TrackerFactory* trackers) {
  SeedOutcome outcome;
  outcome.seed = seed;
  const WorldSpec spec = swarm_spec(seed, options);
  outcome.kinds_drawn = kinds_drawn(spec);
  // Shrinking changes the faults, never the cluster the seed drew: one base for every candidate.
  const Scenario base = world_template(scenario_template, spec, options);
  const bool keep = options.keep_template_timeline;
  const Scenario world = to_scenario(spec, &base, keep);
  outcome.simulated = world.duration;
  const WorldVerdict verdict = judge_world(world, trackers);
  outcome.marks = verdict.marks;
  outcome.failure = verdict.failure;
  outcome.signature = verdict.signature;
  outcome.exit_code = verdict.exit_code;
  outcome.passed = verdict.exit_code == 0;
  if (outcome.passed) return outcome;
  // The last candidate that failed is the one shrinking keeps: remember its failure rather
  // than running the smallest world once more.
  const WorldSpec smallest = shrink_spec(
      spec,
      [&](const WorldSpec& candidate) {
        WorldVerdict shrunk = judge_world(to_scenario(candidate, &base, keep), trackers, CoverageMarks::skipped);
        if (shrunk.signature != outcome.signature) return false;
        outcome.failure = std::move(shrunk.failure);
        return true;
      },
      300, &outcome.shrink_runs);
  outcome.shrunk = to_scenario(smallest, &base, keep);
  return outcome;
}

}  // namespace clustersim::sim
