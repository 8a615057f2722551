// The task index a batch engine gives each task of an array, for `swarm --shard-from-env N`:
// Kubernetes Indexed Jobs set JOB_COMPLETION_INDEX, Slurm job arrays SLURM_ARRAY_TASK_ID, AWS
// Batch array jobs AWS_BATCH_JOB_ARRAY_INDEX. Each is the 0-based index of the task when the
// array is declared from 0 (Slurm: --array=0-(N-1)).
#pragma once

#include <cstdint>
#include <string>

namespace clustersim::sim {

// The task index from the environment, checked against `shards`. False, with `problem` naming
// the variable and what is wrong, when none is set, one is not a number or is out of range, or
// two disagree.
bool shard_from_environment(std::uint64_t shards, std::uint64_t& index, std::string& problem);

}  // namespace clustersim::sim
