// PeerList: a tracker's member list, immutable and shared by its copies.
//
// A controller's tracker is given the cluster's members (TrackerConfig::members, on_members)
// and validates leaders against them. Every controller of a cluster is usually given the same
// list: in a simulated world of n controllers, n trackers and n comparison trackers each held
// and checked a copy of n peers, which made building a world quadratic in its nodes. A
// PeerList is made once from a vector and copied as a handle: copies share the peers, their
// index by id and the result of the id check, all worked out once when the list is made. It
// never changes after that, so copies may be read from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/events/cluster_event.h"
#include "model/member_list.h"

namespace clustersim::model {

class PeerList {
 public:
  PeerList();  // no peers
  PeerList(std::vector<ClusterPeer> peers);  // NOLINT(google-explicit-constructor): a list is a vector
  PeerList(std::initializer_list<ClusterPeer> peers) : PeerList(std::vector<ClusterPeer>(peers)) {}

  const std::vector<ClusterPeer>& peers() const { return shared_->peers; }
  std::size_t size() const { return shared_->peers.size(); }
  bool empty() const { return shared_->peers.empty(); }
  const ClusterPeer& operator[](std::size_t i) const { return shared_->peers[i]; }
  auto begin() const { return shared_->peers.begin(); }
  auto end() const { return shared_->peers.end(); }

  // Whether a peer has this id: a look-up in the list's index, not a walk over its peers.
  bool contains(std::string_view id) const;
  // What is wrong with the ids (an empty one, one listed twice), found when the list was made.
  const std::optional<std::string>& ids_problem() const { return shared_->ids_problem; }

  friend bool operator==(const PeerList& a, const PeerList& b) { return a.peers() == b.peers(); }

 private:
  struct Shared {
    std::vector<ClusterPeer> peers;
    // (hash of the id, position in peers), sorted: contains() searches it.
    MemberIdIndex by_id_hash;
    std::optional<std::string> ids_problem;
  };
  // The one list every default-made PeerList shares: an empty list allocates nothing.
  static const std::shared_ptr<const Shared>& no_peers();

  std::shared_ptr<const Shared> shared_;
};

}  // namespace clustersim::model
