// Event timestamps: RFC 3339 with nanoseconds and a zone offset, as OpenZiti writes them
// ("2025-01-10T13:54:48.151522421-05:00").
//
// A Timestamp is an instant (nanoseconds since the Unix epoch) plus the UTC offset it is
// written in; both round-trip exactly through format/parse. The tracker stamps events from a
// WallClock: an epoch plus the time it is told, so that the simulator (virtual time) and the
// Asio adapter (a real clock read once at start) produce the same kind of timestamps.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "model/time_arithmetic.h"

namespace clustersim::model {

struct Timestamp {
  std::int64_t unix_ns = 0;             // instant, nanoseconds since 1970-01-01T00:00:00Z
  std::int32_t utc_offset_minutes = 0;  // the zone it is written in; -300 is -05:00

  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};

// The first and last instants a Timestamp holds: nanoseconds since 1970 in 64 bits.
inline constexpr const char* timestamp_range = "1677-09-21T00:12:43Z .. 2262-04-11T23:47:16Z";

// Whether the timestamp can be written: |offset| < 24h, and its local time fits in 64 bits.
bool representable(const Timestamp& timestamp);

// Always nine fractional digits; "Z" for offset 0, else +hh:mm / -hh:mm.
// Precondition: representable(timestamp).
std::string format_timestamp(const Timestamp& timestamp);

// Appends format_timestamp(timestamp) to `out` without a temporary string.
void append_timestamp(std::string& out, const Timestamp& timestamp);

// Reads RFC 3339 date-time: fractional seconds of 0 to 9 digits (Go trims trailing zeros),
// "Z"/"z" or a numeric offset. On failure returns nothing and sets `error` to the reason.
std::optional<Timestamp> parse_timestamp(std::string_view text, std::string& error);

// Maps the time a tracker is told (nanoseconds since its embedder's origin) to a Timestamp.
struct WallClock {
  std::int64_t epoch_unix_ns = 0;  // the wall-clock instant of time 0
  std::int32_t utc_offset_minutes = 0;

  Timestamp at(std::chrono::nanoseconds since_origin) const {
    return Timestamp{saturating_add(epoch_unix_ns, since_origin.count()), utc_offset_minutes};
  }
};

}  // namespace clustersim::model
