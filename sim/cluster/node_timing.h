// NodeTiming: how one simulated server's own timing departs from an ideal machine's.
//
// The election model says when a timer is due; a real server wakes it later: the operating
// system's scheduler and the language runtime's timer heap add a delay that varies from one
// firing to the next (tens of microseconds on an idle machine, milliseconds on a busy virtual
// machine). That variation is also what lets candidates whose timers are set alike drift apart:
// without it, five nodes with a 150-150 ms election timeout fire in the same nanosecond every
// round and never elect. Each node draws from its own stream ("timing/<id>"), so a node's
// timing changes nothing elsewhere; an ideal timing draws nothing at all.
#pragma once

#include "sim/net/link_params.h"

namespace clustersim::sim {

struct NodeTiming {
  // Each raft timer (election, heartbeat, lease) fires this much after it is due.
  LatencyModel timer_late = LatencyModel::fixed(Duration{0});

  bool ideal() const { return timer_late == LatencyModel::fixed(Duration{0}); }
  friend bool operator==(const NodeTiming&, const NodeTiming&) = default;
};

}  // namespace clustersim::sim
