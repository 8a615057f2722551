// A tracker's member list: copies share one list, its index finds every id, and its ids are
// checked once with the messages a person can act on.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model/tracker/peer_list.h"

namespace clustersim::model {
namespace {

std::vector<ClusterPeer> numbered_peers(int count) {
  std::vector<ClusterPeer> peers;
  for (int i = 1; i <= count; ++i) peers.push_back({"ctrl" + std::to_string(i), "tls:ctrl" + std::to_string(i) + ":6262"});
  return peers;
}

TEST(PeerList, copies_share_the_peers_instead_of_copying_them) {
  const PeerList list = numbered_peers(101);
  const PeerList copy = list;  // NOLINT(performance-unnecessary-copy-initialization): the copy is the point
  EXPECT_EQ(&copy.peers(), &list.peers());
  EXPECT_EQ(copy, list);
  EXPECT_EQ(copy.size(), 101u);
  EXPECT_EQ(copy[100].id, "ctrl101");
}

TEST(PeerList, finds_every_listed_id_and_no_other) {
  const PeerList list = numbered_peers(101);
  for (const ClusterPeer& peer : numbered_peers(101)) EXPECT_TRUE(list.contains(peer.id)) << peer.id;
  for (const char* id : {"ctrl0", "ctrl102", "ctrl", "", "ctrl1 ", "CTRL1"}) EXPECT_FALSE(list.contains(id)) << id;
  EXPECT_FALSE(PeerList().contains(""));
  EXPECT_TRUE(PeerList().empty());
}

TEST(PeerList, names_the_first_problem_with_its_ids_in_list_order) {
  EXPECT_FALSE(PeerList(numbered_peers(101)).ids_problem());
  EXPECT_FALSE(PeerList().ids_problem());
  std::vector<ClusterPeer> repeated = numbered_peers(5);
  repeated.push_back({"ctrl3", "elsewhere"});
  repeated.push_back({"ctrl2", "elsewhere"});
  EXPECT_EQ(PeerList(repeated).ids_problem(), "members: \"ctrl3\" is listed twice");
  std::vector<ClusterPeer> unnamed = numbered_peers(3);
  unnamed.insert(unnamed.begin() + 1, ClusterPeer{"", "elsewhere"});
  EXPECT_EQ(PeerList(unnamed).ids_problem(), "members: a member has an empty id");
  // A repeated id is still found, and the problem travels with every copy of the list.
  const PeerList twice = repeated;
  const PeerList copy = twice;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_TRUE(copy.contains("ctrl3"));
  EXPECT_EQ(copy.ids_problem(), twice.ids_problem());
}

}  // namespace
}  // namespace clustersim::model
