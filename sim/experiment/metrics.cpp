#include "sim/experiment/metrics.h"

#include <algorithm>

#include "model/assert.h"
#include "sim/oracle/checks.h"

namespace clustersim::sim {
namespace {

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

// The first leadership after the run's mark: who, and when.
std::optional<std::pair<model::NodeIndex, Time>> new_leader(const RunResult& run) {
  if (!run.mark) return std::nullopt;
  return first_leader_after(run.truth, run.node_ids.size(), *run.mark);
}

// From the mark to the end of the run, the time no node is in the Leader role.
std::optional<double> leaderless(const RunResult& run) {
  if (!run.mark || run.limit) return std::nullopt;
  const Time end = time_zero + run.scenario.duration;
  struct Change {
    Time at;
    NodeIndex node;
    bool leads;
  };
  std::vector<Change> changes;
  for (NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    for (const NodeSnapshot& s : run.truth.history(node)) changes.push_back({s.at, node, s.role == model::RaftState::leader});
  }
  std::stable_sort(changes.begin(), changes.end(), [](const Change& a, const Change& b) { return a.at < b.at; });
  std::vector<bool> leads(run.node_ids.size(), false);
  std::size_t leaders = 0;
  Duration without{0};
  Time since = *run.mark;  // measured up to here
  for (const Change& c : changes) {
    if (c.at > end) break;
    if (c.at > since) {
      if (leaders == 0) without += c.at - since;
      since = c.at;
    }
    if (leads[c.node] != c.leads) {
      leads[c.node] = c.leads;
      leaders = c.leads ? leaders + 1 : leaders - 1;
    }
  }
  if (leaders == 0 && end > since) without += end - since;
  return seconds(without);
}

// Per node, from the mark to the end, the time its tracker's last state event said
// is_leaderless (a crashed node's tracker says nothing more: its last word stands until it
// speaks again).
std::optional<std::vector<double>> reported_leaderless(const RunResult& run) {
  if (!run.mark || run.limit) return std::nullopt;
  const Time end = time_zero + run.scenario.duration;
  std::vector<double> per_node(run.node_ids.size(), 0.0);
  std::vector<bool> leaderless(run.node_ids.size(), false);
  std::vector<Time> since(run.node_ids.size(), *run.mark);
  for (const RecordedEvent& e : run.events) {
    if (!is_state_event(e.event) || e.at > end) continue;
    const bool says_leaderless = e.event.type == model::ClusterEventType::state_is_leaderless;
    if (e.at > *run.mark && leaderless[e.node]) per_node[e.node] += seconds(e.at - std::max(since[e.node], *run.mark));
    leaderless[e.node] = says_leaderless;
    since[e.node] = e.at;
  }
  for (NodeIndex node = 0; node < per_node.size(); ++node) {
    if (leaderless[node]) per_node[node] += seconds(end - std::max(since[node], *run.mark));
  }
  return per_node;
}

}  // namespace

std::optional<std::pair<model::NodeIndex, Time>> first_leader_after(const GroundTruth& truth, std::size_t nodes,
                                                                     Time mark) {
  std::optional<std::pair<model::NodeIndex, Time>> first;
  for (model::NodeIndex node = 0; node < nodes; ++node) {
    for (const NodeSnapshot& s : truth.history(node)) {
      if (s.at > mark && s.role == model::RaftState::leader) {
        if (!first || s.at < first->second) first = std::make_pair(node, s.at);  // ties: the lower index
        break;
      }
    }
  }
  return first;
}

std::vector<std::optional<Time>> first_reports_of(const std::vector<RecordedEvent>& events, std::size_t nodes,
                                                  Time mark, std::string_view leader_id) {
  std::vector<std::optional<Time>> reported(nodes);
  for (const RecordedEvent& e : events) {
    if (e.at > mark && !reported[e.node] && e.event.type == model::ClusterEventType::state_has_leader &&
        e.event.leader_id == leader_id) {
      reported[e.node] = e.at;
    }
  }
  return reported;
}

std::optional<double> measure(const RunResult& run, const std::string& name) {
  if (name == "downtime") {
    const auto leader = new_leader(run);
    if (!leader) return std::nullopt;
    return seconds(leader->second - *run.mark);
  }
  if (name == "tracker_convergence") {
    const auto leader = new_leader(run);
    if (!leader) return std::nullopt;
    Time latest = *run.mark;
    const std::vector<std::optional<Time>> reported =
        first_reports_of(run.events, run.node_ids.size(), *run.mark, run.node_ids[leader->first]);
    for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
      if (!run.final_reported[node]) continue;  // crashed at the end: no tracker to ask
      if (!reported[node]) return std::nullopt;
      latest = std::max(latest, *reported[node]);
    }
    return seconds(latest - *run.mark);
  }
  if (name == "leaderless") return leaderless(run);
  if (name == "reported_leaderless" || name == "reported_leaderless_mean") {
    const auto per_node = reported_leaderless(run);
    if (!per_node || per_node->empty()) return std::nullopt;
    if (name == "reported_leaderless") return *std::max_element(per_node->begin(), per_node->end());
    double total = 0;
    for (double node : *per_node) total += node;
    return total / static_cast<double>(per_node->size());
  }
  if (name == "events_per_node") {
    return static_cast<double>(count_state_events(run.events)) / static_cast<double>(run.node_ids.size());
  }
  if (name == "election_terms") {
    const auto leader = new_leader(run);
    if (!leader) return std::nullopt;
    std::uint64_t at_mark = 0, won = 0;
    for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
      for (const NodeSnapshot& s : run.truth.history(node)) {
        if (s.at <= *run.mark) at_mark = std::max(at_mark, s.term);
        if (node == leader->first && s.at == leader->second && s.role == model::RaftState::leader) won = s.term;
      }
    }
    return static_cast<double>(won - std::min(won, at_mark));
  }
  CLUSTERSIM_ASSERT(name == "elections");
  std::uint64_t highest = 0;
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    for (const NodeSnapshot& s : run.truth.history(node)) highest = std::max(highest, s.term);
  }
  return static_cast<double>(highest);
}

}  // namespace clustersim::sim
