#include "sim/cli/swarm_args.h"

#include <algorithm>

#include "sim/cli/batch_index.h"

namespace clustersim::sim {
namespace {

// Options that take a value.
bool takes_value(std::string_view arg) {
  for (const char* name : {"--count", "--seeds", "--seed-start", "--first-seed", "--jobs", "--out", "--shard",
                           "--shard-from-env", "--for", "--json", "--junit", "--faults", "--max-faults", "--nodes",
                           "--election-timeout", "--fault-phase", "--timeline", "--show"}) {
    if (arg == name) return true;
  }
  return false;
}

std::string parse_shard(std::string_view value, SwarmArgs& parsed) {
  const auto slash = value.find('/');
  if (slash == std::string_view::npos || !parse_whole_number(value.substr(0, slash), parsed.shard) ||
      !parse_whole_number(value.substr(slash + 1), parsed.shards) || parsed.shards == 0 || parsed.shard >= parsed.shards) {
    return "--shard needs I/N with 0 <= I < N, got \"" + std::string(value) + "\"";
  }
  return "";
}

}  // namespace

std::string parse_swarm_args(const Args& args, SwarmArgs& parsed) {
  bool shard_given = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    std::string_view value;
    std::string tracker_problem;
    if (parsed.tracker.take(args, i, tracker_problem)) {
      if (!tracker_problem.empty()) return tracker_problem;
      continue;
    }
    if (takes_value(arg)) {
      const auto given = option_value(args, i);
      if (!given) return std::string(arg) + " needs a value";
      value = *given;
    }
    auto number = [&](std::uint64_t& into) {
      return parse_whole_number(value, into) ? std::string() : std::string(arg) + " needs a whole number, got \"" + std::string(value) + "\"";
    };
    std::string problem;
    if (arg == "--count" || arg == "--seeds") {
      problem = number(parsed.range.count);
    } else if (arg == "--seed-start" || arg == "--first-seed") {
      problem = number(parsed.range.first);
    } else if (arg == "--jobs") {
      problem = number(parsed.jobs);
    } else if (arg == "--for") {
      try {
        parsed.budget = parse_duration(value);
      } catch (const DurationError& error) {
        problem = std::string("--for: ") + error.what();
      }
    } else if (arg == "--json") {
      parsed.json_path = value;
    } else if (arg == "--junit") {
      parsed.junit_path = value;
    } else if (arg == "--out") {
      parsed.out = value;
    } else if (arg == "--input-faults") {
      parsed.input_faults = true;
    } else if (arg == "--faults") {
      parsed.faults = value;
    } else if (arg == "--max-faults") {
      IntRange count;
      problem = parse_int_range(value, 0, 1000, count);
      if (!problem.empty()) problem = "--max-faults " + problem;
      parsed.worlds.faults_max = count.high;
    } else if (arg == "--nodes") {
      // Up to 101: the largest cluster the simulator is measured on (bench/).
      parsed.worlds.nodes.emplace();
      problem = parse_int_range(value, 3, 101, *parsed.worlds.nodes);
      if (!problem.empty()) problem = "--nodes " + problem;
    } else if (arg == "--election-timeout") {
      // From a LAN's 50 ms to a WAN cluster's 5 s, as random worlds draw them.
      parsed.worlds.election_timeout_ms.emplace();
      problem = parse_duration_range(value, 50, 5000, *parsed.worlds.election_timeout_ms);
      if (!problem.empty()) problem = "--election-timeout " + problem;
    } else if (arg == "--fault-phase") {
      problem = parse_duration_range(value, 1000, 300000, parsed.worlds.fault_phase_ms);
      if (!problem.empty()) problem = "--fault-phase " + problem;
    } else if (arg == "--timeline") {
      if (value != "keep" && value != "drop") problem = "--timeline must be keep or drop, got \"" + std::string(value) + "\"";
      parsed.timeline = value;
      parsed.worlds.keep_template_timeline = value == "keep";
    } else if (arg == "--show") {
      parsed.show.emplace();
      problem = number(*parsed.show);
    } else if (arg == "--wall-times") {
      parsed.wall_times = true;
    } else if (arg == "--guided") {
      parsed.guided = true;
      parsed.worlds.guided = true;
    } else if (arg == "--shard") {
      problem = parse_shard(value, parsed);
      shard_given = true;
    } else if (arg == "--shard-from-env") {
      problem = number(parsed.env_shards);
      if (problem.empty() && parsed.env_shards == 0) problem = "--shard-from-env needs the number of shards, at least 1";
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
  parsed.worlds.weights = WorldOptions::default_weights(parsed.input_faults);
  if (parsed.faults) {
    if (const std::string problem = parse_fault_weights(*parsed.faults, parsed.worlds.weights); !problem.empty()) return problem;
    if (parsed.input_faults) parsed.worlds.weights[fault_kinds - 1] = std::max(1, parsed.worlds.weights[fault_kinds - 1]);
  }
  if (parsed.show && parsed.guided) {
    return "--show cannot show a guided world: its weights come from the seeds before it; give the weights its "
           "results file records for its batch with --faults";
  }
  if (parsed.show) return "";
  if (parsed.range.count == 0) return "--count N is required (N > 0)";
  if (parsed.range.first > UINT64_MAX - (parsed.range.count - 1)) return "--seed-start plus --count passes the largest seed, 2^64 - 1";
  if (parsed.jobs == 0 || parsed.jobs > 256) return "--jobs must be from 1 to 256";
  if (parsed.out.empty()) return "--out needs a directory";
  if (shard_given && parsed.env_shards > 0) return "--shard and --shard-from-env both name the shard; give one";
  if (parsed.env_shards > 0) {
    parsed.shards = parsed.env_shards;
    std::string problem;
    if (!shard_from_environment(parsed.shards, parsed.shard, problem)) return problem;
  }
  if (shard_of(parsed.range, parsed.shard, parsed.shards).count == 0) {
    return "shard " + std::to_string(parsed.shard) + " of " + std::to_string(parsed.shards) + " has no seeds: there are only " +
           std::to_string(parsed.range.count) + " (use fewer shards)";
  }
  return "";
}

}  // namespace clustersim::sim
