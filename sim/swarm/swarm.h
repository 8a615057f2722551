// Swarm testing: many random worlds from one template scenario, each seed its own world.
//
// The template fixes the cluster, tracker and network; each seed randomizes the faults (by
// default 0 to 30 actions of every kind, then a liveness phase; world_options.h says what the
// user can change). A failing seed is shrunk greedily (fewer
// faults, a shorter fault phase, shorter faults) while it keeps failing, so that what comes
// back is a small scenario file. Seed ranges and shards are in seed_range.h.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/simulation/simulation.h"
#include "sim/swarm/world_options.h"
#include "sim/swarm/world_spec.h"

namespace clustersim::sim {

// The world a seed stands for under the options (world_options.h); with `input_faults`, the
// default options with faults on the trackers' inputs (set_observer).
WorldSpec swarm_spec(std::uint64_t seed, const WorldOptions& options);
WorldSpec swarm_spec(std::uint64_t seed, bool input_faults = false);

// The scenario of a seed's world, before any shrinking: what `swarm --show SEED` prints.
Scenario swarm_world(const Scenario& scenario_template, std::uint64_t seed, const WorldOptions& options);
// The same for a spec already drawn (swarm_spec).
Scenario swarm_world(const Scenario& scenario_template, const WorldSpec& spec, const WorldOptions& options);

struct SeedOutcome {
  std::uint64_t seed = 0;
  bool passed = true;
  int exit_code = 0;        // as `clustersim run` of the world would exit: 1 a check failed, 3 liveness only
  std::string failure;      // which checks failed and how, for the log
  std::string signature;    // the failure without what differs from seed to seed (failure_signature.h)
  Duration simulated{0};    // the seed's world's simulated time
  std::vector<std::uint64_t> marks;  // the situations its world reached (sim/oracle/coverage.h), before shrinking
  std::array<int, fault_kinds> kinds_drawn{};  // how many faults of each kind its world drew
  Scenario shrunk;          // failing seeds only: the smallest failing world found
  std::size_t shrink_runs = 0;
};

// How one world came out: "" and 0 if every oracle holds, else a description of the failed
// checks and the exit code `clustersim run` gives it.
struct WorldVerdict {
  std::string failure;
  std::string signature;
  int exit_code = 0;
  std::vector<std::uint64_t> marks;  // coverage_counts of the run
};
// With `trackers`, the world runs those trackers in place of the scenario's (the experiments
// that measure the swarm on deliberately wrong ones). The coverage marks are counted for the
// worlds a swarm records; a shrink candidate or a replay, which only needs the verdict, skips
// them (its `marks` stay empty).
enum class CoverageMarks { counted, skipped };
WorldVerdict judge_world(const Scenario& scenario, const TrackerFactory* trackers = nullptr,
                         CoverageMarks marks = CoverageMarks::counted);

// Runs one seed under the template, shrinking it if it fails, to a smaller world with the same
// failure signature: the reproducer of a group of seeds shows that group's bug.
SeedOutcome run_seed(const Scenario& scenario_template, std::uint64_t seed, const WorldOptions& options = WorldOptions{},
                     const TrackerFactory* trackers = nullptr);

// Replays a stored reproducer (a shrunk world's scenario file) and says whether it still fails
// with `signature`: "fails the same way", "passes now", "fails differently: <signature>", or
// why the file could not be run. What `swarm merge` says of each group's smallest seed.
std::string replay_reproducer(const std::string& scenario_file, const std::string& signature);

// Greedy shrinking: returns the smallest spec found for which `fails` still holds, trying at
// most `runs_max` candidates. Precondition: fails(spec).
WorldSpec shrink_spec(WorldSpec spec, const std::function<bool(const WorldSpec&)>& fails,
                      std::size_t runs_max, std::size_t* runs_used = nullptr);

}  // namespace clustersim::sim
