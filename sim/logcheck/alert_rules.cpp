#include "sim/logcheck/alert_rules.h"

#include <stdexcept>

#include "sim/core/time.h"

namespace clustersim::sim::logcheck {

using Type = model::ClusterEventType;

CountRule parse_count_rule(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) throw std::invalid_argument("\"" + std::string(text) + "\": expected COUNT/DURATION, for example 3/5m");
  const std::string count_text(text.substr(0, slash));
  CountRule rule;
  std::size_t used = 0;
  try {
    rule.count = std::stoull(count_text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != count_text.size() || rule.count < 1 || rule.count > 1000000 || count_text.front() == '-') {
    throw std::invalid_argument("\"" + count_text + "\": the count must be a whole number from 1 to 1000000");
  }
  try {
    rule.within = parse_duration(text.substr(slash + 1));
  } catch (const std::exception& e) {
    throw std::invalid_argument(e.what());
  }
  if (rule.within <= std::chrono::nanoseconds{0}) throw std::invalid_argument("the window after / must be positive");
  return rule;
}

AlertRules::AlertRules(const IdTable& ids, AlertOptions options, std::function<void(const Alert&)> on_alert)
    : ids_(ids), options_(options), on_alert_(std::move(on_alert)) {}

void AlertRules::fire(Alert alert) {
  ++fired_[alert.rule];
  if (on_alert_) on_alert_(alert);
}

void AlertRules::fire_due(std::int64_t now_ns, bool log_ended) {
  if (!options_.leaderless_after) return;
  const std::int64_t after = options_.leaderless_after->count();
  for (auto it = leaderless_since_.begin(); it != leaderless_since_.end();) {
    const LogEvent& since = it->second;
    // "Within D": a has_leader at exactly since + D still counts.
    const std::int64_t due = shifted_ns(since.unix_ns, after);
    if (!log_ended && due >= now_ns) {
      ++it;
      continue;
    }
    fire({"leaderless", due, log_ended && due > now_ns, since.file, since.line,
          ids_.name(it->first) + ": state.is_leaderless not followed by state.has_leader within " +
              format_duration(*options_.leaderless_after)});
    it = leaderless_since_.erase(it);
  }
}

bool AlertRules::count(Window& window, const CountRule& rule, std::int64_t now_ns) {
  window.times.push_back(now_ns);
  while (!window.times.empty() && window.times.front() <= shifted_ns(now_ns, -rule.within.count())) window.times.pop_front();
  if (window.times.size() < rule.count) {
    window.fired = false;  // armed again
    return false;
  }
  while (window.times.size() > rule.count) window.times.pop_front();  // only the last N matter
  if (window.fired) return false;
  window.fired = true;
  return true;
}

void AlertRules::event(const LogEvent& e) {
  fire_due(e.unix_ns, false);
  if (options_.leaderless_after) {
    if (e.type == Type::state_is_leaderless) leaderless_since_.try_emplace(e.source, e);
    if (e.type == Type::state_has_leader) leaderless_since_.erase(e.source);
  }
  if (options_.peer_flap && e.type == Type::peer_disconnected &&
      count(flaps_[{e.source, e.subject}], *options_.peer_flap, e.unix_ns)) {
    fire({"peer_flap", e.unix_ns, false, e.file, e.line,
          ids_.name(e.source) + " lost " + ids_.name(e.subject) + " " + std::to_string(options_.peer_flap->count) +
              " times within " + format_duration(options_.peer_flap->within)});
  }
  if (options_.churn && (e.type == Type::leadership_gained || e.type == Type::leadership_lost) &&
      count(churn_, *options_.churn, e.unix_ns)) {
    fire({"churn", e.unix_ns, false, e.file, e.line,
          std::to_string(options_.churn->count) + " leadership.gained/lost within " + format_duration(options_.churn->within) +
              " (the last: " + ids_.name(e.source) + " " + type_name(e) + ")"});
  }
}

void AlertRules::finish(std::int64_t end_ns) { fire_due(end_ns, true); }

}  // namespace clustersim::sim::logcheck
