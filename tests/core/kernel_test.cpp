// The kernel: virtual time, ordering of simultaneous events, cancellation, bounded runs.
#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "sim/core/kernel.h"

namespace clustersim::sim {
namespace {

using std::chrono::milliseconds;

TEST(Kernel, clock_jumps_to_each_event_time) {
  Kernel kernel;
  std::vector<std::int64_t> seen;
  kernel.schedule_after(milliseconds(30), [&] { seen.push_back(time_ns(kernel.now())); });
  kernel.schedule_after(milliseconds(10), [&] { seen.push_back(time_ns(kernel.now())); });
  EXPECT_TRUE(kernel.step());
  EXPECT_TRUE(kernel.step());
  EXPECT_FALSE(kernel.step());
  EXPECT_EQ(seen, (std::vector<std::int64_t>{10'000'000, 30'000'000}));
  EXPECT_EQ(kernel.events_fired(), 2u);
}

TEST(Kernel, simultaneous_events_fire_in_scheduling_order_including_new_ones) {
  Kernel kernel;
  std::vector<int> order;
  const Time t = time_from_ns(100);
  kernel.schedule_at(t, [&] {
    order.push_back(1);
    // Scheduled "now" while firing at t: runs after everything already due at t.
    kernel.schedule_at(kernel.now(), [&] { order.push_back(4); });
  });
  kernel.schedule_at(t, [&] { order.push_back(2); });
  kernel.schedule_at(t, [&] { order.push_back(3); });
  kernel.run_until(t);
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4}));
}

TEST(Kernel, cancelled_timer_never_fires) {
  Kernel kernel;
  bool fired = false;
  const TimerId id = kernel.schedule_after(milliseconds(5), [&] { fired = true; });
  EXPECT_TRUE(kernel.cancel(id));
  kernel.run_until(time_zero + milliseconds(10));
  EXPECT_FALSE(fired);
  EXPECT_FALSE(kernel.cancel(id));
}

TEST(Kernel, a_callback_can_cancel_a_later_event) {
  Kernel kernel;
  bool late_fired = false;
  const TimerId late = kernel.schedule_after(milliseconds(2), [&] { late_fired = true; });
  kernel.schedule_after(milliseconds(1), [&] { EXPECT_TRUE(kernel.cancel(late)); });
  kernel.run_until(time_zero + milliseconds(3));
  EXPECT_FALSE(late_fired);
}

TEST(Kernel, run_until_fires_up_to_and_including_the_limit_then_sets_the_clock) {
  Kernel kernel;
  int fired = 0;
  kernel.schedule_at(time_from_ns(10), [&] { ++fired; });
  kernel.schedule_at(time_from_ns(20), [&] { ++fired; });
  kernel.schedule_at(time_from_ns(21), [&] { ++fired; });
  EXPECT_EQ(kernel.run_until(time_from_ns(20)), RunOutcome::reached_time);
  EXPECT_EQ(fired, 2);
  EXPECT_EQ(time_ns(kernel.now()), 20);
  EXPECT_EQ(kernel.pending_count(), 1u);
  EXPECT_EQ(kernel.run_until(time_from_ns(50)), RunOutcome::reached_time);
  EXPECT_EQ(fired, 3);
  EXPECT_EQ(time_ns(kernel.now()), 50);  // the clock reaches the limit even with nothing due
}

TEST(Kernel, run_until_stops_at_the_event_budget_counted_over_the_kernels_life) {
  Kernel kernel;
  kernel.set_limits(KernelLimits{.events_max = 1000});
  std::uint64_t fired = 0;
  // An event that reschedules itself a nanosecond later: time advances, but never ends.
  std::function<void()> again = [&] {
    ++fired;
    kernel.schedule_after(Duration{1}, [&] { again(); });
  };
  kernel.schedule_at(time_from_ns(5), [&] { again(); });
  EXPECT_EQ(kernel.run_until(time_from_ns(600)), RunOutcome::reached_time);
  EXPECT_EQ(fired, 596u);
  EXPECT_EQ(kernel.run_until(time_from_ns(1'000'000)), RunOutcome::budget_exhausted);
  EXPECT_EQ(fired, 1000u);  // the budget spans both calls
  EXPECT_EQ(time_ns(kernel.now()), 1004);  // stopped where it was, not at the limit
  EXPECT_EQ(kernel.run_until(time_from_ns(1'000'000)), RunOutcome::budget_exhausted);
  EXPECT_EQ(fired, 1000u);  // and stays spent
}

TEST(Kernel, run_until_reports_no_progress_when_one_instant_never_ends) {
  Kernel kernel;
  kernel.set_limits(KernelLimits{.events_per_instant_max = 50});
  std::uint64_t fired = 0;
  // An event that always reschedules itself at the same instant would never let time pass.
  std::function<void()> again = [&] {
    ++fired;
    kernel.attribute(7);
    kernel.schedule_at(kernel.now(), [&] { again(); });
  };
  kernel.schedule_at(time_from_ns(5), [&] { again(); });
  EXPECT_EQ(kernel.run_until(time_from_ns(10)), RunOutcome::no_progress);
  EXPECT_EQ(fired, 50u);
  EXPECT_EQ(time_ns(kernel.now()), 5);
  EXPECT_EQ(kernel.actor(), 7u);  // the last event named who it acted for
}

TEST(Kernel, many_events_at_one_instant_are_fine_when_each_instant_stays_under_the_limit) {
  Kernel kernel;
  kernel.set_limits(KernelLimits{.events_per_instant_max = 50});
  int fired = 0;
  for (int instant = 0; instant < 10; ++instant) {
    for (int i = 0; i < 50; ++i) kernel.schedule_at(time_from_ns(instant), [&] { ++fired; });
  }
  EXPECT_EQ(kernel.run_until(time_from_ns(20)), RunOutcome::reached_time);
  EXPECT_EQ(fired, 500);
  EXPECT_EQ(kernel.actor(), Kernel::no_actor);  // nobody attributed these events
}

TEST(Kernel, two_kernels_in_one_process_are_independent) {
  Kernel a;
  Kernel b;
  a.schedule_after(milliseconds(1), [] {});
  a.run_until(time_zero + milliseconds(5));
  EXPECT_EQ(a.now(), time_zero + milliseconds(5));
  EXPECT_EQ(b.now(), time_zero);
  EXPECT_EQ(b.events_fired(), 0u);
}

}  // namespace
}  // namespace clustersim::sim
