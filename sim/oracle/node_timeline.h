// Internal to sim/oracle: one node's tracker inputs and events merged in exact order, split
// into tracker lifetimes (from a start to a crash or the end of the run).
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "sim/simulation/simulation.h"

namespace clustersim::sim::detail {

struct Lifetime {
  Time start;
  std::optional<Time> end;  // a crash; nothing if it ran to the end of the run
  std::vector<const LoggedInput*> inputs;  // observations, pauses, resumes, in order
  std::vector<const RecordedEvent*> events;  // this node's events (all types), in order
};

// Lifetimes of `node` for the given event list (primary or comparison bank).
std::vector<Lifetime> lifetimes_of(const RunResult& run, model::NodeIndex node,
                                   const std::vector<RecordedEvent>& events);

// The leader the node had observed just before `sequence`, as seen through `view` (raw ids
// mapped to what a tracker may report: the identity, or no_node for a non-member), with the
// time that view last changed (the lifetime's start if never) and the term it came in.
struct RawLeader {
  model::NodeIndex leader = model::no_node;
  Time since;
  std::uint64_t term = 0;
};
RawLeader leader_before(const Lifetime& lifetime, std::uint64_t sequence,
                        const std::function<model::NodeIndex(model::NodeIndex)>& view);

}  // namespace clustersim::sim::detail
