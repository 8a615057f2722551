// clustersim swarm TEMPLATE.json --seeds N [--first-seed S] [--jobs J] [--shard I/N] [--out DIR]
//                  [--input-faults] [--json FILE] [--junit FILE]
//                  [--tracker-cmd CMD] [--tracker-timeout D]
//
// Runs random worlds on worker threads (each simulation is single-threaded and
// deterministic; threads only share the seed counter and the results). Progress goes to
// stderr: a refreshing line on a terminal, a plain line every ~10% otherwise. The results
// (in seed order, so the output is the same whatever the thread timing) go to stdout.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "sim/cli/commands.h"
#include "sim/cli/interrupt.h"
#include "sim/cli/output_file.h"
#include "sim/cli/progress.h"
#include "sim/cli/workers.h"
#include "sim/cli/swarm_report.h"
#include "sim/cli/tracker_option.h"
#include "sim/cli/trace_file.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/scenario/scenario_writer.h"
#include "sim/swarm/swarm.h"

namespace clustersim::sim {
namespace {

constexpr const char* swarm_help =
    "usage: clustersim swarm TEMPLATE.json --seeds N [--first-seed S] [--jobs J]\n"
    "                        [--shard I/N] [--out DIR] [--input-faults]\n"
    "                        [--json FILE] [--junit FILE]\n"
    "                        [--tracker-cmd \"COMMAND ARGS\"] [--tracker-timeout D]\n"
    "\n"
    "Runs N random worlds: the template's cluster, tracker and network with random faults\n"
    "(0 to 30 actions of every kind, then a liveness phase) per seed. Every failing seed is\n"
    "shrunk; its scenario (seed-S.json) and trace (seed-S.trace.jsonl) are stored in DIR\n"
    "(default swarm-out). Exit 1 if any seed failed a check, 3 if the only failures were of\n"
    "liveness (as `clustersim run` of that seed's world exits).\n"
    "  --json FILE  the verdict, counts and every failing seed (its failure, shrunk scenario,\n"
    "               trace and reproduce command), for programs\n"
    "  --junit FILE JUnit XML for CI: a test case per failing seed, and one for the rest\n"
    "  --input-faults  the faults include faults on each tracker's inputs (set_observer:\n"
    "               dropped, duplicated, stale, late observations, skipped leader clears,\n"
    "               late, early and repeated wake-ups)\n"
    "  --shard I/N  run only shard I (0-based) of N: N machines with I = 0..N-1 together run\n"
    "               exactly the seeds of one run (Kubernetes Indexed Job: I is\n"
    "               $JOB_COMPLETION_INDEX; Slurm array: $SLURM_ARRAY_TASK_ID with --array=0-N)\n"
    "%TRACKER%"
    "example:\n"
    "  clustersim swarm scenarios/steady_state.json --seeds 1000 --jobs 2 --out swarm-out\n";

struct SwarmArgs {
  std::string scenario, out = "swarm-out", json_path, junit_path;
  std::uint64_t seeds = 0, first = 1, jobs = 1, shard = 0, shards = 1;
  bool input_faults = false;
  TrackerOption tracker;
};

constexpr std::uint64_t swarm_seeds_max = 100'000'000;

std::string parse_args(const Args& args, SwarmArgs& parsed) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    std::string_view value;
    std::string tracker_problem;
    if (parsed.tracker.take(args, i, tracker_problem)) {
      if (!tracker_problem.empty()) return tracker_problem;
      continue;
    }
    if (arg == "--seeds" || arg == "--first-seed" || arg == "--jobs" || arg == "--out" || arg == "--shard" ||
        arg == "--json" || arg == "--junit") {
      const auto given = option_value(args, i);
      if (!given) return std::string(arg) + " needs a value";
      value = *given;
    }
    auto number = [&](std::uint64_t& into) {
      return parse_whole_number(value, into) ? std::string() : std::string(arg) + " needs a whole number, got \"" + std::string(value) + "\"";
    };
    std::string problem;
    if (arg == "--seeds") {
      problem = number(parsed.seeds);
    } else if (arg == "--first-seed") {
      problem = number(parsed.first);
    } else if (arg == "--jobs") {
      problem = number(parsed.jobs);
    } else if (arg == "--json") {
      parsed.json_path = value;
    } else if (arg == "--junit") {
      parsed.junit_path = value;
    } else if (arg == "--out") {
      parsed.out = value;
    } else if (arg == "--input-faults") {
      parsed.input_faults = true;
    } else if (arg == "--shard") {
      const auto slash = value.find('/');
      if (slash == std::string_view::npos || !parse_whole_number(value.substr(0, slash), parsed.shard) ||
          !parse_whole_number(value.substr(slash + 1), parsed.shards) || parsed.shards == 0 || parsed.shard >= parsed.shards) {
        return "--shard needs I/N with 0 <= I < N, got \"" + std::string(value) + "\"";
      }
    } else if (!arg.empty() && arg.front() == '-') {
      return "unknown option \"" + std::string(arg) + "\" (clustersim swarm --help lists them)";
    } else if (parsed.scenario.empty()) {
      parsed.scenario = arg;
    } else {
      return "one template scenario only";
    }
    if (!problem.empty()) return problem;
  }
  if (parsed.scenario.empty()) return "which template? give a SCENARIO.json";
  if (parsed.seeds == 0) return "--seeds N is required (N > 0)";
  // A run keeps every seed's outcome until it reports; 10^8 worlds are about a day of one core.
  // Larger searches are split over runs with --first-seed or --shard.
  if (parsed.seeds > swarm_seeds_max) return "--seeds at most " + std::to_string(swarm_seeds_max) + " per run (split larger searches with --first-seed)";
  if (parsed.first > UINT64_MAX - (parsed.seeds - 1)) return "--first-seed plus --seeds passes the largest seed, 2^64 - 1";
  if (parsed.jobs == 0 || parsed.jobs > 256) return "--jobs must be from 1 to 256";
  if (parsed.out.empty()) return "--out needs a directory";
  return "";
}

}  // namespace

