#include "sim/oracle/coverage.h"

#include <algorithm>

namespace clustersim::sim {
namespace {

constexpr const char* run_mark_names[] = {"observer_channel_full", "transfer_during_cut", "window_expired_during_flap",
                                          "two_leaders_at_once"};

// The instants a cut (partition, one-way cut, isolation) was in force: from the first such
// action until a heal or stop_faults ends them all.
std::vector<std::pair<Time, Time>> cut_intervals(const Scenario& scenario) {
  std::vector<std::pair<Time, Time>> cuts;
  std::optional<Time> since;
  for (const TimedAction& action : scenario.timeline) {
    if (action.get_if<Partition>() || action.get_if<PartitionOneWay>() || action.get_if<Isolate>()) {
      if (!since) since = action.at;
    } else if ((action.get_if<Heal>() || action.get_if<StopFaults>()) && since) {
      cuts.emplace_back(*since, action.at);
      since.reset();
    }
  }
  if (since) cuts.emplace_back(*since, time_zero + scenario.duration);
  return cuts;
}

bool within(const std::vector<std::pair<Time, Time>>& intervals, Time at) {
  return std::any_of(intervals.begin(), intervals.end(), [&](const auto& i) { return at >= i.first && at < i.second; });
}

std::uint64_t transfers_during_cuts(const Scenario& scenario) {
  const auto cuts = cut_intervals(scenario);
  return static_cast<std::uint64_t>(std::count_if(scenario.timeline.begin(), scenario.timeline.end(), [&](const TimedAction& a) {
    return a.get_if<TransferLeadership>() && within(cuts, a.at);
  }));
}

// The flaps each node is touched by, as intervals; a flap of a reference ("leader") touches
// every node, for the node it meant is only known as the run went.
std::vector<std::vector<std::pair<Time, Time>>> flaps_by_node(const RunResult& run) {
  std::vector<std::vector<std::pair<Time, Time>>> flaps(run.node_ids.size());
  auto touch = [&](const std::string& reference, const FlapSpec& flap) {
    for (std::size_t node = 0; node < run.node_ids.size(); ++node) {
      if (reference == run.node_ids[node] || is_role_reference(reference)) flaps[node].emplace_back(flap.start, flap.end);
    }
  };
  for (const TimedAction& action : run.scenario.timeline) {
    if (const auto* link = action.get_if<FlapLink>()) {
      touch(link->a, link->flap);
      touch(link->b, link->flap);
    } else if (const auto* node = action.get_if<FlapNode>()) {
      touch(node->node, node->flap);
    }
  }
  return flaps;
}

std::uint64_t decisions_during_flaps(const RunResult& run) {
  if (run.scenario.stability_window == Duration{0} || run.policy != model::TrackerPolicy::stable) return 0;
  const auto flaps = flaps_by_node(run);
  return static_cast<std::uint64_t>(std::count_if(run.events.begin(), run.events.end(), [&](const RecordedEvent& e) {
    const bool state = e.event.type == model::ClusterEventType::state_has_leader ||
                       e.event.type == model::ClusterEventType::state_is_leaderless;
    return state && e.node < flaps.size() && within(flaps[e.node], e.at);
  }));
}

// Instants at which two nodes were leaders, counted once per overlap of two leaderships.
std::uint64_t overlapping_leaders(const RunResult& run) {
  std::vector<std::pair<Time, Time>> leaderships;  // of every node, in any order
  for (NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    std::optional<Time> since;
    for (const NodeSnapshot& snapshot : run.truth.history(node)) {
      if (snapshot.role == model::RaftState::leader && !since) since = snapshot.at;
      if (snapshot.role != model::RaftState::leader && since) {
        leaderships.emplace_back(*since, snapshot.at);
        since.reset();
      }
    }
    if (since) leaderships.emplace_back(*since, time_zero + run.scenario.duration);
  }
  std::sort(leaderships.begin(), leaderships.end());
  std::uint64_t overlaps = 0;
  for (std::size_t i = 0; i < leaderships.size(); ++i) {
    for (std::size_t j = i + 1; j < leaderships.size() && leaderships[j].first < leaderships[i].second; ++j) ++overlaps;
  }
  return overlaps;
}

}  // namespace

const std::vector<std::string>& coverage_mark_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all(model::raft_mark_names.begin(), model::raft_mark_names.end());
    all.insert(all.end(), std::begin(run_mark_names), std::end(run_mark_names));
    return all;
  }();
  return names;
}

std::vector<std::uint64_t> coverage_counts(const RunResult& run) {
  std::vector<std::uint64_t> counts(run.raft_marks.counts.begin(), run.raft_marks.counts.end());
  counts.push_back(run.raft_blocks.size());
  counts.push_back(transfers_during_cuts(run.scenario));
  counts.push_back(decisions_during_flaps(run));
  counts.push_back(overlapping_leaders(run));
  return counts;
}

}  // namespace clustersim::sim
