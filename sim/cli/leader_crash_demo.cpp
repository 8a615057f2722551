#include "sim/cli/leader_crash_demo.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <vector>

#include "sim/oracle/checks.h"
#include "sim/oracle/leader_recovery.h"
#include "sim/scenario/scenario_parser.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim {

// A window of 3 s: long enough to hide the ~1 s election after the crash (hashicorp's default
// heartbeat timeout is 1 s), short enough that the table shows the stable tracker's wait.
const char* const leader_crash_demo_scenario = R"({
  "name": "demo_leader_crash",
  "purpose": "Five controllers; the leader crashes at 20s and is back at 35s.",
  "seed": 1,
  "duration": "50s",
  "cluster": {"nodes": 5},
  "tracker": {"policy": "stable", "stability_window": "3s"},
  "network": {"latency": {"uniform": ["0.5ms", "2ms"]}},
  "timeline": [
    {"at": "20s", "action": "crash", "node": "leader"},
    {"at": "35s", "action": "stop_faults", "liveness_bound": "15s"}
  ],
  "expect": {"final": {"all": "has_leader"}}
}
)";

namespace {

using model::NodeIndex;

// Who really leads at an instant: every running node whose role is leader, by term.
std::string truth_text(const RunResult& run, const std::vector<const NodeSnapshot*>& now) {
  std::string text;
  for (NodeIndex node = 0; node < now.size(); ++node) {
    if (now[node] == nullptr || now[node]->role != model::RaftState::leader) continue;
    text += (text.empty() ? "" : " and ") + run.node_ids[node] + " (term " + std::to_string(now[node]->term) + ")";
  }
  return text.empty() ? "no leader" : text + " leads";
}

std::string cell_text(bool booted, const NodeSnapshot* truth, const RecordedEvent* said) {
  if (!booted) return "-";  // its process has not started yet (boots are staggered)
  if (truth != nullptr && truth->role == model::RaftState::shutdown) return "down";
  if (said == nullptr) return "-";
  if (said->event.type == model::ClusterEventType::state_is_leaderless) return "none";
  return said->event.leader_id.empty() ? std::string("?") : said->event.leader_id;
}

std::string seconds_text(Duration d) { return format_duration(std::chrono::round<std::chrono::milliseconds>(d)); }

}  // namespace

