// `clustersim run --pace FACTOR`: a simulated incident played out on the wall clock, so that a
// dashboard, a SIEM rule or a failover script can be tried on it before a real one. Simulated
// time advances FACTOR times as fast as real time (1: as it happened; 60: a minute a second),
// and each event line is written (and flushed) as its instant passes, to --events (a file, a
// pipe, or - for standard output). The run itself is the same run: the same events in the
// same order as without --pace, where the scenario has no dispatch_jitter (with it, the paced
// lines come in emission order; the reordering is of a log file written afterwards). The wall
// clock is read here only: for the pace, as a progress display reads it.
#pragma once

#include <ostream>

#include "sim/simulation/simulation.h"

namespace clustersim::sim {

inline constexpr double pace_min = 0.001, pace_max = 1e6;

// Runs `scenario` paced, writing each event line to `events` as it happens; returns the record
// as run_scenario does. Stops early, with what ran so far, when `stop` returns true.
RunResult run_paced(const Scenario& scenario, const RunOptions& options, double pace, std::ostream& events,
                    bool (*stop)());

}  // namespace clustersim::sim
