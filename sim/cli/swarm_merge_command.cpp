// clustersim swarm merge DIR|FILE... [--json FILE] [--junit FILE] [--jobs J] [--no-replay]
//                                    [--wall-times]
//
// The reduce step of a swarm spread over a batch engine: reads every task's results file
// (results_merge.h), checks the seed range was covered exactly once, groups the failures by
// signature and replays each group's smallest reproducer to confirm it still fails, as
// TigerBeetle's VOPR hub replays the seeds its runners report.
#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

#include "sim/cli/commands.h"
#include "sim/cli/output_file.h"
#include "sim/cli/swarm_report.h"
#include "sim/cli/workers.h"
#include "sim/swarm/results_merge.h"
#include "sim/swarm/swarm.h"

namespace clustersim::sim {
namespace {

constexpr const char* merge_help =
    "usage: clustersim swarm merge DIR|FILE... [--json FILE] [--junit FILE] [--jobs J]\n"
    "                              [--no-replay] [--wall-times]\n"
    "\n"
    "Merges the results of the tasks of one swarm: every results-*.jsonl under each DIR\n"
    "(searched recursively), or the FILEs named. Checks that the swarm's seed range was covered\n"
    "exactly once (names the missing seeds, the seeds recorded twice, the tasks that were killed\n"
    "before their end record), totals the seeds, groups the failures by signature with the\n"
    "smallest reproducer of each, and replays that reproducer to confirm it still fails.\n"
    "Exit 1 if a seed failed a check, 3 if only liveness failed, 4 if nothing failed but the\n"
    "range was not covered exactly once, 2 if a file is not a results file of the same swarm.\n"
    "  --json FILE  the summary for programs (as `clustersim swarm --json`, with coverage)\n"
    "  --junit FILE JUnit XML: a case per failure signature, one for coverage, one for the rest\n"
    "  --jobs J     replay the reproducers on J threads\n"
    "  --no-replay  do not replay the reproducers\n"
    "  --wall-times the tasks' total wall time in the summary\n"
    "example:\n"
    "  clustersim swarm merge swarm-out --json summary.json\n";

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string json_path, junit_path;
  std::uint64_t jobs = 1;
  bool replay = true, wall_times = false;
};

std::string parse_args(const Args& args, MergeArgs& parsed) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--json" || arg == "--junit" || arg == "--jobs") {
      const auto value = option_value(args, i);
      if (!value) return std::string(arg) + " needs a value";
      if (arg == "--json") parsed.json_path = *value;
      if (arg == "--junit") parsed.junit_path = *value;
      if (arg == "--jobs" && (!parse_whole_number(*value, parsed.jobs) || parsed.jobs == 0 || parsed.jobs > 256)) {
        return "--jobs must be from 1 to 256, got \"" + std::string(*value) + "\"";
      }
    } else if (arg == "--no-replay") {
      parsed.replay = false;
    } else if (arg == "--wall-times") {
      parsed.wall_times = true;
    } else if (!arg.empty() && arg.front() == '-') {
      return "unknown option \"" + std::string(arg) + "\" (clustersim swarm merge --help lists them)";
    } else {
      parsed.inputs.emplace_back(arg);
    }
  }
  if (parsed.inputs.empty()) return "which results? give the --out folders of the tasks, or their results files";
  return "";
}

bool is_results_file(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return name.starts_with("results-") && name.ends_with(".jsonl");
}

// The results files the inputs name, each once, in path order; throws MergeError for an input
// that does not exist or a folder without any.
std::vector<std::string> results_files(const std::vector<std::string>& inputs) {
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code error;
    if (std::filesystem::is_directory(input, error)) {
      std::vector<std::string> found;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(input, error)) {
        if (entry.is_regular_file() && is_results_file(entry.path())) found.push_back(entry.path().string());
      }
      if (error) throw MergeError(input + ": cannot be read (" + error.message() + ")");
      if (found.empty()) throw MergeError(input + ": no results-*.jsonl files in it (is it a swarm's --out folder?)");
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::is_regular_file(input, error)) {
      files.push_back(input);
    } else {
      throw MergeError(input + ": no such file or folder");
    }
  }
  // A file named twice (a folder and a file in it) is one task, read once.
  std::vector<std::string> unique;
  std::set<std::filesystem::path> seen;
  for (const std::string& file : files) {
    if (seen.insert(std::filesystem::weakly_canonical(file)).second) unique.push_back(file);
  }
  return unique;
}

}  // namespace

int swarm_merge_command(const Args& args, std::ostream& out, std::ostream& err) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    out << merge_help;
    return exit_ok;
  }
  MergeArgs parsed;
  if (const std::string problem = parse_args(args, parsed); !problem.empty()) return usage_error("swarm merge", problem, err);
  std::optional<SummaryReports> reports;
  try {
    reports.emplace(parsed.json_path, parsed.junit_path, out);
  } catch (const OutputError& error) {
    return usage_error("swarm merge", error.what(), err);
  }
  std::ostream& people = reports->people(out, err);
  SwarmSummary summary;
  try {
    summary = merge_results(results_files(parsed.inputs));
  } catch (const MergeError& error) {
    err << "clustersim swarm merge: " << error.what() << "\n";
    return exit_bad_input;
  }
  if (parsed.replay) {
    run_on_workers(summary.groups.size(), parsed.jobs, "replays", [&](std::size_t i) {
      FailureGroup& group = summary.groups[i];
      group.replay = replay_reproducer(group.smallest.reproducer, group.signature);
      return group.replay != "fails the same way";
    });
  }
  SummaryView view;
  view.merged = true;
  view.wall_times = parsed.wall_times;
  people << swarm_summary_text(summary, view);
  try {
    if (reports->json) reports->json->write(swarm_summary_json(summary, view).dump(2) + "\n");
    if (reports->junit) reports->junit->write(format_junit("clustersim swarm merge", {swarm_summary_junit(summary, view)}));
  } catch (const OutputError& error) {
    err << "clustersim swarm merge: " << error.what() << "\n";
    return exit_bad_input;
  }
  return summary.exit_code();
}

}  // namespace clustersim::sim
