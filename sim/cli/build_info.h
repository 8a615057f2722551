// What build this is: the version and the commit it was built from, as `clustersim --version`
// prints them and as every swarm results file records them (a seed stands for the same world
// only under the same build).
#pragma once

#include <string_view>

namespace clustersim::sim {

std::string_view build_version();
std::string_view build_commit();  // "unknown" when the tree was not a git checkout

}  // namespace clustersim::sim
