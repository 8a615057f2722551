// The checks every member list shares, whatever its member type (the election model's and the
// tracker's): ids are non-empty and unique. (Whether a node's own id is listed is each list's
// own look-up: RaftConfig::problem(self_id), PeerList::contains.)
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clustersim::model {

// The first problem with the ids in list order (an empty id, an id listed twice), or nullopt,
// found by comparing text: quadratic, so it is asked only of a list a hash screen suspects.
template <typename Members>
std::optional<std::string> member_ids_problem_by_text(const Members& members) {
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i].id.empty()) return "members: a member has an empty id";
    for (std::size_t j = 0; j < i; ++j) {
      if (members[j].id == members[i].id) return "members: \"" + members[i].id + "\" is listed twice";
    }
  }
  return std::nullopt;  // two ids with one hash, but no two the same
}

// Returns the problem with the ids, or nullopt. A cluster checks its raft list once
// (RaftConfig::problem()); a tracker's PeerList screens its ids with the index it keeps anyway
// and asks member_ids_problem_by_text itself. The ids' hashes, sorted, find a repeat without
// comparing strings (ids such as "ctrl1" .. "ctrl101" share their first bytes); only equal
// hashes, and a list with a problem, compare text, which also names the first problem.
template <typename Members>
std::optional<std::string> member_ids_problem(const Members& members) {
  std::vector<std::size_t> hashes;
  hashes.reserve(members.size());
  bool empty_id = false;
  for (const auto& member : members) {
    hashes.push_back(std::hash<std::string_view>{}(member.id));
    empty_id = empty_id || member.id.empty();
  }
  std::sort(hashes.begin(), hashes.end());
  if (!empty_id && std::adjacent_find(hashes.begin(), hashes.end()) == hashes.end()) return std::nullopt;
  return member_ids_problem_by_text(members);
}

}  // namespace clustersim::model
