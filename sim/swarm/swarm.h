// Swarm testing: many random worlds from one template scenario, each seed its own world.
//
// The template fixes the cluster, tracker and network; each seed randomizes the faults (0 to
// 30 actions of every kind, then a liveness phase; faults on the trackers' inputs when asked). A failing seed is shrunk greedily (fewer
// faults, a shorter fault phase, shorter faults) while it keeps failing, so that what comes
// back is a small scenario file. Seeds can be split into shards so that N machines together
// run exactly the seeds one machine would.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/simulation/simulation.h"
#include "sim/swarm/world_spec.h"

namespace clustersim::sim {

inline constexpr int swarm_faults_max = 30;

// Seeds first..first+count-1 that belong to shard `index` of `shards`: every shards-th seed,
// so shards get equal shares of slow and fast worlds. The shards together cover every seed
// exactly once. Precondition: shards >= 1, index < shards.
std::vector<std::uint64_t> shard_seeds(std::uint64_t first, std::uint64_t count, std::uint64_t index,
                                       std::uint64_t shards);

// The world a seed stands for under a template; with `input_faults`, its faults include
// faults on the trackers' inputs (set_observer).
WorldSpec swarm_spec(std::uint64_t seed, bool input_faults = false);

struct SeedOutcome {
  std::uint64_t seed = 0;
  bool passed = true;
  int exit_code = 0;        // as `clustersim run` of the world would exit: 1 a check failed, 3 liveness only
  std::string failure;      // which checks failed and how, for the log
  Scenario shrunk;          // failing seeds only: the smallest failing world found
  std::size_t shrink_runs = 0;
};

// How one world came out: "" and 0 if every oracle holds, else a description of the failed
// checks and the exit code `clustersim run` gives it.
struct WorldVerdict {
  std::string failure;
  int exit_code = 0;
};
WorldVerdict judge_world(const Scenario& scenario);

// Runs one seed under the template, shrinking it if it fails (to a smaller world that fails
// the same way: a liveness-only failure stays one).
SeedOutcome run_seed(const Scenario& scenario_template, std::uint64_t seed, bool input_faults = false);

// Greedy shrinking: returns the smallest spec found for which `fails` still holds, trying at
// most `runs_max` candidates. Precondition: fails(spec).
WorldSpec shrink_spec(WorldSpec spec, const std::function<bool(const WorldSpec&)>& fails,
                      std::size_t runs_max, std::size_t* runs_used = nullptr);

}  // namespace clustersim::sim
