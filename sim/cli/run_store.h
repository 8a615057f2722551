// `run --store DIR`: one folder per run, Jepsen-style, holding all a person needs to see why a
// run failed without running it again:
//   DIR/<scenario path>/<policy>-seed<N>/
//     scenario.json    the scenario as it was run (a copy: the original may change)
//     events.jsonl     the controllers' events, as --events writes them
//     trace.jsonl      the full trace (roles, terms, observations, faults, drops, events;
//                      `clustersim replay` verifies it)
//     timeline.html    the picture, with hover details
//     summary.txt      what `clustersim run` prints
//     result.json      the run's verdict and every check, as --json writes it; written last,
//                      so a folder with it is complete
#pragma once

#include <string>

#include "sim/cli/run_record.h"
#include "sim/oracle/report.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {

// The folder of one run below DIR.
std::string store_folder(const std::string& dir, const std::string& store_name, const RunResult& run);

// Writes the run's folder (creating it) and sets record.store to it. Throws OutputError.
void store_run(const std::string& folder, const RunResult& run, const OracleReport& report, RunRecord& record);

}  // namespace clustersim::sim
