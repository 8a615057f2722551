// Everything `clustersim check` learns from a log, in one pass over its events in timestamp
// order: the rules (log_rules.h), the summary (log_summary.h), the likely cause of each
// leaderless period (leaderless_causes.h), and on request the what-ifs: a stability window
// (window_replay.h) and alert rules (alert_rules.h). Memory is per controller, plus the first
// `kept` periods, alerts and suppressed periods listed in the report (the rest are counted).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/logcheck/alert_rules.h"
#include "sim/logcheck/findings.h"
#include "sim/logcheck/leaderless_causes.h"
#include "sim/logcheck/log_event.h"
#include "sim/logcheck/log_limits.h"
#include "sim/logcheck/log_rules.h"
#include "sim/logcheck/log_summary.h"
#include "sim/logcheck/window_replay.h"

namespace clustersim::sim::logcheck {

struct CheckOptions {
  bool strict = false;  // keys in OpenZiti's order, or the rule key_order
  // Controllers may report different leaders this long before it is a violation: an election
  // (hashicorp's election timeout is 1 s, randomised up to 2 s, and a split vote retries), the
  // stable policy's window (seconds) and clock skew between controllers (NTP keeps it to
  // milliseconds) all fit well within it.
  std::chrono::nanoseconds disagreement_tolerance = std::chrono::seconds(30);
  std::optional<std::chrono::nanoseconds> window;  // what-if: a stability window
  AlertOptions alerts;
  LogLimits limits;
  std::size_t kept = 1000;  // periods, alerts and suppressed periods listed
};

// Something that follows the analysis as it goes (the timeline of a log, the live view of
// `check --follow`): every event it analyses and every period it explains.
class LogListener {
 public:
  virtual ~LogListener() = default;
  // `ids` names every Id the event holds.
  virtual void event(const LogEvent& event, const IdTable& ids) = 0;
  virtual void period(const ExplainedPeriod& period, const IdTable& ids) = 0;
  virtual void finish(std::int64_t end_ns) = 0;
};

class LogAnalysis {
 public:
  LogAnalysis(const IdTable& ids, Findings& findings, const CheckOptions& options, LogListener* listener = nullptr);
  ~LogAnalysis();

  // The next event, in timestamp order; one older than its controller's last is reported (the
  // rule `order`) and not analysed.
  void event(const LogEvent& event);
  // The log has ended.
  void finish();

  const LogSummary& summary() const { return summary_; }
  const std::vector<ExplainedPeriod>& periods() const { return periods_; }
  std::uint64_t period_count() const { return period_count_; }
  const LeaderlessCauses& causes() const { return causes_; }
  const WindowReplay* window_replay() const { return window_.get(); }
  const std::vector<SuppressedPeriod>& suppressed() const { return suppressed_; }
  const AlertRules* alerts() const { return alerts_.get(); }
  const std::vector<Alert>& alert_list() const { return alert_list_; }
  std::uint64_t events() const { return events_; }

  // The report for people: the summary table, the periods with their causes, the what-ifs.
  std::string text() const;
  // The same for programs.
  nlohmann::ordered_json json() const;

 private:
  const IdTable& ids_;
  Findings& findings_;
  CheckOptions options_;
  LogListener* listener_;
  LogRules rules_;
  LeaderlessCauses causes_;
  LogSummary summary_;
  std::unique_ptr<WindowReplay> window_;
  std::unique_ptr<AlertRules> alerts_;
  std::vector<std::int64_t> last_ns_;  // by controller
  std::vector<std::uint64_t> last_line_;
  std::vector<std::uint32_t> last_file_;
  std::vector<ExplainedPeriod> periods_;
  std::uint64_t period_count_ = 0;
  std::vector<SuppressedPeriod> suppressed_;
  std::vector<Alert> alert_list_;
  std::uint64_t events_ = 0;
  std::int64_t end_ns_ = INT64_MIN;  // the newest timestamp analysed
};

// A wall-clock instant as the report writes it: RFC 3339 in UTC, to the millisecond.
std::string wall_time(std::int64_t unix_ns);

}  // namespace clustersim::sim::logcheck
