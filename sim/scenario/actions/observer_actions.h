// The timeline action on a tracker's inputs: set_observer gives one node ("all": every node)
// the faults of the path from its raft to its tracker (sim/cluster/observer_channel.h):
// dropped, duplicated, late or stale observations, skipped "leader cleared", and wake-ups
// that fire late, early or twice. Keys left out are off; stop_faults turns every one off.
#pragma once

#include "sim/cluster/observer_channel.h"
#include "sim/scenario/action_support.h"

namespace clustersim::sim {

inline constexpr const char* every_node_reference = "all";

struct SetObserver {
  static constexpr std::string_view name = "set_observer";
  std::string node;  // a member id, "leader" or "all"
  ObserverFaults faults;

  static SetObserver read(const ActionInput& in);
  void write(ActionJson& out) const;
  void apply(ActionContext& context) const;
};

}  // namespace clustersim::sim
