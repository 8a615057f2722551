// The oracles: every check of the design, run against the ground truth and the observation
// log of a finished run. Names are stable (scripts and golden summaries rely on them):
//   event_budget, no_progress, format, election_safety, alternation, announcement, role_events,
//   openziti_reference, soundness, completeness_timeliness, dedup, mesh, members, transfers,
//   liveness, expectations
#pragma once

#include <string>

#include "sim/oracle/report.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {

// A kernel limit ("event_budget" or "no_progress") that stopped the run: the failure names the
// node the last event acted for and the instant.
CheckResult check_limit(const RunResult& run, const std::string& name);
CheckResult check_format(const RunResult& run);
CheckResult check_election_safety(const RunResult& run);
CheckResult check_alternation(const RunResult& run);
// Exactly one state event when a tracker starts, emitted as it starts.
CheckResult check_announcement(const RunResult& run);
// leadership.gained / lost match the raft role changes the tracker was given, one for one,
// each emitted as its change is given; gained lists the tracker's members as peers.
CheckResult check_role_events(const RunResult& run);
// The openziti bank (primary or comparison) against a deliberately simple reference model.
CheckResult check_openziti_reference(const RunResult& run);
CheckResult check_soundness(const RunResult& run);
CheckResult check_completeness_timeliness(const RunResult& run);
CheckResult check_dedup(const RunResult& run);
// The controller mesh's events against its ground truth: every change of a node's current
// channel to a peer is told at its instant by peer.connected (a new channel; again only where
// a channel that wins the tie-break replaced the current one) or peer.disconnected (never for
// a channel that did not exist), unless the node's process died; no peer event without such a
// change; each lists the one peer with its address, the version it announced and its API
// address; state.ro exactly when a connected peer's version comes to differ from the node's
// own, state.rw when none does any more; peer.not_member only about a non-member.
CheckResult check_mesh(const RunResult& run);
// members.changed: per node, indexes strictly increase and each lists the members of a
// configuration the node stored with that index; each configuration given to a running
// tracker is told exactly once, as it is given. (A stable tracker's has_leader only of a member
// of the configuration it has is soundness's: its view counts members as the tracker does.)
CheckResult check_members(const RunResult& run);
// A completed leadership transfer, under the stable policy with a window: at every node whose
// tracker saw the leader go from A to B (each held until its report was due: the window and
// any lateness allowed) with less than the window without one, nothing but one has_leader(B) is said meanwhile (no
// is_leaderless).
CheckResult check_transfers(const RunResult& run);
CheckResult check_liveness(const RunResult& run);
// `golden_text`: the golden file's content, or nothing if the scenario names none / it is missing.
CheckResult check_expectations(const RunResult& run, const std::string* golden_text);

// All of them, in the order above.
OracleReport check_run(const RunResult& run, const std::string* golden_text);

// Helpers shared by the checks, the CLI, swarm runs and the tests.
bool is_state_event(const model::ClusterEvent& event);
// State events (has_leader, is_leaderless) in `events`, of one node or (no_node) of all.
std::size_t count_state_events(const std::vector<RecordedEvent>& events,
                               model::NodeIndex node = model::no_node);
// The run's state events per policy: its own bank and the comparison bank, as stable/openziti.
struct DedupCounts {
  std::size_t stable = 0;
  std::size_t openziti = 0;
  double ratio() const { return openziti == 0 ? 1.0 : static_cast<double>(stable) / static_cast<double>(openziti); }
};
DedupCounts dedup_counts(const RunResult& run);
// One line naming each failed check with its first failure; "" when every check holds.
std::string describe_failures(const RunResult& run, const OracleReport& report);
std::string event_line(const RecordedEvent& event);  // "12.5s ctrl2 {json}"
// "; trackers judged on what they were given: 3 observations dropped, ..." when any node's
// ObserverChannel dropped, skipped, repeated, reordered or delayed anything; else "".
std::string observer_note(const RunResult& run);
// The run's events in the scenario's policy as the JSON lines --events writes.
std::string events_jsonl(const RunResult& run);

}  // namespace clustersim::sim
