// Delivery on healthy links: latency, FIFO order, loss, duplication, reordering, counters.
#include <gtest/gtest.h>

#include "tests/net/net_fixture.h"

namespace clustersim::sim {
namespace {

using std::chrono::milliseconds;
using testing::NetFixture;
using testing::Received;

LinkParams fixed_latency(Duration latency) {
  LinkParams params;
  params.latency = LatencyModel::fixed(latency);
  return params;
}

TEST(Delivery, arrives_after_exactly_the_fixed_latency) {
  NetFixture net(2, fixed_latency(milliseconds(3)));
  net.run_for(milliseconds(10));
  net.send(0, 1, 7);
  net.run_for(milliseconds(10));
  ASSERT_EQ(net.received.size(), 1u);
  EXPECT_EQ(net.received[0], (Received{13'000'000, 1, 0, 7}));
  EXPECT_EQ(net.network.counters().sent, 1u);
  EXPECT_EQ(net.network.counters().delivered, 1u);
  EXPECT_EQ(net.transport.payloads_in_use(), 0u);  // released after delivery
}

TEST(Delivery, keeps_fifo_order_per_link_despite_random_latency) {
  LinkParams params;
  params.latency = LatencyModel::uniform(milliseconds(1), milliseconds(50));
  NetFixture net(2, params);
  for (int tag = 0; tag < 500; ++tag) {
    net.send(0, 1, tag);
    net.run_for(Duration{100'000});  // 0.1 ms apart: far less than the latency spread
  }
  net.run_for(milliseconds(100));
  ASSERT_EQ(net.received.size(), 500u);
  for (int i = 0; i < 500; ++i) ASSERT_EQ(net.received[static_cast<std::size_t>(i)].tag, i);
}

TEST(Delivery, reordering_lets_messages_overtake) {
  LinkParams params;
  params.latency = LatencyModel::uniform(milliseconds(1), milliseconds(5));
  params.reorder = 0.3;
  NetFixture net(2, params);
  for (int tag = 0; tag < 500; ++tag) {
    net.send(0, 1, tag);
    net.run_for(Duration{100'000});
  }
  net.run_for(milliseconds(100));
  ASSERT_EQ(net.received.size(), 500u);
  int inversions = 0;
  for (std::size_t i = 1; i < net.received.size(); ++i) {
    if (net.received[i].tag < net.received[i - 1].tag) ++inversions;
  }
  EXPECT_GT(inversions, 10);
  EXPECT_GT(net.network.counters().reordered, 100u);
  EXPECT_LT(net.network.counters().reordered, 200u);
}

TEST(Delivery, total_loss_drops_everything_and_counts_it_as_loss) {
  LinkParams params;
  params.loss = 1.0;
  NetFixture net(2, params);
  for (int i = 0; i < 20; ++i) net.send(0, 1);
  net.run_for(milliseconds(10));
  EXPECT_TRUE(net.received.empty());
  EXPECT_EQ(net.network.counters().dropped_by(DropCause::loss), 20u);
  EXPECT_EQ(net.network.counters().dropped_total(), 20u);
  EXPECT_EQ(net.transport.payloads_in_use(), 0u);
}

TEST(Delivery, partial_loss_drops_about_that_share) {
  LinkParams params;
  params.loss = 0.2;
  NetFixture net(2, params);
  for (int i = 0; i < 5000; ++i) net.send(0, 1);
  net.run_for(milliseconds(10));
  const auto lost = net.network.counters().dropped_by(DropCause::loss);
  EXPECT_GT(lost, 900u);
  EXPECT_LT(lost, 1100u);
  EXPECT_EQ(net.received.size() + lost, 5000u);
}

TEST(Delivery, duplication_delivers_a_second_copy_of_the_same_payload) {
  LinkParams params;
  params.duplicate = 1.0;
  NetFixture net(2, params);
  net.send(0, 1, 42);
  net.send(0, 1, 43);
  net.run_for(milliseconds(10));
  ASSERT_EQ(net.received.size(), 4u);
  EXPECT_EQ(net.received[0].tag, 42);
  EXPECT_EQ(net.received[1].tag, 42);
  EXPECT_EQ(net.received[2].tag, 43);
  EXPECT_EQ(net.network.counters().duplicated, 2u);
  EXPECT_EQ(net.network.counters().delivered, 4u);
  EXPECT_EQ(net.transport.payloads_in_use(), 0u);  // released only after the last copy
}

TEST(Delivery, per_link_parameters_override_the_default) {
  NetFixture net(3, fixed_latency(milliseconds(1)));
  net.network.set_link_params(0, 2, fixed_latency(milliseconds(9)));
  net.send(0, 1);
  net.send(0, 2);
  net.send(2, 0);
  net.run_for(milliseconds(20));
  ASSERT_EQ(net.received.size(), 3u);
  EXPECT_EQ(net.received[0].at_ns, 1'000'000);  // 0 -> 1 default
  EXPECT_EQ(net.received[1].at_ns, 1'000'000);  // 2 -> 0: only 0 -> 2 was changed
  EXPECT_EQ(net.received[2], (Received{9'000'000, 2, 0, 0}));
}

TEST(Delivery, find_node_maps_names_to_indexes) {
  NetFixture net(3);
  EXPECT_EQ(net.network.find_node("n2"), NodeIndex{1});
  EXPECT_FALSE(net.network.find_node("n9"));
  EXPECT_EQ(net.network.node_name(2), "n3");
}

}  // namespace
}  // namespace clustersim::sim
