// A swarm summary (results_merge.h) for people and programs, the same for `clustersim swarm`
// (one task, summarising its own results file) and `clustersim swarm merge` (any number of
// tasks): a table of the failures grouped by signature, each with its count, a few of its
// seeds and its smallest reproducer; `--json` the same as data; `--junit` a test case per
// signature, one for the coverage of the seed range (merge) and one for the seeds that held.
// Wall times appear only when asked for, so that the output of a merge is a function of which
// seeds ran and how they came out.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/cli/junit.h"
#include "sim/swarm/results_merge.h"

namespace clustersim::sim {

// What the summary is of, and what the reader asked to see.
struct SummaryView {
  bool merged = false;      // swarm merge: coverage of the whole range; else one task's run
  bool wall_times = false;
  std::string stopped = "complete";  // one task: "complete", "budget", "interrupted"
  std::string results_file;          // one task: where its records are
};

std::string swarm_summary_text(const SwarmSummary& summary, const SummaryView& view);
nlohmann::json swarm_summary_json(const SwarmSummary& summary, const SummaryView& view);
JunitSuite swarm_summary_junit(const SwarmSummary& summary, const SummaryView& view);

// The exit code of one task: 130 when interrupted, else its worst failure's (1 before 3), else 0
// (a task whose --for budget ran out did what it was asked).
int task_exit_code(const SwarmSummary& summary, const SummaryView& view);

}  // namespace clustersim::sim
