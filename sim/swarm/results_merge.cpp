#include "sim/swarm/results_merge.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

#include "sim/oracle/coverage.h"
#include "sim/swarm/failure_signature.h"

namespace clustersim::sim {
namespace {

// What every task of one swarm must share, by the name a problem reports it under: the seeds
// stand for the same worlds. Their ranges may differ (a task resumed with --seed-start, a
// swarm extended by another range); the merge expects the union of them.
std::string differing_field(const TaskHeader& a, const TaskHeader& b) {
  if (a.template_hash != b.template_hash) return "template_hash";
  if (a.worlds != b.worlds) return "worlds";
  if (a.tracker != b.tracker) return "tracker";
  return "";
}

// One file read: its header, end, runs of consecutive seeds, failing seeds, totals.
struct FileReader {
  std::vector<SeedRange>& runs;
  std::map<std::uint64_t, std::vector<SeedRecord>>& failures;
  SwarmSummary& summary;

  void read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw MergeError(path + ": cannot be read");
    read(in, path);
  }

  void read(std::istream& in, const std::string& path) {
    const std::string folder = std::filesystem::path(path).parent_path().string();
    TaskFile task;
    task.path = path;
    std::string text;
    std::size_t line_number = 0;
    bool have_header = false;
    SeedRange run{0, 0};
    while (std::getline(in, text)) {
      ++line_number;
      if (text.empty()) continue;
      auto problem = [&](const std::string& what) {
        return MergeError(path + ":" + std::to_string(line_number) + ": " + what);
      };
      if (!task.stopped.empty()) throw problem("a record after the end record");
      nlohmann::json line;
      try {
        line = nlohmann::json::parse(text);
      } catch (const nlohmann::json::exception&) {  // not JSON, or a number beyond a double
        // A task killed while writing leaves at most its last line cut short.
        if (have_header && in.peek() == std::char_traits<char>::eof()) break;
        throw problem("not a JSON line");
      }
      try {
        const std::string kind = line.is_object() && line.contains("record") && line["record"].is_string()
                                     ? line["record"].get<std::string>()
                                     : "";
        if (!have_header) {
          if (kind != "task") throw std::runtime_error("the first record must be the task's (\"record\": \"task\"); is this a swarm results file?");
          task.header = parse_task(line);
          have_header = true;
        } else if (kind == "seed") {
          add(parse_seed(line), folder, run);
          ++task.seeds_recorded;
        } else if (kind == "weights") {
          // A guided batch's weights: how its worlds were drawn, nothing to merge.
        } else if (kind == "end") {
          task.stopped = parse_end(line).stopped;
        } else {
          throw std::runtime_error("\"record\" must be \"seed\", \"weights\" or \"end\" here");
        }
      } catch (const MergeError&) {
        throw;
      } catch (const std::exception& error) {
        throw problem(error.what());
      }
    }
    if (!have_header) throw MergeError(path + ": empty: no task record");
    if (run.count > 0) runs.push_back(run);
    summary.builds.insert(task.header.clustersim_version + " " + task.header.commit);
    summary.tasks.push_back(std::move(task));
  }

