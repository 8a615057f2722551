// The clustersim subcommands. Each takes its arguments (after the command name), writes
// people's output to `out` and problems to `err`, and returns the process exit code:
// 0 all checks hold, 1 a safety/correctness check or expectation failed, 2 bad usage or bad
// input, 3 a liveness check failed, 130 interrupted.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.h"

namespace clustersim::sim {

using Args = std::vector<std::string_view>;

inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_bad_input = 2;
inline constexpr int exit_liveness = 3;
// Interrupted (128 + SIGINT, as a shell reports it): swarm and sweep report what they finished.
inline constexpr int exit_interrupted = 130;

// Reads a whole number from 0 to 2^64 - 1 (the whole text, nothing else); false if it is not one.
bool parse_whole_number(std::string_view text, std::uint64_t& value);

// The value of the option at args[i]: the next argument, or nothing when there is none or it
// is another option ("--out --quiet" must not write a file named --quiet). Advances `i` past a
// value it takes.
std::optional<std::string_view> option_value(const Args& args, std::size_t& i);

// Writes "clustersim COMMAND: PROBLEM" and where to find the usage; returns exit_bad_input.
int usage_error(std::string_view command, std::string_view problem, std::ostream& err);

// Loads a scenario file into `scenario`; if it cannot, writes "clustersim COMMAND: " and the
// file's problem to `err` and returns false (the caller exits with exit_bad_input).
bool load_scenario_or_report(std::string_view command, const std::string& path, Scenario& scenario,
                             std::ostream& err);

int run_command(const Args& args, std::ostream& out, std::ostream& err);
int replay_command(const Args& args, std::ostream& out, std::ostream& err);
int check_command(const Args& args, std::ostream& out, std::ostream& err);
int demo_command(const Args& args, std::ostream& out, std::ostream& err);
int swarm_command(const Args& args, std::ostream& out, std::ostream& err);
int sweep_command(const Args& args, std::ostream& out, std::ostream& err);
int vectors_command(const Args& args, std::ostream& out, std::ostream& err);

}  // namespace clustersim::sim
