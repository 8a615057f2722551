#include "sim/cli/batch_index.h"

#include <cstdlib>
#include <optional>

#include "sim/cli/commands.h"

namespace clustersim::sim {

bool shard_from_environment(std::uint64_t shards, std::uint64_t& index, std::string& problem) {
  constexpr const char* variables[] = {"JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "AWS_BATCH_JOB_ARRAY_INDEX"};
  std::optional<std::uint64_t> found;
  std::string found_in;
  for (const char* name : variables) {
    const char* value = std::getenv(name);
    if (value == nullptr) continue;
    std::uint64_t parsed = 0;
    if (!parse_whole_number(value, parsed)) {
      problem = std::string("--shard-from-env: $") + name + " is \"" + value + "\", not a task index";
      return false;
    }
    if (found && *found != parsed) {
      problem = "--shard-from-env: $" + found_in + " and $" + name + " name different tasks (" + std::to_string(*found) +
                " and " + std::to_string(parsed) + ")";
      return false;
    }
    found = parsed;
    found_in = name;
  }
  if (!found) {
    problem = "--shard-from-env: none of $JOB_COMPLETION_INDEX (Kubernetes), $SLURM_ARRAY_TASK_ID (Slurm) or "
              "$AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch) is set";
    return false;
  }
  if (*found >= shards) {
    problem = "--shard-from-env: $" + found_in + " is " + std::to_string(*found) + ", but there are only " +
              std::to_string(shards) + " shards (0 to " + std::to_string(shards - 1) + ")";
    return false;
  }
  index = *found;
  return true;
}

}  // namespace clustersim::sim
