// Flapping links and nodes: the down/up schedule, jitter bounds, one-way flaps, and the end.
#include <gtest/gtest.h>

#include "tests/net/net_fixture.h"

namespace clustersim::sim {
namespace {

using std::chrono::milliseconds;
using testing::NetFixture;

FlapSpec flap_from(int start_ms, int end_ms, int period_ms, double down_fraction, int jitter_ms = 0) {
  FlapSpec spec;
  spec.start = time_zero + milliseconds(start_ms);
  spec.end = time_zero + milliseconds(end_ms);
  spec.period = milliseconds(period_ms);
  spec.down_fraction = down_fraction;
  spec.jitter = milliseconds(jitter_ms);
  return spec;
}

// The state of from -> to at every millisecond in [0, until_ms).
std::string link_states(NetFixture& net, NodeIndex from, NodeIndex to, int until_ms) {
  std::string states;
  while (time_ns(net.kernel.now()) < until_ms * 1'000'000LL) {
    states += net.network.link_up(from, to) ? 'u' : 'd';
    net.run_for(milliseconds(1));
  }
  return states;
}

TEST(Flap, link_goes_down_for_the_duty_cycle_of_each_period_then_stays_up) {
  NetFixture net(2);
  net.network.flap_link(0, 1, flap_from(2, 12, 4, 0.25), "test");
  // Down 1 ms of every 4 ms from 2 ms; up from 12 ms on.
  EXPECT_EQ(link_states(net, 0, 1, 16), "uuduuuduuuduuuuu");
}

TEST(Flap, ends_up_even_when_the_end_falls_in_a_down_phase) {
  NetFixture net(3);
  net.network.flap_link(0, 1, flap_from(1, 6, 8, 0.75), "test");
  // Down for 6 ms from 1 ms, but the flap ends at 6 ms and leaves the link up.
  EXPECT_EQ(link_states(net, 1, 0, 9), "uddddduuu");
}

TEST(Flap, both_directions_flap_together_unless_one_way) {
  NetFixture net(2);
  FlapSpec one_way = flap_from(0, 10, 2, 0.5);
  one_way.one_way = true;
  net.network.flap_link(0, 1, one_way, "test");
  net.run_for(Duration{500'000});  // inside the first down phase
  EXPECT_FALSE(net.network.link_up(0, 1));
  EXPECT_TRUE(net.network.link_up(1, 0));
  NetFixture both(2);
  both.network.flap_link(0, 1, flap_from(0, 10, 2, 0.5), "test");
  both.run_for(Duration{500'000});
  EXPECT_FALSE(both.network.link_up(0, 1));
  EXPECT_FALSE(both.network.link_up(1, 0));
}

TEST(Flap, node_flap_takes_down_all_its_links_and_no_others) {
  NetFixture net(3);
  net.network.flap_node(2, flap_from(0, 10, 4, 0.5), "test");
  net.run_for(milliseconds(1));
  EXPECT_FALSE(net.network.link_up(0, 2));
  EXPECT_FALSE(net.network.link_up(2, 1));
  EXPECT_TRUE(net.network.link_up(0, 1));
  EXPECT_TRUE(net.network.link_up(1, 0));
}

TEST(Flap, jitter_moves_each_phase_within_its_bound) {
  NetFixture net(2);
  net.network.flap_link(0, 1, flap_from(0, 2000, 20, 0.5, 4), "test");
  std::vector<int> down_lengths;
  int run = 0;
  char previous = 'u';
  for (char state : link_states(net, 0, 1, 1990)) {
    if (state == 'd') ++run;
    if (state == 'u' && previous == 'd') {
      down_lengths.push_back(run);
      run = 0;
    }
    previous = state;
  }
  ASSERT_GT(down_lengths.size(), 80u);
  int distinct = 0;
  for (int length : down_lengths) {
    EXPECT_GE(length, 6);   // 10 ms - 4 ms, sampled at 1 ms
    EXPECT_LE(length, 15);  // 10 ms + 4 ms, +1 for sampling
    if (length != down_lengths.front()) ++distinct;
  }
  EXPECT_GT(distinct, 0);  // jitter really varies the phases
}

TEST(Flap, overlaps_with_a_partition_keep_the_link_down_until_both_end) {
  NetFixture net(2);
  net.network.flap_link(0, 1, flap_from(0, 4, 2, 0.5), "test");
  net.network.partition({{0}, {1}});
  net.run_for(milliseconds(5));  // the flap is over; the partition is not
  EXPECT_FALSE(net.network.link_up(0, 1));
  net.network.heal();
  EXPECT_TRUE(net.network.link_up(0, 1));
}

TEST(Flap, messages_sent_during_a_down_phase_are_dropped_and_counted) {
  NetFixture net(2);
  net.network.flap_link(0, 1, flap_from(0, 100, 10, 0.5), "test");
  for (int i = 0; i < 100; ++i) {
    net.send(0, 1);
    net.run_for(milliseconds(1));
  }
  net.run_for(milliseconds(10));
  const NetCounters& c = net.network.counters();
  EXPECT_EQ(c.delivered + c.dropped_total(), 100u);
  EXPECT_GE(c.dropped_by(DropCause::link_down_at_send), 45u);
  EXPECT_LE(c.dropped_by(DropCause::link_down_at_send), 55u);
}

}  // namespace
}  // namespace clustersim::sim
