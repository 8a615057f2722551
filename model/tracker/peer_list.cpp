#include "model/tracker/peer_list.h"

#include <algorithm>
#include <functional>

#include "model/member_list.h"

namespace clustersim::model {

namespace {

std::size_t id_hash(std::string_view id) { return std::hash<std::string_view>{}(id); }

}  // namespace

const std::shared_ptr<const PeerList::Shared>& PeerList::no_peers() {
  static const std::shared_ptr<const Shared> shared = std::make_shared<const Shared>();
  return shared;
}

PeerList::PeerList() : shared_(no_peers()) {}

PeerList::PeerList(std::vector<ClusterPeer> peers) {
  auto shared = std::make_shared<Shared>();
  shared->peers = std::move(peers);
  shared->by_id_hash.reserve(shared->peers.size());
  bool empty_id = false;
  for (std::uint32_t i = 0; i < shared->peers.size(); ++i) {
    const std::string& id = shared->peers[i].id;
    shared->by_id_hash.emplace_back(id_hash(id), i);
    empty_id = empty_id || id.empty();
  }
  std::sort(shared->by_id_hash.begin(), shared->by_id_hash.end());
  const bool shared_hash = std::adjacent_find(shared->by_id_hash.begin(), shared->by_id_hash.end(),
                                              [](const auto& a, const auto& b) { return a.first == b.first; }) !=
                           shared->by_id_hash.end();
  if (empty_id || shared_hash) shared->ids_problem = member_ids_problem_by_text(shared->peers);
  shared_ = std::move(shared);
}

bool PeerList::contains(std::string_view id) const {
  const auto& index = shared_->by_id_hash;
  const std::size_t hash = id_hash(id);
  auto it = std::lower_bound(index.begin(), index.end(), std::make_pair(hash, std::uint32_t{0}));
  for (; it != index.end() && it->first == hash; ++it) {
    if (shared_->peers[it->second].id == id) return true;
  }
  return false;
}

}  // namespace clustersim::model
