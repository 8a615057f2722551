// TrackerCommand: how to start a tracker under test that runs as its own process (the tracker
// protocol, docs/tracker-protocol.md), from `--tracker-cmd "COMMAND ARGS"` or a scenario's
// `tracker.command`.
//
// The command line is split into words the way a shell splits a simple command (blanks
// separate words; single quotes keep everything, double quotes keep blanks and take \" and \\;
// a backslash outside quotes keeps the next character) but nothing else of a shell happens:
// no variables, globbing or redirections. The first word is found on PATH as execvp does.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clustersim::sim {

// How long clustersim waits for one answer before it counts the tracker as hung. Real time,
// the only real time in a run with an external tracker: it bounds a hang and never changes an
// answer. A Go tracker answers in tens of microseconds; 10 s covers a loaded machine, a
// garbage-collection pause and a JVM's first compilation many times over.
inline constexpr std::chrono::milliseconds default_tracker_timeout{10'000};

struct TrackerCommand {
  std::string text;                // as the user wrote it (scenario files write it back)
  std::vector<std::string> argv;   // text split into words; never empty
  std::chrono::milliseconds timeout = default_tracker_timeout;

  friend bool operator==(const TrackerCommand&, const TrackerCommand&) = default;
};

// Splits `text` into words; on a problem (nothing to run, an unclosed quote) returns nothing
// and sets `error`.
std::optional<TrackerCommand> parse_tracker_command(std::string_view text, std::string& error);

}  // namespace clustersim::sim
