#include "sim/cli/summary.h"

#include <cstdio>
#include <sstream>

#include "sim/cli/leaderless_periods.h"
#include "sim/oracle/checks.h"
#include "sim/oracle/node_timeline.h"

namespace clustersim::sim {

std::string reproduce_command(const RunResult& run) {
  return "clustersim run " + (run.scenario.file.empty() ? std::string("<scenario>") : run.scenario.file) +
         " --seed " + std::to_string(run.seed) + " --policy " + std::string(model::policy_name(run.policy));
}

Duration leaderless_time(const RunResult& run, model::NodeIndex node) {
  const Time run_end = time_zero + run.scenario.duration;
  Duration total{0};
  // Within each tracker lifetime, every is_leaderless report lasts until the next state
  // report, or the crash or end of the run that ends the lifetime.
  for (const detail::Lifetime& life : detail::lifetimes_of(run, node, run.events)) {
    const RecordedEvent* leaderless_since = nullptr;
    for (const RecordedEvent* e : life.events) {
      if (!is_state_event(e->event)) continue;
      if (leaderless_since != nullptr) total += e->at - leaderless_since->at;
      leaderless_since = e->event.type == model::ClusterEventType::state_is_leaderless ? e : nullptr;
    }
    if (leaderless_since != nullptr) total += life.end.value_or(run_end) - leaderless_since->at;
  }
  return total;
}

namespace {

// Per node, the mesh at the end: the version its process runs, how many peers it holds a
// channel to, its peer events, and whether it is read-only.
std::string format_mesh_table(const RunResult& run) {
  const std::size_t n = run.node_ids.size();
  std::vector<std::vector<bool>> connected(n, std::vector<bool>(n, false));
  for (const MeshChange& c : run.mesh_changes) connected[c.node][c.peer] = c.channel.has_value();
  std::vector<std::string> version(n);
  std::vector<Time> started(n, time_zero);
  for (const MeshStart& start : run.mesh_starts) {
    version[start.node] = start.version;
    started[start.node] = start.at;
  }
  std::vector<int> ups(n, 0), downs(n, 0);
  std::vector<bool> read_only(n, false);
  for (const RecordedEvent& e : run.mesh_events) {
    using T = model::ClusterEventType;
    ups[e.node] += e.event.type == T::peer_connected ? 1 : 0;
    downs[e.node] += e.event.type == T::peer_disconnected ? 1 : 0;
    if ((e.event.type == T::state_ro || e.event.type == T::state_rw) && e.at >= started[e.node]) {
      read_only[e.node] = e.event.type == T::state_ro;
    }
  }
  char line[200];
  std::string out = "\n";
  std::snprintf(line, sizeof line, "  %-10s %-12s %9s %14s %17s %9s\n", "mesh", "version", "channels", "peer.connected",
                "peer.disconnected", "at end");
  out += line;
  for (model::NodeIndex node = 0; node < n; ++node) {
    int channels = 0;
    for (model::NodeIndex peer = 0; peer < n; ++peer) channels += connected[node][peer] ? 1 : 0;
    const bool up = run.final_reported[node].has_value();
    const std::string held = std::to_string(channels) + "/" + std::to_string(n - 1);
    std::snprintf(line, sizeof line, "  %-10s %-12s %9s %14d %17d %9s\n", run.node_ids[node].c_str(), version[node].c_str(),
                  up ? held.c_str() : "-", ups[node], downs[node], !up ? "down" : read_only[node] ? "read-only" : "rw");
    out += line;
  }
  return out;
}

}  // namespace

std::string format_row(const RunResult& run, const OracleReport& report) {
  std::size_t applied = 0, passed = 0;
  for (const CheckResult& check : report.checks) {
    if (!check.applies) continue;
    ++applied;
    passed += check.passed() ? 1u : 0u;
  }
  char dedup[32];
  std::snprintf(dedup, sizeof dedup, "%.2f", dedup_counts(run).ratio());
  const int code = report.exit_code();
  return run.scenario.name + "\t" + std::string(model::policy_name(run.policy)) + "\t" +
         std::to_string(run.node_ids.size()) + "\t" + format_duration(run.scenario.duration) + "\t" +
         std::to_string(count_state_events(run.events)) + "\t" + dedup + "\t" + std::to_string(passed) + "/" +
         std::to_string(applied) + "\t" + (code == 0 ? "PASS" : code == 3 ? "LIVENESS" : "FAIL");
}

std::string format_summary(const RunResult& run, const OracleReport& report) {
  std::ostringstream out;
  const Scenario& s = run.scenario;
  out << "scenario " << s.name << ": " << s.purpose << "\n";
  out << "seed " << run.seed << ", policy " << model::policy_name(run.policy);
  if (run.policy == model::TrackerPolicy::stable) out << " (window " << format_duration(s.stability_window) << ")";
  out << ", " << run.node_ids.size() << " nodes, " << format_duration(s.duration) << " simulated, "
      << run.kernel_events << " kernel events\n";
  if (!run.actions.empty()) {
    out << "\nactions:\n";
    for (const ActionRecord& action : run.actions) {
      out << "  " << format_time(action.at) << "  " << action.text << "\n";
    }
  }
  char line[200];
  std::snprintf(line, sizeof line, "\n  %-10s %10s %13s %7s %5s %16s\n", "node", "has_leader",
                "is_leaderless", "gained", "lost", "leaderless time");
  out << line;
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    int counts[4] = {0, 0, 0, 0};
    for (const RecordedEvent& e : run.events) {
      if (e.node != node) continue;
      if (e.event.type == model::ClusterEventType::state_has_leader) ++counts[0];
      if (e.event.type == model::ClusterEventType::state_is_leaderless) ++counts[1];
      if (e.event.type == model::ClusterEventType::leadership_gained) ++counts[2];
      if (e.event.type == model::ClusterEventType::leadership_lost) ++counts[3];
    }
    std::snprintf(line, sizeof line, "  %-10s %10d %13d %7d %5d %16s\n", run.node_ids[node].c_str(),
                  counts[0], counts[1], counts[2], counts[3],
                  format_duration(std::chrono::round<std::chrono::milliseconds>(leaderless_time(run, node))).c_str());
    out << line;
  }
  if (run.scenario.mesh.enabled) out << format_mesh_table(run);
  out << format_leaderless_periods(run);
  bool input_faults = false;
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    input_faults = input_faults || run.observer[node].total() > 0 || run.timer_faults[node].total() > 0;
  }
  if (input_faults) {
    out << "\n  the path from raft to each tracker (set_observer, and a delayed start-up): observations, then wake-ups\n";
    std::snprintf(line, sizeof line, "  %-10s %8s %14s %11s %6s %6s %6s %6s %6s\n", "node", "dropped", "clears skipped",
                  "duplicated", "stale", "late", "late", "early", "twice");
    out << line;
    for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
      const ObserverCounters& c = run.observer[node];
      const TimerFaultCounters& t = run.timer_faults[node];
      const auto n = [](std::uint64_t v) { return static_cast<unsigned long long>(v); };
      std::snprintf(line, sizeof line, "  %-10s %8llu %14llu %11llu %6llu %6llu %6llu %6llu %6llu\n",
                    run.node_ids[node].c_str(), n(c.dropped), n(c.skipped_clears), n(c.duplicated), n(c.stale),
                    n(c.delayed), n(t.late), n(t.early), n(t.repeated));
      out << line;
    }
  }
  out << "\nchecks:\n";
  for (const CheckResult& check : report.checks) {
    const char* verdict = !check.applies ? "n/a " : check.passed() ? "PASS" : "FAIL";
    std::snprintf(line, sizeof line, "  %s %-24s ", verdict, check.name.c_str());
    out << line << check.note << "\n";  // a note may be longer than any fixed line
    std::size_t shown = 0;
    for (const CheckFailure& failure : check.failures) {
      if (++shown > 5) {
        out << "       ... and " << (check.failures.size() - 5) << " more\n";
        break;
      }
      out << "       " << (failure.node == model::no_node ? std::string("run") : run.node_ids[failure.node])
          << " at " << format_time(failure.at) << ": " << failure.message << "\n";
      for (const std::string& event : failure.events) out << "         " << event << "\n";
    }
  }
  const int code = report.exit_code();
  std::snprintf(line, sizeof line, "\nverdict: %s (exit %d), trace hash %016llx\n",
                code == 0 ? "PASS" : code == 3 ? "LIVENESS FAILED" : "FAILED", code,
                static_cast<unsigned long long>(run.trace_hash));
  out << line;
  if (code != 0) out << "reproduce: " << reproduce_command(run) << "\n";
  return out.str();
}

}  // namespace clustersim::sim
