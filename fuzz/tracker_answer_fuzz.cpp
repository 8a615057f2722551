// Target: the tracker protocol's answer reader (what an external tracker writes). Any line is
// either refused with a reason, or read into events and a deadline that, written back in the
// canonical form and read again (the fast reader's path), give the same events and deadline.
#include "fuzz/fuzz_target.h"
#include "sim/cluster/tracker_protocol.h"

using namespace clustersim;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sim::TrackerAnswer answer;
  const auto problem = sim::parse_answer(fuzz::as_text(data, size), answer);
  if (problem) {
    if (problem->empty()) fuzz::broken("a refused answer without a reason");
    return 0;
  }
  for (const model::ClusterEvent& event : answer.events) {
    if (!model::representable(event.timestamp)) return 0;  // read, but not writable: the reader's range is wider
  }
  std::string canonical;
  sim::append_answer(canonical, answer.events, answer.wakeup);
  sim::TrackerAnswer again;
  if (sim::parse_answer(canonical, again)) fuzz::broken("a canonical answer written from a read one is refused");
  if (again.events != answer.events || again.wakeup != answer.wakeup) fuzz::broken("an answer reads back differently");
  return 0;
}
