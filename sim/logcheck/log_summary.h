// What an operator reads first about a log: per controller and for the cluster, the
// leaderless periods (count, total, longest), leader changes, leadership churn, peer flaps and
// read-only periods. Built on the events in timestamp order, keeping only per-controller
// state. A period still open when the log ends is counted up to its newest timestamp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "sim/logcheck/log_event.h"

namespace clustersim::sim::logcheck {

// Durations of a kind of period: how many, their sum, the longest and where it began.
struct PeriodStats {
  std::uint64_t count = 0;
  std::int64_t total_ns = 0;
  std::int64_t longest_ns = 0;
  std::int64_t longest_from_ns = 0;
  std::uint32_t longest_file = 0;
  std::uint64_t longest_line = 0;
  void add(std::int64_t from_ns, std::int64_t until_ns, std::uint32_t file, std::uint64_t line);
};

// A period with no leader: of one controller (its is_leaderless to its next has_leader), or
// of the cluster (controller == no_id: no controller reported a leader).
struct LeaderlessPeriod {
  Id controller = no_id;
  std::int64_t from_ns = 0, until_ns = 0;
  bool open = false;       // still leaderless when the log ended
  bool announced = false;  // the controller's first state event in the log (it may have been leaderless before)
  Id old_leader = no_id;   // the leader reported before it, if any
  std::uint32_t file = 0;
  std::uint64_t line = 0;  // the event that began it
  Id new_leader = no_id;   // the leader that ended it
};

struct ControllerSummary {
  std::uint64_t events = 0;
  std::uint64_t per_type[model::cluster_event_type_count] = {};
  PeriodStats leaderless, read_only;
  std::uint64_t leader_changes = 0;  // has_leader naming another leader than the one before
  std::uint64_t peer_disconnects = 0;
  std::int64_t first_ns = 0, last_ns = 0;
};

class LogSummary {
 public:
  // `on_begin`, `on_end`: each leaderless period as it begins, and as it ends (the open ones
  // at finish). Either may be empty.
  using PeriodCallback = std::function<void(const LeaderlessPeriod&)>;
  LogSummary(const IdTable& ids, PeriodCallback on_begin, PeriodCallback on_end);

  void event(const LogEvent& event);
  void finish(std::int64_t end_ns);

  const std::vector<ControllerSummary>& controllers() const { return controllers_; }  // by Id; sources only have events
  const PeriodStats& cluster_leaderless() const { return cluster_leaderless_; }
  std::uint64_t cluster_leader_changes() const { return cluster_leader_changes_; }
  std::int64_t first_ns() const { return first_ns_; }
  std::int64_t last_ns() const { return last_ns_; }

 private:
  struct Open {
    std::optional<LeaderlessPeriod> leaderless;
    std::optional<LogEvent> read_only_since;
    bool reported = false;  // a state event came before
    Id leader = no_id;      // the reported leader, no_id when leaderless
    Id last_named = no_id;  // the leader its last has_leader named
  };
  void close(std::optional<LeaderlessPeriod>& period, std::int64_t until_ns, Id new_leader, bool open,
             PeriodStats& stats);

  const IdTable& ids_;
  PeriodCallback on_begin_, on_end_;
  std::vector<ControllerSummary> controllers_;
  std::vector<Open> open_;
  PeriodStats cluster_leaderless_;
  std::optional<LeaderlessPeriod> cluster_open_;
  Id cluster_leader_ = no_id;  // the leader last named by any has_leader
  std::uint64_t cluster_leader_changes_ = 0;
  std::int64_t first_ns_ = 0, last_ns_ = 0;
  bool any_ = false;
};

}  // namespace clustersim::sim::logcheck
