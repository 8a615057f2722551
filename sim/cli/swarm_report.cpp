#include "sim/cli/swarm_report.h"

#include <sstream>

#include "sim/cli/commands.h"
#include "sim/cli/run_record.h"
#include "sim/core/time.h"

namespace clustersim::sim {
namespace {

std::string seeds_text(SeedRange range) {
  if (range.count == 0) return "none";
  if (range.count == 1) return std::to_string(range.first);
  return std::to_string(range.first) + ".." + std::to_string(range.last());
}

// Runs of seeds; "..." after them when they are the first few of `total` seeds.
std::string ranges_text(const std::vector<SeedRange>& ranges, std::uint64_t total = 0) {
  std::string text;
  std::uint64_t listed = 0;
  for (const SeedRange& range : ranges) {
    text += (text.empty() ? "" : ", ") + seeds_text(range);
    listed += range.count;
  }
  return text + (listed < total ? ", ..." : "");
}

std::string list_text(const std::vector<std::uint64_t>& seeds, std::uint64_t total) {
  std::string text;
  for (std::uint64_t seed : seeds) text += (text.empty() ? "" : ", ") + std::to_string(seed);
  return text + (total > seeds.size() ? ", ..." : "");
}

nlohmann::json ranges_json(const std::vector<SeedRange>& ranges) {
  nlohmann::json list = nlohmann::json::array();
  for (const SeedRange& range : ranges) list.push_back({range.first, range.last()});
  return list;
}

std::string verdict_of(const FailureGroup& group) { return verdict_name(group.exit_code); }

std::string reproduce(const FailureGroup& group) { return "clustersim run " + group.smallest.reproducer; }

std::string replay_text(const FailureGroup& group) {
  return group.replay.empty() ? "not replayed" : group.replay;
}

bool complete(const SwarmSummary& summary, const SummaryView& view) {
  return view.merged ? summary.coverage.exact() && summary.killed_tasks() == 0 : view.stopped == "complete";
}

std::string simulated_text(std::int64_t ms) {
  return format_duration(std::chrono::duration_cast<Duration>(std::chrono::milliseconds(ms)));
}

nlohmann::json marks_json(const SwarmSummary& summary) {
  nlohmann::json marks = nlohmann::json::object();
  for (const auto& [name, total] : summary.marks) marks[name] = {{"worlds", total.worlds}, {"count", total.count}};
  return marks;
}

nlohmann::json never_reached(const SwarmSummary& summary) {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& [name, total] : summary.marks) {
    if (total.worlds == 0) names.push_back(name);
  }
  return names;
}

}  // namespace

int task_exit_code(const SwarmSummary& summary, const SummaryView& view) {
  if (view.stopped == "interrupted") return exit_interrupted;
  const int code = summary.exit_code();
  return code == exit_incomplete ? exit_ok : code;
}

