#include "sim/cluster/node_timing.h"

#include <chrono>

namespace clustersim::sim {
namespace {

using namespace std::chrono_literals;

template <typename T>
std::optional<std::string> spread_problem(const Spread<T>& spread, const char* name) {
  if (spread.high < spread.low) return std::string(name) + " max must not be less than min";
  return std::nullopt;
}

}  // namespace

NodeTiming NodeTiming::realistic() {
  NodeTiming t;
  // Linux lets a timer fire up to the thread's timer slack late (50 us by default) to batch
  // wake-ups; the Go scheduler's timer heap and a virtual CPU's wake-up add a few hundred
  // microseconds more. The rarer, longer delays (the hypervisor taking the vCPU away) are the
  // stalls below, not drawn twice.
  t.timer_late = LatencyModel::uniform(50us, 400us);
  // Decoding a small RPC, a few map updates and encoding the answer: tens to a couple of
  // hundred microseconds of one core.
  t.processing = LatencyModel::uniform(20us, 200us);
  // raft-boltdb commits a transaction and fdatasyncs it for every term, vote and appended
  // batch; a cloud SSD volume answers a synchronous write in about a millisecond, with a tail
  // towards the Raft paper's 20 ms (section 5.6: 0.5 to 20 ms) when the volume is throttled.
  t.storage_write = LatencyModel::lognormal(1ms, 0.5, 20ms);
  // A virtual machine's clock follows its host's oscillator, specified to tens of ppm, until
  // NTP has learned and corrected its rate: each node draws its own within +-20 ppm.
  t.clock_drift_ppm = {-20.0, 20.0};
  // NTP against a server in the same data centre keeps wall clocks within a few milliseconds.
  t.clock_offset = {-5ms, 5ms};
  // Go's collector stops the world twice a cycle, each usually well under a millisecond; a
  // controller at a modest allocation rate collects every few seconds; a hypervisor taking
  // the vCPU away adds the rare longer stall (the lognormal tail, capped at 20 ms).
  t.stall_every = 10s;
  t.stall_length = LatencyModel::lognormal(300us, 1.0, 20ms);
  // One orchestrator command (systemd units on each machine, a StatefulSet started in
  // parallel) brings controllers up within a couple of seconds of each other.
  t.boot_at = {Duration{0}, 2s};
  return t;
}

std::optional<std::string> NodeTiming::problem() const {
  for (const auto& [model, name] : {std::pair{&timer_late, "timer_late"}, std::pair{&processing, "processing"},
                                    std::pair{&storage_write, "storage_write"}, std::pair{&stall_length, "stall_length"}}) {
    if (auto p = model->problem()) return std::string(name) + ": " + *p;
  }
  if (auto p = spread_problem(clock_drift_ppm, "clock_drift_ppm")) return p;
  // NTP gives up on a clock more than 500 ppm off (its frequency tolerance); no real server's
  // oscillator is that bad, and a bound keeps every reading far from overflow.
  if (clock_drift_ppm.low < -500.0 || clock_drift_ppm.high > 500.0) return "clock_drift_ppm must be within [-500, 500]";
  if (auto p = spread_problem(clock_offset, "clock_offset")) return p;
  if (clock_offset.low < -1h || clock_offset.high > 1h) return "clock_offset must be within an hour of true time";
  if (auto p = spread_problem(boot_at, "boot_at")) return p;
  if (boot_at.low < Duration{0}) return "boot_at must not be negative";
  if (boot_at.high > 1h) return "boot_at must be at most 1h";
  // A stall longer than a second is no garbage collection: a pause action states it. Stalls
  // closer than 10 ms apart on average would keep the server stalled more than running.
  if (stall_every < Duration{0} || (stall_every > Duration{0} && stall_every < 10ms)) {
    return "stall_every must be 0 (no stalls) or at least 10ms";
  }
  const Duration longest_stall = stall_length.kind == LatencyModel::Kind::fixed ? stall_length.low : stall_length.high;
  if (longest_stall > 1s) return "stall_length must be at most 1s";
  return std::nullopt;
}

}  // namespace clustersim::sim
