// clustersim replay TRACE.jsonl: re-runs a recorded trace and verifies the identical stream.
#include "sim/cli/commands.h"
#include "sim/cli/output_file.h"
#include "sim/cli/trace_file.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/text_file.h"

namespace clustersim::sim {
namespace {

constexpr const char* replay_help =
    "usage: clustersim replay TRACE.jsonl\n\n"
    "Re-runs the scenario recorded in a trace (written by clustersim run --trace, or kept by\n"
    "run --store and swarm) with its seed and policy, and checks that every event and the\n"
    "trace hash are identical. Exit 0 identical, 1 different, 2 not a trace.\n"
    "example:\n  clustersim run scenarios/leader_crash.json --trace t.jsonl && clustersim replay t.jsonl\n";

// Whether the text looks like a controller's events file rather than a trace: its first line
// is an event of the cluster namespace (what `run --events` and a controller write).
bool looks_like_an_events_file(const std::string& text) {
  const std::string first = text.substr(0, text.find('\n'));
  return first.find("\"namespace\"") != std::string::npos && first.find("\"eventType\"") != std::string::npos;
}

}  // namespace

int replay_command(const Args& args, std::ostream& out, std::ostream& err) {
  std::string path;
  for (const std::string_view arg : args) {
    if (arg == "--help" || arg == "-h") {
      out << replay_help;
      return exit_ok;
    }
    if (arg.size() > 1 && arg.front() == '-') {
      return usage_error("replay", "unknown option \"" + std::string(arg) + "\" (replay takes only a TRACE.jsonl)", err);
    }
    if (!path.empty()) return usage_error("replay", "one trace at a time (got \"" + std::string(arg) + "\" too)", err);
    path = arg;
  }
  if (path.empty()) return usage_error("replay", "which trace? give a TRACE.jsonl (written by run --trace)", err);
  Trace trace;
  Scenario scenario;
  try {
    const std::string text = read_text_file(path, trace_bytes_max);
    if (looks_like_an_events_file(text)) {
      err << "clustersim replay: " << path << " is an events file (as run --events or a controller writes), not "
          << "a trace: replay needs the trace of a run (run --trace FILE); check an events file with `clustersim check`\n";
      return exit_bad_input;
    }
    trace = parse_trace(text, path);
    scenario = parse_scenario(trace.scenario_source, trace.scenario_file);
  } catch (const TextFileError& error) {
    err << "clustersim replay: " << error.what() << "\n";
    return exit_bad_input;
  } catch (const OutputError& error) {
    err << "clustersim replay: " << error.what() << "\n";
    return exit_bad_input;
  } catch (const ScenarioError& error) {
    err << "clustersim replay: the trace's scenario: " << error.what() << "\n";
    return exit_bad_input;
  }
  if (trace.build != build_id()) {
    out << "note: recorded by \"" << trace.build << "\", replaying with \"" << build_id()
        << "\"; a difference may come from the build\n";
  }
  RunOptions options;
  options.seed = trace.seed;
  options.policy = trace.policy;
  options.tracker_command = trace.tracker_command;  // the same tracker under test, if any
  options.trace_level = trace.level;                // what it recorded, recorded again
  RunResult run;
  try {
    run = run_scenario(scenario, options);
  } catch (const TrackerStartError& error) {
    err << "clustersim replay: the trace's tracker command: " << error.what() << "\n";
    return exit_bad_input;
  }
  const std::vector<std::string> replayed = trace_body_lines(run);
  for (std::size_t i = 0; i < std::max(replayed.size(), trace.body_lines.size()); ++i) {
    const std::string recorded = i < trace.body_lines.size() ? trace.body_lines[i] : "(no more records)";
    const std::string again = i < replayed.size() ? replayed[i] : "(no more records)";
    if (recorded != again) {
      out << "DIFFERENT: first difference at line " << i + 2 << " of the trace\n  recorded: " << recorded
          << "\n  replayed: " << again << "\n";
      return exit_failed;
    }
  }
  if (run.trace_hash != trace.trace_hash) {
    char line[120];
    std::snprintf(line, sizeof line, "DIFFERENT: same events, but trace hash %016llx, recorded %016llx\n",
                  static_cast<unsigned long long>(run.trace_hash),
                  static_cast<unsigned long long>(trace.trace_hash));
    out << line;
    return exit_failed;
  }
  char line[120];
  std::snprintf(line, sizeof line, "IDENTICAL: %zu events%s, trace hash %016llx\n", trace.events,
                trace.level == TraceLevel::events ? "" : (" in " + std::to_string(replayed.size()) + " records").c_str(),
                static_cast<unsigned long long>(run.trace_hash));
  out << line;
  return exit_ok;
}

}  // namespace clustersim::sim
