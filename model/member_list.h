// The checks every member list shares, whatever its member type (the election model's and the
// tracker's): ids are non-empty and unique, and this node's own id is among them.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clustersim::model {

// Returns the problem with the ids, or nullopt; `self_found` says whether `self_id` is listed.
// A sorted copy of the ids finds a repeat with one pass, in n log n comparisons of ids that
// mostly differ in their first bytes; a node-based set cost an allocation per member, which
// made every tracker and raft node of a 101-node world pay thousands.
template <typename Members>
std::optional<std::string> member_ids_problem(const Members& members, std::string_view self_id,
                                              bool& self_found) {
  std::vector<std::string_view> ids;
  ids.reserve(members.size());
  self_found = false;
  for (const auto& member : members) {
    ids.push_back(member.id);
    self_found = self_found || member.id == self_id;
  }
  std::sort(ids.begin(), ids.end());
  const bool repeats = std::adjacent_find(ids.begin(), ids.end()) != ids.end();
  if (!repeats && (ids.empty() || !ids.front().empty())) return std::nullopt;
  // Something is wrong: name the first problem in list order, as a reader goes down the list.
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i].id.empty()) return "members: a member has an empty id";
    for (std::size_t j = 0; j < i; ++j) {
      if (members[j].id == members[i].id) return "members: \"" + members[i].id + "\" is listed twice";
    }
  }
  return std::nullopt;
}

}  // namespace clustersim::model
