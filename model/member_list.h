// The checks every member list shares, whatever its member type (the election model's and the
// tracker's): ids are non-empty and unique, and this node's own id is among them.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace clustersim::model {

// Returns the problem with the ids, or nullopt; `self_found` says whether `self_id` is listed.
template <typename Members>
std::optional<std::string> member_ids_problem(const Members& members, std::string_view self_id,
                                              bool& self_found) {
  std::set<std::string_view> ids;
  self_found = false;
  for (const auto& member : members) {
    if (member.id.empty()) return "members: a member has an empty id";
    if (!ids.insert(member.id).second) return "members: \"" + member.id + "\" is listed twice";
    self_found = self_found || member.id == self_id;
  }
  return std::nullopt;
}

}  // namespace clustersim::model
