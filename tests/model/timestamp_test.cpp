// RFC 3339 timestamps: exactly OpenZiti's form, and exact round trips.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "model/events/timestamp.h"

namespace clustersim::model {
namespace {

TEST(Timestamp, formats_nanoseconds_and_a_negative_offset) {
  // 2025-01-10T18:54:48.151522421Z written in -05:00.
  const Timestamp t{1'736'535'288'151'522'421, -300};
  EXPECT_EQ(format_timestamp(t), "2025-01-10T13:54:48.151522421-05:00");
}

TEST(Timestamp, formats_utc_as_z_and_keeps_all_nine_digits) {
  EXPECT_EQ(format_timestamp(Timestamp{0, 0}), "1970-01-01T00:00:00.000000000Z");
  EXPECT_EQ(format_timestamp(Timestamp{1'500'000'000, 330}), "1970-01-01T05:30:01.500000000+05:30");
}

TEST(Timestamp, formats_instants_before_1970) {
  EXPECT_EQ(format_timestamp(Timestamp{-1, 0}), "1969-12-31T23:59:59.999999999Z");
}

TEST(Timestamp, parses_what_go_writes_with_trimmed_fractions) {
  std::string error;
  const auto trimmed = parse_timestamp("2025-01-10T13:54:48.1515-05:00", error);
  ASSERT_TRUE(trimmed) << error;
  EXPECT_EQ(trimmed->unix_ns, 1'736'535'288'151'500'000);
  EXPECT_EQ(trimmed->utc_offset_minutes, -300);
  const auto whole = parse_timestamp("2025-01-10T18:54:48Z", error);
  ASSERT_TRUE(whole) << error;
  EXPECT_EQ(whole->unix_ns, 1'736'535'288'000'000'000);
  EXPECT_TRUE(parse_timestamp("2025-01-10t18:54:48z", error));
}

void expect_rejected(const char* text, const char* fragment) {
  std::string error;
  EXPECT_FALSE(parse_timestamp(text, error)) << text;
  EXPECT_NE(error.find(fragment), std::string::npos) << text << ": " << error;
}

TEST(Timestamp, rejects_malformed_text_saying_why) {
  expect_rejected("2025-01-10 13:54:48Z", "'T'");
  expect_rejected("2025-02-30T00:00:00Z", "no such date");
  expect_rejected("2025-01-10T24:00:00Z", "no such time");
  expect_rejected("2025-01-10T13:54:48", "zone");
  expect_rejected("2025-01-10T13:54:48.Z", "fractional digits");
  expect_rejected("2025-01-10T13:54:48.1234567891Z", "more than 9");
  expect_rejected("2025-01-10T13:54:48+0500", "offset");
  expect_rejected("2025-01-10T13:54:48Zjunk", "after the zone");
  expect_rejected("25-01-10T13:54:48Z", "date");
}

RC_GTEST_PROP(Timestamp, format_then_parse_is_exact, ()) {
  // Years 1970..2200 and any offset within a day.
  const auto unix_ns = *rc::gen::inRange<std::int64_t>(0, 7'258'118'400'000'000'000);
  const auto offset = *rc::gen::inRange<std::int32_t>(-23 * 60 - 59, 23 * 60 + 60);
  const Timestamp original{unix_ns, offset};
  std::string error;
  const auto parsed = parse_timestamp(format_timestamp(original), error);
  RC_ASSERT(parsed.has_value());
  RC_ASSERT(*parsed == original);
}

TEST(WallClock, stamps_an_epoch_plus_the_time_told) {
  const WallClock clock{1'736'535'288'000'000'000, -300};
  EXPECT_EQ(format_timestamp(clock.at(std::chrono::milliseconds(151))),
            "2025-01-10T13:54:48.151000000-05:00");
}

}  // namespace
}  // namespace clustersim::model
