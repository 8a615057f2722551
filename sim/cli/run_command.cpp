// clustersim run SCENARIO.json [--seed N] [--policy P] [--events OUT] [--trace OUT]
//                              [--tracker-cmd CMD] [--quiet] [--rewrite]
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>

#include "sim/cli/commands.h"
#include "sim/cli/interrupt.h"
#include "sim/cli/output_file.h"
#include "sim/cli/paced_run.h"
#include "sim/cli/summary.h"
#include "sim/cli/trace_file.h"
#include "sim/cli/tracker_option.h"
#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/text_file.h"
#include "sim/timeline/timeline.h"
#include "sim/timeline/timeline_picture.h"

namespace clustersim::sim {
namespace {

constexpr const char* run_help =
    "usage: clustersim run SCENARIO.json [--seed N] [--policy openziti|stable]\n"
    "                      [--events OUT.jsonl] [--trace OUT.jsonl] [--timeline F]\n"
    "                      [--observations OUT.jsonl]\n"
    "                      [--tracker-cmd \"COMMAND ARGS\"] [--tracker-timeout D]\n"
    "                      [--quiet] [--row] [--rewrite] [--pace FACTOR]\n"
    "\n"
    "Runs the scenario, checks every oracle and expectation, and prints a summary.\n"
    "  --seed N       override the scenario's seed\n"
    "  --policy P     override the scenario's tracker policy\n"
    "  --events FILE  write the events (OpenZiti JSON lines) to FILE\n"
    "  --trace FILE   write the trace (for `clustersim replay`) to FILE\n"
    "  --timeline F   draw the run: F.svg, or F.html (self-contained, with hover details)\n"
    "  --observations FILE  write what each node's tracker was given, as the tracker\n"
    "                 protocol's requests (docs/tracker-protocol.md), one JSON line each\n"
    "%TRACKER%"
    "  --quiet        print only the verdict line\n"
    "  --row          print one tab-separated line for suite tables: scenario, policy,\n"
    "                 nodes, simulated time, state events, dedup ratio, checks, verdict\n"
    "  --rewrite      regenerate the scenario's golden event file; review the diff\n"
    "  --pace FACTOR  play the run out on the wall clock, FACTOR times as fast (1: as it\n"
    "                 happened), writing each event to --events as it happens (- for\n"
    "                 standard output): try a dashboard or an alert rule on an incident\n"
    "examples:\n"
    "  clustersim run scenarios/leader_crash.json\n"
    "  clustersim run scenarios/flapping_fast.json --policy openziti --events out.jsonl\n"
    "  clustersim run scenarios/leader_crash.json --tracker-cmd \"./my-tracker --protocol\"\n";

struct RunArgs {
  std::string scenario;
  RunOptions options;
  TrackerOption tracker;
  std::string events_path, trace_path, timeline_path, observations_path;
  bool quiet = false, rewrite = false, row = false;
  std::optional<double> pace;
};

// Parses arguments; returns an error message, empty if fine.
std::string parse_args(const Args& args, RunArgs& parsed) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    auto value = [&] { return option_value(args, i).value_or(std::string_view()); };
    std::string problem;
    if (parsed.tracker.take(args, i, problem)) {
      if (!problem.empty()) return problem;
    } else if (arg == "--seed") {
      const std::string_view v = value();
      std::uint64_t seed = 0;
      if (!parse_whole_number(v, seed)) return "--seed needs a whole number, got \"" + std::string(v) + "\"";
      parsed.options.seed = seed;
    } else if (arg == "--policy") {
      const std::string_view v = value();
      const auto policy = model::parse_policy(v);
      if (!policy) return "--policy must be openziti or stable, got \"" + std::string(v) + "\"";
      parsed.options.policy = *policy;
    } else if (arg == "--events") {
      parsed.events_path = value();
      if (parsed.events_path.empty()) return "--events needs a file name";
    } else if (arg == "--observations") {
      parsed.observations_path = value();
      if (parsed.observations_path.empty()) return "--observations needs a file name";
      parsed.options.transcribe = true;
    } else if (arg == "--trace") {
      parsed.trace_path = value();
      if (parsed.trace_path.empty()) return "--trace needs a file name";
    } else if (arg == "--timeline") {
      parsed.timeline_path = value();
      if (!timeline_file(parsed.timeline_path)) return "--timeline needs a file ending in .svg or .html";
    } else if (arg == "--pace") {
      const std::string v(value());
      char* end = nullptr;
      const double pace = v.empty() ? 0 : std::strtod(v.c_str(), &end);
      if (v.empty() || end != v.c_str() + v.size() || !(pace >= pace_min && pace <= pace_max)) {
        return "--pace needs a factor from 0.001 to 1000000 (1: real time), got \"" + v + "\"";
      }
      parsed.pace = pace;
    } else if (arg == "--quiet") {
      parsed.quiet = true;
    } else if (arg == "--row") {
      parsed.row = true;
    } else if (arg == "--rewrite") {
      parsed.rewrite = true;
    } else if (!arg.empty() && arg.front() == '-') {
      return "unknown option \"" + std::string(arg) + "\"";
    } else if (parsed.scenario.empty()) {
      parsed.scenario = arg;
    } else {
      return "only one scenario file per run (got \"" + std::string(arg) + "\" too)";
    }
  }
  if (parsed.scenario.empty()) return "which scenario? give a SCENARIO.json";
  if (parsed.pace && parsed.events_path.empty()) return "--pace writes events as they happen: give --events FILE (or -)";
  if (parsed.pace && parsed.rewrite) return "--pace and --rewrite do not go together";
  return "";
}


}  // namespace

