// WorldSpec: a random world described by small numbers, and its conversion to a Scenario.
//
// Random testing needs worlds that can shrink: a failing world is only useful once it is as
// small as possible. A WorldSpec is plain integers and a list of faults, so a shrinker
// (rapidcheck's in the property suite, the greedy one of `clustersim swarm`) makes a world
// smaller by shortening the list and lowering numbers. to_scenario() turns any spec into a
// valid scenario: numbers are clamped into range, impossible actions (restarting a running
// node, overlapping flaps) are left out, and every world ends with a liveness phase long
// enough for its timings.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "sim/scenario/scenario.h"

namespace clustersim::sim {

// Fault kinds 0..12 are the world's (network, processes, writes, upgrades, membership changes,
// leadership transfers); kind 13 is a fault on a tracker's inputs (set_observer), which swarms
// try only when asked.
inline constexpr int world_fault_kinds = 13;
inline constexpr int fault_kinds = 14;

struct FaultSpec {
  int kind = 0;        // which action (see to_scenario), any integer: taken modulo fault_kinds
  int at_ms = 0;       // within the fault phase
  int node = 0;        // a node index; index == nodes means "leader"
  int other = 0;       // a second node index (links, partitions); which change (kind 11); which input fault (kind 13)
  int length_ms = 0;   // how long it lasts (flaps, pauses, crashes, writes)
  int period_ms = 0;   // flap period
  int percent = 0;     // duty cycle, loss, or write rate, as a percentage
};

struct WorldSpec {
  std::uint64_t seed = 1;
  int nodes = 3;             // 3..9
  int non_voters = 0;        // 0..2, the last nodes
  int joining = 0;           // 0..2, the voters before them start without a configuration (add_member brings them in)
  int timing = 0;            // 0 hashicorp defaults, 1 openziti preset, 2 custom below
  int heartbeat_ms = 1000;   // custom timing: heartbeat = election, lease = half
  int policy = 0;            // 0 stable, 1 openziti
  int window_ms = 2000;      // stable window
  int latency_ms = 1;        // median one-way latency
  int loss_percent = 0;      // 0..20, on every link during the fault phase
  int excluded_member = -1;  // a node the trackers do not count as a member, or -1
  int timer_late_us = 0;     // every node's raft timers fire late by uniform [0, this]; 0: ideal
  int storage_write_us = 0;  // median of every node's storage writes (log-normal); 0: none
  int processing_us = 0;     // every input keeps a node busy uniform [0, this]; 0: none
  int clock_drift_ppm = 0;   // each node's clock rate drawn from [-this, this] ppm; 0: one rate
  int clock_offset_ms = 0;   // each node's wall clock off true time by [-this, this]; 0: none
  int stall_every_ms = 0;    // mean spacing of each node's stop-the-world stalls; 0: none
  int stall_us = 0;          // their median length (log-normal); 0: none
  int boot_spread_ms = 0;    // each node boots within [0, this] of the start; 0: all at once
  int mesh = 0;              // the controller mesh: 0 full (2.1), 1 leader_only (before 2.1), 2 off
  int old_versions = 0;      // the first this many nodes run v2.0.0, the others v2.1.0: read-only
  int dispatch_jitter_ms = 0;  // events are written up to this late, out of order; 0: in order
  int generation_delay_ms = 0;  // event generation starts up to this long after raft; 0: with it
  int fault_phase_ms = 30000;
  // Faults on every tracker's inputs for the whole fault phase: a mask of families (bit 0
  // drop, 1 duplicate, 2 skip_clear, 3 stale, 4 drain_every, 5 wakeup_late, 6 early and
  // repeated wake-ups; 0: none), their probability in percent, and the drain period and
  // wake-up lateness in milliseconds.
  int input_faults = 0;
  int input_percent = 50;
  int input_delay_ms = 500;
  std::vector<FaultSpec> faults;
};

// How many faults of each kind a spec holds, each kind read as to_scenario reads it (modulo
// fault_kinds): what guided exploration credits a world's marks to.
std::array<int, fault_kinds> kinds_drawn(const WorldSpec& spec);

// The scenario a spec describes. With `base`, its cluster, tracker and network are kept and
// only the faults (and their phase) come from the spec: how `clustersim swarm` uses a
// template. With `keep_base_timeline`, the base's timeline (but its stop_faults) runs first
// and the spec's fault phase starts once it is over (its last action, and every flap in it,
// done); otherwise the base's timeline is replaced.
Scenario to_scenario(const WorldSpec& spec, const Scenario* base = nullptr, bool keep_base_timeline = false);

// A random spec from a stream (for swarm): 0 to `faults_max` faults, among them faults on
// the trackers' inputs only if `input_faults`.
class Random;
WorldSpec random_spec(Random& random, std::uint64_t seed, int faults_max, bool input_faults = false);
// The same as `clustersim swarm` draws it under the user's options (world_options.h): their
// weights, counts and ranges in place of the defaults, with the same draws where they agree.
struct WorldOptions;
WorldSpec random_spec(Random& random, std::uint64_t seed, const WorldOptions& options);

}  // namespace clustersim::sim
