#include "sim/logcheck/log_rules.h"

#include <algorithm>

#include "sim/core/time.h"

namespace clustersim::sim::logcheck {

using Type = model::ClusterEventType;

LogRules::LogRules(const IdTable& ids, Findings& findings, std::chrono::nanoseconds disagreement_tolerance)
    : ids_(ids), findings_(findings), tolerance_(disagreement_tolerance) {}

LogRules::Controller& LogRules::controller(Id id) { return controllers_[id]; }

LogRules::Peer& LogRules::peer(Controller& c, Id id) {
  if (c.peers.size() <= id) c.peers.resize(id + 1);
  return c.peers[id];
}

std::string LogRules::where(const Where& at) const { return findings_.where(at.file, at.line); }

void LogRules::violation(const LogEvent& e, const char* rule, const std::string& text) {
  findings_.violation(e.file, e.line, rule, ids_.name(e.source) + ": " + text);
}

bool LogRules::restarted_since(const Controller& c, const Last& last) const { return c.restarts > last.restarts; }

void LogRules::event(const LogEvent& e) {
  // Every id the event names has its state, so no reference below is invalidated by growth.
  if (controllers_.size() < ids_.size()) controllers_.resize(ids_.size());
  Controller& c = controller(e.source);
  if (c.down_suspected) {
    // Its first word since others lost it: a loss of its own is a partition; anything else
    // is a process that came back.
    c.down_suspected = false;
    if (e.type != Type::peer_disconnected) ++c.restarts;
  }
  switch (e.type) {
    case Type::state_has_leader:
    case Type::state_is_leaderless:
      state_event(c, e);
      break;
    case Type::leadership_gained:
    case Type::leadership_lost:
      role_event(c, e);
      break;
    case Type::state_ro:
    case Type::state_rw:
      read_only_event(c, e);
      break;
    case Type::peer_connected:
    case Type::peer_disconnected:
    case Type::peer_not_member:
      peer_event(c, e);
      break;
    case Type::members_changed:
      members_event(c, e);
      break;
  }
  check_agreement(&e, e.unix_ns);
}

void LogRules::state_event(Controller& c, const LogEvent& e) {
  const Last now{{e.file, e.line, e.unix_ns}, e.type, e.subject, c.restarts};
  if (c.state && c.state->type == e.type && c.state->subject == e.subject && !restarted_since(c, *c.state)) {
    violation(e, "state_alternation",
              (e.type == Type::state_is_leaderless ? "state.is_leaderless again (previous at "
                                                   : "state.has_leader for " + ids_.name(e.subject) + " again (previous at ") +
                  where(c.state->at) + ")");
  }
  c.state = now;
  if (e.type == Type::state_has_leader) check_leader_member(c, e);
  c.reported_leader = e.type == Type::state_has_leader ? e.subject : no_id;
  c.reported_at = now.at;
  // Whether controllers now report different leaders.
  Id first = no_id;
  bool differ = false;
  for (const Controller& other : controllers_) {
    if (other.reported_leader == no_id) continue;
    if (first == no_id) first = other.reported_leader;
    differ = differ || other.reported_leader != first;
  }
  if (!differ) {
    disagreeing_since_.reset();
    disagreement_reported_ = false;
  } else if (!disagreeing_since_) {
    disagreeing_since_ = e.unix_ns;
  }
}

void LogRules::check_leader_member(const Controller& c, const LogEvent& e) {
  const std::vector<Id>& members = c.members_known ? c.members : newest_members_;
  if (!c.members_known && newest_members_index_ == 0) return;  // no membership known yet
  if (std::binary_search(members.begin(), members.end(), e.subject)) return;
  violation(e, "leader_not_member",
            "state.has_leader names " + ids_.name(e.subject) + ", not a member (" +
                (c.members_known ? "of the members it last listed, at " + where(c.members_at)
                                 : "of the newest members.changed in the log, index " + std::to_string(newest_members_index_)) +
                ")");
}

void LogRules::check_agreement(const LogEvent* e, std::int64_t now_ns) {
  if (!disagreeing_since_ || disagreement_reported_ || elapsed_ns(*disagreeing_since_, now_ns) <= tolerance_.count()) return;
  disagreement_reported_ = true;
  std::string who;
  for (Id id = 0; id < controllers_.size(); ++id) {
    const Controller& other = controllers_[id];
    if (other.reported_leader == no_id) continue;
    who += (who.empty() ? "" : ", ") + ids_.name(id) + " reports " + ids_.name(other.reported_leader) + " (since " +
           where(other.reported_at) + ")";
  }
  const std::string text = "controllers report different leaders for longer than " + format_duration(tolerance_) +
                           " (--disagreement-tolerance): " + who;
  if (e != nullptr) {
    findings_.violation(e->file, e->line, "leader_disagreement", text);
  } else {
    findings_.violation(0, 0, "leader_disagreement", text + ", until the log ends");
  }
}

void LogRules::role_event(Controller& c, const LogEvent& e) {
  const Last now{{e.file, e.line, e.unix_ns}, e.type, no_id, c.restarts};
  if (c.role && c.role->type == e.type && !restarted_since(c, *c.role)) {
    violation(e, "role_alternation",
              std::string(e.type == Type::leadership_gained ? "leadership.gained again without leadership.lost"
                                                            : "leadership.lost again without leadership.gained") +
                  " (previous at " + where(c.role->at) + ")");
  }
  c.role = now;
  if (e.type == Type::leadership_gained) {
    if (e.members.empty()) {
      violation(e, "role_alternation", "leadership.gained lists no peers (OpenZiti lists the members)");
      return;
    }
    c.members = e.members;
    std::sort(c.members.begin(), c.members.end());
    c.members_known = true;
    c.members_at = now.at;
  }
}

void LogRules::read_only_event(Controller& c, const LogEvent& e) {
  if (e.type == Type::state_rw && c.read_only && c.read_only->type == Type::state_rw) {
    violation(e, "read_only", "state.rw again without a state.ro between (previous at " + where(c.read_only->at) + ")");
  }
  c.read_only = Last{{e.file, e.line, e.unix_ns}, e.type, no_id, c.restarts};
}

void LogRules::peer_event(Controller& c, const LogEvent& e) {
  Peer& p = peer(c, e.subject);
  const Where at{e.file, e.line, e.unix_ns};
  const std::string& name = ids_.name(e.subject);
  switch (e.type) {
    case Type::peer_connected:
      if (p.state == PeerState::connected) {
        // A channel that won the tie-break replaced the current one.
        if (p.repeated_ns != INT64_MIN && elapsed_ns(p.repeated_ns, e.unix_ns) < peer_redial_min.count()) {
          violation(e, "peer_connection",
                    "peer.connected for " + name + " a third time without peer.disconnected, sooner than the dialer retries (" +
                        format_duration(peer_redial_min) + ") after the last (previous at " + where(p.at) + ")");
        }
        p.repeated_ns = e.unix_ns;
      } else {
        p.repeated_ns = INT64_MIN;
      }
      p.state = PeerState::connected;
      p.at = at;
      return;
    case Type::peer_disconnected:
      if (p.state == PeerState::disconnected) {
        violation(e, "peer_connection",
                  "peer.disconnected for " + name + ", not connected since its peer.disconnected at " + where(p.at));
      }
      p.state = PeerState::disconnected;
      p.at = at;
      c.own_loss_ns = e.unix_ns;
      if (Controller& lost = controller(e.subject); lost.own_loss_ns < shifted_ns(e.unix_ns, -own_loss_shows_partition.count())) {
        lost.down_suspected = true;
      }
      return;
    case Type::peer_not_member:
      if (c.members_known && std::binary_search(c.members.begin(), c.members.end(), e.subject)) {
        violation(e, "peer_not_member",
                  "peer.not_member about " + name + ", a member in the members it last listed at " + where(c.members_at));
      }
      return;
    default:
      return;
  }
}

void LogRules::members_event(Controller& c, const LogEvent& e) {
  const Where at{e.file, e.line, e.unix_ns};
  if (c.members_index != 0 && e.index <= c.members_index) {
    violation(e, "members_index",
              "members.changed index " + std::to_string(e.index) + " after index " + std::to_string(c.members_index) +
                  " at " + where(c.members_at) + " (indexes strictly increase)");
  }
  std::vector<Id> members = e.members;
  std::sort(members.begin(), members.end());
  if (members.empty()) violation(e, "members_index", "members.changed lists no members");
  if (std::adjacent_find(members.begin(), members.end()) != members.end()) {
    violation(e, "members_index", "members.changed lists " + ids_.name(*std::adjacent_find(members.begin(), members.end())) + " twice");
  }
  members.erase(std::unique(members.begin(), members.end()), members.end());
  c.members_index = std::max(c.members_index, e.index);
  c.members = members;
  c.members_known = true;
  c.members_at = at;
  if (e.index > newest_members_index_) {
    newest_members_index_ = e.index;
    newest_members_ = std::move(members);
  }
}

void LogRules::finish(std::int64_t end_ns) { check_agreement(nullptr, end_ns); }

}  // namespace clustersim::sim::logcheck
