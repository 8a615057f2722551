#include "model/tracker/tracker_config.h"

namespace clustersim::model {

std::string_view policy_name(TrackerPolicy policy) {
  return policy == TrackerPolicy::openziti ? "openziti" : "stable";
}

std::optional<TrackerPolicy> parse_policy(std::string_view name) {
  if (name == "openziti") return TrackerPolicy::openziti;
  if (name == "stable") return TrackerPolicy::stable;
  return std::nullopt;
}

std::optional<std::string> TrackerConfig::problem() const {
  if (self_id.empty()) return "self_id: a tracker needs the id of the controller it runs in";
  if (stability_window < std::chrono::nanoseconds{0}) {
    return "stability_window: must not be negative";
  }
  if (members.empty()) {
    return "members: leader validation needs the member list (at least this node)";
  }
  // The list checked its ids once when it was made, for every tracker given it: a world of n
  // controllers checks one list of n ids, not n lists.
  if (members.ids_problem()) return members.ids_problem();
  if (!members.contains(self_id)) return "members: this node \"" + self_id + "\" is not in its own member list";
  return std::nullopt;
}

}  // namespace clustersim::model
