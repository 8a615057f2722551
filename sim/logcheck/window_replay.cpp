#include "sim/logcheck/window_replay.h"

#include "model/events/event_sink.h"

namespace clustersim::sim::logcheck {

using Type = model::ClusterEventType;
using Nanos = std::chrono::nanoseconds;

// One controller's replay: the tracker, what it emitted, and the log's open leaderless period.
struct WindowReplay::Replayed : model::EventSink {
  std::unique_ptr<model::LeaderStateTracker> tracker;
  std::size_t members = 0;          // ids given to the tracker as members so far
  std::uint64_t members_index = 0;
  std::optional<LogEvent> leaderless_since;  // the log's is_leaderless that began the period
  bool reported_leaderless = false;          // the replay reported it
  bool announced = false;                    // the replay's tracker has made its announcement
  // The controller's first event: the tracker's time origin (its times never go below zero,
  // nor backwards: the analysis gives each controller's events in timestamp order).
  std::int64_t origin_ns = 0;
  Nanos since_origin(std::int64_t unix_ns) const { return Nanos(elapsed_ns(origin_ns, unix_ns)); }
  std::int64_t changed_ns = 0;               // when the log's state last changed
  std::function<void(const model::ClusterEvent&)> emitted;

  void accept(const model::ClusterEvent& event) override { emitted(event); }
};

WindowReplay::WindowReplay(const IdTable& ids, Nanos window, std::function<void(const SuppressedPeriod&)> on_suppressed)
    : ids_(ids), window_(window), on_suppressed_(std::move(on_suppressed)) {}

WindowReplay::~WindowReplay() = default;

WindowReplay::Replayed& WindowReplay::replayed(Id controller, std::int64_t first_ns) {
  if (controllers_.size() <= controller) controllers_.resize(controller + 1);
  std::unique_ptr<Replayed>& r = controllers_[controller];
  if (r) return *r;
  r = std::make_unique<Replayed>();
  r->origin_ns = first_ns;
  Replayed* self = r.get();
  r->emitted = [this, self](const model::ClusterEvent& e) {
    if (e.type != Type::state_has_leader && e.type != Type::state_is_leaderless) return;
    ++totals_.replayed_events;
    if (e.type == Type::state_is_leaderless) {
      ++totals_.replayed_leaderless;
      self->reported_leaderless = true;
    }
    if (self->announced) {
      totals_.delay_total_ns = shifted_ns(totals_.delay_total_ns, elapsed_ns(self->changed_ns, e.timestamp.unix_ns));
      ++totals_.delayed;
    }
  };
  model::TrackerConfig config;
  config.policy = model::TrackerPolicy::stable;
  config.self_id = ids_.name(controller);
  config.members = {model::ClusterPeer{ids_.name(controller), ""}};
  config.stability_window = window_;
  config.clock.epoch_unix_ns = first_ns;
  r->members = 0;
  r->tracker = model::make_tracker(config, *r);
  return *r;
}

void WindowReplay::advance(Replayed& r, std::int64_t to_ns) {
  // Timers that fell due before this instant fire first, as they would have.
  while (r.tracker->wakeup_deadline() && *r.tracker->wakeup_deadline() <= r.since_origin(to_ns)) {
    r.tracker->on_wakeup(*r.tracker->wakeup_deadline());
  }
  // Every id the log names so far is a member.
  if (r.members < ids_.size()) {
    std::vector<model::ClusterPeer> members;
    for (Id id = 0; id < ids_.size(); ++id) members.push_back({ids_.name(id), ""});
    r.members = ids_.size();
    r.tracker->on_members(std::move(members), ++r.members_index, r.since_origin(to_ns));
  }
}

void WindowReplay::event(const LogEvent& e) {
  if (e.type != Type::state_has_leader && e.type != Type::state_is_leaderless) return;
  Replayed& r = replayed(e.source, e.unix_ns);
  advance(r, e.unix_ns);
  ++totals_.state_events;
  const bool leaderless = e.type == Type::state_is_leaderless;
  if (leaderless) ++totals_.leaderless_events;
  if (leaderless && !r.leaderless_since) {
    r.leaderless_since = e;
    r.reported_leaderless = false;
  }
  if (!leaderless && r.leaderless_since) {
    if (!r.reported_leaderless && r.tracker->started()) {
      ++totals_.suppressed_periods;
      totals_.suppressed_longest_ns = std::max(totals_.suppressed_longest_ns, elapsed_ns(r.leaderless_since->unix_ns, e.unix_ns));
      if (on_suppressed_) {
        on_suppressed_({e.source, r.leaderless_since->unix_ns, e.unix_ns, r.leaderless_since->file, r.leaderless_since->line});
      }
    }
    r.leaderless_since.reset();
  }
  r.changed_ns = e.unix_ns;
  const bool first = !r.tracker->started();
  r.tracker->on_leader(leaderless ? std::string_view() : std::string_view(ids_.name(e.subject)), 1, r.since_origin(e.unix_ns));
  if (first) {
    r.tracker->start(r.since_origin(e.unix_ns));  // the announcement, as the controller's first report
    r.announced = true;
    r.reported_leaderless = leaderless;
  }
}

void WindowReplay::finish(std::int64_t end_ns) {
  for (const std::unique_ptr<Replayed>& r : controllers_) {
    if (r) advance(*r, end_ns);
  }
}

}  // namespace clustersim::sim::logcheck