  void add(SeedRecord record, const std::string& folder, SeedRange& run) {
    if (run.count > 0 && run.last() != UINT64_MAX && record.seed == run.last() + 1) {
      ++run.count;
    } else {
      if (run.count > 0) runs.push_back(run);
      run = {record.seed, 1};
    }
    // Sums that stop at their largest value: a file that claims more is wrong, not a reason to wrap.
    summary.simulated_ms = record.simulated_ms > INT64_MAX - summary.simulated_ms ? INT64_MAX : summary.simulated_ms + record.simulated_ms;
    summary.wall_ms += record.wall_ms;
    for (const auto& [name, count] : record.marks) {
      MarkTotal& total = summary.marks[name];
      ++total.worlds;
      total.count = count > UINT64_MAX - total.count ? UINT64_MAX : total.count + count;
    }
    if (record.passed()) return;
    auto resolve = [&](std::string& file) {
      if (!file.empty() && std::filesystem::path(file).is_relative()) file = (std::filesystem::path(folder) / file).string();
    };
    resolve(record.reproducer);
    resolve(record.trace);
    failures[record.seed].push_back(std::move(record));
  }
};

bool by_first_seed(SeedRange a, SeedRange b) { return std::tie(a.first, a.count) < std::tie(b.first, b.count); }

// Sorted, overlapping or touching ranges joined: the seeds they cover, each once.
std::vector<SeedRange> joined(std::vector<SeedRange> ranges) {
  std::sort(ranges.begin(), ranges.end(), by_first_seed);
  std::vector<SeedRange> out;
  for (const SeedRange& r : ranges) {
    if (r.count == 0) continue;
    if (!out.empty() && (r.first <= out.back().last() || r.first - 1 == out.back().last())) {
      if (r.last() > out.back().last()) out.back().count = r.last() - out.back().first + 1;
    } else {
      out.push_back(r);
    }
  }
  return out;
}

std::uint64_t overlap(SeedRange a, SeedRange b) {
  const std::uint64_t first = std::max(a.first, b.first), last = std::min(a.last(), b.last());
  return first <= last ? last - first + 1 : 0;
}

// Coverage of the expected ranges (joined) by the runs of recorded seeds: seeds covered,
// missing (and where), recorded more than once (and where), recorded outside.
void measure_coverage(std::vector<SeedRange> runs, const std::vector<SeedRange>& expected, Coverage& coverage) {
  std::sort(runs.begin(), runs.end(), by_first_seed);
  // Repeats: a run that starts at or before the last seed an earlier run covered.
  bool any = false;
  std::uint64_t covered_until = 0;
  for (const SeedRange& run : runs) {
    if (any && run.first <= covered_until) {
      const std::uint64_t repeat_end = std::min(run.last(), covered_until);
      coverage.duplicates += repeat_end - run.first + 1;
      if (coverage.repeated.size() < summary_list_max) coverage.repeated.push_back({run.first, repeat_end - run.first + 1});
    }
    covered_until = any ? std::max(covered_until, run.last()) : run.last();
    any = true;
  }
  const std::vector<SeedRange> covered = joined(runs);
  std::uint64_t records_inside = 0, records = 0;
  for (const SeedRange& run : runs) {
    records += run.count;
    for (const SeedRange& range : expected) records_inside += overlap(run, range);
  }
  coverage.outside = records - records_inside;
  for (const SeedRange& range : expected) {
    coverage.expected += range.count;
    std::uint64_t next = range.first;  // the first seed of `range` not yet accounted for
    bool done = false;
    auto gap_until = [&](std::uint64_t last) {  // [next, last] is missing
      coverage.missing += last - next + 1;
      if (coverage.gaps.size() < summary_list_max) coverage.gaps.push_back({next, last - next + 1});
    };
    for (const SeedRange& c : covered) {
      if (done || c.first > range.last()) break;
      if (c.last() < next) continue;
      if (c.first > next) gap_until(c.first - 1);
      coverage.distinct += overlap(c, range);
      if (c.last() >= range.last()) done = true;
      else next = c.last() + 1;
    }
    if (!done) gap_until(range.last());
  }
}

// How many runs hold `seed`: the records a seed has (runs are few, failing seeds fewer).
std::uint64_t records_of(const std::vector<SeedRange>& runs, std::uint64_t seed) {
  return static_cast<std::uint64_t>(std::count_if(runs.begin(), runs.end(), [&](SeedRange r) { return r.contains(seed); }));
}

bool smaller_reproducer(const SeedRecord& a, const SeedRecord& b) {
  return std::tie(a.fault_actions, a.seed) < std::tie(b.fault_actions, b.seed);
}

}  // namespace

std::uint64_t SwarmSummary::killed_tasks() const {
  return static_cast<std::uint64_t>(std::count_if(tasks.begin(), tasks.end(), [](const TaskFile& t) { return t.stopped.empty(); }));
}

