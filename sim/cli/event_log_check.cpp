#include "sim/cli/event_log_check.h"

#include "model/events/event_json.h"
#include "model/time_arithmetic.h"

namespace clustersim::sim {

EventLogCheck::EventLogCheck(std::string name, std::ostream& report, EventLogLimits limits)
    : name_(std::move(name)), report_(report), limits_(limits) {}

void EventLogCheck::violation(std::size_t line, const std::string& text) {
  ++violations_;
  report_ << name_ << ":" << line << ": " << text << "\n";
}

bool EventLogCheck::line(std::string_view text, bool truncated) {
  ++number_;
  if (text.find_first_not_of(" \t\r") == std::string_view::npos && !truncated) return true;
  ++lines_;
  if (truncated) {
    violation(number_, "a line longer than " + std::to_string(limits_.line_bytes) + " bytes: not an event");
    return true;
  }
  const model::EventParseResult parsed = model::parse_event_json(text);
  if (!parsed.ok() && parsed.key == "namespace" && parsed.error.rfind("must be", 0) == 0) {
    ++foreign_;  // another namespace's event: controllers write them all to one file
    return true;
  }
  if (!parsed.ok()) {
    violation(number_, (parsed.key.empty() ? "" : parsed.key + ": ") + parsed.error);
    return true;
  }
  const model::ClusterEvent& event = *parsed.event;
  if (event.source_id.size() > limits_.id_bytes || event.leader_id.size() > limits_.id_bytes) {
    violation(number_, "an id longer than " + std::to_string(limits_.id_bytes) + " bytes: not a controller's");
    return true;
  }
  auto found = controllers_.find(event.source_id);
  if (found == controllers_.end()) {
    if (controllers_.size() == limits_.controllers) {
      too_many_controllers_ = true;
      return false;
    }
    found = controllers_.emplace(event.source_id, Controller{}).first;
  }
  ++events_;
  using Type = model::ClusterEventType;
  const Type type = event.type;
  const bool peer_event = type == Type::peer_connected || type == Type::peer_disconnected || type == Type::peer_not_member;
  if (peer_event && event.peers.size() != 1) {
    violation(number_, found->first + ": " + std::string(model::event_type_name(type)) + " lists " +
                           std::to_string(event.peers.size()) + " peers; OpenZiti lists the one peer it is about");
    return true;
  }
  if (peer_event && event.peers.front().id.size() > limits_.id_bytes) {
    violation(number_, "an id longer than " + std::to_string(limits_.id_bytes) + " bytes: not a controller's");
    return true;
  }
  if (type == Type::state_has_leader || type == Type::state_is_leaderless || type == Type::state_ro ||
      type == Type::state_rw || type == Type::peer_connected || type == Type::peer_disconnected) {
    admit(found->second, found->first,
          Waiting{event.timestamp.unix_ns, number_, type, peer_event ? event.peers.front().id : event.leader_id});
  }
  return true;
}

void EventLogCheck::admit(Controller& controller, const std::string& source, Waiting event) {
  if (controller.checked_line != 0 && event.unix_ns < controller.checked_ns) {
    violation(event.line, source + ": older than line " + std::to_string(controller.checked_line) +
                              ", already checked: more out of order than the check can put right (" +
                              std::to_string(limits_.reorder_events) + " events or " +
                              std::to_string(std::chrono::duration_cast<std::chrono::seconds>(limits_.reorder_span).count()) +
                              "s)");
    return;
  }
  controller.newest_ns = std::max(controller.newest_ns, event.unix_ns);
  controller.waiting.push(std::move(event));
  release(controller, source, false);
}

void EventLogCheck::release(Controller& controller, const std::string& source, bool all) {
  while (!controller.waiting.empty()) {
    const Waiting& oldest = controller.waiting.top();
    // Left of the span's edge: nothing later in the file may still come before it.
    // (Saturating: a log may hold the earliest instant a timestamp can, in 1677.)
    const bool settled = oldest.unix_ns <= model::saturating_add(controller.newest_ns, -limits_.reorder_span.count());
    if (!all && !settled && controller.waiting.size() <= limits_.reorder_events) return;
    check(controller, source, oldest);
    controller.waiting.pop();
  }
}

void EventLogCheck::check(Controller& controller, const std::string& source, const Waiting& event) {
  using Type = model::ClusterEventType;
  controller.checked_ns = event.unix_ns;
  controller.checked_line = event.line;
  switch (event.type) {
    case Type::state_has_leader:
    case Type::state_is_leaderless: {
      const std::optional<Waiting>& last = controller.last_state;
      if (last && last->type == event.type && last->id == event.id) {
        violation(event.line, source + ": " +
                                  (event.type == Type::state_is_leaderless
                                       ? "state.is_leaderless again (previous at line "
                                       : "state.has_leader for the same leader again (previous at line ") +
                                  std::to_string(last->line) + ")");
      }
      controller.last_state = event;
      return;
    }
    case Type::state_ro:
    case Type::state_rw:
      if (event.type == Type::state_rw && controller.last_ro_rw && controller.last_ro_rw->type == Type::state_rw) {
        violation(event.line, source + ": state.rw again without a state.ro between (previous at line " +
                                  std::to_string(controller.last_ro_rw->line) + ")");
      }
      controller.last_ro_rw = event;
      return;
    case Type::peer_connected:
      controller.disconnected.erase(event.id);
      if (controller.connected.size() < limits_.controllers) controller.connected[event.id] = event.line;
      return;
    case Type::peer_disconnected:
      if (const auto before = controller.disconnected.find(event.id); before != controller.disconnected.end()) {
        violation(event.line, source + ": peer.disconnected for " + event.id + ", not connected since its peer.disconnected at line " +
                                  std::to_string(before->second));
      }
      controller.connected.erase(event.id);
      if (controller.disconnected.size() < limits_.controllers) controller.disconnected[event.id] = event.line;
      return;
    default:
      return;
  }
}

std::size_t EventLogCheck::waiting() const {
  std::size_t count = 0;
  for (const auto& [source, controller] : controllers_) count += controller.waiting.size();
  return count;
}

int EventLogCheck::finish(std::ostream& err) {
  if (too_many_controllers_) {
    err << "clustersim check: " << name_ << ":" << number_ << ": more than " << limits_.controllers
        << " controllers (event_src_id) in one log; is this one cluster's event log?\n";
    return 2;
  }
  for (auto& [source, controller] : controllers_) release(controller, source, true);
  if (lines_ == 0) {
    err << "clustersim check: " << name_ << ": no events in the file\n";
    return 2;
  }
  if (controllers_.empty() && foreign_ < lines_) {
    err << "clustersim check: " << name_ << ": no line is a cluster event; is this an events file?\n";
    return 2;
  }
  report_ << events_ << " cluster events from " << controllers_.size() << " controllers";
  if (foreign_ > 0) report_ << " (" << foreign_ << " lines of other namespaces skipped)";
  report_ << ", " << violations_ << (violations_ == 1 ? " violation\n" : " violations\n");
  return violations_ == 0 ? 0 : 1;
}

int check_event_log(std::istream& in, const std::string& name, std::ostream& out, std::ostream& err,
                    EventLogLimits limits) {
  EventLogCheck check(name, out, limits);
  std::string line;
  bool truncated = false;
  char buffer[1 << 16];
  bool reading = true;
  while (reading) {
    in.read(buffer, sizeof buffer);
    const std::size_t got = static_cast<std::size_t>(in.gcount());
    if (got == 0) break;
    std::string_view chunk(buffer, got);
    while (!chunk.empty()) {
      const std::size_t end = chunk.find('\n');
      const std::string_view piece = chunk.substr(0, end);
      // Keep at most line_bytes + 1 of a line: enough to know it is too long.
      const std::size_t room = limits.line_bytes + 1 - std::min(line.size(), limits.line_bytes + 1);
      line.append(piece.substr(0, room));
      truncated = truncated || piece.size() > room;
      if (end == std::string_view::npos) break;
      chunk.remove_prefix(end + 1);
      truncated = truncated || line.size() > limits.line_bytes;
      if (!check.line(line, truncated)) {
        reading = false;
        break;
      }
      line.clear();
      truncated = false;
    }
  }
  if (reading && (!line.empty() || truncated)) {
    truncated = truncated || line.size() > limits.line_bytes;
    check.line(line, truncated);  // the last line, without a newline
  }
  if (in.bad()) {
    err << "clustersim check: " << name << ": cannot read to the end\n";
    return 2;
  }
  return check.finish(err);
}

}  // namespace clustersim::sim
