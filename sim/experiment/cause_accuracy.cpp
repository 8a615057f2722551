#include "sim/experiment/cause_accuracy.h"

#include <set>
#include <sstream>

#include "sim/logcheck/log_check.h"
#include "sim/oracle/checks.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {
namespace {

using logcheck::Cause;

// The causes that name each true cause (the header says why).
std::set<Cause> naming(const std::string& truth, bool removal) {
  if (truth == "crash" || truth == "pause") return {Cause::leader_down};
  if (truth == "restart" || truth == "stop_faults") return {Cause::node_restarted};
  if (truth == "partition" || truth == "isolate" || truth == "partition_one_way" || truth == "flap_link" ||
      truth == "flap_node" || truth == "set_link") {
    return {Cause::leader_isolated, Cause::cut_from_leader, Cause::node_isolated};
  }
  if (truth == "transfer_leadership") return {Cause::leader_stepped_down};
  if (truth == "remove_member" || truth == "demote") {
    return removal ? std::set<Cause>{Cause::membership_change, Cause::leader_stepped_down} : std::set<Cause>{Cause::membership_change};
  }
  if (truth == "add_member" || truth == "promote") return {Cause::membership_change};
  if (truth == "upgrade") return {Cause::node_restarted, Cause::read_only};
  if (truth == "start") return {Cause::log_start};
  return {Cause::unknown};
}

constexpr Duration clock_slack = std::chrono::seconds(1);

// What cannot cause a loss of the leader by itself: the ends of faults, load, settings. (The
// end of all faults, stop_faults, restarts crashed controllers: their announcements can.)
bool can_cause(const TimedAction& action) {
  const std::string_view name = action.name();
  return (action.is_fault() || name == "stop_faults") && name != "heal" && name != "resume" && name != "set_observer";
}

class Collect : public logcheck::LogListener {
 public:
  void event(const logcheck::LogEvent&, const logcheck::IdTable&) override {}
  void period(const logcheck::ExplainedPeriod& p, const logcheck::IdTable& ids) override {
    periods.push_back(p);
    names.push_back(p.period.controller == logcheck::no_id ? std::string("cluster") : ids.name(p.period.controller));
  }
  void finish(std::int64_t) override {}
  std::vector<logcheck::ExplainedPeriod> periods;
  std::vector<std::string> names;
};

}  // namespace

CauseAccuracy measure_cause_accuracy(const std::vector<Scenario>& scenarios) {
  CauseAccuracy accuracy;
  for (const Scenario& scenario : scenarios) {
    const RunResult run = run_scenario(scenario);
    std::istringstream log(events_jsonl(run));
    std::ostringstream report, err;
    Collect collect;
    logcheck::check_logs({{scenario.name, &log}}, {}, report, err, &collect);
    ++accuracy.scenarios;
    for (std::size_t i = 0; i < collect.periods.size(); ++i) {
      const logcheck::ExplainedPeriod& p = collect.periods[i];
      // The period's start in the run's time (node clocks differ from true time by milliseconds).
      const Time start = time_zero + std::chrono::nanoseconds(logcheck::elapsed_ns(scenario.epoch.unix_ns, p.period.from_ns));
      std::string truth = p.period.announced ? "start" : "none";
      for (const TimedAction& action : scenario.timeline) {
        const Time when = action.when(run.seed);
        // A period's timestamp is its controller's wall clock, which may be off true time by
        // the scenario's clock offsets (milliseconds): an action up to a second after it counts.
        if (!can_cause(action) || when > start + clock_slack || start - when > logcheck::cause_evidence_span) continue;
        truth = std::string(action.name());  // the last before the period
      }
      const bool removal = truth == "remove_member" || truth == "demote";
      const bool named = naming(truth, removal).count(p.cause) > 0;
      CauseTally& tally = accuracy.by_truth[truth];
      ++tally.periods;
      ++accuracy.periods;
      tally.named += named ? 1 : 0;
      accuracy.named += named ? 1 : 0;
      ++tally.inferred[std::string(logcheck::cause_name(p.cause))];
      if (!named && tally.examples_missed.size() < 3) {
        tally.examples_missed.push_back(scenario.name + ": " + collect.names[i] + " at " + format_time(start) + ": inferred " +
                                        std::string(logcheck::cause_name(p.cause)) + " (" + p.evidence.substr(0, 120) + ")");
      }
    }
  }
  return accuracy;
}

std::string cause_accuracy_page(const CauseAccuracy& a, const std::string& command) {
  std::ostringstream out;
  const auto percent = [](std::uint64_t part, std::uint64_t whole) {
    char text[16];
    std::snprintf(text, sizeof text, "%.0f%%", whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole));
    return std::string(text);
  };
  out << "# Root cause of leaderless periods: how often the log alone names it\n\n"
      << "`clustersim check` infers a likely cause for each leaderless period from the log alone\n"
      << "(sim/logcheck/leaderless_causes.h). In simulation the true cause is known, so every\n"
      << "scenario of the library was run, its event log checked as an operator's would be, and each\n"
      << "leaderless period set against the scenario's last fault before it (within a minute): the\n"
      << "truth. A fault is *named* when the inferred cause is one that stands for it\n"
      << "(sim/experiment/cause_accuracy.h lists which).\n\n"
      << "Made by `" << command << "`.\n\n"
      << a.scenarios << " scenarios, " << a.periods << " leaderless periods (per controller and cluster-wide): "
      << a.named << " named (" << percent(a.named, a.periods) << ")";
  const auto start = a.by_truth.find("start");
  if (start != a.by_truth.end()) {
    const std::uint64_t after = a.periods - start->second.periods, named = a.named - start->second.named;
    out << "; of the " << after << " that are not a controller's first report, " << named << " named ("
        << percent(named, after) << ")";
  }
  out << ".\n\n| true cause | periods | named | inferred |\n|---|---|---|---|\n";
  for (const auto& [truth, tally] : a.by_truth) {
    std::string inferred;
    for (const auto& [cause, count] : tally.inferred) inferred += (inferred.empty() ? "" : ", ") + cause + " " + std::to_string(count);
    out << "| " << truth << " | " << tally.periods << " | " << tally.named << " (" << percent(tally.named, tally.periods)
        << ") | " << inferred << " |\n";
  }
  out << "\n## Where it cannot tell\n\n"
      << "A leader cut off from its quorum steps down when its lease runs out (about a second),\n"
      << "while the mesh gives up on a silent channel only after 30 s of missed heartbeats: a\n"
      << "loss shorter than that leaves no peer event. What the old leader reports next tells a\n"
      << "lost quorum (no leader) from a transfer (the new leader); where it reported nothing\n"
      << "before the period ended, or its peers' losses say nothing of it (observer faults), the\n"
      << "cause stays a step-down or unknown. A preferred leader taking over is a transfer the\n"
      << "scenario does not script (the flap_node and none rows of preferred_leader_flickers). A\n"
      << "transfer that fails leaves no event at all. The periods it missed:\n\n";
  for (const auto& [truth, tally] : a.by_truth) {
    if (tally.examples_missed.empty()) continue;
    out << "- **" << truth << "**:\n";
    for (const std::string& example : tally.examples_missed) out << "  - " << example << "\n";
  }
  return out.str();
}

}  // namespace clustersim::sim