int swarm_command(const Args& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::string help = swarm_help;
    help.replace(help.find("%TRACKER%"), 9, tracker_option_help);
    out << help;
    return exit_ok;
  }
  SwarmArgs parsed;
  if (const std::string problem = parse_args(args, parsed); !problem.empty()) {
    return usage_error("swarm", problem, err);
  }
  // Every output is checked before the run, not after hours of it.
  std::optional<OutputFile> json, junit;
  try {
    check_output_folder(parsed.out);
  } catch (const OutputError& error) {
    return usage_error("swarm", std::string("--out: ") + error.what(), err);
  }
  try {
    if (!parsed.json_path.empty()) json.emplace(parsed.json_path, out);
    if (!parsed.junit_path.empty()) junit.emplace(parsed.junit_path, out);
    check_distinct({&json, &junit});
  } catch (const OutputError& error) {
    return usage_error("swarm", error.what(), err);
  }
  // People's text moves to stderr when a report takes stdout, so the data stays clean.
  std::ostream& people = (json && json->is_standard_output()) || (junit && junit->is_standard_output()) ? err : out;
  Scenario scenario_template;
  if (!load_scenario_or_report("swarm", parsed.scenario, scenario_template, err)) return exit_bad_input;
  if (const std::string problem = parsed.tracker.apply(scenario_template); !problem.empty()) {
    return usage_error("swarm", problem, err);
  }
  InterruptHandling interrupts(true);
  const std::vector<std::uint64_t> seeds = shard_seeds(parsed.first, parsed.seeds, parsed.shard, parsed.shards);
  std::vector<SeedOutcome> outcomes(seeds.size());
  std::vector<char> finished(seeds.size(), 0);  // an interrupt leaves some seeds unrun
  const std::size_t done = run_on_workers(seeds.size(), parsed.jobs, "seeds", [&](std::size_t i) {
    outcomes[i] = run_seed(scenario_template, seeds[i], parsed.input_faults);
    finished[i] = 1;
    return !outcomes[i].passed;
  });
  const std::size_t failed = static_cast<std::size_t>(std::count_if(
      outcomes.begin(), outcomes.end(), [](const SeedOutcome& outcome) { return !outcome.passed; }));

  const bool interrupted = done < seeds.size();
  people << "swarm " << scenario_template.name << ": ";
  if (interrupted) people << "INCOMPLETE (interrupted): " << done << " of ";
  people << seeds.size() << " seeds";
  if (parsed.shards > 1) people << " (shard " << parsed.shard << "/" << parsed.shards << ")";
  people << ", " << failed << " failed\n";
  if (interrupted && parsed.shards == 1) {
    // Seeds are handed out in order, so the unrun ones are the tail past the last finished.
    std::size_t first_unrun = 0;
    while (first_unrun < seeds.size() && finished[first_unrun] != 0) ++first_unrun;
    if (first_unrun < seeds.size()) people << "  to resume: --first-seed " << seeds[first_unrun] << " --seeds "
                                             << seeds.size() - first_unrun << " (the seeds before it are done)\n";
  }
  SwarmReport report{scenario_template, parsed.first, parsed.seeds, parsed.shard, parsed.shards, done, interrupted, {}};
  try {
    if (failed > 0) std::filesystem::create_directories(parsed.out);
    for (std::size_t i = 0; i < seeds.size(); ++i) {
      const SeedOutcome& outcome = outcomes[i];
      if (finished[i] == 0 || outcome.passed) continue;
      const std::string base = (std::filesystem::path(parsed.out) / ("seed-" + std::to_string(outcome.seed))).string();
      Scenario shrunk = outcome.shrunk;
      shrunk.file = base + ".json";
      shrunk.source = write_scenario(shrunk);  // the trace carries the text just written
      write_file_atomically(shrunk.file, shrunk.source);
      write_file_atomically(base + ".trace.jsonl", format_trace(run_scenario(shrunk)));
      people << "  seed " << outcome.seed << ": " << outcome.failure << "\n    shrunk to "
             << shrunk.timeline.size() - 1 << " fault actions in " << outcome.shrink_runs
             << " runs; reproduce: clustersim run " << shrunk.file << "\n";
      report.failures.push_back({outcome, shrunk.file, base + ".trace.jsonl", shrunk.timeline.size() - 1});
    }
    if (json) json->write(swarm_json(report).dump(2) + "\n");
    if (junit) junit->write(format_junit("clustersim swarm", {swarm_junit(report)}));
  } catch (const std::exception& error) {
    err << "clustersim swarm: " << error.what() << "\n";
    return exit_bad_input;
  }
  return report.exit_code();
}

}  // namespace clustersim::sim