std::string swarm_summary_text(const SwarmSummary& summary, const SummaryView& view) {
  std::ostringstream out;
  const Coverage& coverage = summary.coverage;
  const std::uint64_t failed = summary.failed + summary.liveness_failed;
  out << (view.merged ? "swarm merge " : "swarm ") << summary.swarm.template_name << ": ";
  if (view.merged) {
    out << summary.tasks.size() << (summary.tasks.size() == 1 ? " task, " : " tasks, ") << coverage.distinct << " of "
        << coverage.expected << " seeds (" << ranges_text(summary.ranges) << "), " << failed << " failed\n";
    if (summary.builds.size() > 1) {
      out << "  WARNING: tasks of " << summary.builds.size() << " builds: a seed is the same world only under one build\n";
    }
    if (coverage.exact() && summary.killed_tasks() == 0) {
      out << "  coverage: every seed exactly once\n";
    } else {
      out << "  coverage: INCOMPLETE";
      if (coverage.missing > 0) out << "; " << coverage.missing << " seeds missing (" << ranges_text(coverage.gaps, coverage.missing) << ")";
      if (coverage.duplicates > 0) out << "; " << coverage.duplicates << " recorded more than once (" << ranges_text(coverage.repeated, coverage.duplicates) << ")";
      if (coverage.outside > 0) out << "; " << coverage.outside << " records of seeds outside the range";
      out << "\n";
      for (const TaskFile& task : summary.tasks) {
        if (task.stopped.empty()) {
          out << "  " << task.path << ": no end record (the task was killed?), " << task.seeds_recorded << " of "
              << task.header.task_range.count << " seeds recorded\n";
        } else if (task.stopped != "complete") {
          out << "  " << task.path << ": stopped (" << task.stopped << ") after " << task.seeds_recorded << " of "
              << task.header.task_range.count << " seeds\n";
        }
      }
    }
    if (coverage.conflict_count > 0) {
      out << "  WARNING: " << coverage.conflict_count << " seeds came out differently in different records ("
          << list_text(coverage.conflicts, coverage.conflict_count) << "): not deterministic\n";
    }
  } else {
    const TaskHeader& task = summary.tasks.front().header;
    if (view.stopped == "interrupted") out << "INCOMPLETE (interrupted): " << coverage.distinct << " of ";
    if (view.stopped == "budget") out << "STOPPED (--for budget spent): " << coverage.distinct << " of ";
    out << task.task_range.count << " seeds (" << seeds_text(task.task_range) << ")";
    if (task.shards > 1) out << " (shard " << task.shard << "/" << task.shards << " of " << seeds_text(task.swarm_range) << ")";
    out << ", " << failed << " failed\n";
    if (view.stopped != "complete" && coverage.distinct < task.task_range.count) {
      out << "  to resume: --seed-start " << task.task_range.first + coverage.distinct << " --count "
          << task.task_range.count - coverage.distinct << " (the seeds before it are done)\n";
    }
    out << "  results: " << view.results_file << "\n";
  }
  out << "  " << summary.passed << " passed, " << summary.failed << " failed, " << summary.liveness_failed
      << " liveness_failed; " << simulated_text(summary.simulated_ms) << " simulated";
  if (view.wall_times) out << " in " << static_cast<std::int64_t>(summary.wall_ms) << " ms of work";
  out << "\n";
  out << "  coverage marks reached (worlds): ";
  std::string never;
  bool first_mark = true;
  for (const auto& [name, total] : summary.marks) {
    if (total.worlds == 0) {
      never += (never.empty() ? "" : ", ") + name;
      continue;
    }
    out << (first_mark ? "" : ", ") << name << " " << total.worlds;
    first_mark = false;
  }
  out << (first_mark ? "none" : "") << "\n";
  if (!never.empty()) out << "  never reached: " << never << "\n";
  if (!summary.groups.empty()) out << "  " << summary.groups.size() << " failure signatures:\n";
  for (const FailureGroup& group : summary.groups) {
    out << "  [" << group.id << "] " << verdict_of(group) << ", " << group.seeds << (group.seeds == 1 ? " seed (" : " seeds (")
        << list_text(group.example_seeds, group.seeds) << "): " << group.signature << "\n"
        << "      smallest: seed " << group.smallest.seed << ", " << group.smallest.fault_actions << " fault actions";
    if (view.merged) out << "; replay: " << replay_text(group);
    out << "\n      reproduce: " << reproduce(group) << "\n";
  }
  return out.str();
}

