#include "sim/cli/run_args.h"

#include <cstdlib>
#include <filesystem>

#include "sim/cli/paced_run.h"
#include "sim/timeline/timeline_picture.h"

namespace clustersim::sim {
namespace {

// "stable", "openziti" or both, comma-separated, each once.
std::string parse_policies(std::string_view text, std::vector<model::TrackerPolicy>& policies) {
  policies.clear();
  while (true) {
    const std::size_t comma = text.find(',');
    const std::string_view name = text.substr(0, comma);
    const auto policy = model::parse_policy(name);
    if (!policy) return "--policy must be openziti, stable or stable,openziti, got \"" + std::string(name) + "\"";
    for (model::TrackerPolicy seen : policies) {
      if (seen == *policy) return "--policy names " + std::string(name) + " twice";
    }
    policies.push_back(*policy);
    if (comma == std::string_view::npos) return "";
    text.remove_prefix(comma + 1);
  }
}

}  // namespace

std::string parse_run_args(const Args& args, RunArgs& parsed) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    auto value = [&] { return option_value(args, i).value_or(std::string_view()); };
    const auto file = [&](std::string& into) {
      into = value();
      return into.empty() ? std::string(arg) + " needs a file name" : std::string();
    };
    std::string problem;
    if (parsed.tracker.take(args, i, problem)) {
      if (!problem.empty()) return problem;
    } else if (arg == "--seed") {
      const std::string_view v = value();
      std::uint64_t seed = 0;
      if (!parse_whole_number(v, seed)) return "--seed needs a whole number, got \"" + std::string(v) + "\"";
      parsed.seed = seed;
    } else if (arg == "--policy") {
      if (problem = parse_policies(value(), parsed.policies); !problem.empty()) return problem;
    } else if (arg == "--jobs") {
      const std::string_view v = value();
      if (!parse_whole_number(v, parsed.jobs) || parsed.jobs == 0 || parsed.jobs > 256) {
        return "--jobs needs a whole number from 1 to 256, got \"" + std::string(v) + "\"";
      }
    } else if (arg == "--events") {
      if (problem = file(parsed.events_path); !problem.empty()) return problem;
    } else if (arg == "--observations") {
      if (problem = file(parsed.observations_path); !problem.empty()) return problem;
    } else if (arg == "--trace") {
      if (problem = file(parsed.trace_path); !problem.empty()) return problem;
    } else if (arg == "--json") {
      if (problem = file(parsed.json_path); !problem.empty()) return problem;
    } else if (arg == "--junit") {
      if (problem = file(parsed.junit_path); !problem.empty()) return problem;
    } else if (arg == "--store") {
      parsed.store_dir = value();
      if (parsed.store_dir.empty()) return "--store needs a folder";
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
    } else if (arg == "--wall-times") {
      parsed.wall_times = true;
    } else if (arg == "--verbose") {
      parsed.verbose = true;
    } else if (arg == "--trace-level") {
      const std::string_view v = value();
      parsed.trace_level = parse_trace_level(v);
      if (!parsed.trace_level) return "--trace-level must be events, decisions or messages, got \"" + std::string(v) + "\"";
    } else if (!arg.empty() && arg.front() == '-' && arg != "-") {
      return "unknown option \"" + std::string(arg) + "\" (clustersim run --help lists them)";
    } else {
      parsed.scenarios.emplace_back(arg);
    }
  }
  if (parsed.scenarios.empty()) return "which scenario? give a SCENARIO.json or a folder of them";
  if (!names_one_run(parsed)) {
    const std::pair<bool, const char*> one_run_only[] = {
        {!parsed.events_path.empty(), "--events"}, {!parsed.trace_path.empty(), "--trace"},
        {!parsed.timeline_path.empty(), "--timeline"}, {!parsed.observations_path.empty(), "--observations"},
        {parsed.rewrite, "--rewrite"}, {parsed.row, "--row"}, {parsed.pace.has_value(), "--pace"},
        {parsed.verbose, "--verbose"}};
    for (const auto& [given, name] : one_run_only) {
      if (given) return std::string(name) + " is for one run; with several, --store DIR keeps every run's files";
    }
  }
  if (parsed.pace && parsed.events_path.empty()) return "--pace writes events as they happen: give --events FILE (or -)";
  if (parsed.pace && parsed.rewrite) return "--pace and --rewrite do not go together";
  if (parsed.trace_level && parsed.trace_path.empty() && parsed.store_dir.empty()) {
    return "--trace-level is for a trace: give --trace FILE or --store DIR";
  }
  return "";
}

TraceLevel recorded_level(const RunArgs& parsed) {
  TraceLevel level = parsed.trace_level.value_or(
      !parsed.trace_path.empty() || !parsed.store_dir.empty() || !parsed.timeline_path.empty() ? TraceLevel::decisions
                                                                                                : TraceLevel::events);
  if (parsed.verbose && level == TraceLevel::events) level = TraceLevel::decisions;
  return level;
}

bool names_one_run(const RunArgs& parsed) {
  if (parsed.scenarios.size() != 1 || parsed.policies.size() > 1) return false;
  std::error_code error;
  return !std::filesystem::is_directory(parsed.scenarios.front(), error);
}

}  // namespace clustersim::sim
