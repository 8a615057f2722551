// The checks every member list shares, whatever its member type (the election model's and the
// tracker's): ids are non-empty and unique. (Whether a node's own id is listed is each list's
// own look-up: RaftConfig::problem(self_id), PeerList::contains.)
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

// The ids' hashes with their members' positions, sorted by hash: the index a PeerList searches
// by id, and the screen below. Hashes find a repeat without comparing strings (ids such as
// "ctrl1" .. "ctrl101" share their first bytes).
using MemberIdIndex = std::vector<std::pair<std::size_t, std::uint32_t>>;

inline std::size_t member_id_hash(std::string_view id) { return std::hash<std::string_view>{}(id); }

template <typename Members>
MemberIdIndex member_id_index(const Members& members) {
  MemberIdIndex index;
  index.reserve(members.size());
  for (std::uint32_t i = 0; i < members.size(); ++i) index.emplace_back(member_id_hash(members[i].id), i);
  std::sort(index.begin(), index.end());
  return index;
}

// The problem with the ids, or nullopt, screened by their index: only a list with an id that
// hashes as the empty one does or two ids of one hash compares text (which also names the first
// problem in list order).
template <typename Members>
std::optional<std::string> member_ids_problem(const Members& members, const MemberIdIndex& index) {
  const std::size_t empty_hash = member_id_hash({});
  const auto at_empty_hash = std::lower_bound(index.begin(), index.end(), std::make_pair(empty_hash, std::uint32_t{0}));
  const bool maybe_empty = at_empty_hash != index.end() && at_empty_hash->first == empty_hash;
  const bool maybe_twice =
      std::adjacent_find(index.begin(), index.end(), [](const auto& a, const auto& b) { return a.first == b.first; }) !=
      index.end();
  if (!maybe_empty && !maybe_twice) return std::nullopt;
  return member_ids_problem_by_text(members);
}

// The same for a list that keeps no index: a cluster checks its raft list once this way
// (RaftConfig::problem()); a tracker's PeerList passes the index it keeps anyway.
template <typename Members>
std::optional<std::string> member_ids_problem(const Members& members) {
  return member_ids_problem(members, member_id_index(members));
}

}  // namespace clustersim::model
