// clustersim sweep SCENARIO.json... --trials N [--set path=v1,v2,...]... [--metric M]...
//                  [--out results.json] [--plot results.svg] [--log] [--jobs J]
//                  [--json FILE] [--junit FILE]
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "sim/cli/commands.h"
#include "sim/cli/interrupt.h"
#include "sim/cli/output_file.h"
#include "sim/cli/progress.h"
#include "sim/cli/workers.h"
#include "sim/cli/sweep_report.h"
#include "sim/cli/tracker_option.h"
#include "sim/experiment/cdf_plot.h"
#include "sim/experiment/metrics.h"
#include "sim/experiment/sweep.h"
#include "sim/experiment/trial.h"
#include "sim/simulation/simulation.h"
#include "sim/scenario/json_lines.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/text_file.h"

namespace clustersim::sim {
namespace {

constexpr const char* sweep_help =
    "usage: clustersim sweep SCENARIO.json... --trials N [--set path=v1,v2,...]... [--metric M]...\n"
    "                        [--out results.json] [--observations] [--plot results.svg] [--log] [--jobs J]\n"
    "                        [--json FILE] [--junit FILE] [--whole-trials]\n"
    "                        [--tracker-cmd \"COMMAND ARGS\"] [--tracker-timeout D]\n"
    "\n"
    "Runs the scenario N times (seeds 1..N) for every combination of the --set values (any\n"
    "field, by JSON path; several scenario files are combinations too, named by their name)\n"
    "and measures each trial, printing min, median, mean, p99 and max per\n"
    "combination. Metrics (seconds unless counted): downtime (the mark, which is the\n"
    "first crash, isolation, node flap or leadership transfer, to a new leader),\n"
    "tracker_convergence (from the mark to every tracker reporting it), leaderless (from\n"
    "the mark to the end, the time no node leads), reported_leaderless (from the mark to\n"
    "the end, the time a tracker last said is_leaderless, at the node where it is longest;\n"
    "reported_leaderless_mean: averaged over the nodes), events_per_node, elections (the\n"
    "highest term), election_terms (the terms the election after the mark took).\n"
    "--out writes every trial as JSON (its metrics and ended_s, where it stopped), with\n"
    "--observations also each surviving node's raft observations from the mark on and the\n"
    "terms its election took (what tools/calibrate.sh compares with the real\n"
    "hashicorp/raft); --plot a CDF of the first metric per combination (--log: log-scale\n"
    "time axis). A trial that a kernel limit stopped fails the sweep (exit 1).\n"
    "A trial ends as soon as every metric it measures is decided (downtime and\n"
    "election_terms once the new leader is elected; tracker_convergence once, besides,\n"
    "no node can crash, restart or boot any more and every tracker has reported the new\n"
    "leader; the other metrics and --observations need the whole run); the figures are\n"
    "those of the whole run.\n"
    "  --whole-trials  run every trial to its scenario's end all the same\n"
    "  --json FILE   the verdict and, per combination, each metric's figures and the trials\n"
    "                that were stopped with their reproduce commands, for programs\n"
    "  --junit FILE  JUnit XML for CI: a test case per combination\n"
    "%TRACKER%"
    "example:\n"
    "  clustersim sweep scenarios/experiments/leader_crash_150-300.json --trials 1000 \\\n"
    "    --set cluster.election_timeout_max=155ms,175ms,200ms --plot cdf.svg --log\n";

struct SweepArgs {
  std::vector<std::string> scenarios;
  std::string out, plot, json, junit;
  std::uint64_t trials = 0, jobs = 1;
  bool log = false;
  bool observations = false;
  bool whole_trials = false;
  std::vector<SweepAxis> axes;
  std::vector<std::string> metrics;
  TrackerOption tracker;
};

constexpr std::uint64_t sweep_trials_max = 1'000'000;
constexpr std::uint64_t sweep_trials_total_max = 10'000'000;

std::string parse_args(const Args& args, SweepArgs& a) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string arg(args[i]);
    std::string value;
    std::string tracker_problem;
    if (a.tracker.take(args, i, tracker_problem)) {
      if (!tracker_problem.empty()) return tracker_problem;
      continue;
    }
    if (arg == "--trials" || arg == "--jobs" || arg == "--set" || arg == "--metric" || arg == "--out" || arg == "--plot" ||
        arg == "--json" || arg == "--junit") {
      const auto given = option_value(args, i);
      if (!given) return arg + " needs a value";
      value = *given;
    }
    auto number = [&](std::uint64_t& into) {
      return parse_whole_number(value, into) ? std::string()
                                             : arg + " needs a whole number, got \"" + value + "\"";
    };
    std::string problem;
    if (arg == "--trials") {
      problem = number(a.trials);
    } else if (arg == "--jobs") {
      problem = number(a.jobs);
    } else if (arg == "--set") {
      try {
        a.axes.push_back(parse_axis(value));
      } catch (const ScenarioError& error) {
        return error.what();
      }
    } else if (arg == "--metric") {
      if (std::find(metric_names().begin(), metric_names().end(), value) == metric_names().end()) {
        std::string names;
        for (const std::string& name : metric_names()) names += (names.empty() ? "" : ", ") + name;
        return "unknown metric \"" + value + "\" (" + names + ")";
      }
      a.metrics.push_back(value);
    } else if (arg == "--out") {
      a.out = value;
    } else if (arg == "--plot") {
      a.plot = value;
    } else if (arg == "--json") {
      a.json = value;
    } else if (arg == "--junit") {
      a.junit = value;
    } else if (arg == "--log") {
      a.log = true;
    } else if (arg == "--observations") {
      a.observations = true;
    } else if (arg == "--whole-trials") {
      a.whole_trials = true;
    } else if (!arg.empty() && arg.front() == '-') {
      return "unknown option \"" + arg + "\" (clustersim sweep --help lists them)";
    } else {
      a.scenarios.push_back(arg);
    }
    if (!problem.empty()) return problem;
  }
  if (a.scenarios.empty()) return "which scenario? give a SCENARIO.json";
  if (a.trials == 0) return "--trials N is required (N > 0)";
  // Every trial's figures are kept for the summary and the plot.
  if (a.trials > sweep_trials_max) return "--trials at most " + std::to_string(sweep_trials_max);
  if (a.jobs == 0 || a.jobs > 256) return "--jobs must be from 1 to 256";
  if (a.metrics.empty()) a.metrics = metric_names();
  if (a.observations && a.out.empty()) return "--observations goes into --out: give --out FILE";
  return "";
}

}  // namespace

