#include "sim/logcheck/reorder_window.h"

#include <algorithm>

#include "model/time_arithmetic.h"

namespace clustersim::sim::logcheck {

void ReorderWindow::push(LogEvent event) {
  newest_ns_ = std::max(newest_ns_, event.unix_ns);
  waiting_.push_back(std::move(event));
  std::push_heap(waiting_.begin(), waiting_.end(), Later{});
}

std::optional<LogEvent> ReorderWindow::pop(bool drain) {
  if (waiting_.empty()) return std::nullopt;
  const LogEvent& oldest = waiting_.front();
  // Left of the span's edge: nothing later in the input may still come before it.
  // (Saturating: a log may hold the earliest instant a timestamp can, in 1677.)
  const bool settled = oldest.unix_ns <= model::saturating_add(newest_ns_, -limits_.reorder_span.count());
  if (!drain && !settled && waiting_.size() <= limits_.reorder_events) return std::nullopt;
  std::pop_heap(waiting_.begin(), waiting_.end(), Later{});
  LogEvent out = std::move(waiting_.back());
  waiting_.pop_back();
  return out;
}

}  // namespace clustersim::sim::logcheck
