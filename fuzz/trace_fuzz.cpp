// Target: the trace reader `replay` uses. Any bytes either become a Trace or an OutputError
// naming the file and line, never an abort or an out-of-range conversion.
#include "fuzz/fuzz_target.h"
#include "sim/cli/output_file.h"
#include "sim/cli/trace_file.h"

using namespace clustersim::sim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const Trace trace = parse_trace(std::string(clustersim::fuzz::as_text(data, size)), "fuzz.jsonl");
    // An accepted trace's policy is one of the two, whatever the bytes said.
    if (trace.policy != clustersim::model::TrackerPolicy::stable && trace.policy != clustersim::model::TrackerPolicy::openziti) {
      clustersim::fuzz::broken("a trace with a policy that does not exist");
    }
  } catch (const OutputError& error) {
    if (std::string_view(error.what()).find("fuzz.jsonl") == std::string_view::npos) {
      clustersim::fuzz::broken("a trace error without the file name");
    }
  }
  return 0;
}
