// The dedup-quality sweep: a 5-node cluster with one follower's links flapping, the flap
// period swept from 10 ms to 10 s, both tracker policies measured on the same runs.
#pragma once

#include <string>
#include <vector>

namespace clustersim::bench {

struct DedupPoint {
  double period_s;
  double raw_transitions_per_minute;  // the flapping follower's raw leader view changes
  double stable_events_per_node_minute;
  double openziti_events_per_node_minute;
  double suppression_ratio;           // stable events / openziti events
  double stable_latency_mean_s;       // added detection delay of stable's reports
  double stable_latency_max_s;
};

inline constexpr double dedup_window_s = 2.0;
inline constexpr double dedup_flap_minutes = 10.0;

std::vector<DedupPoint> run_dedup_sweep();

// An SVG plot of events per node per minute against the flap period (log scale).
std::string dedup_svg(const std::vector<DedupPoint>& points);

}  // namespace clustersim::bench
