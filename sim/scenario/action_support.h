// What every timeline action kind is given: the input it is read from (ActionInput), the
// running world it acts on (ActionContext), the record of what it did (ActionRecord), the
// lifecycle rule of the node actions (LifecycleStep) and how a timeline draws it
// (FaultDrawing). The kinds themselves live in sim/scenario/actions/, one family per file;
// action.h lists them.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/cluster/cluster.h"
#include "sim/core/kernel.h"
#include "sim/net/link_params.h"

namespace clustersim::sim {

struct Scenario;
class MeshHost;
namespace detail {
class ScenarioReader;
}  // namespace detail

// A node reference in an action: a member id, or one of these role references, resolved when
// the action runs (the action is skipped, and the skip recorded, if no node fits then):
//   "leader"    whichever node leads;
//   "follower"  the first up node, in member order, in the Follower role while a node leads
//               (one node, the same in every run of a scenario: the shape of "a flapping
//               follower" that tools/calibrate compares with the real hashicorp/raft).
inline constexpr const char* leader_reference = "leader";
inline constexpr const char* follower_reference = "follower";
inline bool is_role_reference(std::string_view reference) {
  return reference == leader_reference || reference == follower_reference;
}

using ActionJson = nlohmann::ordered_json;  // key order as the kind writes them

// One action of a scenario file being read. Kinds read their own keys and check them.
struct ActionInput {
  const detail::ScenarioReader& reader;
  const nlohmann::json& item;
  const std::string& path;  // "timeline[3]"
  const Scenario& scenario;
  Time at;
};

// An optional "random_delay" of an action on one node (crash, isolate): it happens at `at`
// plus a uniform draw in [0, delay), the draw from a stream named by the action, its node and
// its `at`, so that adding an action moves no other. Reading checks the delay stays in the run.
Duration read_random_delay(const ActionInput& in);
Time delayed(std::string_view action, const std::string& node, Time at, Duration delay, std::uint64_t seed);

// What an action did when it ran: "crash ctrl3 (the leader)", or why it was skipped.
struct ActionRecord {
  Time at;
  std::string text;
  bool skipped = false;
};

// A node's process lifecycle (up, paused, crashed) as actions move it. For each state the
// node may be in, why the action is impossible then (nullptr: possible), and the state after.
// The one rule of the parser (named nodes), the swarm generator and the running world.
struct LifecycleStep {
  std::array<const char*, 3> refusal;  // indexed by NodeState: up, paused, crashed
  NodeState after;
  const char* refused_in(NodeState state) const { return refusal[static_cast<std::size_t>(state)]; }
};

// How a timeline picture shows an action: a network cut that lasts until healed, or a flap
// over its span on the lanes it affects.
struct FaultDrawing {
  enum class Shape : std::uint8_t { none, cut_begins, cut_ends, flap };
  Shape shape = Shape::none;
  bool every_lane = false;         // flap: every node's lane (a flap of a role reference)
  std::vector<std::string> nodes;  // flap: the lanes it affects
  Time from = time_zero;
  Time until = time_zero;
  std::string label;

  static FaultDrawing cut(Shape shape) {
    FaultDrawing drawing;
    drawing.shape = shape;
    return drawing;
  }
};

// The running world as an action sees it when it runs: the cluster to act on, "leader"
// resolution, and the record of what was done. Built by the Simulation.
class ActionContext {
 public:
  // `begin_liveness_phase(check_at)`: faults have stopped; the liveness check is due then.
  ActionContext(Kernel& kernel, SimCluster& cluster, const LinkParams& default_link,
                std::uint64_t seed, std::function<void(Time)> begin_liveness_phase)
      : kernel_(kernel),
        cluster_(cluster),
        default_link_(default_link),
        seed_(seed),
        begin_liveness_phase_(std::move(begin_liveness_phase)) {}

  Kernel& kernel() { return kernel_; }
  SimCluster& cluster() { return cluster_; }
  // The controllers' mesh, or null when the scenario's is off.
  MeshHost* mesh() { return mesh_; }
  void set_mesh(MeshHost* mesh) { mesh_ = mesh; }
  Network& network() { return cluster_.network(); }
  Time now() const { return kernel_.now(); }
  std::uint64_t seed() const { return seed_; }
  const LinkParams& default_link() const { return default_link_; }

  // A member id's node, or for "leader" the up node in the Leader role with the highest
  // term, for "follower" the first up Follower while that one leads; no_node if none fits.
  NodeIndex resolve(const std::string& reference) const;
  // "ctrl2", or "ctrl2 (the leader)" / "ctrl2 (a follower)" when named by its role.
  std::string describe(const std::string& reference, NodeIndex node) const;

  // The node a node action acts on, or no_node after recording why it is skipped: no node
  // fits its role reference, or (with a lifecycle step) the node's state does not allow it.
  NodeIndex target(std::string_view action, const std::string& reference,
                   const LifecycleStep* lifecycle);

  void record(std::string text, bool skipped = false) {
    records_.push_back({kernel_.now(), std::move(text), skipped});
  }
  // A crash, an isolation, a node's flap or a leadership transfer a leader took: the first is
  // the run's mark (RunResult::mark).
  void note_mark() {
    if (!mark_) mark_ = kernel_.now();
  }
  void begin_liveness_phase(Time check_at) { begin_liveness_phase_(check_at); }

  const std::vector<ActionRecord>& records() const { return records_; }
  std::optional<Time> mark() const { return mark_; }

 private:
  Kernel& kernel_;
  SimCluster& cluster_;
  LinkParams default_link_;
  std::uint64_t seed_;
  std::function<void(Time)> begin_liveness_phase_;
  std::vector<ActionRecord> records_;
  std::optional<Time> mark_;
  MeshHost* mesh_ = nullptr;
};

}  // namespace clustersim::sim
