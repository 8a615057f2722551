// The trace of a run, as JSON lines: a header (the scenario's text, seed, policy, build, and a
// full trace's level), one line per record (trace_records.h: the events, and in a full trace
// the roles, inputs, actions, decisions, drops, flaps, and at the messages level every message
// and timer), and a footer with the event count and the trace hash. `clustersim replay`
// re-runs a trace at its level and compares every line byte for byte.
#pragma once

#include <optional>

#include <string>
#include <vector>

#include "sim/simulation/simulation.h"

namespace clustersim::sim {

// Identifies the build: same scenario + seed + build must give the same trace.
std::string build_id();

// The largest trace `replay` reads, and golden event file `run` compares: a 200-node run of a
// day is about 100 MB of trace; a gigabyte keeps a mistaken path (a device, a disk image) from
// exhausting memory.
inline constexpr std::size_t trace_bytes_max = std::size_t{1} << 30;

std::string format_trace(const RunResult& run);

struct Trace {
  std::string scenario_file;
  std::string scenario_source;
  std::uint64_t seed = 0;
  model::TrackerPolicy policy = model::TrackerPolicy::stable;
  std::string build;
  std::optional<TrackerCommand> tracker_command;  // the tracker under test, if it was a process
  TraceLevel level = TraceLevel::events;
  std::vector<std::string> body_lines;  // every record's line, as written
  std::size_t events = 0;               // of them, events
  std::uint64_t trace_hash = 0;
};

// Throws OutputError (output_file.h) with the line number for a malformed trace.
Trace parse_trace(const std::string& text, const std::string& file);

// The lines a run's trace holds between header and footer, at the run's trace level, as in
// Trace::body_lines.
std::vector<std::string> trace_body_lines(const RunResult& run);

}  // namespace clustersim::sim
