// RFC 3339 by hand: the calendar arithmetic is std::chrono's (C++20 year_month_day), the
// text is ours, because no standard formatter writes nanoseconds with a numeric offset.
#include "model/events/timestamp.h"

#include <cstdlib>
#include <limits>

#include "model/assert.h"

namespace clustersim::model {
namespace {

constexpr std::int64_t ns_per_second = 1'000'000'000;
constexpr std::int64_t ns_per_minute = 60 * ns_per_second;
constexpr std::int64_t ns_per_day = 86'400 * ns_per_second;

void append_digits(std::string& out, std::int64_t value, int width) {
  char buffer[20];
  for (int i = width - 1; i >= 0; --i) {
    buffer[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buffer, static_cast<std::size_t>(width));
}

// Reads exactly `width` digits at `pos`, advancing it; false if they are not all digits.
bool read_digits(std::string_view text, std::size_t& pos, int width, int& value) {
  if (pos + static_cast<std::size_t>(width) > text.size()) return false;
  value = 0;
  for (int i = 0; i < width; ++i) {
    const char c = text[pos++];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char wanted) {
  if (pos >= text.size() || text[pos] != wanted) return false;
  ++pos;
  return true;
}

std::optional<Timestamp> fail(std::string& error, const char* why) {
  error = why;
  return std::nullopt;
}

}  // namespace

bool representable(const Timestamp& timestamp) {
  if (std::abs(timestamp.utc_offset_minutes) >= 24 * 60) return false;
  std::int64_t local = 0;
  return !__builtin_add_overflow(timestamp.unix_ns, timestamp.utc_offset_minutes * ns_per_minute, &local);
}

void append_timestamp(std::string& out, const Timestamp& timestamp) {
  CLUSTERSIM_ASSERT(representable(timestamp));
  const std::int64_t local = timestamp.unix_ns + timestamp.utc_offset_minutes * ns_per_minute;
  std::int64_t days = local / ns_per_day;
  std::int64_t in_day = local % ns_per_day;
  if (in_day < 0) {  // floor division for instants before 1970
    in_day += ns_per_day;
    --days;
  }
  const std::chrono::year_month_day date{
      std::chrono::sys_days{std::chrono::days{static_cast<std::int32_t>(days)}}};
  const int year = static_cast<int>(date.year());
  CLUSTERSIM_ASSERT(year >= 1 && year <= 9999);
  append_digits(out, year, 4);
  out.push_back('-');
  append_digits(out, static_cast<unsigned>(date.month()), 2);
  out.push_back('-');
  append_digits(out, static_cast<unsigned>(date.day()), 2);
  out.push_back('T');
  append_digits(out, in_day / (60 * ns_per_minute), 2);
  out.push_back(':');
  append_digits(out, in_day / ns_per_minute % 60, 2);
  out.push_back(':');
  append_digits(out, in_day / ns_per_second % 60, 2);
  out.push_back('.');
  append_digits(out, in_day % ns_per_second, 9);
  if (timestamp.utc_offset_minutes == 0) {
    out.push_back('Z');
    return;
  }
  const int offset = std::abs(timestamp.utc_offset_minutes);
  out.push_back(timestamp.utc_offset_minutes < 0 ? '-' : '+');
  append_digits(out, offset / 60, 2);
  out.push_back(':');
  append_digits(out, offset % 60, 2);
}

std::string format_timestamp(const Timestamp& timestamp) {
  std::string out;
  out.reserve(35);
  append_timestamp(out, timestamp);
  return out;
}

std::optional<Timestamp> parse_timestamp(std::string_view text, std::string& error) {
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!read_digits(text, pos, 4, year) || !expect(text, pos, '-') ||
      !read_digits(text, pos, 2, month) || !expect(text, pos, '-') ||
      !read_digits(text, pos, 2, day)) {
    return fail(error, "expected a date YYYY-MM-DD");
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't')) {
    return fail(error, "expected 'T' between date and time");
  }
  ++pos;
  if (!read_digits(text, pos, 2, hour) || !expect(text, pos, ':') ||
      !read_digits(text, pos, 2, minute) || !expect(text, pos, ':') ||
      !read_digits(text, pos, 2, second)) {
    return fail(error, "expected a time hh:mm:ss");
  }
  std::int64_t fraction_ns = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    std::int64_t scale = ns_per_second;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (++digits > 9) return fail(error, "more than 9 fractional digits");
      scale /= 10;
      fraction_ns += (text[pos++] - '0') * scale;
    }
    if (digits == 0) return fail(error, "a '.' must be followed by fractional digits");
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const bool negative = text[pos++] == '-';
    int offset_hours = 0, offset_mins = 0;
    if (!read_digits(text, pos, 2, offset_hours) || !expect(text, pos, ':') ||
        !read_digits(text, pos, 2, offset_mins)) {
      return fail(error, "expected a zone offset +hh:mm or -hh:mm");
    }
    if (offset_hours > 23 || offset_mins > 59) return fail(error, "zone offset out of range");
    offset_minutes = (negative ? -1 : 1) * (offset_hours * 60 + offset_mins);
  } else {
    return fail(error, "expected a zone: 'Z' or an offset like -05:00");
  }
  if (pos != text.size()) return fail(error, "unexpected text after the zone");
  const std::chrono::year_month_day date{std::chrono::year{year},
                                         std::chrono::month{static_cast<unsigned>(month)},
                                         std::chrono::day{static_cast<unsigned>(day)}};
  if (year < 1 || !date.ok()) return fail(error, "no such date");
  if (hour > 23 || minute > 59 || second > 59) return fail(error, "no such time of day");
  const std::int64_t days = std::chrono::sys_days{date}.time_since_epoch().count();
  const std::int64_t time_of_day = hour * 60 * ns_per_minute + minute * ns_per_minute + second * ns_per_second + fraction_ns;
  // Nanoseconds since 1970 in 64 bits reach from 1677-09-21 to 2262-04-11; years 0001..9999
  // parse, so the sum is taken in 128 bits and checked rather than allowed to wrap. (A day's
  // product alone can leave 64 bits at the first representable day.)
  __extension__ using Wide = __int128;  // GCC and Clang on 64-bit targets
  const Wide wide = static_cast<Wide>(days) * ns_per_day + time_of_day - static_cast<Wide>(offset_minutes) * ns_per_minute;
  const bool fits = wide >= std::numeric_limits<std::int64_t>::min() && wide <= std::numeric_limits<std::int64_t>::max();
  const std::int64_t unix_ns = fits ? static_cast<std::int64_t>(wide) : 0;
  if (!fits || !representable(Timestamp{unix_ns, offset_minutes})) {
    error = std::string("outside the instants a nanosecond timestamp can hold (") + timestamp_range + ")";
    return std::nullopt;
  }
  return Timestamp{unix_ns, offset_minutes};
}

}  // namespace clustersim::model
