// Coverage marks: named situations a run reached, counted, so that a swarm can say which ones
// its worlds never reached (`swarm merge`) and steer its worlds toward the rare ones (guided
// mode). The election model counts its own (model/raft/coverage_marks.h: a split vote, a
// pre-vote refused because a leader is known, a lease step-down, ...); this file adds what the
// whole run shows:
//   observer_channel_full       a node's raft blocked on its full observer channel (start-up)
//   transfer_during_cut         a leadership transfer asked while a partition, one-way cut or
//                               isolation was in force
//   window_expired_during_flap  a tracker decided (has_leader / is_leaderless) while a flap of
//                               its node, or of a link of its node, was still going on, under a
//                               stability window: the window ran out inside the flap
//   two_leaders_at_once         two nodes in the Leader role at one instant (an old leader that
//                               has not stepped down yet, in an older term)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/simulation/run_result.h"

namespace clustersim::sim {

// Every mark's name, the election model's first: the order of coverage_counts.
const std::vector<std::string>& coverage_mark_names();

// How often the run reached each mark, in coverage_mark_names() order.
std::vector<std::uint64_t> coverage_counts(const RunResult& run);

}  // namespace clustersim::sim
