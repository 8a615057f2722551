// Where cluster events go: the tracker hands every event it emits to an EventSink.
//
// Sinks are the seam between the pure tracker and the outside: the simulator records events
// for its oracles, the Asio adapter writes them to a JSONL file, a stream or a callback.
#pragma once

#include "model/events/cluster_event.h"

namespace clustersim::model {

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Called once per event, in emission order. Must not call back into the tracker.
  virtual void accept(const ClusterEvent& event) = 0;
};

}  // namespace clustersim::model
