// Deliberately wrong variants of the tracker, in the test tree only. Each has one bug a
// real implementation could have; the property suite must catch every one of them.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/tracker/leader_state_tracker.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim::testing {

enum class Mutant {
  no_dedup,                     // reports the raw view on every observation
  leader_id_not_cleared,        // is_leaderless still names the old leader
  duplicate_gained_at_startup,  // the first leadership.gained is emitted twice
  window_off_by_one,            // stable: the window is one nanosecond too long
  validation_skipped,           // stable: non-members are accepted as leaders
  change_not_reported,          // stable: a change A -> B is never reported
  no_announcement,              // nothing is said when event generation starts
  wakeup_rearmed_forever,       // after its first wake-up, asks for the same deadline forever
};

inline constexpr Mutant all_mutants[] = {
    Mutant::no_dedup,           Mutant::leader_id_not_cleared, Mutant::duplicate_gained_at_startup,
    Mutant::window_off_by_one,  Mutant::validation_skipped,    Mutant::change_not_reported,
    Mutant::no_announcement,    Mutant::wakeup_rearmed_forever,
};

std::string mutant_name(Mutant mutant);

using sim::TrackerFactory;

// A factory making the mutant; `all_nodes` are every node's id (validation_skipped uses them).
TrackerFactory mutant_factory(Mutant mutant, std::vector<std::string> all_nodes);

}  // namespace clustersim::sim::testing
