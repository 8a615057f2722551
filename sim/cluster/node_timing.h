// NodeTiming: how one simulated server's own timing departs from an ideal machine's.
//
// A real server handles one input at a time (hashicorp/raft's main loop), takes time to do so,
// and persists what must survive a crash before it answers: the term and vote before a vote is
// granted or a term raised, log entries before an AppendEntries reply (Raft paper 5.6 puts a
// stable-storage write at 0.5 to 20 ms, and calls it most of the broadcast time). While it is
// busy, messages wait and due timers fire when it is free; its replies leave when the input is
// done. The election model says when a timer is due; a real server wakes it later: the operating
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
  // Each input (a message, a timer) keeps the server busy this long.
  LatencyModel processing = LatencyModel::fixed(Duration{0});
  // An input that changed the durable state (term, vote, log) also waits for one write.
  LatencyModel storage_write = LatencyModel::fixed(Duration{0});

  // No lateness, no cost: the server handles each input in no time, as if alone.
  bool ideal() const { return timer_late == none() && processing == none() && storage_write == none(); }
  bool busy_free() const { return processing == none() && storage_write == none(); }
  static LatencyModel none() { return LatencyModel::fixed(Duration{0}); }
  friend bool operator==(const NodeTiming&, const NodeTiming&) = default;
};

}  // namespace clustersim::sim
