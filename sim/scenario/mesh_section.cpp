#include "sim/scenario/mesh_section.h"

#include <algorithm>

namespace clustersim::sim::detail {
namespace {

using Nanos = model::MeshConfig::Nanos;

// The mesh's durations by key, as MeshConfig names them.
constexpr std::pair<const char*, Nanos model::MeshConfig::*> duration_keys[] = {
    {"min_retry", &model::MeshConfig::min_retry},
    {"max_retry", &model::MeshConfig::max_retry},
    {"fast_failure_window", &model::MeshConfig::fast_failure_window},
    {"dial_timeout", &model::MeshConfig::dial_timeout},
    {"scan_every", &model::MeshConfig::scan_every},
    {"queue_check_every", &model::MeshConfig::queue_check_every},
    {"heartbeat_every", &model::MeshConfig::heartbeat_every},
    {"check_every", &model::MeshConfig::check_every},
    {"unresponsive_after", &model::MeshConfig::unresponsive_after},
    {"not_member_grace", &model::MeshConfig::not_member_grace},
};

std::string mode_name(const MeshSpec& mesh) {
  if (!mesh.enabled) return "off";
  return mesh.config.mode == model::MeshMode::full ? "full" : "leader_only";
}

std::string version_at(const ScenarioReader& reader, const Json& object, const char* key, const std::string& path) {
  const std::string version = reader.string_at(object, key, path);
  if (auto problem = version_problem(version)) reader.fail(ScenarioReader::join(path, key), *problem);
  return version;
}

}  // namespace

void read_mesh(const ScenarioReader& reader, const Json& cluster, Scenario& scenario) {
  if (!cluster.contains("mesh")) return;
  const std::string path = "cluster.mesh";
  const Json& mesh = reader.object_at(cluster, "mesh", "cluster");
  reader.only_keys(mesh, path,
                   {"mode", "version", "versions", "backoff_factor", "min_retry", "max_retry", "fast_failure_window",
                    "dial_timeout", "scan_every", "queue_check_every", "heartbeat_every", "check_every",
                    "unresponsive_after", "not_member_grace"});
  MeshSpec& spec = scenario.mesh;
  if (mesh.contains("mode")) {
    const std::string mode = reader.string_at(mesh, "mode", path);
    if (mode == "off") {
      spec.enabled = false;
    } else if (mode == "leader_only") {
      spec.config.mode = model::MeshMode::leader_only;
    } else if (mode != "full") {
      reader.fail(path + ".mode", "unknown mode \"" + mode + "\" (full, leader_only or off)");
    }
  }
  for (const auto& [key, field] : duration_keys) {
    if (mesh.contains(key)) spec.config.*field = reader.duration_at(mesh, key, path);
  }
  if (mesh.contains("backoff_factor")) spec.config.backoff_factor = reader.number_at(mesh, "backoff_factor", path);
  if (auto problem = spec.config.problem()) reader.fail(path, *problem);
  if (mesh.contains("version")) spec.version = version_at(reader, mesh, "version", path);
  if (!mesh.contains("versions")) return;
  const std::string versions_path = path + ".versions";
  const Json& versions = reader.object_at(mesh, "versions", path);
  for (const auto& [id, value] : versions.items()) {
    if (std::find(reader.node_ids.begin(), reader.node_ids.end(), id) == reader.node_ids.end()) {
      reader.fail(versions_path + "." + id, "not a node of this cluster");
    }
    spec.node_versions[id] = version_at(reader, versions, id.c_str(), versions_path);
  }
}

nlohmann::ordered_json mesh_json(const MeshSpec& mesh) {
  nlohmann::ordered_json out;
  out["mode"] = mode_name(mesh);
  out["version"] = mesh.version;
  if (!mesh.node_versions.empty()) out["versions"] = mesh.node_versions;
  for (const auto& [key, field] : duration_keys) out[key] = format_duration(mesh.config.*field);
  out["backoff_factor"] = mesh.config.backoff_factor;
  return out;
}

}  // namespace clustersim::sim::detail
