// Deliberately wrong variants of the tracker, in the test tree only. Each has one bug a
// real implementation could have; the property suite must catch every one of them.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
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
  wakeup_crawls_forever,        // after its first wake-up, asks for one a nanosecond later, forever
  // Caught by the oracles on every field:
  stamped_at_candidate_start,   // stamps a state event with the instant of the last leader observation
  leader_id_on_role_events,     // leadership.gained / lost carry the last reported leaderId
  peers_on_state_events,        // state events carry the member list as peers
  announces_twice,              // start() announces, then announces again
  // Reachable only through faults on the tracker's inputs:
  gained_on_repeated_state,     // RaftState(Leader) observed again emits leadership.gained again
  has_leader_on_every_observation,  // a leader observation it did not report is reported at once
  accepts_older_term,           // stable: a leader observation from an older term is taken as current
  needs_the_clear,              // stable: a direct change A -> B is ignored (only a clear ends A)
  acts_on_early_wakeup,         // stable: a wake-up before the deadline reports the last observation
  reports_again_when_nothing_due,  // a wake-up that finds nothing due repeats the reported state
  // Reachable only with a delayed event generation (cluster.startup):
  gained_from_snapshot,  // openziti/ziti #2684: a leader's own id in raft's view at start emits
                         // leadership.gained, and the RaftState(Leader) that waited emits it again
  // Reachable only through membership changes and leadership transfers:
  ignores_membership_changes,  // a committed configuration changes nothing: no members.changed,
                               // and leader validation keeps the members it started with
  transfer_as_leaderless,      // stable: stepping down as leader (a transfer's handover) is
                               // reported as is_leaderless at once, without the window
};

inline constexpr Mutant all_mutants[] = {
    Mutant::no_dedup,
    Mutant::leader_id_not_cleared,
    Mutant::duplicate_gained_at_startup,
    Mutant::window_off_by_one,
    Mutant::validation_skipped,
    Mutant::change_not_reported,
    Mutant::no_announcement,
    Mutant::wakeup_rearmed_forever,
    Mutant::wakeup_crawls_forever,
    Mutant::stamped_at_candidate_start,
    Mutant::leader_id_on_role_events,
    Mutant::peers_on_state_events,
    Mutant::announces_twice,
    Mutant::gained_on_repeated_state,
    Mutant::has_leader_on_every_observation,
    Mutant::accepts_older_term,
    Mutant::needs_the_clear,
    Mutant::acts_on_early_wakeup,
    Mutant::reports_again_when_nothing_due,
    Mutant::gained_from_snapshot,
    Mutant::ignores_membership_changes,
    Mutant::transfer_as_leaderless,
};

std::string mutant_name(Mutant mutant);
// GoogleTest prints a parameter with PrintTo: the mutant's name, not its bytes.
inline void PrintTo(Mutant mutant, std::ostream* os) { *os << mutant_name(mutant); }

using sim::TrackerFactory;

// A factory making the mutant; `all_nodes` are every node's id (validation_skipped uses them).
TrackerFactory mutant_factory(Mutant mutant, std::vector<std::string> all_nodes);

}  // namespace clustersim::sim::testing
