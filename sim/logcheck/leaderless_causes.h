// The likely cause of each leaderless period, inferred from the log alone: the events around
// the period (from a minute before it began to a minute after, or its end) that say why a
// controller stopped seeing a leader. In order of precedence:
//   membership_change    the old leader was removed by a members.changed;
//   node_restarted       this controller was down (others lost it, and it said nothing from
//                        then until this period) and this is its new process's announcement;
//   leader_stepped_down  the old leader said leadership.lost while its connections stood and
//                        then followed another leader: a planned transfer, or a step-down;
//   leader_isolated      the old leader and more than half of the others lost each other at
//                        about the same time, or it stepped down and then itself reported no
//                        leader (it lost its quorum: its lease ran out, seconds before the
//                        mesh notices a silent channel): a cut around the old leader;
//   leader_down          every other controller lost the old leader and it lost no one: its
//                        process died or stopped (a dead process says nothing);
//   cut_from_leader      only some controllers lost the old leader: a partition or a one-way
//                        cut between them and it;
//   node_isolated        this controller lost most of its peers: it is cut off;
//   read_only            a state.ro (a version mismatch) around it;
//   log_start            the controller's first report in the log is "no leader";
//   unknown              none of these: the mesh saw nothing (a short loss that ended before
//                        the mesh's heartbeats noticed, a pause, a raft-only problem).
// Cut-offs show up in the mesh only once a channel misses heartbeats (OpenZiti's
// unresponsive_after, 30 s), so a period is classified with what came before its end.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/logcheck/findings.h"
#include "sim/logcheck/log_event.h"
#include "sim/logcheck/log_summary.h"

namespace clustersim::sim::logcheck {

enum class Cause : std::uint8_t {
  membership_change,
  node_restarted,
  leader_stepped_down,
  leader_isolated,
  leader_down,
  cut_from_leader,
  node_isolated,
  read_only,
  log_start,
  unknown,
};
inline constexpr std::size_t cause_count = 10;
std::string_view cause_name(Cause cause);

struct ExplainedPeriod {
  LeaderlessPeriod period;
  Cause cause = Cause::unknown;
  std::string evidence;  // the events that say so, relative to the period's start
};

// Evidence counts from this long before a period begins to this long after (or its end).
inline constexpr std::chrono::nanoseconds cause_evidence_span = std::chrono::seconds(60);

class LeaderlessCauses {
 public:
  LeaderlessCauses(const IdTable& ids, std::function<void(const ExplainedPeriod&)> on_explained);

  // Every event, in timestamp order, before the summary sees it.
  void event(const LogEvent& event);
  // The summary's periods: as each begins, and as it ends.
  void began(const LeaderlessPeriod& period);
  void ended(const LeaderlessPeriod& period);

  // Each cause's count so far.
  const std::map<Cause, std::uint64_t>& counts() const { return counts_; }

 private:
  struct Gathering {
    std::int64_t from_ns = 0;
    std::vector<LogEvent> evidence;
  };
  static bool is_evidence(const LogEvent& event);
  ExplainedPeriod explain(const LeaderlessPeriod& period, const std::vector<LogEvent>& evidence) const;

  const IdTable& ids_;
  std::function<void(const ExplainedPeriod&)> on_explained_;
  std::deque<LogEvent> recent_;                 // evidence of the last cause_evidence_span
  std::map<Id, Gathering> open_;                // by controller; no_id: the cluster's period
  std::vector<bool> sources_;                   // by Id: it wrote events
  // By Id: the controller's last leadership.lost and its first state event after it.
  struct AfterLost {
    std::int64_t lost_ns = INT64_MIN;
    std::optional<LogEvent> state;
  };
  std::vector<AfterLost> after_lost_;
  std::map<Cause, std::uint64_t> counts_;
  std::int64_t now_ns_ = 0;
};

}  // namespace clustersim::sim::logcheck
