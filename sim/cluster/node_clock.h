// NodeClock: one simulated server's own clocks, as they differ from true (simulated) time.
//
// A server's quartz oscillator runs fast or slow by a few to a hundred parts per million, and
// its rate is its own: a node whose clock runs 50 ppm slow waits 150.0075 ms of true time for a
// 150 ms timeout. Its monotonic clock (what raft's timers and the tracker's stability window
// measure) reads `local(t)`: true time scaled by the rate, zero when the simulation starts, as a
// monotonic clock counts from the machine's boot. Its wall clock (what an event's timestamp
// carries) adds the node's offset: NTP keeps a virtual machine's wall clock within a few
// milliseconds of true time, never exactly on it, so timestamps of two controllers disagree by
// that much, as they do in real logs. Oracles judge on true time; only the stamp is local.
#pragma once

#include <cstdint>

#include "model/events/timestamp.h"
#include "sim/core/time.h"

namespace clustersim::sim {

class NodeClock {
 public:
  NodeClock() = default;
  // Precondition: |drift_ppb| <= 1e6 (1000 ppm; NTP gives up on a clock at 500).
  NodeClock(std::int64_t drift_ppb, Duration wall_offset);

  std::int64_t drift_ppb() const { return drift_ppb_; }
  Duration wall_offset() const { return wall_offset_; }
  bool ideal() const { return drift_ppb_ == 0 && wall_offset_ == Duration{0}; }

  // What the node's monotonic clock reads at true time `at`.
  Duration local(Time at) const;
  // The first true instant at which the monotonic clock reads `local` or more: when a timer
  // the node set for `local` fires.
  Time true_time_of(Duration local) const;
  // How much true time passes while the clock advances `local_span` (> 0), rounded up and a
  // nanosecond more: a timer set `local_span` ahead and armed this much later fires when its
  // reading has arrived, at most a couple of nanoseconds after the first instant that reads
  // it. Cheaper than true_time_of (a multiplication), for the timers a node arms all the time.
  Duration true_span(Duration local_span) const;
  // What the node's wall clock reads at true time `at`, as time since the run's epoch.
  Duration wall(Time at) const { return local(at) + wall_offset_; }
  // The wall clock the node's events are stamped by, told its monotonic reading: the run's
  // (virtual time 0 at its epoch), off by the node's offset.
  model::WallClock stamping(model::WallClock run) const {
    run.epoch_unix_ns = model::saturating_add(run.epoch_unix_ns, wall_offset_.count());
    return run;
  }

  friend bool operator==(const NodeClock&, const NodeClock&) = default;

 private:
  std::int64_t drift_ppb_ = 0;  // parts per billion: + runs fast
  Duration wall_offset_{0};
  double true_per_local_ = 1.0;  // 1 / (1 + drift)
};

}  // namespace clustersim::sim
