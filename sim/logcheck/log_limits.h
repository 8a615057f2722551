// The limits a log check keeps, so that any input (of any length, or not a log at all) is
// read in bounded memory and every line beyond them is named.
#pragma once

#include <chrono>
#include <cstddef>

namespace clustersim::sim::logcheck {

struct LogLimits {
  // An event line is a few hundred bytes; a peers list of 200 members is about 30 KB.
  std::size_t line_bytes = 64 * 1024;
  // Controller and leader ids are short names; a longer one is not an id.
  std::size_t id_bytes = 256;
  // A cluster has three to seven controllers; a log naming more distinct controller ids than
  // this (as sources, leaders or peers) is not one cluster's.
  std::size_t controllers = 1000;
  // How far out of order events may be and still be put right: dispatch reorders events by
  // milliseconds under load, and controllers' clocks differ by what NTP leaves (milliseconds);
  // ten seconds or 65,536 events (a few MB) leave a wide margin.
  std::chrono::nanoseconds reorder_span = std::chrono::seconds(10);
  std::size_t reorder_events = 65536;
};

}  // namespace clustersim::sim::logcheck
