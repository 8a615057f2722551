#include "sim/cli/run_store.h"

#include <filesystem>

#include "sim/cli/output_file.h"
#include "sim/cli/summary.h"
#include "sim/cli/trace_file.h"
#include "sim/oracle/checks.h"
#include "sim/timeline/timeline.h"

namespace clustersim::sim {

std::string store_folder(const std::string& dir, const std::string& store_name, const RunResult& run) {
  return (std::filesystem::path(dir) / store_name /
          (std::string(model::policy_name(run.policy)) + "-seed" + std::to_string(run.seed)))
      .string();
}

void store_run(const std::string& folder, const RunResult& run, const OracleReport& report, RunRecord& record) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw OutputError(folder + ": cannot make the folder: " + error.message());
  const auto file = [&](const char* name) { return (std::filesystem::path(folder) / name).string(); };
  // A folder from an earlier run is being replaced: its result goes first, so that it is never
  // left beside the new files looking complete.
  std::filesystem::remove(file("result.json"), error);
  write_file_atomically(file("scenario.json"), run.scenario.source);
  write_file_atomically(file("events.jsonl"), events_jsonl(run));
  write_file_atomically(file("trace.jsonl"), format_trace(run));
  write_file_atomically(file("timeline.html"), timeline_html(run, &report));
  write_file_atomically(file("summary.txt"), format_summary(run, report));
  record.store = folder;
  write_file_atomically(file("result.json"), run_record_json(record).dump(2) + "\n");
}

}  // namespace clustersim::sim
