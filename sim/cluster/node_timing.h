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
// round and never elect. A server's clock runs at its own rate and its wall clock is off true
// time by its own offset (NodeClock). A Go runtime stops the world now and then (garbage
// collection; on a virtual machine, also the hypervisor taking the CPU away): a stall keeps the
// server busy as an input would. And servers boot when their operator or orchestrator starts
// them, not in one instant. Each node draws from its own streams ("timing/<id>" per input,
// "stall/<id>" for its stalls, "clock/<id>" once at construction for its clock and boot), so
// a node's timing changes nothing elsewhere; an ideal timing draws nothing at all.
#pragma once

#include <optional>
#include <string>

#include "sim/net/link_params.h"

namespace clustersim::sim {

// A value each node draws once, uniformly from [low, high]; low == high: exactly that value.
template <typename T>
struct Spread {
  T low{};
  T high{};
  static Spread exactly(T value) { return {value, value}; }
  bool fixed() const { return low == high; }
  friend bool operator==(const Spread&, const Spread&) = default;
};

struct NodeTiming {
  // Each raft timer (election, heartbeat, lease) fires this much after it is due.
  LatencyModel timer_late = LatencyModel::fixed(Duration{0});
  // Each input (a message, a timer) keeps the server busy this long.
  LatencyModel processing = LatencyModel::fixed(Duration{0});
  // An input that changed the durable state (term, vote, log) also waits for one write.
  LatencyModel storage_write = LatencyModel::fixed(Duration{0});

  // The clock's rate, parts per million fast (+) or slow (-).
  Spread<double> clock_drift_ppm;
  // The wall clock's offset from true time (may be negative): what event timestamps carry.
  Spread<Duration> clock_offset;
  // Stop-the-world stalls: their mean spacing (a Poisson process; zero: none) and length.
  Duration stall_every{0};
  LatencyModel stall_length = none();
  // When the node's process first starts, from the start of the run.
  Spread<Duration> boot_at;

  // A controller on a virtual machine with an SSD; each value's reason is in node_timing.cpp
  // and docs/DESIGN.md. What a scenario gets unless it says otherwise.
  static NodeTiming realistic();
  // Why these values are unusable, or nothing if they are fine.
  std::optional<std::string> problem() const;

  // No lateness, no cost, one clock, one boot: the server handles each input in no time, alone.
  bool ideal() const { return *this == NodeTiming{}; }
  // Nothing ever makes the server busy: inputs are handled as they come.
  bool busy_free() const { return processing == none() && storage_write == none() && stall_every == Duration{0}; }
  static LatencyModel none() { return LatencyModel::fixed(Duration{0}); }
  friend bool operator==(const NodeTiming&, const NodeTiming&) = default;
};

}  // namespace clustersim::sim
