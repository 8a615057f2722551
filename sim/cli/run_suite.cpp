// clustersim run over several scenarios or folders: every scenario is loaded first (a bad file
// is exit 2 before anything runs), then the runs are shared out to --jobs workers, each run
// single-threaded and deterministic. One table in the order the runs were named (whatever
// the thread timing), the failures with their reproduce commands, and the worst verdict as
// the exit code; --json, --junit and --store for programs and for diagnosis.
#include <cstdio>
#include <mutex>

#include "sim/cli/golden_check.h"
#include "sim/cli/interrupt.h"
#include "sim/cli/junit.h"
#include "sim/cli/output_file.h"
#include "sim/cli/progress.h"
#include "sim/cli/workers.h"
#include "sim/cli/run_args.h"
#include "sim/cli/run_record.h"
#include "sim/cli/run_store.h"
#include "sim/cli/scenario_files.h"
#include "sim/oracle/checks.h"
#include "sim/scenario/text_file.h"

namespace clustersim::sim {
namespace {

struct SuiteRun {
  const Scenario* scenario;
  const ScenarioFile* file;
  std::optional<model::TrackerPolicy> policy;
  std::optional<RunRecord> record;  // set once it has run
  std::string problem;              // a golden file or a store folder that failed: bad input
};

std::string table_line(const char* scenario, const char* policy, const char* nodes, const char* simulated,
                       const char* events, const char* dedup, const char* checks, const char* verdict) {
  char line[300];
  std::snprintf(line, sizeof line, "%-40s %-9s %5s %9s %7s %6s %7s %s\n", scenario, policy, nodes, simulated, events,
                dedup, checks, verdict);
  return line;
}

// format_row's tab-separated fields as a line of the table, the scenario named by its path
// below the folder it was found in (two files may hold scenarios of one name).
std::string table_row(const RunRecord& record, const std::string& scenario) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  for (std::size_t tab; (tab = record.row.find('\t', start)) != std::string::npos; start = tab + 1) {
    fields.push_back(record.row.substr(start, tab - start));
  }
  fields.push_back(record.row.substr(start));
  fields.resize(8);
  std::string verdict = fields[7];
  if (record.wall_seconds) {
    char wall[32];
    std::snprintf(wall, sizeof wall, "  %.1fms", *record.wall_seconds * 1000);
    verdict += wall;
  }
  return table_line(scenario.c_str(), fields[1].c_str(), fields[2].c_str(), fields[3].c_str(), fields[4].c_str(),
                    fields[5].c_str(), fields[6].c_str(), verdict.c_str());
}

void run_one(const RunArgs& parsed, SuiteRun& job, std::mutex& store_lock) {
  RunOptions options;
  options.seed = parsed.seed;
  options.policy = job.policy;
  options.trace_level = recorded_level(parsed);
  const Stopwatch stopwatch;
  const RunResult run = run_scenario(*job.scenario, options);
  try {
    const OracleReport report = check_with_golden(run);
    RunRecord record = make_run_record(run, report);
    if (parsed.wall_times) record.wall_seconds = stopwatch.seconds();
    if (!parsed.store_dir.empty()) {
      // One writer at a time: the interrupt handler tracks a few temporary files, not one per job.
      std::lock_guard lock(store_lock);
      store_run(store_folder(parsed.store_dir, job.file->store_name, run), run, report, record);
    }
    job.record = std::move(record);
  } catch (const TextFileError& error) {
    job.problem = "the golden file " + std::string(error.what());
  } catch (const OutputError& error) {
    job.problem = std::string("--store: ") + error.what();
  }
}

}  // namespace

int run_suite(const RunArgs& parsed, std::ostream& out, std::ostream& err) {
  std::vector<ScenarioFile> files;
  std::optional<SummaryReports> reports;
  try {
    files = find_scenario_files(parsed.scenarios);
    reports.emplace(parsed.json_path, parsed.junit_path, out);
    if (!parsed.store_dir.empty()) check_output_folder(parsed.store_dir);
  } catch (const ScenarioFilesError& error) {
    return usage_error("run", error.what(), err);
  } catch (const OutputError& error) {
    return usage_error("run", error.what(), err);
  }
  // Every scenario is read before any runs: a mistake in the last file must not cost the others.
  std::vector<Scenario> scenarios(files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!load_scenario_or_report("run", files[i].path, scenarios[i], err)) return exit_bad_input;
    if (const std::string problem = parsed.tracker.apply(scenarios[i]); !problem.empty()) {
      return usage_error("run", problem, err);
    }
  }
  std::vector<SuiteRun> jobs;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (parsed.policies.empty()) jobs.push_back({&scenarios[i], &files[i], std::nullopt, std::nullopt, ""});
    for (model::TrackerPolicy policy : parsed.policies) jobs.push_back({&scenarios[i], &files[i], policy, std::nullopt, ""});
  }
  std::ostream& people = reports->people(out, err);

  InterruptHandling interrupts(/*cooperative=*/true);
  std::mutex store_lock;
  const std::size_t done = run_on_workers(jobs.size(), parsed.jobs, "runs", [&](std::size_t i) {
    try {
      run_one(parsed, jobs[i], store_lock);
    } catch (const TrackerStartError& error) {
      jobs[i].problem = error.what();
    }
    return !jobs[i].record || jobs[i].record->exit_code() != 0;
  });

  int exit_code = exit_ok;
  std::vector<RunRecord> records;
  std::string failures;
  if (!parsed.quiet) {
    people << table_line("scenario", "policy", "nodes", "simulated", "events", "dedup", "checks", "verdict");
  }
  for (const SuiteRun& job : jobs) {
    if (!job.problem.empty()) {
      err << "clustersim run: " << job.file->path << ": " << job.problem << "\n";
      exit_code = worse_exit_code(exit_code, exit_bad_input);
      continue;
    }
    if (!job.record) continue;  // interrupted before it ran
    const RunRecord& record = *job.record;
    if (!parsed.quiet) people << table_row(record, job.file->store_name);
    exit_code = worse_exit_code(exit_code, record.exit_code());
    if (record.exit_code() != 0) {
      failures += "  " + record.reproduce + "\n";
      if (!record.store.empty()) failures += "    stored in " + record.store + "\n";
    }
    records.push_back(record);
  }
  const bool interrupted = done < jobs.size();
  std::size_t passed = 0;
  for (const RunRecord& record : records) passed += record.exit_code() == 0 ? 1u : 0u;
  people << "\n" << (interrupted ? "INCOMPLETE (interrupted): " : "") << records.size() << " of " << jobs.size()
         << " runs done, " << passed << " passed, " << records.size() - passed << " failed";
  people << (exit_code == exit_ok && !interrupted ? "\n" : "; the worst verdict: " + std::string(verdict_name(exit_code)) + "\n");
  if (!failures.empty()) people << "failed runs; see each with:\n" << failures;
  if (exit_code == exit_bad_input) return exit_code;  // no report that looks complete
  // Interrupted: the runs that finished, reported as such ("complete": false, exit 130).
  if (interrupted) exit_code = exit_interrupted;
  try {
    if (reports->json) reports->json->write(run_records_json(records, exit_code, !interrupted).dump(2) + "\n");
    if (reports->junit) {
      std::vector<JunitSuite> suites;
      for (const RunRecord& record : records) suites.push_back(run_record_junit(record));
      reports->junit->write(format_junit("clustersim run", suites));
    }
  } catch (const OutputError& error) {
    err << "clustersim run: " << error.what() << "\n";
    return exit_bad_input;
  }
  return exit_code;
}

}  // namespace clustersim::sim
