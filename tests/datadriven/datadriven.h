// Datadriven test files in etcd's style: a paragraph of purpose, then commands, each followed
// by "----" and the output it must produce.
//
//   # A follower that hears from no leader within its heartbeat timeout campaigns.
//
//   cluster ids=ctrl1,ctrl2,ctrl3
//   ----
//   ok
//
// Lines starting with '#' are comments, kept as they are. A command is a word and arguments
// (`key=value` or bare words); its expected output runs to the next blank line and never holds
// one. With CLUSTERSIM_REWRITE=1 in the environment, the driver writes each file back with the
// output the code produces now: review the diff and commit only what you understand.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace clustersim::testing {

struct Command {
  std::string name;
  std::vector<std::string> words;            // bare arguments, in order
  std::map<std::string, std::string> args;   // key=value arguments
  int line = 0;                              // where it is in its file

  bool has(const std::string& key) const { return args.count(key) != 0; }
  // The value of `key`, or `fallback` when absent.
  std::string get(const std::string& key, const std::string& fallback = "") const;
  // The value of `key`; fails the test (throws) when absent.
  std::string need(const std::string& key) const;
};

// Thrown by an interpreter for a command it cannot carry out: the driver reports it with the
// file and line. (A problem of the script, not of the code under test.)
struct ScriptError {
  std::string message;
};

struct Block {
  std::vector<std::string> comments;  // '#' lines and blank lines before the command
  Command command;
  std::string command_text;
  std::string expected;  // without the final newline
};

struct Script {
  std::vector<Block> blocks;
  std::vector<std::string> trailing;  // comments after the last block
};

// The items of a comma-separated list, empty ones dropped: "ctrl1,ctrl2" (every interpreter's
// lists of nodes).
std::vector<std::string> comma_list(const std::string& text);

// A duration written as scenario files write them ("150ms", "1.5s"); a malformed one is a
// ScriptError naming `what`.
std::chrono::nanoseconds script_duration(const std::string& text, const std::string& what);

// Parses a file's text; throws ScriptError naming the line of a malformed block.
Script parse_script(const std::string& text);
std::string format_script(const Script& script);

// Runs every block of the file at `path` through `run` (one fresh interpreter per file).
// Returns the mismatches as text, "" when every output is as expected; rewrites the file
// instead when CLUSTERSIM_REWRITE=1.
std::string run_script_file(const std::string& path, const std::function<std::string(const Command&)>& run);

// Every "*.txt" file under `dir`, sorted.
std::vector<std::string> script_files(const std::string& dir);

}  // namespace clustersim::testing
