#include "model/tracker/peer_list.h"

#include <algorithm>

#include "model/member_list.h"

namespace clustersim::model {

const std::shared_ptr<const PeerList::Shared>& PeerList::no_peers() {
  static const std::shared_ptr<const Shared> shared = std::make_shared<const Shared>();
  return shared;
}

PeerList::PeerList() : shared_(no_peers()) {}

PeerList::PeerList(std::vector<ClusterPeer> peers) {
  auto shared = std::make_shared<Shared>();
  shared->peers = std::move(peers);
  shared->by_id_hash = member_id_index(shared->peers);
  shared->ids_problem = member_ids_problem(shared->peers, shared->by_id_hash);
  shared_ = std::move(shared);
}

bool PeerList::contains(std::string_view id) const {
  const auto& index = shared_->by_id_hash;
  const std::size_t hash = member_id_hash(id);
  auto it = std::lower_bound(index.begin(), index.end(), std::make_pair(hash, std::uint32_t{0}));
  for (; it != index.end() && it->first == hash; ++it) {
    if (shared_->peers[it->second].id == id) return true;
  }
  return false;
}

}  // namespace clustersim::model
