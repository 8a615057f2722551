// clustersim swarm TEMPLATE.json --count N [--seed-start S] [--for D] [--shard I/N |
//                  --shard-from-env N] [--jobs J] [--out DIR] [--input-faults]
//                  [--json FILE] [--junit FILE] [--wall-times] [--tracker-cmd CMD]
// clustersim swarm merge DIR|FILE... (swarm_merge_command.cpp)
//
// Runs random worlds on worker threads (each simulation is single-threaded and deterministic;
// threads only share the seed counter and the results journal). Every seed's record goes to
// DIR/results-FIRST-LAST.jsonl as it finishes (results_journal.h); the summary at the end is
// the merge of that file, so one task's report and a merge of many say the same things in the
// same words. Seeds are computed from the range, never listed: memory does not grow with it.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <optional>

#include "sim/cli/build_info.h"
#include "sim/cli/commands.h"
#include "sim/cli/interrupt.h"
#include "sim/cli/output_file.h"
#include "sim/cli/results_journal.h"
#include "sim/cli/swarm_args.h"
#include "sim/cli/swarm_report.h"
#include "sim/cli/trace_file.h"
#include "sim/cli/tracker_option.h"
#include "sim/cli/workers.h"
#include "sim/core/trace_hash.h"
#include "sim/oracle/coverage.h"
#include "sim/scenario/scenario_writer.h"
#include "sim/swarm/guidance.h"
#include "sim/swarm/swarm.h"

