// Writes a Scenario as a scenario file that parse_scenario reads back to the same world.
// Used for the shrunk counterexamples of the property suite and `clustersim swarm`: a
// failure is handed back as a file a person can read, edit and run.
#pragma once

#include <string>

#include "sim/scenario/scenario.h"

namespace clustersim::sim {

// Pretty-printed JSON, every field explicit (timings too, so a preset change cannot alter
// what the file means).
std::string write_scenario(const Scenario& scenario);

}  // namespace clustersim::sim