int run_command(const Args& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::string help = run_help;
    help.replace(help.find("%TRACKER%"), 9, tracker_option_help);
    out << help;
    return exit_ok;
  }
  RunArgs parsed;
  if (const std::string problem = parse_args(args, parsed); !problem.empty()) {
    return usage_error("run", problem, err);
  }
  InterruptHandling interrupts(/*cooperative=*/parsed.pace.has_value());
  // Every output is checked before the run: a bad path must not cost a long run, nor leave
  // the other outputs written.
  std::optional<OutputFile> events, trace, timeline, observations;
  try {
    if (!parsed.events_path.empty()) events.emplace(parsed.events_path, out);
    if (!parsed.trace_path.empty()) trace.emplace(parsed.trace_path, out);
    if (!parsed.timeline_path.empty()) timeline.emplace(parsed.timeline_path, out);
    if (!parsed.observations_path.empty()) observations.emplace(parsed.observations_path, out);
    check_distinct({&events, &trace, &timeline, &observations});
  } catch (const OutputError& error) {
    return usage_error("run", error.what(), err);
  }
  Scenario scenario;
  if (!load_scenario_or_report("run", parsed.scenario, scenario, err)) return exit_bad_input;
  if (const std::string problem = parsed.tracker.apply(scenario); !problem.empty()) return usage_error("run", problem, err);
  const model::TrackerPolicy policy = parsed.options.policy.value_or(scenario.policy);
  const std::string golden_path = scenario.golden_path(policy);
  if (parsed.rewrite && !golden_path.empty()) {
    try {
      check_output_folder(std::filesystem::path(golden_path).parent_path().string());
    } catch (const OutputError& error) {
      err << "clustersim run: --rewrite: " << error.what() << "\n";
      return exit_bad_input;
    }
  }
  // People's text moves to stderr when an output takes stdout, so the data stays clean.
  const bool stdout_taken = (events && events->is_standard_output()) || (trace && trace->is_standard_output()) ||
                            (timeline && timeline->is_standard_output()) ||
                            (observations && observations->is_standard_output());
  std::ostream& people = stdout_taken ? err : out;
  RunResult run;
  std::optional<std::ofstream> paced_file;
  try {
    if (parsed.pace) {
      // The events go out as they happen, so not through a temporary file renamed at the end.
      std::ostream* paced = &out;
      if (!events->is_standard_output()) {
        paced_file.emplace(events->path(), std::ios::binary | std::ios::trunc);
        if (!*paced_file) return usage_error("run", events->path() + ": cannot write", err);
        paced = &*paced_file;
      }
      run = run_paced(scenario, parsed.options, *parsed.pace, *paced, stop_requested);
    } else {
      run = run_scenario(scenario, parsed.options);
    }
  } catch (const TrackerStartError& error) {
    return usage_error("run", error.what(), err);
  }
  if (parsed.pace && stop_requested()) {
    people << "interrupted; the events so far are written\n";
    return exit_interrupted;
  }
  try {
    std::string golden;
    const std::string* golden_text = nullptr;
    if (!golden_path.empty()) {
      if (parsed.rewrite) {
        write_file_atomically(golden_path, events_jsonl(run));
        people << "rewrote " << golden_path << ": review the diff before committing it\n";
      }
      // Missing means "not written yet" (the check says so); any other failure is an error.
      std::error_code error;
      if (std::filesystem::exists(golden_path, error)) {
        golden = read_text_file(golden_path, trace_bytes_max);
        golden_text = &golden;
      } else if (error) {
        throw TextFileError(golden_path + ": " + error.message());
      }
    }
    const OracleReport report = check_run(run, golden_text);
    if (events && !parsed.pace) events->write(events_jsonl(run));
    if (trace) trace->write(format_trace(run));
    if (observations) {
      std::string lines;
      for (const std::string& request : run.transcript.requests) lines += request + "\n";
      observations->write(lines);
    }
    if (timeline) {
      const bool html = timeline_file(timeline->path()) == TimelineFile::html;
      timeline->write(html ? timeline_html(run) : timeline_svg(run));
    }
    if (parsed.row) {
      people << format_row(run, report) << "\n";
      return report.exit_code();
    }
    const std::string summary = format_summary(run, report);
    if (parsed.quiet) {
      people << summary.substr(summary.find("verdict:"));
    } else {
      people << summary;
    }
    return report.exit_code();
  } catch (const OutputError& error) {
    err << "clustersim run: " << error.what() << "\n";
    return exit_bad_input;
  } catch (const TextFileError& error) {
    err << "clustersim run: the golden file " << error.what() << "\n";
    return exit_bad_input;
  }
}

}  // namespace clustersim::sim
