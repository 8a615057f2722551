// Merging a large swarm's results: 1,000 task files of 1,000 seeds each (a million records, 1%
// of them failing under 20 signatures), as `clustersim swarm merge` reads them from a batch
// engine's tasks (target: under 10 s). The files are written once, to a temporary folder,
// before the first iteration; each iteration reads and reduces them all.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/swarm/results_merge.h"

namespace clustersim::sim {
namespace {

constexpr std::uint64_t tasks = 1000, seeds_per_task = 1000;

// The results files of a swarm of tasks * seeds_per_task seeds; removed when the run ends.
class SwarmResults {
 public:
  SwarmResults() : dir_(std::filesystem::temp_directory_path() / ("clustersim_merge_bench_" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(dir_);
    const SeedRange swarm{1, tasks * seeds_per_task};
    for (std::uint64_t shard = 0; shard < tasks; ++shard) {
      TaskHeader header{"0.2.0", "bench", "t.json", "t", "00000000000000aa", swarm, shard, tasks,
                        shard_of(swarm, shard, tasks), {{"generator", "random_spec 1"}}, "built-in"};
      const std::string file = (dir_ / results_file_name(header.task_range)).string();
      std::ofstream out(file);
      out << task_line(header);
      for (std::uint64_t seed = header.task_range.first; seed <= header.task_range.last(); ++seed) {
        SeedRecord record;
        record.seed = seed;
        record.simulated_ms = 60'000 + static_cast<std::int64_t>(seed % 90'000);
        record.wall_ms = 1.234;
        if (seed % 100 == 0) {  // 1% fail, under 20 signatures
          record.exit_code = seed % 300 == 0 ? 3 : 1;
          record.signature = "dedup: # state events, more than the # allowed (kind " + std::to_string(seed / 100 % 20) + ")";
          record.failure = record.signature + " on ctrl2 at 12.5s";
          record.reproducer = "seed-" + std::to_string(seed) + ".json";
          record.trace = "seed-" + std::to_string(seed) + ".trace.jsonl";
          record.fault_actions = seed % 7;
        }
        out << seed_line(record);
      }
      out << end_line(TaskEnd{"complete", seeds_per_task});
      files_.push_back(file);
    }
  }
  ~SwarmResults() { std::filesystem::remove_all(dir_); }
  const std::vector<std::string>& files() const { return files_; }

 private:
  std::filesystem::path dir_;
  std::vector<std::string> files_;
};

void BM_swarm_merge_1000_tasks_of_1000_seeds(benchmark::State& state) {
  static const SwarmResults results;
  for (auto _ : state) {
    const SwarmSummary summary = merge_results(results.files());
    if (!summary.coverage.exact() || summary.groups.size() != 20) state.SkipWithError("the merge lost seeds or groups");
    benchmark::DoNotOptimize(summary.passed);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(tasks * seeds_per_task));
}
BENCHMARK(BM_swarm_merge_1000_tasks_of_1000_seeds)->Unit(benchmark::kSecond)->Iterations(3);

}  // namespace
}  // namespace clustersim::sim
