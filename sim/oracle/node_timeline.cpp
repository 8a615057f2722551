#include "sim/oracle/node_timeline.h"

namespace clustersim::sim::detail {

std::vector<Lifetime> lifetimes_of(const RunResult& run, model::NodeIndex node,
                                   const std::vector<RecordedEvent>& events) {
  std::vector<Lifetime> lifetimes;
  std::vector<const RecordedEvent*> mine;
  for (const RecordedEvent& e : events) {
    if (e.node == node) mine.push_back(&e);
  }
  std::size_t next_event = 0;
  const auto& inputs = run.inputs[node];
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const LoggedInput& input = inputs[i];
    if (input.kind == LoggedInput::Kind::start) {
      lifetimes.push_back(Lifetime{input.at, std::nullopt, {}, {}});
    } else if (input.kind == LoggedInput::Kind::crash) {
      if (!lifetimes.empty()) lifetimes.back().end = input.at;
    } else if (!lifetimes.empty()) {
      lifetimes.back().inputs.push_back(&input);
    }
    // Events up to the next input belong to the lifetime now open.
    const std::uint64_t limit = i + 1 < inputs.size() ? inputs[i + 1].sequence : UINT64_MAX;
    while (next_event < mine.size() && mine[next_event]->sequence < limit) {
      if (!lifetimes.empty()) lifetimes.back().events.push_back(mine[next_event]);
      ++next_event;
    }
  }
  return lifetimes;
}

RawLeader leader_before(const Lifetime& lifetime, std::uint64_t sequence,
                        const std::function<model::NodeIndex(model::NodeIndex)>& view) {
  RawLeader seen{model::no_node, lifetime.start, 0};
  for (const LoggedInput* input : lifetime.inputs) {
    if (input->sequence >= sequence) break;
    if (input->kind != LoggedInput::Kind::observation ||
        input->observation.kind != model::Observation::Kind::leader) {
      continue;
    }
    const model::NodeIndex leader = view(input->observation.leader);
    if (leader != seen.leader) {
      seen.leader = leader;
      seen.since = input->at;
    }
    seen.term = input->observation.term;
  }
  return seen;
}

}  // namespace clustersim::sim::detail
