// The summary's account of each loss of a leader, for an operator finding its cause: per node,
// every period its tracker reported no leader (from an is_leaderless that followed a
// has_leader to the next has_leader, or the crash or end that ended it), with the mesh's
// peer events of that node around it (which peers it lost or regained, and when, relative to
// the start of the period); and the controllers' leaderless warnings.
#pragma once

#include <string>

#include "sim/simulation/run_result.h"

namespace clustersim::sim {

// The peer events counted as around a period: from this long before it begins to its end.
inline constexpr Duration peer_events_before_period = std::chrono::seconds(60);

// "" when no node lost a leader and no warning was logged; else the summary's section.
std::string format_leaderless_periods(const RunResult& run);

}  // namespace clustersim::sim
