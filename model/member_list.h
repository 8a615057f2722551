// The checks every member list shares, whatever its member type (the election model's and the
// tracker's): ids are non-empty and unique, and this node's own id is among them.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clustersim::model {

// Returns the problem with the ids, or nullopt; `self_found` says whether `self_id` is listed.
// A cluster checks its raft list once (RaftConfig::problem()); a tracker's PeerList indexes its
// ids by hash once and asks this only when two hashes are equal or an id is empty, to name the
// problem. The ids' hashes, sorted, find a repeat without comparing strings (ids such as
// "ctrl1" .. "ctrl101" share their first bytes); only equal hashes, and a list with a problem,
// compare text, which also names the first problem in list order.
template <typename Members>
std::optional<std::string> member_ids_problem(const Members& members, std::string_view self_id,
                                              bool& self_found) {
  std::vector<std::size_t> hashes;
  hashes.reserve(members.size());
  self_found = false;
  bool empty_id = false;
  for (const auto& member : members) {
    hashes.push_back(std::hash<std::string_view>{}(member.id));
    empty_id = empty_id || member.id.empty();
    self_found = self_found || member.id == self_id;
  }
  std::sort(hashes.begin(), hashes.end());
  if (!empty_id && std::adjacent_find(hashes.begin(), hashes.end()) == hashes.end()) return std::nullopt;
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i].id.empty()) return "members: a member has an empty id";
    for (std::size_t j = 0; j < i; ++j) {
      if (members[j].id == members[i].id) return "members: \"" + members[i].id + "\" is listed twice";
    }
  }
  return std::nullopt;  // two ids with one hash, but no two the same
}

}  // namespace clustersim::model
