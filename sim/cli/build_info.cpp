// CMake gives this file, alone, the version and the commit (sim/cli/CMakeLists.txt), so that a
// new commit recompiles one small file.
#include "sim/cli/build_info.h"

namespace clustersim::sim {

std::string_view build_version() { return CLUSTERSIM_VERSION; }
std::string_view build_commit() { return CLUSTERSIM_COMMIT; }

}  // namespace clustersim::sim
