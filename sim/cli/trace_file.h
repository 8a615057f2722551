// The trace of a run, as JSON lines: a header (the scenario's text, seed, policy, build),
// one line per event with its virtual time and node, and a footer with the event count and
// the trace hash. `clustersim replay` re-runs a trace and compares.
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
  std::vector<std::string> event_lines;  // "<at_ns> <node> <event json>"
  std::uint64_t trace_hash = 0;
};

// Throws OutputError (output_file.h) with the line number for a malformed trace.
Trace parse_trace(const std::string& text, const std::string& file);

// The comparable form of a run's events, as in Trace::event_lines.
std::vector<std::string> trace_event_lines(const RunResult& run);

}  // namespace clustersim::sim
