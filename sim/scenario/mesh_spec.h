// The controller mesh of a scenario (`cluster.mesh`): on or off, the OpenZiti mode (2.1's
// fully connected mesh, or before 2.1 only the leader's channels), the dialer's and the
// channels' timing (MeshConfig, OpenZiti's defaults unless stated), and the version each
// controller runs (a mismatch among connected peers makes the cluster read-only).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/mesh/mesh_config.h"
#include "model/raft/raft_config.h"

namespace clustersim::sim {

struct MeshSpec {
  bool enabled = true;
  model::MeshConfig config;
  std::string version = "v2.1.0";                    // every node's, unless named below
  std::map<std::string, std::string> node_versions;  // per node id

  // Each member's version, in member order.
  std::vector<std::string> versions(const std::vector<model::RaftMember>& members) const;
};

// Why `version` cannot be a controller's version string, or nothing: 1 to 64 characters,
// letters, digits and . _ - + only (it travels into events unescaped).
std::optional<std::string> version_problem(const std::string& version);

}  // namespace clustersim::sim
