#include "sim/cli/leaderless_periods.h"

#include "sim/oracle/checks.h"
#include "sim/oracle/node_timeline.h"

namespace clustersim::sim {
namespace {

// A duration to the millisecond, as the section writes every figure: "1.5s".
std::string ms(Duration d) { return format_milliseconds(d); }

// A signed offset from a period's start: "-1.5s", "+0s".
std::string offset(Time at, Time start) { return at < start ? "-" + ms(start - at) : "+" + ms(at - start); }

std::string peer_events_near(const RunResult& run, model::NodeIndex node, Time start, Time end) {
  std::string text;
  for (const RecordedEvent& e : run.mesh_events) {
    if (e.node != node || e.at > end || e.at + peer_events_before_period < start || e.event.peers.empty()) continue;
    // Losses from a minute before; regains only within the period, where they may end it.
    const bool lost = e.event.type == model::ClusterEventType::peer_disconnected;
    const bool back = e.event.type == model::ClusterEventType::peer_connected && e.at >= start;
    if (!lost && !back) continue;
    text += (text.empty() ? "" : ", ") + std::string(lost ? "lost " : "regained ") + e.event.peers.front().id + " " +
            offset(e.at, start);
  }
  return text.empty() ? "no peer lost or regained" : text;
}

}  // namespace

std::string format_leaderless_periods(const RunResult& run) {
  const Time run_end = time_zero + run.scenario.duration;
  std::string lines;
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    for (const detail::Lifetime& life : detail::lifetimes_of(run, node, run.events)) {
      bool reported = false;  // a state event came before: a leaderless one is then a loss
      const RecordedEvent* began = nullptr;
      const auto close = [&](Time end, const char* how) {
        lines += "  " + run.node_ids[node] + "  " + ms(began->at - time_zero) + " to " + ms(end - time_zero) + " (" +
                 ms(end - began->at) + how + "): " +
                 (run.scenario.mesh.enabled ? peer_events_near(run, node, began->at, end) : "the mesh is off") + "\n";
      };
      for (const RecordedEvent* e : life.events) {
        if (!is_state_event(e->event)) continue;
        const bool leaderless = e->event.type == model::ClusterEventType::state_is_leaderless;
        if (leaderless && reported && began == nullptr) began = e;  // a loss, not the announcement
        if (!leaderless && began != nullptr) {
          close(e->at, "");
          began = nullptr;
        }
        reported = true;
      }
      if (began != nullptr) close(life.end.value_or(run_end), life.end ? ", until it crashed" : ", until the end");
    }
  }
  std::string warnings;
  for (const LeaderlessWarning& w : run.leaderless_warnings) {
    warnings += "  " + run.node_ids[w.node] + "  " + format_time(w.at) + " (leaderless since " +
                ms(w.since - time_zero) + ")\n";
  }
  std::string blocks;
  for (const SimCluster::RaftBlock& b : run.raft_blocks) {
    blocks += "  " + run.node_ids[b.node] + "  from " + format_time(b.from) + " to " +
              (b.until ? format_time(*b.until) : std::string("the end")) + "\n";
  }
  std::string out;
  if (!blocks.empty()) out += "\nraft blocked on a full observer channel before event generation started:\n" + blocks;
  if (!lines.empty()) {
    out += "\nleaderless periods (after a leader was reported), with the node's peer events from " +
           format_duration(peer_events_before_period) + " before:\n" + lines;
  }
  if (!warnings.empty()) {
    out += "\nleaderless warnings (\"cluster running without leader for longer than configured threshold\", " +
           format_duration(run.scenario.warn_when_leaderless_for) + "):\n" + warnings;
  }
  return out;
}

}  // namespace clustersim::sim
