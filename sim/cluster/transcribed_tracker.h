// The conversation a run's trackers had, written in the tracker protocol: every request each
// node's tracker was given (the raw observations, start, wake-ups, crashes, with the node's
// times) and what it answered (the events it emitted, its next deadline). `run
// --observations` writes the requests; `clustersim vectors` writes both as test vectors, so a
// team can check its own tracker in its own unit tests without running clustersim.
//
// TranscribingFactory wraps whatever makes a bank's trackers (the built-in class, an external
// process): each tracker it makes is a decorator that records a call and its answer, then
// passes the call on unchanged.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/cluster/tracker_bank.h"
#include "sim/cluster/tracker_protocol.h"
#include "sim/core/kernel.h"

namespace clustersim::sim {

struct TrackerTranscript {
  std::vector<std::string> requests;  // JSON lines, the hello first
  std::vector<std::string> answers;   // answers[i] answers requests[i]; the hello's is "null"
  bool closed = false;  // set at the end of the run: trackers discarded then were not crashed
};

// A factory whose trackers record into `transcript` what `inner` (or make_tracker when it is
// empty) makes. `transcript` and `kernel` must outlive the trackers.
TrackerFactory transcribing_factory(TrackerFactory inner, TrackerTranscript& transcript, const Kernel& kernel);

// A request of `kind` from a node's tracker at its time `now`: what a decorator or a proxy
// sends. The wall time is config.clock.at(now); the virtual time the kernel's.
TrackerRequest tracker_request(TrackerRequest::Kind kind, const model::TrackerConfig& config,
                               std::chrono::nanoseconds now, const Kernel& kernel);

}  // namespace clustersim::sim
