// Reading and validating scenario files. Everything is checked before anything runs: unknown
// keys, unknown nodes, bad durations, impossible or overlapping actions, a window longer
// than the run. A problem is a ScenarioError whose message names the file, the line and the
// JSON path, and says what is wrong:
//   scenarios/leader_crash.json:14: timeline[1].node: unknown node "ctrl9" (nodes: ctrl1..ctrl5)
// The format is documented, with an example of every action, in scenarios/README.md.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "sim/scenario/scenario.h"

namespace clustersim::sim {

class ScenarioError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses scenario JSON; `file` labels messages and anchors relative paths (golden files).
Scenario parse_scenario(std::string_view text, const std::string& file);

// Reads and parses a file; a file that cannot be read is a ScenarioError too.
Scenario load_scenario(const std::string& path);

}  // namespace clustersim::sim
