#include "model/tracker/tracker_config.h"

#include "model/member_list.h"

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
  bool self_listed = false;
  if (auto problem = member_ids_problem(members, self_id, self_listed)) return problem;
  if (!self_listed) return "members: this node \"" + self_id + "\" is not in its own member list";
  return std::nullopt;
}

}  // namespace clustersim::model
