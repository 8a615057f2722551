// `clustersim demo`: a leader crash told the way an operator lives it. Five controllers elect a
// leader; it crashes at 20 s and is back at 35 s. The demo prints, at every instant something
// changed, who really leads (the ground truth) beside what each controller's tracker last said
// (its state.has_leader or state.is_leaderless), then how long each tracker took from the crash
// to the new leader, what the other policy would have said, and the oracles' verdict. The
// scenario is built in, so an installed clustersim shows it without the repository.
#pragma once

#include <cstdint>
#include <string>

#include "model/tracker/tracker_config.h"

namespace clustersim::sim {

// The scenario the demo runs (a scenario file's text: `clustersim run` takes it too).
extern const char* const leader_crash_demo_scenario;

struct LeaderCrashDemo {
  std::string text;
  int exit_code = 0;  // the oracles' verdict, as `clustersim run` gives it
};

LeaderCrashDemo run_leader_crash_demo(std::uint64_t seed, model::TrackerPolicy policy);

}  // namespace clustersim::sim