int sweep_command(const Args& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::string help = sweep_help;
    help.replace(help.find("%TRACKER%"), 9, tracker_option_help);
    out << help;
    return exit_ok;
  }
  SweepArgs a;
  if (const std::string problem = parse_args(args, a); !problem.empty()) {
    return usage_error("sweep", problem, err);
  }
  // Every output is checked before the trials: a bad path must not cost the whole sweep.
  std::optional<OutputFile> results_file, plot_file;
  std::optional<SummaryReports> reports;
  try {
    if (!a.out.empty()) results_file.emplace(a.out, out);
    if (!a.plot.empty()) plot_file.emplace(a.plot, out);
    reports.emplace(a.json, a.junit, out, SummaryReports::Others{&results_file, &plot_file});
  } catch (const OutputError& error) {
    return usage_error("sweep", error.what(), err);
  }
  // People's text moves to stderr when an output takes stdout, so the data stays clean.
  std::ostream& people = reports->people(out, err);
  std::vector<Combination> combinations;
  try {
    // Several files: each is a combination of its own (labelled by its name), crossed with --set.
    for (const std::string& file : a.scenarios) {
      for (Combination& c : expand_sweep(read_text_file(file, json_text_bytes_max), file, a.axes)) {
        if (a.scenarios.size() > 1) c.label = c.scenario.name + (c.label == "as written" ? "" : ", " + c.label);
        if (const std::string problem = a.tracker.apply(c.scenario); !problem.empty()) {
          return usage_error("sweep", problem, err);
        }
        combinations.push_back(std::move(c));
      }
    }
  } catch (const std::exception& error) {
    err << "clustersim sweep: " << error.what() << "\n";
    return exit_bad_input;
  }
  if (combinations.size() > sweep_trials_total_max / a.trials) {
    err << "clustersim sweep: " << combinations.size() << " combinations of " << a.trials << " trials each are more than "
        << sweep_trials_total_max << " trials in all\n";
    return exit_bad_input;
  }
  InterruptHandling interrupts(true);
  std::vector<Trial> trials(combinations.size() * a.trials);
  std::vector<char> finished(trials.size(), 0);  // an interrupt leaves some trials unrun
  const std::size_t done = run_on_workers(trials.size(), a.jobs, "trials", [&](std::size_t i) {
    Trial& trial = trials[i];
    trial.combination = i / a.trials;
    trial.seed = 1 + i % a.trials;
    const RunOptions options = trial_options(trial.seed, a.observations);
    TrialRun run;
    bool ran = true;
    try {
      run = run_trial(combinations[trial.combination].scenario, options, a.metrics, a.whole_trials || a.observations);
    } catch (const TrackerStartError& error) {
      // Started when the sweep began, the tracker command cannot start now: a failed trial
      // with nothing to measure.
      run.run.limit = LimitBreach{"tracker_process", model::no_node, time_zero, error.what()};
      ran = false;
    }
    trial.limit = run.run.limit;
    trial.ended = run.ended;
    trial.ended_early = run.ended_early;
    for (const std::string& metric : a.metrics) trial.metrics[metric] = ran ? measure(run.run, metric) : std::nullopt;
    if (a.observations && ran) trial.observations = record_observations(run.run);
    finished[i] = 1;
    return trial.limit.has_value();  // stopped by a kernel limit: it fails the sweep
  });
  // An interrupted sweep reports the trials it finished, and says so everywhere it reports.
  const bool interrupted = done < trials.size();
  if (interrupted) {
    std::vector<Trial> kept;
    for (std::size_t i = 0; i < trials.size(); ++i) {
      if (finished[i] != 0) kept.push_back(std::move(trials[i]));
    }
    trials = std::move(kept);
    people << "INCOMPLETE (interrupted): " << trials.size() << " of " << combinations.size() * a.trials
        << " trials finished; the figures below are of those only\n";
  }

  SweepReport report;
  report.trials_per_combination = a.trials;
  report.interrupted = interrupted;
  for (const Combination& c : combinations) report.combinations.push_back({c.label, c.scenario.name, 0, {}, {}});
  for (const Trial& t : trials) ++report.combinations[t.combination].trials_run;
  nlohmann::ordered_json results;
  std::vector<CdfSeries> curves;
  char line[256];
  for (const std::string& metric : a.metrics) {
    people << "\n" << metric << (metric_is_count(metric) ? "" : " (ms)") << ":\n";
    std::snprintf(line, sizeof line, "  %-44s %9s %9s %9s %9s %9s %8s\n", "combination", "min", "median", "mean", "p99", "max", "missing");
    people << line;
    const double scale = metric_is_count(metric) ? 1 : 1000;
    for (std::size_t c = 0; c < combinations.size(); ++c) {
      std::vector<double> values;
      std::size_t missing = 0;
      for (const Trial& t : trials) {
        if (t.combination != c) continue;
        const auto& v = t.metrics.at(metric);
        if (v) values.push_back(*v * scale); else ++missing;
      }
      const Summary s = summarize(values, missing);
      report.combinations[c].metrics.push_back({metric, metric_is_count(metric) ? "" : "ms", s});
      if (s.measured == 0) {  // nothing to summarize: say so rather than print zeros
        std::snprintf(line, sizeof line, "  %-44s %9s %9s %9s %9s %9s %8zu\n", combinations[c].label.c_str(),
                      "-", "-", "-", "-", "-", s.missing);
      } else {
        std::snprintf(line, sizeof line, "  %-44s %9.1f %9.1f %9.1f %9.1f %9.1f %8zu\n", combinations[c].label.c_str(),
                      s.min, s.median, s.mean, s.p99, s.max, s.missing);
      }
      people << line;
      if (metric == a.metrics.front()) curves.push_back({combinations[c].label, values, values.size() + missing});
    }
  }
  // Never a silent cut: say how many trials stopped at the decision.
  const auto early = std::count_if(trials.begin(), trials.end(), [](const Trial& t) { return t.ended_early; });
  if (early > 0) {
    people << "\n" << early << " of " << trials.size()
           << " trials ended as soon as their metrics were decided (the whole runs give the same figures;"
              " --whole-trials runs them to the end)\n";
  }
  try {
    if (results_file) {
      results["complete"] = !interrupted;
      for (std::size_t c = 0; c < combinations.size(); ++c) results["combinations"].push_back(combinations[c].label);
      for (const Trial& t : trials) {
        nlohmann::ordered_json item{{"combination", combinations[t.combination].label}, {"seed", t.seed}};
        for (const auto& [metric, value] : t.metrics) item[metric] = value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json();
        // Where the trial stopped, in simulated seconds, as the metrics are (trial.h).
        item["ended_s"] = std::chrono::duration<double>(t.ended - time_zero).count();
        if (t.observations) {
          const ObservationRecord& o = *t.observations;
          item["terms_after_mark"] = o.terms_after_mark ? nlohmann::ordered_json(*o.terms_after_mark) : nlohmann::ordered_json();
          item["observations"] = o.sequences;
        }
        results["trials"].push_back(item);
      }
      results_file->write(results.dump(1) + "\n");
    }
    if (plot_file) {
      const std::string& metric = a.metrics.front();
      const std::string trials_text = interrupted ? "INCOMPLETE (interrupted), " + std::to_string(trials.size()) + " trials in all"
                                                  : std::to_string(a.trials) + " trials per curve";
      const bool counted = metric_is_count(metric);
      plot_file->write(cdf_svg(metric + ": " + trials_text, metric, curves, a.log,
                               counted ? CdfUnit::count : CdfUnit::milliseconds));
    }
  } catch (const OutputError& error) {
    err << "clustersim sweep: " << error.what() << "\n";
    return exit_bad_input;
  }
  // A trial that a kernel limit stopped measured a world cut short: the sweep fails, naming it.
  for (const Trial& t : trials) {
    if (!t.limit) continue;
    const Combination& c = combinations[t.combination];
    const std::string node = t.limit->node == model::no_node ? "run" : c.scenario.raft.members[t.limit->node].id;
    StoppedTrial stopped{t.seed, t.limit->check + " failed (" + node + " at " + format_time(t.limit->at) + ": " +
                                     t.limit->detail + ")",
                         "clustersim run " + (c.scenario.file.empty() ? std::string("<scenario>") : c.scenario.file) +
                             " --seed " + std::to_string(t.seed) + (c.label == "as written" ? "" : "  (with " + c.label + ")")};
    err << "clustersim sweep: " << c.label << ", seed " << t.seed << ": " << stopped.failure << "\n"
        << "  reproduce: " << stopped.reproduce << "\n";
    report.combinations[t.combination].stopped.push_back(std::move(stopped));
  }
  try {
    if (reports->json) reports->json->write(sweep_json(report).dump(2) + "\n");
    if (reports->junit) reports->junit->write(format_junit("clustersim sweep", {sweep_junit(report)}));
  } catch (const OutputError& error) {
    err << "clustersim sweep: " << error.what() << "\n";
    return exit_bad_input;
  }
  return report.exit_code();
}

}  // namespace clustersim::sim
