// clustersim check EVENTS.jsonl: checks an event log written by real OpenZiti controllers:
// the format of every line, then per controller, in timestamp order (each event is
// dispatched asynchronously, so file order may differ), the alternation rules. Lines of
// other namespaces (circuits, links, ...) share the file in real deployments and are skipped.
#include <algorithm>
#include <map>
#include <sstream>

#include "model/events/event_json.h"
#include "sim/cli/commands.h"
#include "sim/cli/output_file.h"

namespace clustersim::sim {

namespace {

struct NumberedEvent {
  std::size_t line;
  model::ClusterEvent event;
};

}  // namespace

int check_command(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    out << "usage: clustersim check EVENTS.jsonl\n\n"
           "Checks a controller event log (the file event handler's JSON lines, several\n"
           "controllers mixed): every line's format, and per event_src_id in timestamp order:\n"
           "never two state.is_leaderless in a row, never two state.has_leader in a row for\n"
           "the same leaderId. Exit 0 if clean, 1 if violations, 2 if unreadable.\n"
           "example:\n  clustersim check /var/log/ziti/events.json\n";
    return exit_ok;
  }
  if (args.size() != 1) {
    err << "clustersim check: give exactly one EVENTS.jsonl\n";
    return exit_bad_input;
  }
  const std::string path(args[0]);
  std::string text;
  try {
    text = read_file(path);
  } catch (const OutputError& error) {
    err << "clustersim check: " << error.what() << "\n";
    return exit_bad_input;
  }
  std::istringstream in(text);
  std::string line;
  std::size_t number = 0, lines = 0, violations = 0, foreign = 0;
  std::map<std::string, std::vector<NumberedEvent>> by_source;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    ++lines;
    if (line.back() == '\r') line.pop_back();
    const model::EventParseResult parsed = model::parse_event_json(line);
    if (!parsed.ok() && parsed.key == "namespace" && parsed.error.rfind("must be", 0) == 0) {
      ++foreign;  // another namespace's event: controllers write them all to one file
      continue;
    }
    if (!parsed.ok()) {
      ++violations;
      out << path << ":" << number << ": " << (parsed.key.empty() ? "" : parsed.key + ": ") << parsed.error << "\n";
      continue;
    }
    // Other namespaces share the file in real deployments; only cluster events reach here.
    by_source[parsed.event->source_id].push_back({number, *parsed.event});
  }
  if (lines == 0) {
    err << "clustersim check: " << path << ": no events in the file\n";
    return exit_bad_input;
  }
  if (violations + foreign == lines && foreign < lines && by_source.empty()) {
    err << "clustersim check: " << path << ": no line is a cluster event; is this an events file?\n";
    return exit_bad_input;
  }
  std::size_t events = 0;
  for (auto& [source, list] : by_source) {
    std::stable_sort(list.begin(), list.end(), [](const NumberedEvent& a, const NumberedEvent& b) {
      return a.event.timestamp.unix_ns < b.event.timestamp.unix_ns;
    });
    const NumberedEvent* previous = nullptr;
    for (const NumberedEvent& current : list) {
      ++events;
      const model::ClusterEventType type = current.event.type;
      if (type != model::ClusterEventType::state_has_leader && type != model::ClusterEventType::state_is_leaderless) continue;
      if (previous != nullptr && previous->event.type == type && previous->event.leader_id == current.event.leader_id) {
        ++violations;
        out << path << ":" << current.line << ": " << source << ": "
            << (type == model::ClusterEventType::state_is_leaderless
                    ? "state.is_leaderless again (previous at line "
                    : "state.has_leader for the same leader again (previous at line ")
            << previous->line << ")\n";
      }
      previous = &current;
    }
  }
  out << events << " cluster events from " << by_source.size() << " controllers";
  if (foreign > 0) out << " (" << foreign << " lines of other namespaces skipped)";
  out << ", " << violations << (violations == 1 ? " violation\n" : " violations\n");
  return violations == 0 ? exit_ok : exit_failed;
}

}  // namespace clustersim::sim
