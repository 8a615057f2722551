#include "sim/logcheck/log_analysis.h"

#include <algorithm>
#include <cstdio>

#include "model/events/timestamp.h"
#include "sim/core/time.h"

namespace clustersim::sim::logcheck {

using Type = model::ClusterEventType;
using Nanos = std::chrono::nanoseconds;

namespace {

// The controllers that wrote events, by name: the report's order, whatever order the logs
// named them in.
std::vector<Id> by_name(const IdTable& ids, const std::vector<ControllerSummary>& controllers) {
  std::vector<Id> order;
  for (Id id = 0; id < controllers.size(); ++id) {
    if (controllers[id].events > 0) order.push_back(id);
  }
  std::sort(order.begin(), order.end(), [&](Id a, Id b) { return ids.name(a) < ids.name(b); });
  return order;
}

// Periods in the order they began (they are found as they end).
std::vector<ExplainedPeriod> by_start(std::vector<ExplainedPeriod> periods, const IdTable& ids) {
  std::stable_sort(periods.begin(), periods.end(), [&](const ExplainedPeriod& a, const ExplainedPeriod& b) {
    if (a.period.from_ns != b.period.from_ns) return a.period.from_ns < b.period.from_ns;
    const auto name = [&](Id id) { return id == no_id ? std::string() : ids.name(id); };
    return name(a.period.controller) < name(b.period.controller);
  });
  return periods;
}

std::string ms(std::int64_t ns) { return format_milliseconds(Nanos(ns)); }
double ms_number(std::int64_t ns) { return static_cast<double>(ns / 1000) / 1000.0; }

nlohmann::ordered_json stats_json(const PeriodStats& s) {
  nlohmann::ordered_json j{{"count", s.count}, {"total_ms", ms_number(s.total_ns)}, {"longest_ms", ms_number(s.longest_ns)}};
  if (s.count > 0) j["longest_from"] = wall_time(s.longest_from_ns);
  return j;
}

std::string stats_text(const PeriodStats& s) {
  if (s.count == 0) return "none";
  return std::to_string(s.count) + ", total " + ms(s.total_ns) + ", longest " + ms(s.longest_ns) + " from " +
         wall_time(s.longest_from_ns);
}

}  // namespace

std::string wall_time(std::int64_t unix_ns) {
  // Down to the millisecond (not past the earliest instant a timestamp holds, in 1677).
  const std::int64_t below = ((unix_ns % 1000000) + 1000000) % 1000000;
  const std::int64_t rounded = unix_ns < INT64_MIN + 1000000 ? unix_ns : unix_ns - below;
  std::string text = model::format_timestamp({rounded, 0});
  // Trailing zeros of the fraction go, as Go writes RFC3339Nano: "...:11Z", "...:11.5Z".
  if (const auto dot = text.find('.'); dot != std::string::npos) {
    std::size_t end = text.size() - 1;  // the 'Z'
    std::size_t last = end;
    while (last > dot + 1 && text[last - 1] == '0') --last;
    if (last == dot + 1) last = dot;
    text.erase(last, end - last);
  }
  return text;
}

LogAnalysis::LogAnalysis(const IdTable& ids, Findings& findings, const CheckOptions& options, LogListener* listener)
    : ids_(ids),
      findings_(findings),
      options_(options),
      listener_(listener),
      rules_(ids, findings, options.disagreement_tolerance),
      causes_(ids,
              [this](const ExplainedPeriod& p) {
                ++period_count_;
                if (periods_.size() < options_.kept) periods_.push_back(p);
                if (listener_) listener_->period(p, ids_);
              }),
      summary_(
          ids, [this](const LeaderlessPeriod& p) { causes_.began(p); },
          [this](const LeaderlessPeriod& p) { causes_.ended(p); }) {
  if (options.window) {
    window_ = std::make_unique<WindowReplay>(ids, *options.window, [this](const SuppressedPeriod& p) {
      if (suppressed_.size() < options_.kept) suppressed_.push_back(p);
    });
  }
  if (options.alerts.any()) {
    alerts_ = std::make_unique<AlertRules>(ids, options.alerts, [this](const Alert& a) {
      if (alert_list_.size() < options_.kept) alert_list_.push_back(a);
    });
  }
}

LogAnalysis::~LogAnalysis() = default;

void LogAnalysis::event(const LogEvent& e) {
  if (last_ns_.size() < ids_.size()) {
    last_ns_.resize(ids_.size(), INT64_MIN);
    last_line_.resize(ids_.size(), 0);
    last_file_.resize(ids_.size(), 0);
  }
  if (e.unix_ns < last_ns_[e.source]) {
    findings_.violation(e.file, e.line, "order",
                        ids_.name(e.source) + ": older than " + findings_.where(last_file_[e.source], last_line_[e.source]) +
                            ", already checked: more out of order than the check can put right (" +
                            std::to_string(options_.limits.reorder_events) + " events or " +
                            format_duration(options_.limits.reorder_span) + ")");
    return;
  }
  last_ns_[e.source] = e.unix_ns;
  last_line_[e.source] = e.line;
  last_file_[e.source] = e.file;
  ++events_;
  end_ns_ = std::max(end_ns_, e.unix_ns);
  rules_.event(e);
  causes_.event(e);
  summary_.event(e);
  if (window_) window_->event(e);
  if (alerts_) alerts_->event(e);
  if (listener_) listener_->event(e, ids_);
}

void LogAnalysis::finish() {
  rules_.finish(end_ns_);
  summary_.finish(end_ns_);
  if (window_) window_->finish(end_ns_);
  if (alerts_) alerts_->finish(end_ns_);
  if (listener_) listener_->finish(end_ns_);
}

std::string LogAnalysis::text() const {
  std::string out;
  char row[512];
  if (events_ == 0) return out;
  out += "from " + wall_time(summary_.first_ns()) + " to " + wall_time(summary_.last_ns()) + " (" +
         ms(elapsed_ns(summary_.first_ns(), summary_.last_ns())) + ")\n\n";
  std::snprintf(row, sizeof row, "%-16s %8s %-11s %10s %10s %8s %6s %6s %8s %-9s\n", "controller", "events", "leaderless",
                "total", "longest", "changes", "gained", "lost", "peer-lost", "read-only");
  out += row;
  const auto& controllers = summary_.controllers();
  for (Id id : by_name(ids_, controllers)) {
    const ControllerSummary& c = controllers[id];
    std::snprintf(row, sizeof row, "%-16s %8llu %-11llu %10s %10s %8llu %6llu %6llu %8llu %-9s\n", ids_.name(id).c_str(),
                  static_cast<unsigned long long>(c.events), static_cast<unsigned long long>(c.leaderless.count),
                  ms(c.leaderless.total_ns).c_str(), ms(c.leaderless.longest_ns).c_str(),
                  static_cast<unsigned long long>(c.leader_changes),
                  static_cast<unsigned long long>(c.per_type[static_cast<std::size_t>(Type::leadership_gained)]),
                  static_cast<unsigned long long>(c.per_type[static_cast<std::size_t>(Type::leadership_lost)]),
                  static_cast<unsigned long long>(c.peer_disconnects),
                  c.read_only.count == 0 ? "-" : (std::to_string(c.read_only.count) + "/" + ms(c.read_only.total_ns)).c_str());
    out += row;
  }
  out += "cluster: no controller had a leader: " + stats_text(summary_.cluster_leaderless()) + "; leader changes: " +
         std::to_string(summary_.cluster_leader_changes()) + "\n";
  if (period_count_ > 0) {
    out += "\nleaderless periods and their likely causes:\n";
    for (const ExplainedPeriod& p : by_start(periods_, ids_)) {
      const LeaderlessPeriod& q = p.period;
      out += "  " + (q.controller == no_id ? std::string("cluster") : ids_.name(q.controller)) + "  " + wall_time(q.from_ns) +
             "  " + ms(elapsed_ns(q.from_ns, q.until_ns)) + (q.open ? " (until the log ends)" : "") + "  " +
             findings_.where(q.file, q.line) + "  " +
             (q.old_leader == no_id ? "" : "had " + ids_.name(q.old_leader) + ": ") + std::string(cause_name(p.cause)) +
             ": " + p.evidence + "\n";
    }
    if (period_count_ > periods_.size()) out += "  ... and " + std::to_string(period_count_ - periods_.size()) + " more\n";
    out += "  causes:";
    for (const auto& [cause, count] : causes_.counts()) out += " " + std::string(cause_name(cause)) + " " + std::to_string(count);
    out += "\n";
  }
  if (window_) {
    const WindowReplayTotals& t = window_->totals();
    out += "\nwhat if --window " + format_duration(window_->window()) + ": " + std::to_string(t.replayed_events) + " of " +
           std::to_string(t.state_events) + " state events, is_leaderless " + std::to_string(t.replayed_leaderless) + " of " +
           std::to_string(t.leaderless_events) + "; " + std::to_string(t.suppressed_periods) +
           " leaderless periods not reported (longest " + ms(t.suppressed_longest_ns) + ")";
    if (t.delayed > 0) out += "; the changes kept reported " + ms(t.delay_total_ns / static_cast<std::int64_t>(t.delayed)) + " later on average";
    out += "\n";
    for (const SuppressedPeriod& s : suppressed_) {
      out += "  not reported: " + ids_.name(s.controller) + " leaderless " + wall_time(s.from_ns) + " for " +
             ms(elapsed_ns(s.from_ns, s.until_ns)) + " (" + findings_.where(s.file, s.line) + ")\n";
    }
  }
  if (alerts_) {
    out += "\nalerts that would have fired:";
    if (alerts_->fired().empty()) out += " none";
    for (const auto& [rule, count] : alerts_->fired()) out += " " + rule + " " + std::to_string(count);
    out += "\n";
    for (const Alert& a : alert_list_) {
      out += "  " + wall_time(a.at_ns) + "  " + a.rule + "  " + a.text + " (" + findings_.where(a.file, a.line) + ")" +
             (a.after_log_end ? ", after the log ends, unless a has_leader came" : "") + "\n";
    }
  }
  return out;
}

nlohmann::ordered_json LogAnalysis::json() const {
  nlohmann::ordered_json j;
  j["events"] = events_;
  if (events_ > 0) {
    j["from"] = wall_time(summary_.first_ns());
    j["to"] = wall_time(summary_.last_ns());
  }
  nlohmann::ordered_json controllers = nlohmann::ordered_json::array();
  const auto& summary = summary_.controllers();
  for (Id id : by_name(ids_, summary)) {
    const ControllerSummary& c = summary[id];
    nlohmann::ordered_json types;
    for (std::size_t t = 0; t < model::cluster_event_type_count; ++t) {
      if (c.per_type[t] > 0) types[std::string(model::event_type_name(static_cast<Type>(t)))] = c.per_type[t];
    }
    controllers.push_back({{"id", ids_.name(id)},
                           {"events", c.events},
                           {"per_type", types},
                           {"leaderless", stats_json(c.leaderless)},
                           {"leader_changes", c.leader_changes},
                           {"peer_disconnects", c.peer_disconnects},
                           {"read_only", stats_json(c.read_only)}});
  }
  j["controllers"] = controllers;
  j["cluster"] = {{"leaderless", stats_json(summary_.cluster_leaderless())}, {"leader_changes", summary_.cluster_leader_changes()}};
  nlohmann::ordered_json periods = nlohmann::ordered_json::array();
  for (const ExplainedPeriod& p : by_start(periods_, ids_)) {
    const LeaderlessPeriod& q = p.period;
    nlohmann::ordered_json item{{"controller", q.controller == no_id ? nullptr : nlohmann::ordered_json(ids_.name(q.controller))},
                                {"from", wall_time(q.from_ns)},
                                {"duration_ms", ms_number(elapsed_ns(q.from_ns, q.until_ns))},
                                {"open", q.open},
                                {"file", findings_.file_name(q.file)},
                                {"line", q.line},
                                {"old_leader", q.old_leader == no_id ? nullptr : nlohmann::ordered_json(ids_.name(q.old_leader))},
                                {"new_leader", q.new_leader == no_id ? nullptr : nlohmann::ordered_json(ids_.name(q.new_leader))},
                                {"cause", cause_name(p.cause)},
                                {"evidence", p.evidence}};
    periods.push_back(item);
  }
  j["periods"] = periods;
  j["period_count"] = period_count_;
  nlohmann::ordered_json causes = nlohmann::ordered_json::object();
  for (const auto& [cause, count] : causes_.counts()) causes[std::string(cause_name(cause))] = count;
  j["causes"] = causes;
  if (window_) {
    const WindowReplayTotals& t = window_->totals();
    nlohmann::ordered_json suppressed = nlohmann::ordered_json::array();
    for (const SuppressedPeriod& s : suppressed_) {
      suppressed.push_back({{"controller", ids_.name(s.controller)}, {"from", wall_time(s.from_ns)},
                            {"duration_ms", ms_number(elapsed_ns(s.from_ns, s.until_ns))}, {"file", findings_.file_name(s.file)},
                            {"line", s.line}});
    }
    j["what_if_window"] = {{"window_ms", ms_number(window_->window().count())},
                           {"state_events", t.state_events},
                           {"replayed_events", t.replayed_events},
                           {"leaderless_events", t.leaderless_events},
                           {"replayed_leaderless", t.replayed_leaderless},
                           {"suppressed_periods", t.suppressed_periods},
                           {"suppressed_longest_ms", ms_number(t.suppressed_longest_ns)},
                           {"mean_delay_ms", t.delayed == 0 ? 0.0 : ms_number(t.delay_total_ns / static_cast<std::int64_t>(t.delayed))},
                           {"suppressed", suppressed}};
  }
  if (alerts_) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Alert& a : alert_list_) {
      list.push_back({{"rule", a.rule}, {"at", wall_time(a.at_ns)}, {"after_log_end", a.after_log_end},
                      {"file", findings_.file_name(a.file)}, {"line", a.line}, {"text", a.text}});
    }
    nlohmann::ordered_json fired = nlohmann::ordered_json::object();
    for (const auto& [rule, count] : alerts_->fired()) fired[rule] = count;
    j["alerts"] = {{"fired", fired}, {"list", list}};
  }
  return j;
}

}  // namespace clustersim::sim::logcheck
