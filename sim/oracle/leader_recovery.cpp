#include "sim/oracle/leader_recovery.h"

#include <algorithm>

namespace clustersim::sim {

std::vector<LeaderRecovery> leader_recoveries(const RunResult& run) {
  const std::size_t n = run.node_ids.size();
  std::vector<LeaderRecovery> recoveries;
  for (NodeIndex crashed = 0; crashed < n; ++crashed) {
    const auto& history = run.truth.history(crashed);
    for (std::size_t i = 1; i < history.size(); ++i) {
      if (history[i].role != model::RaftState::shutdown || history[i - 1].role != model::RaftState::leader) continue;
      LeaderRecovery recovery;
      recovery.crashed = crashed;
      recovery.crash = history[i].at;
      for (NodeIndex node = 0; node < n; ++node) {
        for (const NodeSnapshot& s : run.truth.history(node)) {
          if (s.at > recovery.crash && s.role == model::RaftState::leader &&
              (recovery.next == model::no_node || s.at < recovery.elected)) {
            recovery.next = node;
            recovery.elected = s.at;
          }
        }
      }
      recovery.told.resize(n);
      if (recovery.next != model::no_node) {
        for (const RecordedEvent& e : run.events) {
          if (e.at > recovery.crash && !recovery.told[e.node] && e.event.type == model::ClusterEventType::state_has_leader &&
              e.event.leader_id == run.node_ids[recovery.next]) {
            recovery.told[e.node] = e.at;
          }
        }
      }
      recoveries.push_back(std::move(recovery));
    }
  }
  return recoveries;
}

}  // namespace clustersim::sim