LeaderCrashDemo run_leader_crash_demo(std::uint64_t seed, model::TrackerPolicy policy) {
  const Scenario scenario = parse_scenario(leader_crash_demo_scenario, "demo_leader_crash.json");
  RunOptions options;
  options.seed = seed;
  options.policy = policy;
  const RunResult run = run_scenario(scenario, options);
  const std::size_t n = run.node_ids.size();

  // Every instant something changed: a node's role, term or leader, or a tracker's report.
  std::set<Time> instants;
  for (NodeIndex node = 0; node < n; ++node) {
    for (const NodeSnapshot& s : run.truth.history(node)) instants.insert(s.at);
  }
  for (const RecordedEvent& e : run.events) {
    if (is_state_event(e.event)) instants.insert(e.at);
  }
  std::string text = "clustersim demo: " + scenario.purpose + "\n";
  text += "seed " + std::to_string(run.seed) + ", policy " + std::string(model::policy_name(run.policy));
  if (run.policy == model::TrackerPolicy::stable) text += " (stability window " + format_duration(scenario.stability_window) + ")";
  text += "\n\nWhat really happened, and what each controller's tracker said (its last state event:\n"
          "the leader it named, none for is_leaderless, down while crashed, - before its process\n"
          "started; * marks a change):\n\n";
  char line[400];
  std::snprintf(line, sizeof line, "  %-9s %-26s", "time", "who leads (ground truth)");
  text += line;
  for (const std::string& id : run.node_ids) {
    std::snprintf(line, sizeof line, " %-8s", id.c_str());
    text += line;
  }
  text += "\n";
  std::vector<std::size_t> truth_at(n, 0);
  std::vector<const NodeSnapshot*> truth_now(n, nullptr);
  std::vector<const RecordedEvent*> said(n, nullptr);
  std::size_t next_event = 0;
  std::string last_truth;
  std::vector<std::string> last_cells(n, "-");  // no "*" on the first row for a node not yet started
  for (const Time at : instants) {
    for (NodeIndex node = 0; node < n; ++node) {
      const auto& history = run.truth.history(node);
      while (truth_at[node] < history.size() && history[truth_at[node]].at <= at) truth_now[node] = &history[truth_at[node]++];
    }
    for (; next_event < run.events.size() && run.events[next_event].at <= at; ++next_event) {
      const RecordedEvent& e = run.events[next_event];
      if (is_state_event(e.event)) said[e.node] = &e;
    }
    const std::string truth = truth_text(run, truth_now);
    std::vector<std::string> cells(n);
    bool changed = truth != last_truth;
    for (NodeIndex node = 0; node < n; ++node) {
      cells[node] = cell_text(at >= run.boots[node], truth_now[node], said[node]);
      changed = changed || cells[node] != last_cells[node];
    }
    if (!changed) continue;
    std::snprintf(line, sizeof line, "  %-9s %-26s", seconds_text(at.time_since_epoch()).c_str(),
                  truth == last_truth ? "" : truth.c_str());
    text += line;
    for (NodeIndex node = 0; node < n; ++node) {
      const std::string cell = cells[node] + (cells[node] != last_cells[node] ? "*" : "");
      std::snprintf(line, sizeof line, " %-8s", cell.c_str());
      text += line;
    }
    text += "\n";
    last_truth = truth;
    last_cells = cells;
  }

  // From the crash to each tracker naming the leader elected after it.
  const std::vector<LeaderRecovery> recoveries = leader_recoveries(run);
  if (!recoveries.empty() && recoveries.front().next != model::no_node) {
    const LeaderRecovery& r = recoveries.front();
    const std::string& id = run.node_ids[r.next];
    text += "\nThe crash at " + format_time(r.crash) + ": " + id + " was elected " + seconds_text(r.elected - r.crash) +
            " later. From the crash to each tracker naming " + id + ":\n ";
    for (NodeIndex node = 0; node < n; ++node) {
      text += " " + run.node_ids[node] + " " + (r.told[node] ? seconds_text(*r.told[node] - r.crash) : std::string("never")) +
              (node == r.crashed ? " (the one that crashed)" : "");
    }
    text += "\n";
  }
  const auto count = [](const std::vector<RecordedEvent>& events, model::ClusterEventType type) {
    return std::count_if(events.begin(), events.end(), [&](const RecordedEvent& e) { return e.event.type == type; });
  };
  using T = model::ClusterEventType;
  text += "\nState events said in all: " + std::string(model::policy_name(run.policy)) + " " +
          std::to_string(count(run.events, T::state_has_leader)) + " has_leader, " +
          std::to_string(count(run.events, T::state_is_leaderless)) + " is_leaderless; " +
          std::string(model::policy_name(run.comparison_policy)) + ", watching the same cluster, " +
          std::to_string(count(run.comparison_events, T::state_has_leader)) + " has_leader, " +
          std::to_string(count(run.comparison_events, T::state_is_leaderless)) + " is_leaderless.\n";
  const OracleReport report = check_run(run, nullptr);
  std::size_t applied = 0;
  for (const CheckResult& check : report.checks) applied += check.applies ? 1u : 0u;
  LeaderCrashDemo demo;
  demo.exit_code = report.exit_code();
  text += demo.exit_code == 0 ? "Every one of the " + std::to_string(applied) + " oracles holds.\n"
                              : "FAILED: " + describe_failures(run, report) + "\n";
  text += "\nSee it drawn: clustersim demo --scenario > crash.json && clustersim run crash.json --timeline crash.html\n";
  demo.text = std::move(text);
  return demo;
}

}  // namespace clustersim::sim
