// Same seed, same world: whole runs repeat exactly, and streams are independent of each other.
#include <gtest/gtest.h>

#include "sim/cli/demo.h"
#include "tests/net/net_fixture.h"

namespace clustersim::sim {
namespace {

using std::chrono::milliseconds;
using testing::NetFixture;

TEST(Determinism, the_demo_run_twice_gives_one_hash) {
  const DemoReport first = run_demo(11);
  const DemoReport second = run_demo(11);
  EXPECT_EQ(first.trace_hash, second.trace_hash);
  EXPECT_EQ(first.events_fired, second.events_fired);
  EXPECT_EQ(format_demo_report(first), format_demo_report(second));
}

TEST(Determinism, another_seed_gives_another_run) {
  EXPECT_NE(run_demo(11).trace_hash, run_demo(12).trace_hash);
}

TEST(Determinism, the_demo_exercises_every_fault) {
  const DemoReport report = run_demo(3);
  const NetCounters& c = report.network;
  EXPECT_GT(c.delivered, 0u);
  EXPECT_GT(c.duplicated, 0u);
  EXPECT_GT(c.reordered, 0u);
  EXPECT_GT(c.held, 0u);
  for (std::size_t cause = 0; cause < drop_cause_count; ++cause) {
    EXPECT_GT(c.dropped[cause], 0u) << drop_cause_name(static_cast<DropCause>(cause));
  }
  // Every copy sent was delivered, dropped, or is still on its way: none is unaccounted for.
  EXPECT_EQ(c.sent + c.duplicated,
            c.delivered + c.dropped_total() + report.copies_in_flight_at_end);
}

std::vector<std::int64_t> arrival_times_on_first_link(bool add_unrelated_flap) {
  LinkParams params;
  params.latency = LatencyModel::lognormal(milliseconds(2), 0.5, milliseconds(40));
  params.loss = 0.1;
  NetFixture net(3, params, 99);
  if (add_unrelated_flap) {
    FlapSpec flap;
    flap.start = time_zero + milliseconds(1);
    flap.end = time_zero + milliseconds(500);
    flap.period = milliseconds(10);
    flap.jitter = milliseconds(2);
    net.network.flap_link(1, 2, flap, "unrelated");
  }
  for (int i = 0; i < 200; ++i) {
    net.send(0, 1, i);
    net.send(1, 2, i);  // traffic on the flapping link too
    net.run_for(milliseconds(1));
  }
  net.run_for(milliseconds(100));
  std::vector<std::int64_t> times;
  for (const auto& r : net.received) {
    if (r.from == 0 && r.to == 1) times.push_back(r.at_ns);
  }
  return times;
}

TEST(Determinism, adding_a_fault_elsewhere_does_not_change_a_links_draws) {
  const auto without = arrival_times_on_first_link(false);
  const auto with = arrival_times_on_first_link(true);
  ASSERT_GT(without.size(), 150u);
  EXPECT_EQ(without, with);
}

}  // namespace
}  // namespace clustersim::sim
