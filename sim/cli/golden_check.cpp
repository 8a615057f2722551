#include "sim/cli/golden_check.h"

#include <filesystem>
#include <string>

#include "sim/cli/trace_file.h"
#include "sim/oracle/checks.h"
#include "sim/scenario/text_file.h"

namespace clustersim::sim {

OracleReport check_with_golden(const RunResult& run) {
  const std::string golden_path = run.scenario.golden_path(run.policy);
  if (golden_path.empty()) return check_run(run, nullptr);
  // Missing means "not written yet" (the check says so); any other failure is an error.
  std::error_code error;
  if (std::filesystem::exists(golden_path, error)) {
    const std::string golden = read_text_file(golden_path, trace_bytes_max);
    return check_run(run, &golden);
  }
  if (error) throw TextFileError(golden_path + ": " + error.message());
  return check_run(run, nullptr);
}

}  // namespace clustersim::sim
