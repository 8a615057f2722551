// The swarm results file: JSON lines, one small record per seed, written as each seed finishes
// so that a task that is killed keeps what it did (TigerBeetle's VOPR and FoundationDB's Joshua
// report per seed the same way). A file is
//   {"record":"task", ...}   what the task was asked: the build, the template, the seed range
//   {"record":"seed", ...}   one per seed, in seed order
//   {"record":"weights", ...} a guided swarm's fault weights, before the seeds drawn with them
//   {"record":"end", ...}    written last: how the task stopped; a file without it was killed
// `clustersim swarm merge` reads any number of these (results_merge.h). Paths in a record are
// relative to the folder of the results file, so a folder moved or copied whole still merges.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/swarm/seed_range.h"

namespace clustersim::sim {

// What a task was asked. Tasks of one swarm agree on everything but `shard` and `task_range`.
struct TaskHeader {
  std::string clustersim_version, commit;
  std::string template_file, template_name, template_hash;  // hash: 16 hex digits of the file's text
  SeedRange swarm_range;          // the whole swarm's seeds
  std::uint64_t shard = 0, shards = 1;
  SeedRange task_range;           // this task's part
  nlohmann::json worlds;          // how seeds become worlds (the generator's options)
  std::string tracker;            // "built-in" or the external tracker's command
};

struct SeedRecord {
  std::uint64_t seed = 0;
  int exit_code = 0;              // as `clustersim run` of the seed's world: 0, 1, 3
  std::int64_t simulated_ms = 0;  // the world's simulated time
  double wall_ms = 0;             // what running it (and shrinking it, if it failed) took
  // The coverage marks its world reached (sim/oracle/coverage.h), by name, those it reached only.
  std::vector<std::pair<std::string, std::uint64_t>> marks;
  // Failing seeds only:
  std::string signature;          // failure_signature.h
  std::string failure;            // the full description, for people
  std::string reproducer;         // the shrunk scenario file, relative to the results file
  std::string trace;              // its trace
  std::uint64_t fault_actions = 0;  // the shrunk world's fault actions: the smaller, the better a reproducer
  std::uint64_t shrink_runs = 0;

  bool passed() const { return exit_code == 0; }
};

// How a task stopped: it ran its range, its --for budget ran out, or it was interrupted.
struct TaskEnd {
  std::string stopped = "complete";  // "complete", "budget", "interrupted"
  std::uint64_t seeds_run = 0;
};

std::string task_line(const TaskHeader& header);
std::string seed_line(const SeedRecord& record);
std::string end_line(const TaskEnd& end);

// Parsing throws std::runtime_error naming the field that is missing or wrong (the caller adds
// the file and line).
TaskHeader parse_task(const nlohmann::json& line);
SeedRecord parse_seed(const nlohmann::json& line);
TaskEnd parse_end(const nlohmann::json& line);

// The name a task's results file gets in its --out folder: results-FIRST-LAST.jsonl, distinct
// for tasks of distinct seeds, the same for a task run again (it replaces its earlier file).
std::string results_file_name(SeedRange task_range);

}  // namespace clustersim::sim
