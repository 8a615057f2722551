// Puts a log's events back in timestamp order. Controllers dispatch events asynchronously and
// their clocks differ slightly, so a log's line order (and the order across files) is not
// quite time order: events wait here until nothing later in the input can still come before
// them (a span of timestamps behind the newest, or a count, whichever fills first), and leave
// in (timestamp, file, line) order. Memory is the window, never the log.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "sim/logcheck/log_event.h"
#include "sim/logcheck/log_limits.h"

namespace clustersim::sim::logcheck {

class ReorderWindow {
 public:
  explicit ReorderWindow(const LogLimits& limits) : limits_(limits) {}

  void push(LogEvent event);
  // The oldest event if it has settled (or any event, when `drain`: the input has ended).
  std::optional<LogEvent> pop(bool drain);
  std::size_t size() const { return waiting_.size(); }

 private:
  struct Later {
    bool operator()(const LogEvent& a, const LogEvent& b) const { return b.before(a); }
  };
  const LogLimits& limits_;
  std::vector<LogEvent> waiting_;  // a heap, the oldest first
  std::int64_t newest_ns_ = INT64_MIN;
};

}  // namespace clustersim::sim::logcheck
