// Reading and writing `cluster.mesh` (MeshSpec), for the scenario parser and writer.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/scenario/scenario_reader.h"

namespace clustersim::sim::detail {

// Reads cluster.mesh, if present, into scenario.mesh. Precondition: the node ids are known.
void read_mesh(const ScenarioReader& reader, const Json& cluster, Scenario& scenario);

// Every key of the mesh, so that a later change of a default cannot alter a written file.
nlohmann::ordered_json mesh_json(const MeshSpec& mesh);

}  // namespace clustersim::sim::detail
