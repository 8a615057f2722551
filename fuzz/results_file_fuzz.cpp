// Target: the swarm results reader `swarm merge` uses on files a batch engine's tasks wrote
// (and a killed task cut short). Any bytes either become a summary whose counts add up or a
// MergeError naming the file, never an abort, an out-of-range conversion or memory that grows
// with the seeds a record claims.
#include <sstream>

#include "fuzz/fuzz_target.h"
#include "sim/swarm/results_merge.h"

using namespace clustersim::sim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in{std::string(clustersim::fuzz::as_text(data, size))};
  try {
    const SwarmSummary summary = merge_results_from(in, "fuzz/results-1-2.jsonl");
    const Coverage& coverage = summary.coverage;
    if (coverage.distinct + coverage.missing != coverage.expected) {
      clustersim::fuzz::broken("seeds covered and missing do not add up to the range");
    }
    if (summary.passed + summary.failed + summary.liveness_failed != coverage.distinct) {
      clustersim::fuzz::broken("passed and failed seeds do not add up to the seeds covered");
    }
    std::uint64_t grouped = 0;
    for (const FailureGroup& group : summary.groups) grouped += group.seeds;
    if (grouped != summary.failed + summary.liveness_failed) clustersim::fuzz::broken("a failing seed in no group");
  } catch (const MergeError& error) {
    if (std::string_view(error.what()).find("results-1-2.jsonl") == std::string_view::npos) {
      clustersim::fuzz::broken("a results error without the file name");
    }
  }
  return 0;
}
