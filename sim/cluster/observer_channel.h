// ObserverChannel: the path from a node's raft library to its tracker, and what can go wrong
// on it. Real embedders do not hand observations over as cleanly as the election model
// raises them:
//   - hashicorp/raft's observer channel, when registered non-blocking, drops an observation
//     when it is full and counts it (numDropped);
//   - OpenZiti's is a bounded blocking channel drained by another goroutine, so observations
//     arrive late and in bursts;
//   - an embedder that re-registers its observer, or a library that reports a state twice,
//     delivers duplicates;
//   - a library (or a lossy observer) that reports only who leads, never "leader cleared",
//     produces direct changes A -> B;
//   - an embedder that hands each observation to its own goroutine can deliver an old
//     observation after a newer one: a leader from an older term;
//   - the embedder's timer (the tracker's wake-up) fires late, early, or twice.
// ObserverFaults says which of these a node suffers (every one off by default); the channel
// carries them out for observations, and TrackerBank for wake-ups. Every draw comes from the
// node's own stream, so a fault on one node changes nothing elsewhere.
#pragma once

#include <deque>
#include <functional>
#include <optional>
#include <string>

#include "model/raft/effects.h"
#include "sim/core/kernel.h"
#include "sim/core/random.h"

namespace clustersim::sim {

using model::NodeIndex;

struct ObserverFaults {
  double drop = 0;        // each observation lost with this probability (a full non-blocking channel)
  double duplicate = 0;   // each observation delivered twice
  double skip_clear = 0;  // each "leader cleared" lost: the tracker sees A -> B directly
  double stale = 0;       // after a leader of a newer term, the previous leader (older term) again
  Duration drain_every{0};  // the consumer takes what waits once per period (late, in bursts); 0: at once
  Duration wakeup_late{0};  // each wake-up fires up to this late (uniform)
  double wakeup_early = 0;   // each armed wake-up also fires once early, at a uniform instant before it
  double wakeup_repeat = 0;  // each wake-up fires a second time at the same instant

  bool observations_clean() const {
    return drop == 0 && duplicate == 0 && skip_clear == 0 && stale == 0 && drain_every == Duration{0};
  }
  bool wakeups_clean() const { return wakeup_late == Duration{0} && wakeup_early == 0 && wakeup_repeat == 0; }
  // Why these faults are not possible ("drop: ..."), or nothing.
  std::optional<std::string> problem() const;
  friend bool operator==(const ObserverFaults&, const ObserverFaults&) = default;
};

// The most a drain period or a wake-up's lateness may be: the same hour as every other timing.
inline constexpr Duration observer_delay_max = std::chrono::hours(1);

// What one node's channel did, for the summary and the oracles' notes.
struct ObserverCounters {
  std::uint64_t dropped = 0;         // lost as a full channel loses them (hashicorp's numDropped)
  std::uint64_t skipped_clears = 0;  // "leader cleared" never delivered
  std::uint64_t duplicated = 0;
  std::uint64_t stale = 0;           // old leader observations delivered again after newer ones
  std::uint64_t delayed = 0;         // delivered later than raised
  ObserverCounters& operator+=(const ObserverCounters& other);
  std::uint64_t total() const { return dropped + skipped_clears + duplicated + stale + delayed; }
};

class ObserverChannel {
 public:
  using Deliver = std::function<void(const model::Observation&)>;
  // `deliver` hands an observation to the tracker side; `lost` reports one that never will be.
  ObserverChannel(Kernel& kernel, Random random, Deliver deliver, Deliver lost);
  ~ObserverChannel();
  ObserverChannel(const ObserverChannel&) = delete;
  ObserverChannel& operator=(const ObserverChannel&) = delete;

  // An observation the raft library raised now.
  void offer(const model::Observation& observation);
  // New faults from now on; clean ones deliver whatever waits at once (the consumer catches up).
  void set_faults(const ObserverFaults& faults);
  const ObserverFaults& faults() const { return faults_; }
  const ObserverCounters& counters() const { return counters_; }

  // From a process's start until its event generation starts, nothing is taken: what raft
  // raises waits (OpenZiti's observer channel, registered before event generation begins).
  // `capacity` is the channel's size: when more than that wait, `full` is called once (the
  // raft loop blocks on its send). release() takes what waits, and from then on as usual.
  void hold(std::size_t capacity, std::function<void()> full);
  void release();
  bool holding() const { return holding_; }

  // The node's process: paused, nothing is taken (it waits); crashed, what waits is lost.
  void pause() { paused_ = true; }
  void resume();
  void crash();

 private:
  struct Waiting {
    model::Observation observation;
    Time raised;
  };
  void enqueue(const model::Observation& observation, Time raised);
  void schedule_drain();
  void drain();

  Kernel& kernel_;
  Random random_;
  Deliver deliver_;
  Deliver lost_;
  ObserverFaults faults_;
  ObserverCounters counters_;
  std::deque<Waiting> waiting_;
  std::optional<model::Observation> last_leader_;  // the newest named leader taken in
  TimerId drain_timer_;
  bool paused_ = false;
  bool drain_missed_ = false;  // a drain fell due while paused
  bool holding_ = false;       // event generation has not started
  std::size_t capacity_ = 0;
  std::function<void()> full_;
  bool full_told_ = false;
};

}  // namespace clustersim::sim
