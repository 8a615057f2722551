// Crashed receivers drop; paused receivers hold messages and get them, in order, on resume.
#include <gtest/gtest.h>

#include "tests/net/net_fixture.h"

namespace clustersim::sim {
namespace {

using std::chrono::milliseconds;
using testing::NetFixture;
using testing::Received;

LinkParams one_ms() {
  LinkParams params;
  params.latency = LatencyModel::fixed(milliseconds(1));
  return params;
}

TEST(NodeState, messages_to_a_crashed_node_are_dropped) {
  NetFixture net(2, one_ms());
  net.network.crash(1);
  net.send(0, 1);
  net.run_for(milliseconds(5));
  EXPECT_TRUE(net.received.empty());
  EXPECT_EQ(net.network.counters().dropped_by(DropCause::node_crashed), 1u);
  net.network.restart(1);
  net.send(0, 1);
  net.run_for(milliseconds(5));
  EXPECT_EQ(net.received.size(), 1u);
}

TEST(NodeState, a_crash_during_flight_drops_at_delivery) {
  NetFixture net(2, one_ms());
  net.send(0, 1, 1);
  net.run_for(Duration{500'000});
  net.network.crash(1);  // the receiver's state at delivery time is what counts
  net.send(0, 1, 2);
  net.run_for(milliseconds(5));
  EXPECT_TRUE(net.received.empty());
  EXPECT_EQ(net.network.counters().dropped_by(DropCause::node_crashed), 2u);
}

TEST(NodeState, paused_node_gets_held_messages_in_order_at_resume) {
  NetFixture net(2, one_ms());
  net.network.pause(1);
  net.send(0, 1, 1);
  net.run_for(milliseconds(1));
  net.send(0, 1, 2);
  net.run_for(milliseconds(9));
  EXPECT_TRUE(net.received.empty());
  EXPECT_EQ(net.network.counters().held, 2u);
  net.network.resume(1);
  net.run_for(Duration{0});
  ASSERT_EQ(net.received.size(), 2u);
  EXPECT_EQ(net.received[0], (Received{10'000'000, 1, 0, 1}));
  EXPECT_EQ(net.received[1], (Received{10'000'000, 1, 0, 2}));
}

TEST(NodeState, held_messages_survive_a_partition_that_starts_after_they_arrived) {
  NetFixture net(2, one_ms());
  net.network.pause(1);
  net.send(0, 1, 5);
  net.run_for(milliseconds(2));
  net.network.isolate(1);  // already in the receiver's buffer
  net.network.resume(1);
  net.run_for(milliseconds(1));
  ASSERT_EQ(net.received.size(), 1u);
  EXPECT_EQ(net.received[0].tag, 5);
}

TEST(NodeState, crashing_a_paused_node_loses_what_it_held) {
  NetFixture net(2, one_ms());
  net.network.pause(1);
  net.send(0, 1);
  net.send(0, 1);
  net.run_for(milliseconds(2));
  net.network.crash(1);
  net.network.restart(1);
  net.run_for(milliseconds(2));
  EXPECT_TRUE(net.received.empty());
  EXPECT_EQ(net.network.counters().dropped_by(DropCause::node_crashed), 2u);
  EXPECT_EQ(net.transport.payloads_in_use(), 0u);
}

TEST(NodeState, states_follow_their_transitions) {
  NetFixture net(1);
  EXPECT_EQ(net.network.node_state(0), NodeState::up);
  net.network.pause(0);
  EXPECT_EQ(net.network.node_state(0), NodeState::paused);
  net.network.crash(0);
  EXPECT_EQ(net.network.node_state(0), NodeState::crashed);
  net.network.restart(0);
  EXPECT_EQ(net.network.node_state(0), NodeState::up);
}

}  // namespace
}  // namespace clustersim::sim
