// The command line of `clustersim run`, parsed: shared by the run of one scenario (its summary,
// its own output files) and the run of many (a table; results by --json, --junit, --store).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/cli/commands.h"
#include "sim/cli/tracker_option.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {

struct RunArgs {
  std::vector<std::string> scenarios;  // files and folders
  std::optional<std::uint64_t> seed;
  std::vector<model::TrackerPolicy> policies;  // empty: each scenario's own
  TrackerOption tracker;
  std::string events_path, trace_path, timeline_path, observations_path;
  std::string json_path, junit_path, store_dir;
  std::uint64_t jobs = 1;
  std::optional<TraceLevel> trace_level;  // --trace-level
  bool quiet = false, rewrite = false, row = false, wall_times = false, verbose = false;
  std::optional<double> pace;
};

// Returns the problem with the arguments, "" if there is none.
std::string parse_run_args(const Args& args, RunArgs& parsed);

// Whether the arguments name exactly one run (one file, at most one policy): then `run`
// prints that run's summary and may write its own files.
bool names_one_run(const RunArgs& parsed);

// What the runs record beyond their events: --trace-level if given, else the decisions level
// when a trace is written (--trace, --store), a timeline drawn (its faults as they happened)
// or --verbose prints it, else nothing more.
TraceLevel recorded_level(const RunArgs& parsed);

// The run of many scenarios (run_suite.cpp).
int run_suite(const RunArgs& parsed, std::ostream& out, std::ostream& err);

}  // namespace clustersim::sim
