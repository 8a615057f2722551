// A scenario's timeline: each action is one struct of its kind, in one std::variant.
//
// Every kind (sim/scenario/actions/) has a static `name`, reads and checks its own keys
// (`static T read(const ActionInput&)`), writes them back (`write`), acts on a running world
// (`apply`), and may say how a timeline draws it (`drawing`), when it really happens (`when`,
// for a random delay) and how it moves a node's lifecycle (`lifecycle`, with `node`). Adding a
// kind is its struct in one of those files and its name in the Action list below.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sim/scenario/actions/flap_actions.h"
#include "sim/scenario/actions/membership_actions.h"
#include "sim/scenario/actions/network_actions.h"
#include "sim/scenario/actions/node_actions.h"
#include "sim/scenario/actions/observer_actions.h"
#include "sim/scenario/actions/phase_actions.h"

namespace clustersim::sim {

// The registration list: every kind of timeline action.
using Action = std::variant<Partition, PartitionOneWay, Isolate, Heal, FlapLink, FlapNode, Crash, Restart, Pause,
                            Resume, Upgrade, SetLink, SetObserver, Writes, StopFaults, AddMember, RemoveMember,
                            Promote, Demote, TransferLeadership>;

struct TimedAction {
  Time at;
  Action action;
  std::string path;  // "timeline[3]", for messages

  std::string_view name() const;
  template <typename Kind>
  const Kind* get_if() const { return std::get_if<Kind>(&action); }
  // Faults are every kind but writes and stop_faults: none may come after stop_faults.
  bool is_fault() const { return !get_if<Writes>() && !get_if<StopFaults>(); }
  // The instant it really happens (`at`, unless the kind draws a delay from the seed).
  Time when(std::uint64_t seed) const;
  void apply(ActionContext& context) const;
  FaultDrawing drawing() const;
  // The lifecycle step and the node it moves, for node-lifecycle kinds; else null.
  const LifecycleStep* lifecycle() const;
  const std::string* lifecycle_node() const;
};

// Every kind's name, sorted, for messages: "crash, flap_link, ...".
std::string action_names();

// Reads one timeline entry: its time, its kind by name, then the kind's own keys.
TimedAction read_action(const detail::ScenarioReader& reader, const nlohmann::json& item, const std::string& path,
                        const Scenario& scenario);
ActionJson write_action(const TimedAction& action);

// Tracks each named node's lifecycle through a timeline in time order: the one rule for the
// parser and the swarm generator (the running world checks the same LifecycleStep).
class LifecycleRule {
 public:
  explicit LifecycleRule(const std::vector<std::string>& node_ids);
  // Why `step` is impossible for `node` now, or nullptr; when possible the node moves on.
  // A role reference ("leader", "follower") is not tracked: it is resolved, and checked, when
  // the action runs.
  const char* take(const std::string& node, const LifecycleStep& step);
  NodeState state(const std::string& node) const;

 private:
  std::map<std::string, NodeState> states_;
};

}  // namespace clustersim::sim
