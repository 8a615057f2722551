// The options of `clustersim swarm` (one task of a swarm), read and checked together: the seed
// range and the shard (from --shard or the batch engine's environment), the budget, the
// outputs, the world options (world_options.h) and the tracker under test. Every problem is
// found here, before a template is loaded or a file is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/cli/commands.h"
#include "sim/cli/tracker_option.h"
#include "sim/core/time.h"
#include "sim/swarm/seed_range.h"
#include "sim/swarm/world_options.h"

namespace clustersim::sim {

// What the user asked of one swarm task.
struct SwarmArgs {
  std::string scenario, out = "swarm-out", json_path, junit_path;
  SeedRange range{1, 0};
  std::uint64_t jobs = 1, shard = 0, shards = 1, env_shards = 0;
  std::optional<std::uint64_t> show;
  std::optional<Duration> budget;
  bool input_faults = false, wall_times = false, guided = false;
  std::optional<std::string> faults, timeline;
  WorldOptions worlds;
  TrackerOption tracker;
};

// Reads the arguments after `swarm`; returns "" or the problem, for a usage error.
std::string parse_swarm_args(const Args& args, SwarmArgs& parsed);

}  // namespace clustersim::sim
