// A node's clock: its readings scale true time by its rate, never run ahead of the instant,
// and a timer set for a reading fires at the first true instant that reads it, never before.
#include "sim/cluster/node_clock.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace clustersim::sim {
namespace {

using std::chrono::milliseconds;

TEST(NodeClock, a_slow_clock_stretches_a_timeout_by_its_rate) {
  const NodeClock slow(-50'000, Duration{0});  // 50 ppm slow
  // 150 ms on its clock is 150 ms / (1 - 50e-6) of true time: 7.5 microseconds more.
  EXPECT_EQ(slow.true_time_of(milliseconds(150)) - time_zero, Duration{150'007'501});
  const NodeClock fast(50'000, Duration{0});
  EXPECT_EQ(fast.true_time_of(milliseconds(150)) - time_zero, Duration{149'992'501});
  EXPECT_EQ(NodeClock().true_time_of(milliseconds(150)) - time_zero, milliseconds(150));
}

TEST(NodeClock, the_wall_clock_adds_the_offset_to_the_reading) {
  const NodeClock clock(1'000'000, milliseconds(-3));  // 1000 ppm fast, 3 ms behind
  EXPECT_EQ(clock.wall(time_zero + std::chrono::seconds(1)), milliseconds(1001) - milliseconds(3));
}

RC_GTEST_PROP(NodeClock, a_timer_fires_at_the_first_instant_that_reads_its_deadline, ()) {
  const auto ppb = *rc::gen::inRange<std::int64_t>(-500'000, 500'001);
  const auto reading = Duration{*rc::gen::inRange<std::int64_t>(0, 4'000'000'000'000)};
  const NodeClock clock(ppb, Duration{0});
  const Time at = clock.true_time_of(reading);
  RC_ASSERT(clock.local(at) >= reading);
  RC_ASSERT(clock.local(at - Duration{1}) < reading);
  // Readings are monotonic and never ahead for a slow clock, never behind for a fast one.
  const Time t = time_zero + reading;
  RC_ASSERT(clock.local(t) <= clock.local(t + Duration{1}));
  if (ppb <= 0) RC_ASSERT(clock.local(t) <= reading);
  if (ppb >= 0) RC_ASSERT(clock.local(t) >= reading);
}

}  // namespace
}  // namespace clustersim::sim
