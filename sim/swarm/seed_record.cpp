#include "sim/swarm/seed_record.h"

#include <cmath>
#include <limits>
#include <type_traits>
#include <stdexcept>

namespace clustersim::sim {
namespace {

using Line = nlohmann::ordered_json;  // fields in the order written here, for people reading a file

// A field of the type asked, checked before it is converted: a count written as 1e36 or -1 is
// a wrong file, not a number to squeeze into 64 bits.
template <typename T>
T field(const nlohmann::json& line, const char* name) {
  const auto found = line.find(name);
  if (found == line.end()) throw std::runtime_error(std::string("no \"") + name + "\" field");
  auto wrong = [&] { return std::runtime_error(std::string("\"") + name + "\" has the wrong type or range: " + found->dump()); };
  if constexpr (std::is_same_v<T, std::string>) {
    if (!found->is_string()) throw wrong();
    return found->get<std::string>();
  } else if constexpr (std::is_same_v<T, nlohmann::json>) {
    return *found;
  } else if constexpr (std::is_floating_point_v<T>) {
    if (!found->is_number()) throw wrong();
    return found->get<T>();
  } else if constexpr (std::is_unsigned_v<T>) {
    if (!found->is_number_unsigned()) throw wrong();
    return found->get<T>();
  } else {
    static_assert(std::is_signed_v<T>);
    if (!found->is_number_integer()) throw wrong();
    if (found->is_number_unsigned() && found->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) {
      throw wrong();
    }
    const auto value = found->get<std::int64_t>();
    if (value < std::numeric_limits<T>::min() || value > std::numeric_limits<T>::max()) throw wrong();
    return static_cast<T>(value);
  }
}

template <typename T>
T optional_field(const nlohmann::json& line, const char* name, T otherwise) {
  return line.contains(name) ? field<T>(line, name) : otherwise;
}

SeedRange range_field(const nlohmann::json& line, const char* first, const char* count) {
  SeedRange range{field<std::uint64_t>(line, first), field<std::uint64_t>(line, count)};
  if (range.count > 0 && range.first > UINT64_MAX - (range.count - 1)) {
    throw std::runtime_error(std::string("\"") + first + "\" plus \"" + count + "\" passes the largest seed");
  }
  return range;
}

}  // namespace

std::string task_line(const TaskHeader& h) {
  Line line{{"record", "task"},
            {"clustersim", h.clustersim_version},
            {"commit", h.commit},
            {"template", h.template_file},
            {"template_name", h.template_name},
            {"template_hash", h.template_hash},
            {"seed_start", h.swarm_range.first},
            {"count", h.swarm_range.count},
            {"shard", h.shard},
            {"shards", h.shards},
            {"task_seed_start", h.task_range.first},
            {"task_count", h.task_range.count},
            {"worlds", Line::parse(h.worlds.dump())},
            {"tracker", h.tracker}};
  return line.dump() + "\n";
}

std::string seed_line(const SeedRecord& r) {
  Line line{{"record", "seed"}, {"seed", r.seed}, {"exit_code", r.exit_code}, {"simulated_ms", r.simulated_ms},
            {"wall_ms", std::round(r.wall_ms * 1000) / 1000}};
  if (!r.marks.empty()) {
    Line marks = Line::object();
    for (const auto& [name, count] : r.marks) marks[name] = count;
    line["marks"] = std::move(marks);
  }
  if (!r.passed()) {
    line["signature"] = r.signature;
    line["failure"] = r.failure;
    line["reproducer"] = r.reproducer;
    line["trace"] = r.trace;
    line["fault_actions"] = r.fault_actions;
    line["shrink_runs"] = r.shrink_runs;
  }
  return line.dump() + "\n";
}

std::string end_line(const TaskEnd& end) {
  return Line{{"record", "end"}, {"stopped", end.stopped}, {"seeds_run", end.seeds_run}}.dump() + "\n";
}

TaskHeader parse_task(const nlohmann::json& line) {
  TaskHeader h;
  h.clustersim_version = field<std::string>(line, "clustersim");
  h.commit = field<std::string>(line, "commit");
  h.template_file = field<std::string>(line, "template");
  h.template_name = field<std::string>(line, "template_name");
  h.template_hash = field<std::string>(line, "template_hash");
  h.swarm_range = range_field(line, "seed_start", "count");
  h.shard = field<std::uint64_t>(line, "shard");
  h.shards = field<std::uint64_t>(line, "shards");
  if (h.shards == 0 || h.shard >= h.shards) throw std::runtime_error("\"shard\" must be below \"shards\"");
  h.task_range = range_field(line, "task_seed_start", "task_count");
  if (h.task_range.count > 0 && h.swarm_range.count > 0 &&
      (!h.swarm_range.contains(h.task_range.first) || !h.swarm_range.contains(h.task_range.last()))) {
    throw std::runtime_error("the task's seeds are not within the swarm's");
  }
  h.worlds = field<nlohmann::json>(line, "worlds");
  h.tracker = field<std::string>(line, "tracker");
  return h;
}

SeedRecord parse_seed(const nlohmann::json& line) {
  SeedRecord r;
  r.seed = field<std::uint64_t>(line, "seed");
  r.exit_code = field<int>(line, "exit_code");
  if (r.exit_code != 0 && r.exit_code != 1 && r.exit_code != 3) {
    throw std::runtime_error("\"exit_code\" must be 0, 1 or 3, got " + std::to_string(r.exit_code));
  }
  r.simulated_ms = field<std::int64_t>(line, "simulated_ms");
  if (r.simulated_ms < 0) throw std::runtime_error("\"simulated_ms\" must not be negative");
  r.wall_ms = optional_field<double>(line, "wall_ms", 0);
  if (const auto marks = line.find("marks"); marks != line.end()) {
    if (!marks->is_object()) throw std::runtime_error("\"marks\" must be an object of counts");
    for (const auto& [name, count] : marks->items()) {
      if (!count.is_number_unsigned()) throw std::runtime_error("\"marks\": \"" + name + "\" must be a count");
      r.marks.emplace_back(name, count.get<std::uint64_t>());
    }
  }
  if (!r.passed()) {
    r.signature = field<std::string>(line, "signature");
    r.failure = field<std::string>(line, "failure");
    r.reproducer = field<std::string>(line, "reproducer");
    r.trace = optional_field<std::string>(line, "trace", "");
    r.fault_actions = field<std::uint64_t>(line, "fault_actions");
    r.shrink_runs = optional_field<std::uint64_t>(line, "shrink_runs", 0);
  }
  return r;
}

TaskEnd parse_end(const nlohmann::json& line) {
  TaskEnd end;
  end.stopped = field<std::string>(line, "stopped");
  if (end.stopped != "complete" && end.stopped != "budget" && end.stopped != "interrupted") {
    throw std::runtime_error("\"stopped\" must be complete, budget or interrupted, got \"" + end.stopped + "\"");
  }
  end.seeds_run = field<std::uint64_t>(line, "seeds_run");
  return end;
}

std::string results_file_name(SeedRange task_range) {
  return "results-" + std::to_string(task_range.first) + "-" + std::to_string(task_range.last()) + ".jsonl";
}

}  // namespace clustersim::sim
