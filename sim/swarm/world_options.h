// How `clustersim swarm` draws its random worlds, as the user set it: which fault kinds and how
// often (--faults crash=2,flap_link=1), how many faults at most (--max-faults), the cluster's
// size and timing (--nodes 3..7, --election-timeout 150ms..2s, replacing the template's), how
// long the fault phase lasts (--fault-phase), and what becomes of the template's own timeline
// (--timeline keep: run first in every world; drop: replaced). The defaults draw exactly the
// worlds swarms always drew.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "sim/scenario/scenario.h"
#include "sim/swarm/world_spec.h"

namespace clustersim::sim {

// A closed range of whole numbers, as "A..B" gives it (or one number: "A").
struct IntRange {
  int low = 0, high = 0;
  friend bool operator==(const IntRange&, const IntRange&) = default;
};

struct WorldOptions {
  // Relative weight of each fault kind (fault_kind_name), 0 = never. By default every kind of
  // the world weighs 1 and faults on the trackers' inputs 0 (--input-faults makes it 1).
  std::array<int, fault_kinds> weights = default_weights(false);
  int faults_max = 30;
  IntRange fault_phase_ms{5000, 120000};
  std::optional<IntRange> nodes;                // voters ctrl1..ctrlN in place of the template's members
  std::optional<IntRange> election_timeout_ms;  // heartbeat = election timeout, lease half (hashicorp's ratio)
  bool keep_template_timeline = false;
  bool guided = false;  // the weights above are the first batch's; guidance.h moves them

  static std::array<int, fault_kinds> default_weights(bool input_faults);
  bool input_faults() const { return weights[fault_kinds - 1] > 0; }
  // Whether the weights are the defaults' (each kind drawn uniformly): the draws stay the old ones.
  bool uniform_weights() const;
  // Everything above, for the results file: tasks that differ here ran other worlds.
  nlohmann::json describe() const;
};

// The fault kinds by the names --faults uses (the scenario actions they make): "partition",
// "partition_one_way", "isolate", "heal", "flap_link", "flap_node", "crash", "pause",
// "set_link", "writes", "upgrade", "membership", "transfer_leadership", "set_observer".
const char* fault_kind_name(int kind);

// Parses "crash=2,flap_link=1": the named kinds get their weights, every other kind 0. Returns
// "" or the problem (an unknown kind, with the known ones listed; a weight that is not a whole
// number from 0 to 1000; all weights 0).
std::string parse_fault_weights(std::string_view text, std::array<int, fault_kinds>& weights);

// Parses "A..B" or "A" with A <= B, each within [low, high]; returns "" or the problem.
std::string parse_int_range(std::string_view text, int low, int high, IntRange& range);
// The same for durations ("150ms..2s"), into whole milliseconds within [low_ms, high_ms].
std::string parse_duration_range(std::string_view text, int low_ms, int high_ms, IntRange& range_ms);

// The template a seed's world is built on: the template itself, or its cluster resized and
// retimed to what the seed's spec drew when --nodes or --election-timeout asks for it.
Scenario world_template(const Scenario& scenario_template, const WorldSpec& spec, const WorldOptions& options);

}  // namespace clustersim::sim
