#include "sim/logcheck/leaderless_causes.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "sim/logcheck/log_rules.h"

#include "sim/core/time.h"

namespace clustersim::sim::logcheck {

using Type = model::ClusterEventType;

namespace {

// Evidence kept per open period: a minute of a busy cluster's peer and role events.
constexpr std::size_t evidence_cap = 512;

std::string offset(std::int64_t at_ns, std::int64_t from_ns) {
  const std::int64_t ns = elapsed_ns(from_ns, at_ns);
  return (ns < 0 ? "-" : "+") + format_milliseconds(std::chrono::nanoseconds(ns < 0 ? elapsed_ns(ns, 0) : ns));
}

}  // namespace

std::string_view cause_name(Cause cause) {
  switch (cause) {
    case Cause::membership_change: return "membership_change";
    case Cause::node_restarted: return "node_restarted";
    case Cause::leader_stepped_down: return "leader_stepped_down";
    case Cause::leader_isolated: return "leader_isolated";
    case Cause::leader_down: return "leader_down";
    case Cause::cut_from_leader: return "cut_from_leader";
    case Cause::node_isolated: return "node_isolated";
    case Cause::read_only: return "read_only";
    case Cause::log_start: return "log_start";
    case Cause::unknown: return "unknown";
  }
  return "unknown";
}

LeaderlessCauses::LeaderlessCauses(const IdTable& ids, std::function<void(const ExplainedPeriod&)> on_explained)
    : ids_(ids), on_explained_(std::move(on_explained)) {}

bool LeaderlessCauses::is_evidence(const LogEvent& e) {
  return e.type == Type::peer_disconnected || e.type == Type::leadership_lost || e.type == Type::members_changed ||
         e.type == Type::state_ro;
}

void LeaderlessCauses::event(const LogEvent& e) {
  now_ns_ = e.unix_ns;
  if (sources_.size() < ids_.size()) sources_.resize(ids_.size());
  if (after_lost_.size() < ids_.size()) after_lost_.resize(ids_.size());
  sources_[e.source] = true;
  AfterLost& after = after_lost_[e.source];
  if (e.type == Type::leadership_lost) after = AfterLost{e.unix_ns, std::nullopt};
  if ((e.type == Type::state_has_leader || e.type == Type::state_is_leaderless) && after.lost_ns != INT64_MIN && !after.state) {
    after.state = e;
  }
  if (!is_evidence(e)) return;
  while (!recent_.empty() && recent_.front().unix_ns < shifted_ns(e.unix_ns, -cause_evidence_span.count())) recent_.pop_front();
  if (recent_.size() == evidence_cap) recent_.pop_front();
  recent_.push_back(e);
  for (auto& [controller, gathering] : open_) {
    if (elapsed_ns(gathering.from_ns, e.unix_ns) <= cause_evidence_span.count() && gathering.evidence.size() < evidence_cap) {
      gathering.evidence.push_back(e);
    }
  }
}

void LeaderlessCauses::began(const LeaderlessPeriod& period) {
  Gathering& gathering = open_[period.controller];
  gathering.from_ns = period.from_ns;
  gathering.evidence.assign(recent_.begin(), recent_.end());
}

void LeaderlessCauses::ended(const LeaderlessPeriod& period) {
  const auto found = open_.find(period.controller);
  const std::vector<LogEvent> none;
  const ExplainedPeriod explained = explain(period, found == open_.end() ? none : found->second.evidence);
  if (found != open_.end()) open_.erase(found);
  ++counts_[explained.cause];
  if (on_explained_) on_explained_(explained);
}

ExplainedPeriod LeaderlessCauses::explain(const LeaderlessPeriod& period, const std::vector<LogEvent>& evidence) const {
  ExplainedPeriod out{period, Cause::unknown, ""};
  const Id old = period.old_leader;
  const Id self = period.controller;
  if (old == no_id) {
    out.cause = period.announced ? Cause::log_start : Cause::unknown;
    out.evidence = period.announced ? "the first report in the log is \"no leader\"" : "no leader was reported before it";
    return out;
  }
  const std::string& old_name = ids_.name(old);
  std::vector<std::string> said;
  const auto tell = [&](const LogEvent& e, const std::string& what) {
    std::string text = what + " " + offset(e.unix_ns, period.from_ns);
    if (std::find(said.begin(), said.end(), text) == said.end()) said.push_back(std::move(text));
  };
  const LogEvent* removal = nullptr;
  const LogEvent* stepped_down = nullptr;
  const LogEvent* read_only = nullptr;
  std::set<Id> lost_old;  // controllers that lost the old leader
  std::set<Id> old_lost;  // controllers the old leader lost
  std::set<Id> self_lost; // controllers this one lost
  std::set<Id> lost_self; // controllers that lost this one before the period
  for (const LogEvent& e : evidence) {
    if (e.unix_ns < shifted_ns(period.from_ns, -cause_evidence_span.count()) || e.unix_ns > period.until_ns) continue;
    switch (e.type) {
      case Type::members_changed:
        if (!removal && std::find(e.members.begin(), e.members.end(), old) == e.members.end()) {
          removal = &e;
          tell(e, "members.changed index " + std::to_string(e.index) + " without " + old_name + " (" + ids_.name(e.source) + ")");
        }
        break;
      case Type::leadership_lost:
        if (e.source == old && !stepped_down) {
          stepped_down = &e;
          tell(e, old_name + " leadership.lost");
        }
        break;
      case Type::peer_disconnected:
        if (e.subject == old && lost_old.insert(e.source).second) tell(e, ids_.name(e.source) + " lost " + old_name);
        if (e.source == old && old_lost.insert(e.subject).second) tell(e, old_name + " lost " + ids_.name(e.subject));
        if (e.source == self && e.subject != old && self_lost.insert(e.subject).second) {
          tell(e, ids_.name(self) + " lost " + ids_.name(e.subject));
        }
        if (e.subject == self && e.unix_ns <= period.from_ns && lost_self.insert(e.source).second && self != old) {
          tell(e, ids_.name(e.source) + " lost " + ids_.name(self));
        }
        break;
      case Type::state_ro:
        if ((e.source == self || e.source == old) && !read_only) {
          read_only = &e;
          tell(e, ids_.name(e.source) + " state.ro");
        }
        break;
      default:
        break;
    }
  }
  std::size_t others = 0;  // controllers in the log other than the old leader
  for (Id id = 0; id < sources_.size(); ++id) others += sources_[id] && id != old ? std::size_t{1} : std::size_t{0};
  // The old leader and a peer lost each other at about the same time (both ends of a silent
  // channel give up on it within own_loss_shows_partition): a cut around the old leader.
  std::set<Id> mutual;
  const std::int64_t together = own_loss_shows_partition.count();
  for (const LogEvent& a : evidence) {
    if (a.type != Type::peer_disconnected) continue;
    if (a.source != old) continue;
    for (const LogEvent& b : evidence) {
      if (b.type == Type::peer_disconnected && b.source == a.subject && b.subject == old &&
          elapsed_ns(a.unix_ns, b.unix_ns) <= together && elapsed_ns(b.unix_ns, a.unix_ns) <= together) {
        mutual.insert(a.subject);
      }
    }
  }
  // This controller was down: others lost it before the period began, and it said nothing
  // itself from the first of those losses to the period (a dead process is silent; it comes
  // back with the announcement that begins the period).
  std::int64_t first_lost_self = INT64_MAX;
  for (const LogEvent& e : evidence) {
    if (e.type == Type::peer_disconnected && e.subject == self && e.unix_ns <= period.from_ns) {
      first_lost_self = std::min(first_lost_self, e.unix_ns);
    }
  }
  bool self_spoke = false;
  for (const LogEvent& e : evidence) {
    self_spoke = self_spoke || (e.source == self && e.unix_ns >= first_lost_self && e.unix_ns < period.from_ns);
  }
  const bool self_down = self != no_id && !lost_self.empty() && !self_spoke;
  // What the old leader itself reported after it stepped down, within the period: another
  // leader (it still hears the cluster) or none (it lost its quorum).
  const LogEvent* old_then = nullptr;
  if (stepped_down && old < after_lost_.size() && after_lost_[old].lost_ns == stepped_down->unix_ns && after_lost_[old].state &&
      after_lost_[old].state->unix_ns <= period.until_ns) {
    old_then = &*after_lost_[old].state;
    tell(*old_then, old_name + (old_then->type == Type::state_is_leaderless ? " reported no leader"
                                                                            : " followed " + ids_.name(old_then->subject)));
  }
  const bool quorum_lost = old_then != nullptr && old_then->type == Type::state_is_leaderless;
  if (removal) {
    out.cause = Cause::membership_change;
  } else if (self_down) {
    out.cause = Cause::node_restarted;
  } else if (stepped_down && lost_old.empty() && old_lost.empty()) {
    out.cause = quorum_lost ? Cause::leader_isolated : Cause::leader_stepped_down;
  } else if (mutual.size() * 2 > others) {  // it lost more than half: no quorum, its lease ends
    out.cause = Cause::leader_isolated;
  } else if (!lost_old.empty() && lost_old.size() >= others) {
    out.cause = Cause::leader_down;
  } else if (!lost_old.empty() && (self == no_id || lost_old.count(self))) {
    out.cause = Cause::cut_from_leader;
  } else if (self != no_id && others > 1 && self_lost.size() * 2 >= others - 1) {
    out.cause = Cause::node_isolated;
  } else if (read_only) {
    out.cause = Cause::read_only;
  } else if (stepped_down) {
    out.cause = quorum_lost ? Cause::leader_isolated : Cause::leader_stepped_down;
  } else if (!lost_old.empty()) {
    out.cause = Cause::cut_from_leader;
  }
  constexpr std::size_t shown = 6;
  for (std::size_t i = 0; i < said.size() && i < shown; ++i) out.evidence += (i ? ", " : "") + said[i];
  if (said.size() > shown) out.evidence += ", and " + std::to_string(said.size() - shown) + " more";
  if (said.empty()) out.evidence = "no peer, role or membership event around it";
  return out;
}

}  // namespace clustersim::sim::logcheck