int SwarmSummary::exit_code() const {
  int code = 0;
  for (const FailureGroup& group : groups) {
    if (group.exit_code == 1) return 1;
    code = group.exit_code;
  }
  if (code != 0) return code;
  return coverage.exact() && killed_tasks() == 0 ? 0 : exit_incomplete;
}

namespace {

// Reads each input with `read(reader, i)`, then reduces: what merge_results and
// merge_results_from share.
template <typename ReadInput>
SwarmSummary merge(std::size_t inputs, ReadInput read) {
  if (inputs == 0) throw MergeError("no results files to merge");
  SwarmSummary summary;
  for (const std::string& name : coverage_mark_names()) summary.marks[name];  // the marks never reached show as 0
  std::vector<SeedRange> runs;
  std::map<std::uint64_t, std::vector<SeedRecord>> failures;
  FileReader reader{runs, failures, summary};
  for (std::size_t i = 0; i < inputs; ++i) {
    read(reader, i);
    const TaskFile& task = summary.tasks.back();
    if (const std::string field = differing_field(summary.tasks.front().header, task.header); !field.empty()) {
      throw MergeError(task.path + ": a task of another swarm than " + summary.tasks.front().path + " (their \"" + field +
                       "\" differs)");
    }
  }
  summary.swarm = summary.tasks.front().header;
  std::stable_sort(summary.tasks.begin(), summary.tasks.end(), [](const TaskFile& a, const TaskFile& b) {
    return std::tie(a.header.task_range.first, a.path) < std::tie(b.header.task_range.first, b.path);
  });
  std::vector<SeedRange> declared;
  for (const TaskFile& task : summary.tasks) declared.push_back(task.header.swarm_range);
  summary.ranges = joined(declared);
  Coverage& coverage = summary.coverage;
  measure_coverage(runs, summary.ranges, coverage);

  std::map<std::string, FailureGroup> groups;
  for (auto& [seed, records] : failures) {
    if (std::none_of(summary.ranges.begin(), summary.ranges.end(), [&](SeedRange r) { return r.contains(seed); })) continue;
    // A seed recorded twice must come out the same: a difference is non-determinism (of an
    // external tracker, or of builds that differ).
    const bool conflict = records_of(runs, seed) != records.size() ||
                          std::any_of(records.begin(), records.end(), [&](const SeedRecord& r) { return r.signature != records.front().signature; });
    if (conflict) {
      if (coverage.conflicts.size() < summary_list_max) coverage.conflicts.push_back(seed);
      ++coverage.conflict_count;
    }
    const SeedRecord& record = records.front();
    ++(record.exit_code == 3 ? summary.liveness_failed : summary.failed);
    FailureGroup& group = groups[record.signature];
    if (group.seeds == 0) {
      group.signature = record.signature;
      group.id = signature_id(record.signature);
      group.exit_code = record.exit_code;
      group.smallest = record;
    } else if (smaller_reproducer(record, group.smallest)) {
      group.smallest = record;
    }
    ++group.seeds;
    if (group.example_seeds.size() < summary_list_max) group.example_seeds.push_back(seed);
  }
  summary.passed = coverage.distinct - summary.failed - summary.liveness_failed;
  for (auto& [signature, group] : groups) summary.groups.push_back(std::move(group));
  std::stable_sort(summary.groups.begin(), summary.groups.end(), [](const FailureGroup& a, const FailureGroup& b) {
    return std::make_tuple(a.exit_code, -static_cast<std::int64_t>(a.seeds), a.signature) <
           std::make_tuple(b.exit_code, -static_cast<std::int64_t>(b.seeds), b.signature);
  });
  return summary;
}

}  // namespace

SwarmSummary merge_results(const std::vector<std::string>& files) {
  return merge(files.size(), [&](FileReader& reader, std::size_t i) { reader.read(files[i]); });
}

SwarmSummary merge_results_from(std::istream& in, const std::string& name) {
  return merge(1, [&](FileReader& reader, std::size_t) { reader.read(in, name); });
}

}  // namespace clustersim::sim
