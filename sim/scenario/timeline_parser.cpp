// The timeline: each action read by its kind, then the checks that the sequence is possible
// (no restart of a running node, no overlapping flaps on one target, nothing but writes once
// faults stop).
#include <algorithm>

#include "sim/scenario/scenario_reader.h"

namespace clustersim::sim::detail {

std::vector<TimedAction> read_timeline(const ScenarioReader& reader, const Json& timeline, const Scenario& scenario) {
  // A timeline people write has tens of actions and a swarm world at most 31; ten thousand
  // keeps the checks and the drawing quick and the file within a few hundred KiB.
  if (timeline.size() > timeline_actions_max) {
    reader.fail("timeline", "at most " + std::to_string(timeline_actions_max) + " actions (" +
                                std::to_string(timeline.size()) + " given)");
  }
  std::vector<TimedAction> actions;
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    actions.push_back(read_action(reader, timeline[i], "timeline[" + std::to_string(i) + "]", scenario));
  }
  std::stable_sort(actions.begin(), actions.end(), [](const TimedAction& a, const TimedAction& b) { return a.at < b.at; });
  return actions;
}

namespace {

// The flap's spec and overlap target, for the two flap kinds.
const FlapSpec* flap_of(const TimedAction& action, std::string& target) {
  if (const auto* link = action.get_if<FlapLink>()) {
    target = link->target();
    return &link->flap;
  }
  if (const auto* node = action.get_if<FlapNode>()) {
    target = node->target();
    return &node->flap;
  }
  return nullptr;
}

}  // namespace

void validate_timeline(const ScenarioReader& reader, const Scenario& scenario) {
  const TimedAction* stop = nullptr;
  for (const TimedAction& action : scenario.timeline) {
    if (!action.get_if<StopFaults>()) continue;
    if (stop != nullptr) reader.fail(action.path, "there can be only one stop_faults");
    stop = &action;
  }
  LifecycleRule lifecycle(scenario.node_ids());
  MembershipRule membership(scenario.raft);
  FlapOverlap overlap;
  for (const TimedAction& action : scenario.timeline) {
    if (stop != nullptr && action.is_fault() && action.at >= stop->at) {
      reader.fail(action.path, "a fault after stop_faults (" + format_time(stop->at) + "): the liveness phase has none");
    }
    std::string target;
    if (const FlapSpec* flap = flap_of(action, target)) {
      if (stop != nullptr && flap->end > stop->at) {
        reader.fail(action.path + ".until", "the flap must end by stop_faults (" + format_time(stop->at) + ")");
      }
      if (auto other = overlap.add(target, *flap, action.path)) {
        reader.fail(action.path, "overlaps the flap of the same target at " + *other);
      }
    }
    std::string changed;
    if (const auto kind = membership_change_of(action, changed)) {
      if (auto refusal = membership.take(*kind, changed)) {
        reader.fail(action.path, std::string(action.name()) + " " + changed + ": " + *refusal + " at this point of the timeline");
      }
    }
    if (const auto* transfer = action.get_if<TransferLeadership>()) {
      if (auto problem = membership.transfer_problem(transfer->to)) {
        reader.fail(action.path + ".to", *problem + " at this point of the timeline");
      }
    }
    if (const LifecycleStep* step = action.lifecycle()) {
      const std::string& node = *action.lifecycle_node();
      if (const char* refusal = lifecycle.take(node, *step)) {
        reader.fail(action.path, std::string(action.name()) + " " + node + ": " + refusal);
      }
    }
  }
}

}  // namespace clustersim::sim::detail