namespace clustersim::sim {

int swarm_merge_command(const Args& args, std::ostream& out, std::ostream& err);

namespace {

constexpr const char* swarm_help =
    "usage: clustersim swarm TEMPLATE.json --count N [--seed-start S] [--for DURATION]\n"
    "                        [--shard I/N | --shard-from-env N] [--jobs J] [--out DIR]\n"
    "                        [--input-faults] [--faults KIND=W,...] [--max-faults N]\n"
    "                        [--nodes A..B] [--election-timeout A..B] [--fault-phase A..B]\n"
    "                        [--timeline keep|drop] [--guided] [--json FILE] [--junit FILE]\n"
    "                        [--wall-times]\n"
    "                        [--tracker-cmd \"COMMAND ARGS\"] [--tracker-timeout D]\n"
    "       clustersim swarm TEMPLATE.json --show SEED [world options]\n"
    "       clustersim swarm merge DIR|FILE... [--json FILE] [--junit FILE] [--jobs J]\n"
    "                        [--no-replay] [--wall-times]   (clustersim swarm merge --help)\n"
    "\n"
    "Runs the random worlds of seeds S..S+N-1 (S is 1 unless given): the template's cluster,\n"
    "tracker and network with random faults per seed (0 to 30 actions of every kind, then a\n"
    "liveness phase). Each seed's record (verdict, failure signature, simulated and wall time)\n"
    "goes to DIR/results-FIRST-LAST.jsonl as it finishes, so a task that is killed keeps what it\n"
    "did; every failing seed is shrunk to the smallest world with the same failure signature, and\n"
    "its scenario (seed-S.json) and trace (seed-S.trace.jsonl) go to DIR (default swarm-out).\n"
    "The summary groups the failures by signature. Exit 1 if any seed failed a check, 3 if the\n"
    "only failures were of liveness (as `clustersim run` of that seed's world exits), 130 if\n"
    "interrupted (the finished seeds are recorded; the summary says how to resume).\n"
    "  --count N    how many seeds (--seeds N is the same); --seed-start S the first (--first-seed)\n"
    "  --for D      a wall-clock budget (\"30m\", \"2h\"): no seed starts after it, the seeds\n"
    "               started finish, the results say where to resume; exit as if complete\n"
    "  --shard I/N  run only shard I (0-based) of N, a contiguous block of the seeds: N tasks\n"
    "               with I = 0..N-1 together run exactly the seeds of one run\n"
    "  --shard-from-env N  shard I/N with I from the batch engine: $JOB_COMPLETION_INDEX\n"
    "               (Kubernetes Indexed Job), $SLURM_ARRAY_TASK_ID (Slurm --array=0-(N-1)),\n"
    "               $AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job)\n"
    "  --json FILE  the summary for programs: counts, failures by signature, each group's\n"
    "               seeds, smallest reproducer and reproduce command\n"
    "  --junit FILE JUnit XML for CI: a test case per failure signature, and one for the rest\n"
    "  --wall-times the work's wall time in the summary (it is always in the results file)\n"
    "world options (the defaults draw every fault kind alike, 0 to 30 of them, in a fault phase\n"
    "of 5 s to 2 min, on the template's cluster):\n"
    "  --input-faults  the faults include faults on each tracker's inputs (set_observer:\n"
    "               dropped, duplicated, stale, late observations, skipped leader clears,\n"
    "               late, early and repeated wake-ups)\n"
    "  --faults KIND=W,...  only these fault kinds, drawn in proportion to their weights:\n"
    "               partition, partition_one_way, isolate, heal, flap_link, flap_node, crash\n"
    "               (and restart), pause (and resume), set_link (loss on a link), writes, upgrade,\n"
    "               membership (add, remove, promote, demote), transfer_leadership, set_observer\n"
    "  --max-faults N     0 to N faults per world (default 30)\n"
    "  --nodes A..B       each world draws its number of voters, replacing the template's members\n"
    "  --election-timeout A..B  each world draws its heartbeat and election timeout (lease half)\n"
    "  --fault-phase A..B how long the faults go on before the liveness phase (default 5s..2m)\n"
    "  --timeline keep|drop  a template with a timeline is refused unless told: keep runs it\n"
    "               first in every world (without its stop_faults), drop replaces it\n"
    "  --show SEED  print the world SEED stands for as a scenario file, passing or not\n"
    "  --guided     run the seeds in batches of 100, each batch's fault kinds weighted toward\n"
    "               those whose worlds reached rare coverage marks in the batches before it\n"
    "%TRACKER%"
    "examples:\n"
    "  clustersim swarm scenarios/steady_state.json --count 1000 --jobs 2 --out swarm-out\n"
    "  clustersim swarm scenarios/steady_state.json --count 100 --shard 1/4 --out shard-1\n"
    "  clustersim swarm scenarios/leader_crash.json --timeline keep --faults crash=2,flap_link=1 --count 50 \\\n"
    "      --out crash-swarm\n"
    "  clustersim swarm scenarios/steady_state.json --nodes 3..7 --show 42\n";

std::string hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

TaskHeader task_header(const SwarmArgs& parsed, const Scenario& scenario_template, SeedRange task_range) {
  TraceHash hash;
  hash.add(scenario_template.source);
  // How seeds become worlds: tasks that differ here ran different worlds under the same seeds.
  return TaskHeader{std::string(build_version()), std::string(build_commit()), parsed.scenario, scenario_template.name,
                    hex(hash.value()), parsed.range, parsed.shard, parsed.shards, task_range, parsed.worlds.describe(),
                    scenario_template.tracker_command ? scenario_template.tracker_command->text : "built-in"};
}

// The record of a guided batch's weights, before its seeds: with them, --faults draws its worlds again.
std::string weights_line(std::uint64_t first_seed, const WorldOptions& worlds) {
  return nlohmann::ordered_json{{"record", "weights"}, {"from_seed", first_seed}, {"faults", worlds.describe()["faults"]}}.dump() + "\n";
}

// Writes a failing seed's shrunk world and its trace beside the results; returns the record.
SeedRecord failing_record(const SeedOutcome& outcome, const std::string& out) {
  SeedRecord record;
  const std::string base = "seed-" + std::to_string(outcome.seed);
  Scenario shrunk = outcome.shrunk;
  shrunk.file = (std::filesystem::path(out) / (base + ".json")).string();
  shrunk.source = write_scenario(shrunk);  // the trace carries the text just written
  write_file_atomically(shrunk.file, shrunk.source);
  write_file_atomically((std::filesystem::path(out) / (base + ".trace.jsonl")).string(), format_trace(run_scenario(shrunk)));
  record.signature = outcome.signature;
  record.failure = outcome.failure;
  record.reproducer = base + ".json";
  record.trace = base + ".trace.jsonl";
  record.fault_actions = shrunk.timeline.size() - 1;
  record.shrink_runs = outcome.shrink_runs;
  return record;
}

// Loads the template and checks it can be a template; exit_ok or the exit code of the problem.
int load_template(const SwarmArgs& parsed, Scenario& scenario_template, std::ostream& err) {
  if (!load_scenario_or_report("swarm", parsed.scenario, scenario_template, err)) return exit_bad_input;
  if (!scenario_template.timeline.empty() && !parsed.timeline) {
    return usage_error("swarm", parsed.scenario + " has a timeline (" + std::to_string(scenario_template.timeline.size()) +
                                    " actions) and a swarm's worlds bring faults of their own: --timeline keep runs it "
                                    "first in every world, --timeline drop replaces it",
                       err);
  }
  if (const std::string problem = parsed.tracker.apply(scenario_template); !problem.empty()) {
    return usage_error("swarm", problem, err);
  }
  return exit_ok;
}

// swarm --show SEED: the world, as the scenario file `clustersim run` takes.
int show_world(const SwarmArgs& parsed, std::ostream& out, std::ostream& err) {
  Scenario scenario_template;
  if (const int code = load_template(parsed, scenario_template, err); code != exit_ok) return code;
  Scenario world = swarm_world(scenario_template, *parsed.show, parsed.worlds);
  world.purpose = "The world seed " + std::to_string(*parsed.show) + " stands for under " + parsed.scenario + ".";
  out << write_scenario(world);
  return exit_ok;
}

}  // namespace

int swarm_command(const Args& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && args[0] == "merge") return swarm_merge_command(Args(args.begin() + 1, args.end()), out, err);
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::string help = swarm_help;
    help.replace(help.find("%TRACKER%"), 9, tracker_option_help);
    out << help;
    return exit_ok;
  }
  SwarmArgs parsed;
  if (const std::string problem = parse_swarm_args(args, parsed); !problem.empty()) {
    return usage_error("swarm", problem, err);
  }
  if (parsed.show) return show_world(parsed, out, err);
  // Every output is checked before the run, not after hours of it.
  try {
    check_output_folder(parsed.out);
  } catch (const OutputError& error) {
    return usage_error("swarm", std::string("--out: ") + error.what(), err);
  }
  std::optional<SummaryReports> reports;
  try {
    reports.emplace(parsed.json_path, parsed.junit_path, out);
  } catch (const OutputError& error) {
    return usage_error("swarm", error.what(), err);
  }
  std::ostream& people = reports->people(out, err);
  Scenario scenario_template;
  if (const int code = load_template(parsed, scenario_template, err); code != exit_ok) return code;
  const SeedRange task_range = shard_of(parsed.range, parsed.shard, parsed.shards);
  std::optional<ResultsJournal> journal;
  try {
    std::filesystem::create_directories(parsed.out);
    journal.emplace((std::filesystem::path(parsed.out) / results_file_name(task_range)).string(),
                    task_header(parsed, scenario_template, task_range));
  } catch (const std::exception& error) {
    return usage_error("swarm", std::string("--out: ") + error.what(), err);
  }

  InterruptHandling interrupts(true);
  // The budget is the one use of a real clock here: it decides which seeds start, never what a
  // seed's world does.
  const auto deadline = parsed.budget ? std::optional(std::chrono::steady_clock::now() + *parsed.budget) : std::nullopt;
  std::atomic<bool> budget_spent{false}, write_failed{false};
  std::mutex failure_lock;
  std::string write_failure;
  auto stop = [&] {
    if (stop_requested() || write_failed) return true;
    if (deadline && std::chrono::steady_clock::now() >= *deadline) budget_spent = true;
    return budget_spent.load();
  };
  // Runs the task's seeds [from, from + count) with `worlds`, keeping their outcomes (without
  // the shrunk worlds) in `kept` when asked; returns how many ran (fewer when stopped). One
  // progress line counts all the task's seeds, whatever batches they run in.
  Progress progress("seeds", task_range.count);
  auto run_seeds = [&](std::uint64_t from, std::uint64_t count, const WorldOptions& worlds, std::vector<SeedOutcome>* kept) {
    if (kept != nullptr) kept->assign(count, SeedOutcome{});
    return run_on_workers(count, parsed.jobs, progress, [&](std::size_t i) {
      const auto started = std::chrono::steady_clock::now();
      SeedOutcome outcome = run_seed(scenario_template, task_range.first + from + i, worlds);
      SeedRecord record;
      try {
        if (!outcome.passed) record = failing_record(outcome, parsed.out);
      } catch (const std::exception& error) {
        std::lock_guard lock(failure_lock);
        write_failure = error.what();
        write_failed = true;
      }
      record.seed = outcome.seed;
      record.exit_code = outcome.exit_code;
      record.simulated_ms = std::chrono::duration_cast<std::chrono::milliseconds>(outcome.simulated).count();
      record.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      for (std::size_t m = 0; m < outcome.marks.size(); ++m) {
        if (outcome.marks[m] > 0) record.marks.emplace_back(coverage_mark_names()[m], outcome.marks[m]);
      }
      journal->add(from + i, record);
      const bool failed = !outcome.passed;
      if (kept != nullptr) {
        outcome.shrunk = Scenario{};
        (*kept)[i] = std::move(outcome);
      }
      return failed;
    }, stop);
  };
  std::uint64_t done = 0;
  if (!parsed.guided) {
    done = run_seeds(0, task_range.count, parsed.worlds, nullptr);
  } else {
    // Batch after batch, each with the weights the ones before it taught (guidance.h); the
    // results file records each batch's weights before its seeds.
    GuidedWeights guidance(parsed.worlds);
    std::vector<SeedOutcome> batch;
    while (done < task_range.count) {
      const std::uint64_t count = std::min(guided_batch_seeds, task_range.count - done);
      journal->note(weights_line(task_range.first + done, guidance.options()));
      const std::uint64_t ran = run_seeds(done, count, guidance.options(), &batch);
      done += ran;
      if (ran < count) break;
      guidance.learn(batch);
    }
  }

  progress.finish();
  SummaryView view;
  view.wall_times = parsed.wall_times;
  view.results_file = journal->path();
  view.stopped = done == task_range.count ? "complete" : budget_spent && !stop_requested() ? "budget" : "interrupted";
  try {
    journal->end(view.stopped);
    if (write_failed) throw OutputError(write_failure);
    const SwarmSummary summary = merge_results({journal->path()});
    people << swarm_summary_text(summary, view);
    if (reports->json) reports->json->write(swarm_summary_json(summary, view).dump(2) + "\n");
    if (reports->junit) reports->junit->write(format_junit("clustersim swarm", {swarm_summary_junit(summary, view)}));
    return task_exit_code(summary, view);
  } catch (const std::exception& error) {
    err << "clustersim swarm: " << error.what() << "\n";
    return exit_bad_input;
  }
}

}  // namespace clustersim::sim