nlohmann::json swarm_summary_json(const SwarmSummary& summary, const SummaryView& view) {
  const Coverage& coverage = summary.coverage;
  nlohmann::json failures = nlohmann::json::array();
  for (const FailureGroup& group : summary.groups) {
    nlohmann::json entry = {{"id", group.id},
                            {"signature", group.signature},
                            {"verdict", verdict_of(group)},
                            {"exit_code", group.exit_code},
                            {"seeds", group.seeds},
                            {"example_seeds", group.example_seeds},
                            {"smallest",
                             {{"seed", group.smallest.seed},
                              {"fault_actions", group.smallest.fault_actions},
                              {"shrink_runs", group.smallest.shrink_runs},
                              {"failure", group.smallest.failure},
                              {"reproducer", group.smallest.reproducer},
                              {"trace", group.smallest.trace}}},
                            {"reproduce", reproduce(group)}};
    if (view.merged) entry["replay"] = replay_text(group);
    failures.push_back(std::move(entry));
  }
  nlohmann::json tasks = nlohmann::json::array();
  for (const TaskFile& task : summary.tasks) {
    tasks.push_back({{"file", task.path},
                     {"shard", task.header.shard},
                     {"seed_start", task.header.task_range.first},
                     {"count", task.header.task_range.count},
                     {"seeds_recorded", task.seeds_recorded},
                     {"stopped", task.stopped.empty() ? nlohmann::json(nullptr) : nlohmann::json(task.stopped)}});
  }
  const int code = view.merged ? summary.exit_code() : task_exit_code(summary, view);
  nlohmann::json report = {
      {"command", view.merged ? "swarm merge" : "swarm"},
      {"template", summary.swarm.template_name},
      {"template_file", summary.swarm.template_file},
      {"template_hash", summary.swarm.template_hash},
      {"builds", summary.builds},
      {"ranges", ranges_json(summary.ranges)},
      {"worlds", summary.swarm.worlds},
      {"tracker", summary.swarm.tracker},
      {"tasks", std::move(tasks)},
      {"complete", complete(summary, view)},
      {"verdict", code == exit_incomplete ? "incomplete" : verdict_name(code)},
      {"exit_code", code},
      {"coverage",
       {{"expected", coverage.expected},
        {"distinct", coverage.distinct},
        {"missing", coverage.missing},
        {"duplicates", coverage.duplicates},
        {"outside", coverage.outside},
        {"gaps", ranges_json(coverage.gaps)},
        {"repeated", ranges_json(coverage.repeated)},
        {"conflicts", coverage.conflicts},
        {"conflict_count", coverage.conflict_count}}},
      {"counts",
       {{"seeds_run", coverage.distinct},
        {"passed", summary.passed},
        {"failed", summary.failed},
        {"liveness_failed", summary.liveness_failed},
        {"signatures", summary.groups.size()}}},
      {"simulated_s", static_cast<double>(summary.simulated_ms) / 1000},
      {"marks", marks_json(summary)},
      {"marks_never_reached", never_reached(summary)},
      {"failures", std::move(failures)}};
  if (!view.merged) report["results_file"] = view.results_file;
  if (view.wall_times) report["wall_s"] = summary.wall_ms / 1000;
  return report;
}

JunitSuite swarm_summary_junit(const SwarmSummary& summary, const SummaryView& view) {
  JunitSuite suite;
  const std::string classname = "swarm." + summary.swarm.template_name;
  const TaskHeader& first = summary.tasks.front().header;
  suite.name = classname + (!view.merged && first.shards > 1
                                ? " shard " + std::to_string(first.shard) + "/" + std::to_string(first.shards)
                                : "");
  for (const FailureGroup& group : summary.groups) {
    std::string text = group.signature + "\n" + std::to_string(group.seeds) + " seeds: " +
                       list_text(group.example_seeds, group.seeds) + "\nsmallest: seed " +
                       std::to_string(group.smallest.seed) + ", " + std::to_string(group.smallest.fault_actions) +
                       " fault actions\n" + group.smallest.failure + "\n";
    if (view.merged) text += "replay: " + replay_text(group) + "\n";
    text += "trace: " + group.smallest.trace + "\nreproduce: " + reproduce(group) + "\n";
    JunitFailure problem{group.exit_code == exit_liveness ? "liveness" : "correctness", group.signature, std::move(text)};
    suite.cases.push_back({classname, "signature " + group.id, std::nullopt, std::move(problem), std::nullopt});
  }
  if (view.merged) {
    // The range covered exactly once, as a case of its own: a batch that lost tasks fails CI.
    std::optional<JunitFailure> problem;
    if (!complete(summary, view)) {
      const Coverage& coverage = summary.coverage;
      problem = JunitFailure{"coverage",
                             std::to_string(coverage.missing) + " seeds missing, " + std::to_string(coverage.duplicates) +
                                 " recorded more than once, " + std::to_string(summary.killed_tasks()) + " tasks without an end record",
                             swarm_summary_text(summary, view)};
    }
    suite.cases.push_back({classname, "coverage", std::nullopt, std::move(problem), std::nullopt});
  }
  // The seeds that held, as one case of a fixed name (CI systems follow a case by its name
  // from build to build): a CI system shows the swarm ran even when every seed passed.
  suite.cases.push_back({classname, "every other seed", std::nullopt, std::nullopt, std::nullopt});
  return suite;
}

}  // namespace clustersim::sim
