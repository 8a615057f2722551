// clustersim swarm TEMPLATE.json --seeds N [--first-seed S] [--jobs J] [--shard I/N] [--out DIR]
//                  [--input-faults] [--tracker-cmd CMD] [--tracker-timeout D]
//
// Runs random worlds on worker threads (each simulation is single-threaded and
// deterministic; threads only share the seed counter and the results). Progress goes to
// stderr: a refreshing line on a terminal, a plain line every ~10% otherwise. The results
// (in seed order, so the output is the same whatever the thread timing) go to stdout.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <thread>

#include "sim/cli/commands.h"
#include "sim/cli/interrupt.h"
#include "sim/cli/output_file.h"
#include "sim/cli/progress.h"
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
    "                        [--tracker-cmd \"COMMAND ARGS\"] [--tracker-timeout D]\n"
    "\n"
    "Runs N random worlds: the template's cluster, tracker and network with random faults\n"
    "(0 to 30 actions of every kind, then a liveness phase) per seed. Every failing seed is\n"
    "shrunk; its scenario (seed-S.json) and trace (seed-S.trace.jsonl) are stored in DIR\n"
    "(default swarm-out). Exit 1 if any seed failed.\n"
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
  std::string scenario, out = "swarm-out";
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
    if (arg == "--seeds" || arg == "--first-seed" || arg == "--jobs" || arg == "--out" || arg == "--shard") {
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
      return "unknown option \"" + std::string(arg) + "\"";
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
  try {
    check_output_folder(parsed.out);  // before the run, not after hours of it
  } catch (const OutputError& error) {
    return usage_error("swarm", std::string("--out: ") + error.what(), err);
  }
  Scenario scenario_template;
  if (!load_scenario_or_report("swarm", parsed.scenario, scenario_template, err)) return exit_bad_input;
  if (const std::string problem = parsed.tracker.apply(scenario_template); !problem.empty()) {
    return usage_error("swarm", problem, err);
  }
  InterruptHandling interrupts(true);
  const std::vector<std::uint64_t> seeds = shard_seeds(parsed.first, parsed.seeds, parsed.shard, parsed.shards);
  std::vector<SeedOutcome> outcomes(seeds.size());
  std::vector<char> finished(seeds.size(), 0);  // an interrupt leaves some seeds unrun
  std::atomic<std::size_t> next{0}, done{0}, failed{0};
  std::mutex progress_lock;
  Progress progress("seeds", seeds.size());
  auto worker = [&] {
    for (std::size_t i = next++; i < seeds.size() && !stop_requested(); i = next++) {
      outcomes[i] = run_seed(scenario_template, seeds[i], parsed.input_faults);
      finished[i] = 1;
      if (!outcomes[i].passed) ++failed;
      const std::size_t count = ++done;
      std::lock_guard lock(progress_lock);
      progress.update(count, failed);
    }
  };
  std::vector<std::thread> threads;
  for (std::uint64_t j = 0; j < std::min<std::uint64_t>(parsed.jobs, seeds.size()); ++j) threads.emplace_back(worker);
  for (std::thread& thread : threads) thread.join();
  progress.finish();

  const bool interrupted = done < seeds.size();
  out << "swarm " << scenario_template.name << ": ";
  if (interrupted) out << "INCOMPLETE (interrupted): " << done.load() << " of ";
  out << seeds.size() << " seeds";
  if (parsed.shards > 1) out << " (shard " << parsed.shard << "/" << parsed.shards << ")";
  out << ", " << failed.load() << " failed\n";
  if (interrupted && parsed.shards == 1) {
    // Seeds are handed out in order, so the unrun ones are the tail past the last finished.
    std::size_t first_unrun = 0;
    while (first_unrun < seeds.size() && finished[first_unrun] != 0) ++first_unrun;
    if (first_unrun < seeds.size()) out << "  to resume: --first-seed " << seeds[first_unrun] << " --seeds "
                                          << seeds.size() - first_unrun << " (the seeds before it are done)\n";
  }
  const int verdict = interrupted ? exit_interrupted : failed == 0 ? exit_ok : exit_failed;
  if (failed == 0) return verdict;
  try {
    std::filesystem::create_directories(parsed.out);
    for (std::size_t i = 0; i < seeds.size(); ++i) {
      const SeedOutcome& outcome = outcomes[i];
      if (finished[i] == 0 || outcome.passed) continue;
      const std::string base = (std::filesystem::path(parsed.out) / ("seed-" + std::to_string(outcome.seed))).string();
      Scenario shrunk = outcome.shrunk;
      shrunk.file = base + ".json";
      shrunk.source = write_scenario(shrunk);  // the trace carries the text just written
      write_file_atomically(shrunk.file, shrunk.source);
      write_file_atomically(base + ".trace.jsonl", format_trace(run_scenario(shrunk)));
      out << "  seed " << outcome.seed << ": " << outcome.failure << "\n    shrunk to "
          << shrunk.timeline.size() - 1 << " fault actions in " << outcome.shrink_runs
          << " runs; reproduce: clustersim run " << shrunk.file << "\n";
    }
  } catch (const std::exception& error) {
    err << "clustersim swarm: " << error.what() << "\n";
    return exit_bad_input;
  }
  return verdict;
}

}  // namespace clustersim::sim
