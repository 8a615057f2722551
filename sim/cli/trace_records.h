// A run as the lines of its full trace, in time order: the tracker and mesh events and, at
// the decisions level (run_journal.h), every scripted action, role and term change, tracker
// input, flap phase, dropped message and election decision; at the messages level every
// message and timer too. Each record has two forms: its JSON line (the trace, which `replay`
// compares byte for byte) and a line for people (`run --verbose`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/simulation/simulation.h"

namespace clustersim::sim {

struct TraceRecord {
  std::int64_t at_ns = 0;
  std::string json;  // one line, no newline
  std::string text;  // "12.345s  ctrl2  becomes Leader in term 3"
};

// In time order; at one instant actions first (the cause), then what the network did, the
// nodes' decisions, their roles, their trackers' inputs and last the events (the effect).
std::vector<TraceRecord> trace_records(const RunResult& run);

}  // namespace clustersim::sim
