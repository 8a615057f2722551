// Partitions: symmetric groups, one-way cuts, isolation, healing, and loss in flight.
#include <gtest/gtest.h>

#include "tests/net/net_fixture.h"

namespace clustersim::sim {
namespace {

using std::chrono::milliseconds;
using Pairs = std::vector<std::string>;
using testing::NetFixture;

TEST(Partition, groups_talk_inside_but_not_across) {
  NetFixture net(4);
  net.network.partition({{0, 1}, {2, 3}});
  EXPECT_EQ(net.reachable_pairs(), (Pairs{"n1->n2", "n2->n1", "n3->n4", "n4->n3"}));
  EXPECT_EQ(net.network.counters().dropped_by(DropCause::link_down_at_send), 8u);
}

TEST(Partition, nodes_in_no_group_form_one_group_together) {
  NetFixture net(4);
  net.network.partition({{0}});
  EXPECT_EQ(net.reachable_pairs(),
            (Pairs{"n2->n3", "n2->n4", "n3->n2", "n3->n4", "n4->n2", "n4->n3"}));
}

TEST(Partition, one_way_cut_blocks_only_that_direction) {
  NetFixture net(3);
  net.network.partition_one_way({0}, {1, 2});  // n1 cannot send, but still hears the others
  EXPECT_EQ(net.reachable_pairs(), (Pairs{"n2->n1", "n2->n3", "n3->n1", "n3->n2"}));
  EXPECT_FALSE(net.network.link_up(0, 1));
  EXPECT_TRUE(net.network.link_up(1, 0));
}

TEST(Partition, isolate_cuts_every_link_of_one_node) {
  NetFixture net(3);
  net.network.isolate(1);
  EXPECT_EQ(net.reachable_pairs(), (Pairs{"n1->n3", "n3->n1"}));
}

TEST(Partition, heal_restores_every_link) {
  NetFixture net(3);
  net.network.partition({{0}, {1}, {2}});
  net.network.partition_one_way({1}, {0});
  EXPECT_TRUE(net.reachable_pairs().empty());
  net.network.heal();
  EXPECT_EQ(net.reachable_pairs().size(), 6u);
}

TEST(Partition, message_in_flight_is_lost_when_its_link_goes_down) {
  LinkParams slow;
  slow.latency = LatencyModel::fixed(milliseconds(10));
  NetFixture net(2, slow);
  net.send(0, 1);
  net.run_for(milliseconds(5));
  net.network.isolate(1);
  net.run_for(milliseconds(10));
  EXPECT_TRUE(net.received.empty());
  EXPECT_EQ(net.network.counters().dropped_by(DropCause::link_down_in_flight), 1u);
}

TEST(Partition, message_in_flight_is_lost_even_if_the_link_heals_before_delivery) {
  // A link that went down reset the connection: what was in flight on it is gone.
  LinkParams slow;
  slow.latency = LatencyModel::fixed(milliseconds(10));
  NetFixture net(2, slow);
  net.send(0, 1);
  net.run_for(milliseconds(3));
  net.network.partition({{0}, {1}});
  net.run_for(milliseconds(3));
  net.network.heal();
  net.send(0, 1, 2);  // sent after healing: delivered
  net.run_for(milliseconds(20));
  ASSERT_EQ(net.received.size(), 1u);
  EXPECT_EQ(net.received[0].tag, 2);
  EXPECT_EQ(net.network.counters().dropped_by(DropCause::link_down_in_flight), 1u);
}

TEST(Partition, cutting_one_direction_spares_messages_in_flight_the_other_way) {
  LinkParams slow;
  slow.latency = LatencyModel::fixed(milliseconds(10));
  NetFixture net(2, slow);
  net.send(0, 1, 1);
  net.send(1, 0, 2);
  net.run_for(milliseconds(5));
  net.network.partition_one_way({0}, {1});
  net.run_for(milliseconds(10));
  ASSERT_EQ(net.received.size(), 1u);
  EXPECT_EQ(net.received[0].tag, 2);
}

}  // namespace
}  // namespace clustersim::sim
