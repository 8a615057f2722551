// The reduction of swarm results files (seed_record.h) from any number of tasks into one
// summary: coverage of the swarm's seed range (every seed exactly once? which are missing,
// which ran twice, did a seed that ran twice come out differently?), totals, and the failures
// grouped by signature with the smallest reproducer of each group.
//
// The summary depends only on which seeds ran and how they came out, never on how the range was
// split: a swarm split over 4 tasks and merged gives the summary one task over the whole range
// gives (apart from the paths of the files and the list of tasks). Memory grows with the number
// of tasks and failing seeds, not with the seeds: each file's seeds are kept as runs of
// consecutive seeds.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/swarm/seed_record.h"

namespace clustersim::sim {

// A results file that cannot be merged: what() names the file (and line) and the problem.
class MergeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TaskFile {
  std::string path;
  TaskHeader header;
  std::uint64_t seeds_recorded = 0;
  std::string stopped;  // the end record's word; "" when the file has none (the task was killed)
};

struct FailureGroup {
  std::string signature, id;
  int exit_code = 1;                         // 1 a check failed, 3 only liveness
  std::uint64_t seeds = 0;
  std::vector<std::uint64_t> example_seeds;  // the lowest few
  SeedRecord smallest;                       // fewest fault actions, then lowest seed; its paths resolved
  std::string replay;                        // "" not replayed; else what the replay of `smallest` gave
};

struct Coverage {
  std::uint64_t expected = 0;       // seeds in the swarm's range
  std::uint64_t distinct = 0;       // of them, ran at least once
  std::uint64_t duplicates = 0;     // records beyond the first of a seed
  std::uint64_t outside = 0;        // records of seeds outside the range
  std::uint64_t missing = 0;        // seeds of the range with no record
  std::vector<SeedRange> gaps;      // the first few runs of missing seeds
  std::vector<SeedRange> repeated;  // the first few runs of seeds recorded more than once
  std::vector<std::uint64_t> conflicts;  // seeds recorded twice with different outcomes (first few)
  std::uint64_t conflict_count = 0;

  bool exact() const { return missing == 0 && duplicates == 0 && outside == 0; }
};

// How often the seeds' worlds reached one coverage mark.
struct MarkTotal {
  std::uint64_t worlds = 0;  // seeds whose world reached it
  std::uint64_t count = 0;   // times, over them all
};

struct SwarmSummary {
  TaskHeader swarm;              // the first task's header: what every task agreed on
  std::vector<SeedRange> ranges; // the seeds the tasks were asked for, joined: what coverage expects
  std::vector<TaskFile> tasks;   // by their first seed
  std::set<std::string> builds;  // "version commit" of every task
  std::uint64_t passed = 0, failed = 0, liveness_failed = 0;  // distinct seeds in the range
  std::int64_t simulated_ms = 0;  // over every record read
  double wall_ms = 0;
  Coverage coverage;
  std::vector<FailureGroup> groups;  // correctness before liveness, then most seeds first
  std::map<std::string, MarkTotal> marks;  // every known mark (coverage_mark_names), reached or not

  std::uint64_t killed_tasks() const;  // files without an end record
  // The worst group's exit code (1 before 3); else exit_incomplete when the range was not
  // covered exactly once or a task was killed; else 0.
  int exit_code() const;
};

// Merges the given results files. Throws MergeError when a file cannot be read, a line is not a
// record, or the tasks are not of one swarm (their template, worlds or tracker differ).
SwarmSummary merge_results(const std::vector<std::string>& files);
// The same for one results file already open (the fuzz target's door); `name` stands for its path.
SwarmSummary merge_results_from(std::istream& in, const std::string& name);

// How many seeds a summary names per list (example seeds, gaps, repeats, conflicts).
inline constexpr std::size_t summary_list_max = 10;

// Exit code of a merge that found no failure but did not see every seed exactly once.
inline constexpr int exit_incomplete = 4;

}  // namespace clustersim::sim
