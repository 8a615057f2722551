#include "sim/cli/live_view.h"

#include <cstdio>

#include "sim/core/time.h"

namespace clustersim::sim {

using logcheck::wall_time;
using Type = model::ClusterEventType;

namespace {

constexpr std::size_t problems_shown = 5;
constexpr std::size_t periods_shown = 3;

std::vector<std::string> last_lines(const std::string& text, std::size_t count) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
    if (lines.size() > count) lines.erase(lines.begin());
  }
  return lines;
}

}  // namespace

LiveView::LiveView(std::ostream& out, bool terminal) : out_(out), terminal_(terminal) {}

LiveView::Controller& LiveView::controller(logcheck::Id id, const logcheck::IdTable& ids) {
  if (controllers_.size() <= id) controllers_.resize(id + 1);
  if (controllers_[id].id.empty()) controllers_[id].id = ids.name(id);
  return controllers_[id];
}

void LiveView::line(const logcheck::LogEvent& e, const std::string& what) {
  if (!terminal_) out_ << wall_time(e.unix_ns) << "  " << controllers_[e.source].id << "  " << what << "\n" << std::flush;
}

void LiveView::event(const logcheck::LogEvent& e, const logcheck::IdTable& ids) {
  ++events_;
  Controller& c = controller(e.source, ids);
  const std::string subject = e.subject == logcheck::no_id ? "" : ids.name(e.subject);
  c.last = logcheck::type_name(e) + (subject.empty() ? "" : " " + subject) + " at " + wall_time(e.unix_ns);
  switch (e.type) {
    case Type::state_has_leader:
    case Type::state_is_leaderless: {
      const bool has = e.type == Type::state_has_leader;
      if (c.reported && c.has_leader == has && c.leader == subject) break;
      c.reported = true;
      c.has_leader = has;
      c.leader = has ? subject : "";
      c.since_ns = e.unix_ns;
      line(e, has ? "reports leader " + subject : "reports NO LEADER");
      break;
    }
    case Type::leadership_gained:
      c.leads = true;
      line(e, "became leader");
      break;
    case Type::leadership_lost:
      c.leads = false;
      line(e, "stopped leading");
      break;
    case Type::state_ro:
      if (!c.read_only) line(e, "read-only");
      c.read_only = true;
      break;
    case Type::state_rw:
      if (c.read_only) line(e, "read-write");
      c.read_only = false;
      break;
    case Type::peer_connected:
      if (c.peers.insert(subject).second) line(e, "connected to " + subject);
      break;
    case Type::peer_disconnected:
      if (c.peers.erase(subject) > 0) line(e, "lost " + subject);
      break;
    case Type::members_changed:
      line(e, "members changed (index " + std::to_string(e.index) + ")");
      break;
    case Type::peer_not_member:
      line(e, subject + " is not a member");
      break;
  }
}

void LiveView::period(const logcheck::ExplainedPeriod& p, const logcheck::IdTable& ids) {
  const logcheck::LeaderlessPeriod& q = p.period;
  const std::string who = q.controller == logcheck::no_id ? std::string("cluster") : ids.name(q.controller);
  std::string text = who + " leaderless from " + wall_time(q.from_ns) + " for " +
                     format_milliseconds(std::chrono::nanoseconds(logcheck::elapsed_ns(q.from_ns, q.until_ns))) +
                     ": " + std::string(logcheck::cause_name(p.cause)) + ": " + p.evidence;
  if (!terminal_ && !q.open) out_ << "period: " << text << "\n" << std::flush;
  last_periods_.push_back(std::move(text));
  if (last_periods_.size() > periods_shown) last_periods_.erase(last_periods_.begin());
}

void LiveView::finish(std::int64_t) {}

void LiveView::redraw() {
  if (!terminal_) return;
  std::string screen = "\x1b[H\x1b[2J";  // cursor home, clear the screen
  char row[400];
  std::snprintf(row, sizeof row, "%-14s %-12s %-25s %-6s %-4s %-20s %s\n", "controller", "leader", "since", "leads", "ro",
                "peers", "last event");
  screen += row;
  for (const Controller& c : controllers_) {
    if (c.id.empty() || c.last.empty()) continue;
    std::string peers;
    for (const std::string& peer : c.peers) peers += (peers.empty() ? "" : ",") + peer;
    std::snprintf(row, sizeof row, "%-14s %-12s %-25s %-6s %-4s %-20s %s\n", c.id.c_str(),
                  !c.reported ? "?" : c.has_leader ? c.leader.c_str() : "NONE", c.reported ? wall_time(c.since_ns).c_str() : "",
                  c.leads ? "yes" : "", c.read_only ? "ro" : "", peers.c_str(), c.last.c_str());
    screen += row;
  }
  screen += "\n" + std::to_string(events_) + " events read; following (^C to stop)\n";
  if (!last_periods_.empty()) screen += "\nlast leaderless periods:\n";
  for (const std::string& p : last_periods_) screen += "  " + p + "\n";
  const std::vector<std::string> problems = last_lines(held_.str(), problems_shown);
  if (!problems.empty()) screen += "\nlast problems:\n";
  for (const std::string& p : problems) screen += "  " + p + "\n";
  out_ << screen << std::flush;
}

void LiveView::done() {
  if (!terminal_) return;
  // The table of the last redraw stays on screen; the summary comes after it.
  out_ << "\n" << held_.str() << std::flush;
  held_.str("");
}

}  // namespace clustersim::sim
