#include "sim/experiment/observation_record.h"

#include <algorithm>

namespace clustersim::sim {
namespace {

std::string label(const model::Observation& o, NodeIndex self) {
  if (o.kind == model::Observation::Kind::raft_state) return "state:" + std::string(model::raft_state_name(o.state));
  if (o.leader == model::no_node) return "leader:none";
  return o.leader == self ? "leader:self" : "leader:other";
}

}  // namespace

ObservationRecord record_observations(const RunResult& run) {
  ObservationRecord record;
  if (!run.mark) return record;
  const Time mark = *run.mark;
  std::uint64_t term_at_mark = 0;
  std::optional<NodeSnapshot> new_leader;  // the first leadership after the mark
  for (NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    for (const NodeSnapshot& s : run.truth.history(node)) {
      if (s.at <= mark) term_at_mark = std::max(term_at_mark, s.term);
      if (s.at > mark && s.role == model::RaftState::leader && (!new_leader || s.at < new_leader->at)) new_leader = s;
    }
    const std::vector<LoggedInput>& inputs = run.inputs[node];
    const bool crashed_at_mark = std::any_of(inputs.begin(), inputs.end(), [&](const LoggedInput& input) {
      return input.kind == LoggedInput::Kind::crash && input.at == mark;
    });
    if (crashed_at_mark) continue;  // its tracker is gone: nothing to compare
    std::vector<std::string>& sequence = record.sequences[run.node_ids[node]];
    for (const LoggedInput& input : inputs) {
      if (input.kind == LoggedInput::Kind::observation && input.at >= mark) sequence.push_back(label(input.observation, node));
    }
  }
  if (new_leader) record.terms_after_mark = new_leader->term - term_at_mark;
  return record;
}

}  // namespace clustersim::sim
