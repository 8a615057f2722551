// clustersim check EVENTS.jsonl: checks an event log written by real OpenZiti controllers:
// the format of every line, then per controller, in timestamp order, the alternation rules
// (event_log_check.h). Lines of other namespaces (circuits, links, ...) share the file in real
// deployments and are skipped. The log streams through: any length, "-" for standard input.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "sim/cli/commands.h"
#include "sim/cli/event_log_check.h"

namespace clustersim::sim {

int check_command(const Args& args, std::ostream& out, std::ostream& err) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    out << "usage: clustersim check EVENTS.jsonl|-\n\n"
           "Checks a controller event log (the file event handler's JSON lines, several\n"
           "controllers mixed): every line's format, and per event_src_id in timestamp order:\n"
           "never two state.is_leaderless in a row, never two state.has_leader in a row for\n"
           "the same leaderId. The log streams through (any length); - reads standard input.\n"
           "Exit 0 if clean, 1 if violations, 2 if unreadable or not an event log.\n"
           "examples:\n  clustersim check /var/log/ziti/events.json\n"
           "  zcat events.json.gz | clustersim check -\n";
    return exit_ok;
  }
  if (args.size() != 1) {
    err << "clustersim check: give exactly one EVENTS.jsonl (or - for standard input)\n";
    return exit_bad_input;
  }
  const std::string path(args[0]);
  if (path == "-") return check_event_log(std::cin, "-", out, err);
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    err << "clustersim check: " << path << ": a folder, not an event log\n";
    return exit_bad_input;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    err << "clustersim check: " << path << ": cannot read: " << std::strerror(errno) << "\n";
    return exit_bad_input;
  }
  return check_event_log(in, path, out, err);
}

}  // namespace clustersim::sim
