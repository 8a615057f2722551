#include "sim/scenario/mesh_spec.h"

#include <algorithm>
#include <cctype>

namespace clustersim::sim {

std::vector<std::string> MeshSpec::versions(const std::vector<model::RaftMember>& members) const {
  std::vector<std::string> out;
  for (const model::RaftMember& member : members) {
    const auto own = node_versions.find(member.id);
    out.push_back(own != node_versions.end() ? own->second : version);
  }
  return out;
}

std::optional<std::string> version_problem(const std::string& version) {
  if (version.empty() || version.size() > 64) return "a version has 1 to 64 characters";
  const bool plain = std::all_of(version.begin(), version.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-' || c == '+';
  });
  if (!plain) return "a version is letters, digits and . _ - + only (got \"" + version + "\")";
  return std::nullopt;
}

}  // namespace clustersim::sim
