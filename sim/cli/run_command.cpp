// clustersim run SCENARIO.json|DIR... : one scenario run here, with its summary and its own
// output files; several (or a folder) by run_suite.cpp, as a table.
#include <filesystem>
#include <fstream>
#include <optional>

#include "sim/cli/commands.h"
#include "sim/cli/golden_check.h"
#include "sim/cli/interrupt.h"
#include "sim/cli/junit.h"
#include "sim/cli/run_args.h"
#include "sim/cli/run_record.h"
#include "sim/cli/run_store.h"
#include "sim/cli/output_file.h"
#include "sim/cli/paced_run.h"
#include "sim/cli/progress.h"
#include "sim/cli/summary.h"
#include "sim/cli/trace_file.h"
#include "sim/cli/trace_records.h"
#include "sim/cli/tracker_option.h"
#include "sim/cli/watched_run.h"
#include "sim/oracle/checks.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/text_file.h"
#include "sim/timeline/timeline.h"
#include "sim/timeline/timeline_picture.h"

namespace clustersim::sim {
namespace {

constexpr const char* run_help =
    "usage: clustersim run SCENARIO.json|DIR... [--seed N] [--policy P[,P]] [--jobs J]\n"
    "                      [--json FILE] [--junit FILE] [--store DIR] [--wall-times]\n"
    "                      [--events OUT.jsonl] [--trace OUT.jsonl] [--trace-level L]\n"
    "                      [--timeline F] [--observations OUT.jsonl] [--verbose]\n"
    "                      [--tracker-cmd \"COMMAND ARGS\"] [--tracker-timeout D]\n"
    "                      [--quiet] [--row] [--rewrite] [--pace FACTOR]\n"
    "\n"
    "Runs each scenario, checks every oracle and expectation, and prints a summary (one\n"
    "run) or one table (several). Folders are searched for *.json files, recursively.\n"
    "Exit code: the worst verdict of all the runs.\n"
    "  --seed N       override the scenarios' seed\n"
    "  --policy P     override the scenarios' tracker policy; stable,openziti runs both\n"
    "  --jobs J       run J scenarios at a time (each run is single-threaded)\n"
    "  --json FILE    the verdict, every check with its status and message, counts, seed,\n"
    "                 reproduce command and trace hash of every run, for programs\n"
    "  --junit FILE   JUnit XML for CI: a test case per scenario, policy and check\n"
    "  --store DIR    a folder per run: DIR/SCENARIO/POLICY-seedN/ with the scenario, events,\n"
    "                 full trace, timeline, summary and result.json\n"
    "  --wall-times   put measured wall-clock seconds in --json and --junit (they are left\n"
    "                 out otherwise, so the same runs give the same bytes)\n"
    "  --verbose      print the run as it happened before the summary, a line per decision,\n"
    "                 role change, tracker input, fault, drop and event, with its time\n"
    "%TRACKER%"
    "  --quiet        print only the verdict line (several runs: the failures and the totals)\n"
    "one run only:\n"
    "  --events FILE  write the events (OpenZiti JSON lines) to FILE\n"
    "  --trace FILE   write the full trace to FILE: beside the events, every scripted action,\n"
    "                 role and term change, tracker input, flap phase, dropped message and\n"
    "                 election decision, in time order (`clustersim replay` verifies it)\n"
    "  --trace-level L  what --trace and --store keep: events (the events alone), decisions\n"
    "                 (the default) or messages (also every message and timer)\n"
    "  --timeline F   draw the run: F.svg, or F.html (self-contained, with hover details)\n"
    "  --observations FILE  write what each node's tracker was given, as the tracker\n"
    "                 protocol's requests (docs/tracker-protocol.md), one JSON line each\n"
    "  --row          print one tab-separated line for suite tables: scenario, policy,\n"
    "                 nodes, simulated time, state events, dedup ratio, checks, verdict\n"
    "  --rewrite      regenerate the scenario's golden event file; review the diff\n"
    "  --pace FACTOR  play the run out on the wall clock, FACTOR times as fast (1: as it\n"
    "                 happened), writing each event to --events as it happens (- for\n"
    "                 standard output): try a dashboard or an alert rule on an incident\n"
    "examples:\n"
    "  clustersim run scenarios/leader_crash.json\n"
    "  clustersim run scenarios/follower_flap_fast.json --policy openziti --events out.jsonl\n"
    "  clustersim run scenarios --policy stable,openziti --jobs 2 --junit results.xml\n"
    "  clustersim run scenarios/leader_crash.json --store store --trace-level messages\n"
    "  clustersim run scenarios/minority_partition.json --verbose\n"
    "  clustersim run scenarios/leader_crash.json --tracker-cmd ./my-tracker\n";

}  // namespace

int run_command(const Args& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::string help = run_help;
    help.replace(help.find("%TRACKER%"), 9, tracker_option_help);
    out << help;
    return exit_ok;
  }
  RunArgs parsed;
  if (const std::string problem = parse_run_args(args, parsed); !problem.empty()) {
    return usage_error("run", problem, err);
  }
  if (!names_one_run(parsed)) return run_suite(parsed, out, err);
  InterruptHandling interrupts(/*cooperative=*/parsed.pace.has_value());
  // Every output is checked before the run: a bad path must not cost a long run, nor leave
  // the other outputs written.
  std::optional<OutputFile> events, trace, timeline, observations;
  std::optional<SummaryReports> reports;
  try {
    const std::pair<const std::string&, std::optional<OutputFile>&> outputs[] = {
        {parsed.events_path, events}, {parsed.trace_path, trace}, {parsed.timeline_path, timeline},
        {parsed.observations_path, observations}};
    for (const auto& [path, output] : outputs) {
      if (!path.empty()) output.emplace(path, out);
    }
    reports.emplace(parsed.json_path, parsed.junit_path, out,
                    SummaryReports::Others{&events, &trace, &timeline, &observations});
    if (!parsed.store_dir.empty()) check_output_folder(parsed.store_dir);
  } catch (const OutputError& error) {
    return usage_error("run", error.what(), err);
  }
  Scenario scenario;
  if (!load_scenario_or_report("run", parsed.scenarios.front(), scenario, err)) return exit_bad_input;
  if (const std::string problem = parsed.tracker.apply(scenario); !problem.empty()) return usage_error("run", problem, err);
  RunOptions options;
  options.seed = parsed.seed;
  if (!parsed.policies.empty()) options.policy = parsed.policies.front();
  options.transcribe = observations.has_value();
  options.trace_level = recorded_level(parsed);
  const model::TrackerPolicy policy = options.policy.value_or(scenario.policy);
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
  std::ostream& people = reports->people(out, err);
  RunResult run;
  std::optional<std::ofstream> paced_file;
  const Stopwatch stopwatch;
  try {
    if (parsed.pace) {
      // The events go out as they happen, so not through a temporary file renamed at the end.
      std::ostream* paced = &out;
      if (!events->is_standard_output()) {
        paced_file.emplace(events->path(), std::ios::binary | std::ios::trunc);
        if (!*paced_file) return usage_error("run", events->path() + ": cannot write", err);
        paced = &*paced_file;
      }
      run = run_paced(scenario, options, *parsed.pace, *paced, stop_requested);
    } else {
      run = run_watched(scenario, options);
    }
  } catch (const TrackerStartError& error) {
    return usage_error("run", error.what(), err);
  }
  if (parsed.pace && stop_requested()) {
    people << "interrupted; the events so far are written\n";
    return exit_interrupted;
  }
  try {
    if (parsed.rewrite && !golden_path.empty()) {
      write_file_atomically(golden_path, events_jsonl(run));
      people << "rewrote " << golden_path << ": review the diff before committing it\n";
    }
    const OracleReport report = check_with_golden(run);
    RunRecord record = make_run_record(run, report);
    if (parsed.wall_times) record.wall_seconds = stopwatch.seconds();
    if (events && !parsed.pace) events->write(events_jsonl(run));
    if (trace) trace->write(format_trace(run));
    if (observations) {
      std::string lines;
      for (const std::string& request : run.transcript.requests) lines += request + "\n";
      observations->write(lines);
    }
    if (timeline) {
      const bool html = timeline_file(timeline->path()) == TimelineFile::html;
      timeline->write(html ? timeline_html(run, &report) : timeline_svg(run, &report));
    }
    if (!parsed.store_dir.empty()) {
      const std::string name = std::filesystem::path(parsed.scenarios.front()).stem().string();
      store_run(store_folder(parsed.store_dir, name, run), run, report, record);
    }
    if (reports->json) reports->json->write(run_records_json({record}, record.exit_code()).dump(2) + "\n");
    if (reports->junit) reports->junit->write(format_junit("clustersim run", {run_record_junit(record)}));
    if (parsed.row) {
      people << record.row << "\n";
      return report.exit_code();
    }
    if (parsed.verbose) {
      for (const TraceRecord& line : trace_records(run)) people << line.text << "\n";
      people << "\n";
    }
    const std::string summary = format_summary(run, report);
    if (parsed.quiet) {
      people << summary.substr(summary.find("verdict:"));
    } else {
      people << summary;
    }
    if (!record.store.empty()) people << "stored in " << record.store << "\n";
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
