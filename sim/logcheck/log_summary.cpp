#include "sim/logcheck/log_summary.h"


namespace clustersim::sim::logcheck {

using Type = model::ClusterEventType;

void PeriodStats::add(std::int64_t from_ns, std::int64_t until_ns, std::uint32_t file, std::uint64_t line) {
  const std::int64_t length = elapsed_ns(from_ns, until_ns);
  ++count;
  total_ns = shifted_ns(total_ns, length);
  if (count == 1 || length > longest_ns) {
    longest_ns = length;
    longest_from_ns = from_ns;
    longest_file = file;
    longest_line = line;
  }
}

LogSummary::LogSummary(const IdTable& ids, PeriodCallback on_begin, PeriodCallback on_end)
    : ids_(ids), on_begin_(std::move(on_begin)), on_end_(std::move(on_end)) {}

void LogSummary::close(std::optional<LeaderlessPeriod>& period, std::int64_t until_ns, Id new_leader, bool open,
                       PeriodStats& stats) {
  if (!period) return;
  period->until_ns = until_ns;
  period->new_leader = new_leader;
  period->open = open;
  stats.add(period->from_ns, until_ns, period->file, period->line);
  if (on_end_) on_end_(*period);
  period.reset();
}

void LogSummary::event(const LogEvent& e) {
  if (controllers_.size() < ids_.size()) {
    controllers_.resize(ids_.size());
    open_.resize(ids_.size());
  }
  if (!any_) first_ns_ = e.unix_ns;
  any_ = true;
  last_ns_ = e.unix_ns;
  ControllerSummary& s = controllers_[e.source];
  Open& o = open_[e.source];
  if (s.events == 0) s.first_ns = e.unix_ns;
  ++s.events;
  s.last_ns = e.unix_ns;
  ++s.per_type[static_cast<std::size_t>(e.type)];
  switch (e.type) {
    case Type::state_is_leaderless:
      if (!o.leaderless) {
        o.leaderless = LeaderlessPeriod{e.source, e.unix_ns, 0, false, !o.reported, o.leader, e.file, e.line, no_id};
        if (on_begin_) on_begin_(*o.leaderless);
      }
      o.leader = no_id;
      o.reported = true;
      break;
    case Type::state_has_leader:
      close(o.leaderless, e.unix_ns, e.subject, false, s.leaderless);
      if (o.last_named != no_id && o.last_named != e.subject) ++s.leader_changes;
      o.leader = o.last_named = e.subject;
      o.reported = true;
      if (cluster_leader_ != no_id && cluster_leader_ != e.subject) ++cluster_leader_changes_;
      cluster_leader_ = e.subject;
      break;
    case Type::state_ro:
      if (!o.read_only_since) o.read_only_since = e;
      break;
    case Type::state_rw:
      if (o.read_only_since) {
        s.read_only.add(o.read_only_since->unix_ns, e.unix_ns, o.read_only_since->file, o.read_only_since->line);
        o.read_only_since.reset();
      }
      break;
    case Type::peer_disconnected:
      ++s.peer_disconnects;
      break;
    default:
      break;
  }
  if (e.type != Type::state_has_leader && e.type != Type::state_is_leaderless) return;
  // The cluster is leaderless while every controller that reported a state reports none.
  bool someone_has_leader = false;
  for (const Open& other : open_) someone_has_leader = someone_has_leader || other.leader != no_id;
  if (!someone_has_leader && !cluster_open_) {
    cluster_open_ = LeaderlessPeriod{no_id, e.unix_ns, 0, false, cluster_leader_ == no_id, cluster_leader_, e.file, e.line, no_id};
    if (on_begin_) on_begin_(*cluster_open_);
  } else if (someone_has_leader) {
    close(cluster_open_, e.unix_ns, e.subject, false, cluster_leaderless_);
  }
}

void LogSummary::finish(std::int64_t end_ns) {
  for (std::size_t id = 0; id < open_.size(); ++id) {
    close(open_[id].leaderless, end_ns, no_id, true, controllers_[id].leaderless);
    if (open_[id].read_only_since) {
      const LogEvent& since = *open_[id].read_only_since;
      controllers_[id].read_only.add(since.unix_ns, end_ns, since.file, since.line);
      open_[id].read_only_since.reset();
    }
  }
  close(cluster_open_, end_ns, no_id, true, cluster_leaderless_);
}

}  // namespace clustersim::sim::logcheck
