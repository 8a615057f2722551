#include "sim/swarm/world_options.h"

#include <algorithm>
#include <charconv>
#include <numeric>

#include "sim/core/time.h"

namespace clustersim::sim {
namespace {

constexpr const char* kind_names[fault_kinds] = {
    "partition", "partition_one_way", "isolate", "heal",   "flap_link",  "flap_node",           "crash",
    "pause",     "set_link",          "writes",  "upgrade", "membership", "transfer_leadership", "set_observer"};

std::string known_kinds() {
  std::string list;
  for (const char* name : kind_names) list += (list.empty() ? "" : ", ") + std::string(name);
  return list;
}

bool parse_int(std::string_view text, int& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

// Splits "A..B" (or "A") into its two ends.
std::pair<std::string_view, std::string_view> ends(std::string_view text) {
  const auto dots = text.find("..");
  if (dots == std::string_view::npos) return {text, text};
  return {text.substr(0, dots), text.substr(dots + 2)};
}

}  // namespace

const char* fault_kind_name(int kind) { return kind_names[kind]; }

std::array<int, fault_kinds> WorldOptions::default_weights(bool input_faults) {
  std::array<int, fault_kinds> weights{};
  weights.fill(1);
  weights[fault_kinds - 1] = input_faults ? 1 : 0;
  return weights;
}

bool WorldOptions::uniform_weights() const {
  return weights == default_weights(false) || weights == default_weights(true);
}

nlohmann::json WorldOptions::describe() const {
  nlohmann::json faults = nlohmann::json::object();
  for (int kind = 0; kind < fault_kinds; ++kind) {
    if (weights[static_cast<std::size_t>(kind)] > 0) faults[kind_names[kind]] = weights[static_cast<std::size_t>(kind)];
  }
  nlohmann::json out = {{"generator", "random_spec 2"},
                        {"faults", std::move(faults)},
                        {"max_faults", faults_max},
                        {"fault_phase_ms", {fault_phase_ms.low, fault_phase_ms.high}},
                        {"template_timeline", keep_template_timeline ? "keep" : "drop"}};
  if (guided) out["guided"] = true;
  if (nodes) out["nodes"] = {nodes->low, nodes->high};
  if (election_timeout_ms) out["election_timeout_ms"] = {election_timeout_ms->low, election_timeout_ms->high};
  return out;
}

std::string parse_fault_weights(std::string_view text, std::array<int, fault_kinds>& weights) {
  weights.fill(0);
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const auto equals = item.find('=');
    const std::string_view name = item.substr(0, equals);
    int weight = 1;
    if (equals != std::string_view::npos && (!parse_int(item.substr(equals + 1), weight) || weight < 0 || weight > 1000)) {
      return "--faults: the weight of " + std::string(name) + " must be a whole number from 0 to 1000, got \"" +
             std::string(item.substr(equals + 1)) + "\"";
    }
    int kind = 0;
    while (kind < fault_kinds && name != kind_names[kind]) ++kind;
    if (kind == fault_kinds) return "--faults: unknown fault kind \"" + std::string(name) + "\" (known: " + known_kinds() + ")";
    weights[static_cast<std::size_t>(kind)] = weight;
  }
  if (std::accumulate(weights.begin(), weights.end(), 0) == 0) return "--faults: every weight is 0; give one kind at least";
  return "";
}

std::string parse_int_range(std::string_view text, int low, int high, IntRange& range) {
  const auto [from, to] = ends(text);
  if (!parse_int(from, range.low) || !parse_int(to, range.high) || range.low > range.high || range.low < low ||
      range.high > high) {
    return "needs A..B (or one number) with " + std::to_string(low) + " <= A <= B <= " + std::to_string(high) +
           ", got \"" + std::string(text) + "\"";
  }
  return "";
}

std::string parse_duration_range(std::string_view text, int low_ms, int high_ms, IntRange& range_ms) {
  const auto [from, to] = ends(text);
  const std::string expected = "needs A..B (or one duration) with " + std::to_string(low_ms) + "ms <= A <= B <= " +
                               format_duration(std::chrono::milliseconds(high_ms)) + ", got \"" + std::string(text) + "\"";
  try {
    const auto low = std::chrono::duration_cast<std::chrono::milliseconds>(parse_duration(from)).count();
    const auto high = std::chrono::duration_cast<std::chrono::milliseconds>(parse_duration(to)).count();
    if (low > high || low < low_ms || high > high_ms) return expected;
    range_ms = {static_cast<int>(low), static_cast<int>(high)};
    return "";
  } catch (const DurationError& error) {
    return expected + " (" + error.what() + ")";
  }
}

Scenario world_template(const Scenario& scenario_template, const WorldSpec& spec, const WorldOptions& options) {
  Scenario s = scenario_template;
  if (options.nodes) {
    // N voters named as generated worlds name them; the template's other settings stay.
    s.raft.members.clear();
    for (int i = 1; i <= spec.nodes; ++i) s.raft.members.push_back({"ctrl" + std::to_string(i), model::Suffrage::voter});
    // Settings that name the template's nodes keep only the nodes still there.
    const std::vector<std::string> ids = s.node_ids();
    auto gone = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) == ids.end(); };
    std::erase_if(s.node_timing, [&](const auto& entry) { return gone(entry.first); });
    std::erase_if(s.mesh.node_versions, [&](const auto& entry) { return gone(entry.first); });
    std::erase_if(s.preferred, gone);
    s.tracker_members.clear();  // every node: a list written for other nodes says nothing of these
  }
  if (options.election_timeout_ms) {
    const auto timeout = std::chrono::milliseconds(spec.heartbeat_ms);
    s.raft.heartbeat_timeout = timeout;
    s.raft.election_timeout = timeout;
    s.raft.leader_lease_timeout = s.raft.election_timeout / 2;
    // Classic Raft's randomised timers draw from [timeout, 2 x timeout] (the Raft paper's 150-300 ms).
    if (s.raft.timer_mode == model::TimerMode::range) s.raft.election_timeout_max = 2 * timeout;
  }
  return s;
}

}  // namespace clustersim::sim
