// Human durations: what scenario files and reports read and write.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "sim/core/kernel.h"
#include "sim/core/time.h"

namespace clustersim::sim {
namespace {

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::nanoseconds;
using std::chrono::seconds;

TEST(ParseDuration, reads_every_unit) {
  EXPECT_EQ(parse_duration("150ms"), milliseconds(150));
  EXPECT_EQ(parse_duration("2m"), minutes(2));
  EXPECT_EQ(parse_duration("3h"), hours(3));
  EXPECT_EQ(parse_duration("5s"), seconds(5));
  EXPECT_EQ(parse_duration("250us"), microseconds(250));
  EXPECT_EQ(parse_duration("17ns"), nanoseconds(17));
  EXPECT_EQ(parse_duration("0"), nanoseconds(0));
  EXPECT_EQ(parse_duration("0s"), nanoseconds(0));
}

TEST(ParseDuration, reads_decimals_exactly) {
  EXPECT_EQ(parse_duration("1.5s"), milliseconds(1500));
  EXPECT_EQ(parse_duration("0.001s"), milliseconds(1));
  EXPECT_EQ(parse_duration("1.000000001s"), nanoseconds(1'000'000'001));
  EXPECT_EQ(parse_duration("0.5m"), seconds(30));
  EXPECT_EQ(parse_duration("2.25ms"), microseconds(2250));
}

TEST(ParseDuration, reads_compound_durations_in_decreasing_units) {
  EXPECT_EQ(parse_duration("1m30s"), seconds(90));
  EXPECT_EQ(parse_duration("1h2m3s4ms"), hours(1) + minutes(2) + seconds(3) + milliseconds(4));
}

void expect_error(const char* text, const char* fragment) {
  try {
    parse_duration(text);
    ADD_FAILURE() << "\"" << text << "\" parsed but should not";
  } catch (const DurationError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(text), std::string::npos) << message;
    EXPECT_NE(message.find(fragment), std::string::npos) << message;
  }
}

TEST(ParseDuration, rejects_bad_text_saying_why) {
  expect_error("", "empty");
  expect_error("10", "needs a unit");
  expect_error("10x", "unknown unit \"x\"");
  expect_error("10mss", "unknown unit \"mss\"");
  expect_error("1.5 s", "unknown unit \" s\"");
  expect_error("-5s", "negative");
  expect_error("1.5ns", "finer than one nanosecond");
  expect_error("1.s", "followed by digits");
  expect_error("s", "expected a number");
  expect_error("30s1m", "larger to smaller");
  expect_error("1s1s", "larger to smaller");
  expect_error("9999999999999h", "too large");
  expect_error("99999999999999999999999ns", "too large");
}

TEST(FormatDuration, prints_the_shortest_exact_form) {
  EXPECT_EQ(format_duration(nanoseconds(0)), "0s");
  EXPECT_EQ(format_duration(hours(2)), "2h");
  EXPECT_EQ(format_duration(minutes(3)), "3m");
  EXPECT_EQ(format_duration(seconds(90)), "90s");
  EXPECT_EQ(format_duration(milliseconds(1500)), "1.5s");
  EXPECT_EQ(format_duration(milliseconds(150)), "150ms");
  EXPECT_EQ(format_duration(microseconds(1250)), "1.25ms");
  EXPECT_EQ(format_duration(nanoseconds(999)), "999ns");
  EXPECT_EQ(format_duration(nanoseconds(1'000'000'001)), "1.000000001s");
  EXPECT_EQ(format_duration(-milliseconds(5)), "-5ms");
}

RC_GTEST_PROP(FormatDuration, reads_back_to_the_same_value, ()) {
  const auto ns = *rc::gen::inRange<std::int64_t>(0, std::numeric_limits<std::int64_t>::max());
  RC_ASSERT(parse_duration(format_duration(nanoseconds(ns))) == nanoseconds(ns));
}

RC_GTEST_PROP(FormatDuration, reads_back_round_values, ()) {
  // Round values are what people write; the generator above rarely produces them.
  const auto count = *rc::gen::inRange<std::int64_t>(0, 100'000);
  const auto unit = *rc::gen::element<std::int64_t>(1, 1'000, 1'000'000, 1'000'000'000,
                                                     60'000'000'000, 3'600'000'000'000);
  RC_ASSERT(parse_duration(format_duration(nanoseconds(count * unit))) ==
            nanoseconds(count * unit));
}

// Time sums saturate at the end of the range ("never") instead of wrapping into the past.
RC_GTEST_PROP(TimeArithmetic, a_sum_is_exact_or_held_at_the_end_it_passed, ()) {
  const auto a = *rc::gen::arbitrary<std::int64_t>();
  const auto b = *rc::gen::arbitrary<std::int64_t>();
  // The exact sum, in 128 bits (a GCC and clang extension).
  __extension__ using Wide = __int128;
  const Wide exact = static_cast<Wide>(a) + b;
  const std::int64_t sum = model::saturating_add(a, b);
  if (exact > std::numeric_limits<std::int64_t>::max()) {
    RC_ASSERT(sum == std::numeric_limits<std::int64_t>::max());
  } else if (exact < std::numeric_limits<std::int64_t>::min()) {
    RC_ASSERT(sum == std::numeric_limits<std::int64_t>::min());
  } else {
    RC_ASSERT(static_cast<Wide>(sum) == exact);
  }
}

TEST(TimeArithmetic, a_timer_armed_past_the_end_of_time_never_fires_and_never_wraps) {
  Kernel kernel;
  bool fired_early = false, fired_late = false;
  kernel.schedule_after(std::chrono::seconds(1), [&] {
    // From t = 1s, a delay of the largest duration would wrap to about -292 years.
    kernel.schedule_after(Duration::max(), [&] { fired_late = true; });
    kernel.schedule_after(Duration{0}, [&] { fired_early = kernel.now() == time_from_ns(1'000'000'000); });
  });
  kernel.run_until(time_zero + std::chrono::hours(24 * 365));
  EXPECT_TRUE(fired_early);  // the queue still works after it
  EXPECT_FALSE(fired_late);
  EXPECT_EQ(later(time_from_ns(5), Duration::max()), Time::max());
  EXPECT_EQ(model::saturating_add(std::numeric_limits<std::int64_t>::max(), 1), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(model::saturating_add(std::numeric_limits<std::int64_t>::min(), -1), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(model::saturating_add(std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()), -1);
}

}  // namespace
}  // namespace clustersim::sim
