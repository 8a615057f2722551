// The summary a person reads after `clustersim run`: what happened, per node counts, every
// check with its verdict, and on failure the command that reproduces it.
#pragma once

#include <string>

#include "sim/oracle/report.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {

std::string format_summary(const RunResult& run, const OracleReport& report);
// One tab-separated line: scenario, policy, nodes, simulated, state events, dedup, checks,
// verdict. tools/run.sh builds its table from these.
std::string format_row(const RunResult& run, const OracleReport& report);
// "clustersim run FILE --seed N --policy P"
std::string reproduce_command(const RunResult& run);
// Per node: time its tracker reported no leader while running.
Duration leaderless_time(const RunResult& run, model::NodeIndex node);

}  // namespace clustersim::sim
