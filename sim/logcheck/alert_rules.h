// Alert rules an operator would write on these events, evaluated on a log to show when they
// would have fired. The three OpenZiti's operations guide suggests:
//   leaderless  "alert if a state.is_leaderless event isn't followed by state.has_leader
//               within your tolerance window" (--alert-after D), per controller;
//   peer_flap   "the same peer disconnects and reconnects more than a few times in a short
//               window" (--peer-flap-alert N/D): N peer.disconnected of one peer at one
//               controller within D;
//   churn       "multiple leadership.gained / leadership.lost events within a short window"
//               (--churn-alert N/D): N of them, cluster-wide, within D.
// A count rule fires once when its count is reached and is armed again once its window holds
// fewer than N events. Alerts fire in timestamp order as the log is read.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/logcheck/log_event.h"

namespace clustersim::sim::logcheck {

struct CountRule {
  std::uint64_t count = 0;
  std::chrono::nanoseconds within{0};
};

// "N/D", for example "3/5m"; throws std::invalid_argument saying what is wrong.
CountRule parse_count_rule(std::string_view text);

struct Alert {
  std::string rule;        // leaderless, peer_flap, churn
  std::int64_t at_ns = 0;  // when it would have fired
  bool after_log_end = false;  // only if nothing came after the log ended
  std::uint32_t file = 0;
  std::uint64_t line = 0;  // the event that started it
  std::string text;
};

struct AlertOptions {
  std::optional<std::chrono::nanoseconds> leaderless_after;
  std::optional<CountRule> peer_flap, churn;
  bool any() const { return leaderless_after || peer_flap || churn; }
};

class AlertRules {
 public:
  AlertRules(const IdTable& ids, AlertOptions options, std::function<void(const Alert&)> on_alert);

  void event(const LogEvent& event);
  void finish(std::int64_t end_ns);
  const std::map<std::string, std::uint64_t>& fired() const { return fired_; }
  const AlertOptions& options() const { return options_; }

 private:
  struct Window {
    std::deque<std::int64_t> times;
    bool fired = false;
  };
  void fire_due(std::int64_t now_ns, bool log_ended);
  bool count(Window& window, const CountRule& rule, std::int64_t now_ns);
  void fire(Alert alert);

  const IdTable& ids_;
  AlertOptions options_;
  std::function<void(const Alert&)> on_alert_;
  std::map<Id, LogEvent> leaderless_since_;  // controllers waiting for has_leader
  std::map<std::pair<Id, Id>, Window> flaps_;  // (controller, peer)
  Window churn_;
  std::map<std::string, std::uint64_t> fired_;
};

}  // namespace clustersim::sim::logcheck
