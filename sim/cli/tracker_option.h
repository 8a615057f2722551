// --tracker-cmd and --tracker-timeout: the options that put a tracker under test, running as
// its own process (docs/tracker-protocol.md), in place of the built-in trackers. Shared by
// run, swarm and sweep.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "sim/cli/commands.h"

namespace clustersim::sim {

inline constexpr const char* tracker_option_help =
    "  --tracker-cmd \"COMMAND ARGS\"  run the tracker under test as a process speaking the\n"
    "                 tracker protocol (docs/tracker-protocol.md) instead of the built-in one\n"
    "  --tracker-timeout D  how long to wait for one answer before the tracker counts as hung\n"
    "                 (real time; default 10s)\n";

struct TrackerOption {
  std::optional<TrackerCommand> command;
  std::optional<std::chrono::milliseconds> timeout;

  // Takes args[i] (and its value) when it is one of the two options: true if it was, with
  // `problem` set if its value is bad.
  bool take(const Args& args, std::size_t& i, std::string& problem);
  // Gives the scenario the command (and the timeout, to its own command too), then starts the
  // scenario's tracker command once and stops it. Returns "" when all is well, else the
  // problem, a usage error: a timeout with no command, a command that cannot be started.
  // Call after loading, before running.
  std::string apply(Scenario& scenario) const;
};

}  // namespace clustersim::sim
