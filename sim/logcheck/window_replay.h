// What-if for the stable policy's window: each controller's reported leader state, as the log
// has it, replayed through the production stable tracker with a stability window, to show
// what that window would have said instead: which state events (and so which is_leaderless
// alerts) it would have suppressed, and how much later the changes it kept would have been
// reported. The log carries no raft terms, so every observation is given one term; every id
// the log names is made a member, so validation passes what the log's controllers accepted.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "model/tracker/leader_state_tracker.h"
#include "sim/logcheck/log_event.h"

namespace clustersim::sim::logcheck {

struct WindowReplayTotals {
  std::uint64_t state_events = 0;      // the log's has_leader / is_leaderless
  std::uint64_t replayed_events = 0;   // what the window would have emitted
  std::uint64_t leaderless_events = 0, replayed_leaderless = 0;
  std::int64_t delay_total_ns = 0;     // summed over the changes both report: how much later
  std::uint64_t delayed = 0;
  std::uint64_t suppressed_periods = 0;  // leaderless periods shorter than the window
  std::int64_t suppressed_longest_ns = 0;
};

// A leaderless period the window would not have reported.
struct SuppressedPeriod {
  Id controller = no_id;
  std::int64_t from_ns = 0, until_ns = 0;
  std::uint32_t file = 0;
  std::uint64_t line = 0;
};

class WindowReplay {
 public:
  WindowReplay(const IdTable& ids, std::chrono::nanoseconds window,
               std::function<void(const SuppressedPeriod&)> on_suppressed);
  ~WindowReplay();

  void event(const LogEvent& event);
  void finish(std::int64_t end_ns);
  const WindowReplayTotals& totals() const { return totals_; }
  std::chrono::nanoseconds window() const { return window_; }

 private:
  struct Replayed;
  Replayed& replayed(Id controller, std::int64_t first_ns);
  void advance(Replayed& r, std::int64_t to_ns);

  const IdTable& ids_;
  std::chrono::nanoseconds window_;
  std::function<void(const SuppressedPeriod&)> on_suppressed_;
  std::vector<std::unique_ptr<Replayed>> controllers_;  // by Id
  WindowReplayTotals totals_;
};

}  // namespace clustersim::sim::logcheck
