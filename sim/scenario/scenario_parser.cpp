// The top level of a scenario file: identity, cluster, tracker, network, expectations. The
// timeline has its own file (timeline_parser.cpp).
#include "sim/scenario/scenario_parser.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "sim/scenario/json_lines.h"
#include "sim/scenario/mesh_section.h"
#include "sim/scenario/scenario_reader.h"
#include "sim/scenario/text_file.h"

namespace clustersim::sim {

std::vector<std::string> Scenario::node_ids() const {
  std::vector<std::string> ids;
  for (const model::RaftMember& member : raft.members) ids.push_back(member.id);
  return ids;
}

std::string Scenario::golden_path(model::TrackerPolicy run_policy) const {
  if (expect.golden_base.empty()) return "";
  const std::filesystem::path dir = std::filesystem::path(file).parent_path();
  return (dir / (expect.golden_base + "." + std::string(model::policy_name(run_policy)) + ".jsonl")).string();
}

std::vector<NodeTiming> Scenario::timing_per_node() const {
  std::vector<NodeTiming> out;
  for (const model::RaftMember& member : raft.members) {
    const auto own = node_timing.find(member.id);
    out.push_back(own != node_timing.end() ? own->second : timing);
  }
  return out;
}

bool Scenario::tracker_counts_as_member(const std::string& node, const std::string& leader) const {
  if (tracker_members.empty() || leader == node) return true;
  return std::find(tracker_members.begin(), tracker_members.end(), leader) != tracker_members.end();
}

const StopFaults* Scenario::stop_faults(Time* at) const {
  for (const TimedAction& action : timeline) {
    if (const auto* stop = action.get_if<StopFaults>()) {
      if (at != nullptr) *at = action.at;
      return stop;
    }
  }
  return nullptr;
}

namespace {

using detail::Json;
using detail::ScenarioReader;

// Letters, digits and . _ -: what names that travel into files, logs and pictures keep to.
bool is_plain_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
}

// Why `id` cannot name a node, or nothing. Ids travel into event logs, traces, file names and
// pictures, so they keep to characters that need no escaping anywhere, and "leader" and
// "follower" are the timeline's words for nodes by their role.
std::optional<std::string> node_id_problem(const std::string& id) {
  if (id.empty() || id.size() > 64) return "an id has 1 to 64 characters";
  const bool plain = std::all_of(id.begin(), id.end(), [](char c) { return is_plain_name_char(c) || c == ':'; });
  if (!plain) return "an id is letters, digits and . _ - : only (got \"" + id + "\")";
  if (is_role_reference(id)) {
    return "\"" + id + "\" is the timeline's name for a node by its role; call the node otherwise";
  }
  return std::nullopt;
}

// Whether `base` stays inside the scenario's folder: relative, no part that starts with a dot
// (so no "..", no hidden files), only characters that need no quoting anywhere.
bool golden_base_is_inside(const std::string& base) {
  if (base.empty() || base.size() > 200) return false;
  std::size_t part_start = 0;
  for (std::size_t i = 0; i <= base.size(); ++i) {
    if (i == base.size() || base[i] == '/') {
      if (i == part_start || base[part_start] == '.') return false;
      part_start = i + 1;
      continue;
    }
    if (!is_plain_name_char(base[i])) return false;
  }
  return true;
}

// A timing's values over `base`: each key left out keeps the base's. The caller checked the keys.
NodeTiming read_node_timing(const ScenarioReader& reader, const Json& object, const std::string& path, NodeTiming timing) {
  if (object.contains("timer_late")) timing.timer_late = reader.latency_at(object, "timer_late", path);
  if (object.contains("processing")) timing.processing = reader.latency_at(object, "processing", path);
  if (object.contains("storage_write")) timing.storage_write = reader.latency_at(object, "storage_write", path);
  if (object.contains("clock_drift_ppm")) timing.clock_drift_ppm = reader.number_spread_at(object, "clock_drift_ppm", path);
  if (object.contains("clock_offset")) timing.clock_offset = reader.duration_spread_at(object, "clock_offset", path, true);
  if (object.contains("stall_every")) timing.stall_every = reader.duration_at(object, "stall_every", path);
  if (object.contains("stall_length")) timing.stall_length = reader.latency_at(object, "stall_length", path);
  if (object.contains("boot_at")) timing.boot_at = reader.duration_spread_at(object, "boot_at", path, false);
  if (auto problem = timing.problem()) reader.fail(path, *problem);
  return timing;
}

// cluster.timing: every node's timing over a preset ("realistic" unless it says "ideal"), and
// under "nodes" what differs for a named node.
void read_timing(const ScenarioReader& reader, const Json& cluster, Scenario& scenario) {
  const std::string path = "cluster.timing";
  const Json& timing = reader.object_at(cluster, "timing", "cluster");
  reader.only_keys(timing, path, {"preset", "timer_late", "processing", "storage_write", "clock_drift_ppm",
                                  "clock_offset", "stall_every", "stall_length", "boot_at", "nodes"});
  NodeTiming base = NodeTiming::realistic();
  if (timing.contains("preset")) {
    const std::string preset = reader.string_at(timing, "preset", path);
    if (preset == "ideal") {
      base = NodeTiming{};
    } else if (preset != "realistic") {
      reader.fail(path + ".preset", "must be \"realistic\" or \"ideal\"");
    }
  }
  scenario.timing = read_node_timing(reader, timing, path, base);
  if (!timing.contains("nodes")) return;
  const std::string nodes_path = path + ".nodes";
  const Json& nodes = reader.object_at(timing, "nodes", path);
  const std::vector<std::string> ids = scenario.node_ids();
  for (const auto& [id, own] : nodes.items()) {
    const std::string node_path = nodes_path + "." + id;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) reader.fail(node_path, "not a node of this cluster");
    const Json& object = reader.object_at(nodes, id.c_str(), nodes_path);
    reader.only_keys(object, node_path, {"timer_late", "processing", "storage_write", "clock_drift_ppm",
                                         "clock_offset", "stall_every", "stall_length", "boot_at"});
    scenario.node_timing[id] = read_node_timing(reader, object, node_path, scenario.timing);
  }
}

// Also gives the reader the node ids, which every later node reference is checked against.
void read_cluster(ScenarioReader& reader, const Json& root, Scenario& scenario) {
  const Json& cluster = reader.object_at(root, "cluster", "");
  const std::string path = "cluster";
  reader.only_keys(cluster, path,
                   {"nodes", "non_voters", "preset", "heartbeat_timeout", "election_timeout",
                    "leader_lease_timeout", "commit_timeout", "pre_vote", "leader_stickiness",
                    "timer_mode", "election_timeout_min", "election_timeout_max",
                    "heartbeat_interval", "timing", "mesh", "warn_when_leaderless_for", "dispatch_jitter",
                    "startup", "joining", "preferred", "preferred_leader_delay"});
  const std::string preset = cluster.contains("preset") ? reader.string_at(cluster, "preset", path)
                                                        : "hashicorp";
  if (preset == "hashicorp") {
    scenario.raft = model::RaftConfig::hashicorp_defaults();
  } else if (preset == "openziti") {
    scenario.raft = model::RaftConfig::openziti_preset();
  } else {
    reader.fail(path + ".preset", "unknown preset \"" + preset + "\" (hashicorp or openziti)");
  }
  if (!cluster.contains("nodes")) reader.fail(path, "missing required key \"nodes\"");
  const Json& nodes = cluster["nodes"];
  if (nodes.is_number_unsigned()) {
    const auto count = nodes.get<std::uint64_t>();
    if (count < 1 || count > 200) reader.fail(path + ".nodes", "must be from 1 to 200");
    for (std::uint64_t i = 1; i <= count; ++i) scenario.raft.members.push_back({"ctrl" + std::to_string(i), model::Suffrage::voter});
  } else if (nodes.is_array() && !nodes.empty()) {
    if (nodes.size() > 200) reader.fail(path + ".nodes", "at most 200 nodes (" + std::to_string(nodes.size()) + " listed)");
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const std::string item = path + ".nodes[" + std::to_string(i) + "]";
      if (!nodes[i].is_string()) reader.fail(item, "must be an id (a string)");
      const std::string id = nodes[i].get<std::string>();
      if (auto problem = node_id_problem(id)) reader.fail(item, *problem);
      scenario.raft.members.push_back({id, model::Suffrage::voter});
    }
  } else {
    reader.fail(path + ".nodes", "must be a count or a list of ids");
  }
  for (const model::RaftMember& member : scenario.raft.members) reader.node_ids.push_back(member.id);
  if (cluster.contains("non_voters")) {
    for (const std::string& id : reader.nodes_at(cluster, "non_voters", path, false)) {
      for (model::RaftMember& member : scenario.raft.members) {
        if (member.id == id) member.suffrage = model::Suffrage::nonvoter;
      }
    }
  }
  if (cluster.contains("joining")) {
    // Started without a configuration, as a controller about to join: add_member brings it in.
    for (const std::string& id : reader.nodes_at(cluster, "joining", path, false)) {
      for (model::RaftMember& member : scenario.raft.members) {
        if (member.id != id) continue;
        if (member.suffrage == model::Suffrage::nonvoter) {
          reader.fail(path + ".joining", "\"" + id + "\" is also a non-voter: a joining node is not a member yet");
        }
        member.suffrage = model::Suffrage::none;
      }
    }
  }
  if (cluster.contains("preferred")) scenario.preferred = reader.nodes_at(cluster, "preferred", path, false);
  if (cluster.contains("preferred_leader_delay")) {
    scenario.preferred_leader_delay = reader.duration_at(cluster, "preferred_leader_delay", path);
    if (scenario.preferred_leader_delay > std::chrono::hours(1)) reader.fail(path + ".preferred_leader_delay", "must be at most 1h");
  }
  model::RaftConfig& raft = scenario.raft;
  if (cluster.contains("heartbeat_timeout")) raft.heartbeat_timeout = reader.duration_at(cluster, "heartbeat_timeout", path);
  if (cluster.contains("election_timeout")) raft.election_timeout = reader.duration_at(cluster, "election_timeout", path);
  if (cluster.contains("leader_lease_timeout")) raft.leader_lease_timeout = reader.duration_at(cluster, "leader_lease_timeout", path);
  if (cluster.contains("commit_timeout")) raft.commit_timeout = reader.duration_at(cluster, "commit_timeout", path);
  if (cluster.contains("pre_vote")) raft.pre_vote = reader.bool_at(cluster, "pre_vote", path);
  if (cluster.contains("leader_stickiness")) raft.leader_stickiness = reader.bool_at(cluster, "leader_stickiness", path);
  if (cluster.contains("timer_mode")) {
    const std::string mode = reader.string_at(cluster, "timer_mode", path);
    if (mode == "range") {
      raft.timer_mode = model::TimerMode::range;
    } else if (mode != "hashicorp") {
      reader.fail(path + ".timer_mode", "unknown timer mode \"" + mode + "\" (hashicorp or range)");
    }
  }
  if (cluster.contains("election_timeout_min")) raft.election_timeout_min = reader.duration_at(cluster, "election_timeout_min", path);
  if (cluster.contains("election_timeout_max")) raft.election_timeout_max = reader.duration_at(cluster, "election_timeout_max", path);
  if (cluster.contains("heartbeat_interval")) raft.heartbeat_interval = reader.duration_at(cluster, "heartbeat_interval", path);
  if (auto problem = raft.problem(raft.members.front().id)) reader.fail(path, *problem);
  if (cluster.contains("timing")) read_timing(reader, cluster, scenario);
  read_mesh(reader, cluster, scenario);
  if (cluster.contains("warn_when_leaderless_for")) {
    const Duration threshold = reader.duration_at(cluster, "warn_when_leaderless_for", path);
    // OpenZiti refuses a threshold under 10 s; an hour is longer than any run that means it.
    if (threshold < std::chrono::seconds(10) || threshold > std::chrono::hours(1)) {
      reader.fail(path + ".warn_when_leaderless_for", "must be from 10s to 1h");
    }
    scenario.warn_when_leaderless_for = threshold;
  }
  if (cluster.contains("startup")) {
    const Json& startup = reader.object_at(cluster, "startup", path);
    const std::string startup_path = path + ".startup";
    reader.only_keys(startup, startup_path, {"event_generation_delay", "observer_queue"});
    if (startup.contains("event_generation_delay")) {
      scenario.event_generation_delay = reader.duration_spread_at(startup, "event_generation_delay", startup_path, false);
      // A controller that takes an hour to start its event generation is not starting.
      if (scenario.event_generation_delay.high > std::chrono::hours(1)) {
        reader.fail(startup_path + ".event_generation_delay", "must be at most 1h");
      }
    }
    if (startup.contains("observer_queue")) {
      scenario.observer_queue = reader.unsigned_at(startup, "observer_queue", startup_path);
      // OpenZiti's is 16; a channel of thousands never fills at start-up.
      if (scenario.observer_queue < 1 || scenario.observer_queue > 4096) {
        reader.fail(startup_path + ".observer_queue", "must be from 1 to 4096");
      }
    }
  }
  if (cluster.contains("dispatch_jitter")) {
    scenario.dispatch_jitter = reader.duration_at(cluster, "dispatch_jitter", path);
    // A goroutine waits microseconds to milliseconds for a core; a second is a stalled process.
    if (scenario.dispatch_jitter > std::chrono::seconds(1)) reader.fail(path + ".dispatch_jitter", "must be at most 1s");
  }
}

void read_tracker(const ScenarioReader& reader, const Json& root, Scenario& scenario) {
  if (!root.contains("tracker")) return;
  const Json& tracker = reader.object_at(root, "tracker", "");
  reader.only_keys(tracker, "tracker", {"policy", "stability_window", "members", "command", "timeout"});
  if (tracker.contains("command")) {
    std::string why;
    auto command = parse_tracker_command(reader.string_at(tracker, "command", "tracker"), why);
    if (!command) reader.fail("tracker.command", why);
    scenario.tracker_command = std::move(*command);
  }
  if (tracker.contains("timeout")) {
    if (!scenario.tracker_command) reader.fail("tracker.timeout", "a timeout needs a tracker.command to apply to");
    const Duration timeout = reader.duration_at(tracker, "timeout", "tracker");
    if (timeout < std::chrono::milliseconds(1)) reader.fail("tracker.timeout", "must be at least 1ms (real time)");
    scenario.tracker_command->timeout = std::chrono::duration_cast<std::chrono::milliseconds>(timeout);
  }
  if (tracker.contains("members")) {
    scenario.tracker_members = reader.nodes_at(tracker, "members", "tracker", false);
    if (scenario.tracker_members.empty()) reader.fail("tracker.members", "must name at least one node");
  }
  if (tracker.contains("policy")) {
    const std::string name = reader.string_at(tracker, "policy", "tracker");
    const auto policy = model::parse_policy(name);
    if (!policy) reader.fail("tracker.policy", "unknown policy \"" + name + "\" (openziti or stable)");
    scenario.policy = *policy;
  }
  if (tracker.contains("stability_window")) {
    scenario.stability_window = reader.duration_at(tracker, "stability_window", "tracker");
    if (scenario.stability_window >= scenario.duration) {
      reader.fail("tracker.stability_window", "the window (" + format_duration(scenario.stability_window) +
                                                  ") is not shorter than the run (" +
                                                  format_duration(scenario.duration) + ")");
    }
  }
}

EventExpectation read_event_expectation(const ScenarioReader& reader, const Json& item,
                                        const std::string& path, const Scenario& scenario) {
  reader.only_keys(item, path, {"policy", "node", "type", "leader", "from", "to", "min", "max"});
  EventExpectation e;
  e.path = path;
  if (item.contains("policy")) {
    const std::string name = reader.string_at(item, "policy", path);
    e.policy = model::parse_policy(name);
    if (!e.policy) reader.fail(path + ".policy", "unknown policy \"" + name + "\" (openziti or stable)");
  }
  e.node = reader.string_at(item, "node", path);
  if (e.node != "all") e.node = reader.node_at(item, "node", path, false);
  const std::string type = reader.string_at(item, "type", path);
  const auto parsed = model::parse_event_type(type);
  if (!parsed) reader.fail(path + ".type", "unknown event type \"" + type + "\"");
  e.type = *parsed;
  if (item.contains("leader")) e.leader = reader.node_at(item, "leader", path, false);
  e.from = time_zero + (item.contains("from") ? reader.duration_at(item, "from", path) : Duration{0});
  e.to = time_zero + (item.contains("to") ? reader.duration_at(item, "to", path) : scenario.duration);
  if (e.to <= e.from) reader.fail(path + ".to", "must come after \"from\"");
  if (e.to > time_zero + scenario.duration) reader.fail(path + ".to", "is after the end of the run");
  if (item.contains("min")) e.count_min = reader.unsigned_at(item, "min", path);
  if (item.contains("max")) e.count_max = reader.unsigned_at(item, "max", path);
  if (e.count_min > e.count_max) reader.fail(path + ".max", "must not be less than \"min\"");
  return e;
}

void read_expectations(const ScenarioReader& reader, const Json& root, Scenario& scenario) {
  if (!root.contains("expect")) return;
  const Json& expect = reader.object_at(root, "expect", "");
  reader.only_keys(expect, "expect", {"events", "final", "max_state_events_per_node", "golden"});
  if (expect.contains("events")) {
    const Json& events = reader.array_at(expect, "events", "expect");
    for (std::size_t i = 0; i < events.size(); ++i) {
      const std::string path = "expect.events[" + std::to_string(i) + "]";
      if (!events[i].is_object()) reader.fail(path, "must be an object");
      scenario.expect.events.push_back(read_event_expectation(reader, events[i], path, scenario));
    }
  }
  if (expect.contains("final")) {
    const Json& finals = reader.object_at(expect, "final", "expect");
    for (const auto& [node, state] : finals.items()) {
      const std::string path = "expect.final." + node;
      // The key names the node (the value is the state): it must be a member, or "all".
      const auto& ids = reader.node_ids;
      if (node != "all" && std::find(ids.begin(), ids.end(), node) == ids.end()) {
        reader.fail(path, "unknown node \"" + node + "\" (a member id or \"all\")");
      }
      const std::string text = reader.string_at(finals, node.c_str(), "expect.final");
      FinalExpectation f{node, true, "", path};
      if (text == "is_leaderless") {
        f.has_leader = false;
      } else if (text.rfind("has_leader", 0) == 0) {
        if (text.size() > 10) {
          if (text[10] != ':') reader.fail(path, "must be \"has_leader\", \"has_leader:<id>\" or \"is_leaderless\"");
          const Json holder = {{"leader", text.substr(11)}};
          f.leader = reader.node_at(holder, "leader", path, false);
        }
      } else {
        reader.fail(path, "must be \"has_leader\", \"has_leader:<id>\" or \"is_leaderless\"");
      }
      scenario.expect.final_states.push_back(f);
    }
  }
  if (expect.contains("max_state_events_per_node")) {
    const Json& max = expect["max_state_events_per_node"];
    const std::string path = "expect.max_state_events_per_node";
    if (max.is_object()) {  // {"stable": 2, "openziti": 40}: per policy
      reader.only_keys(max, path, {"stable", "openziti"});
      if (max.contains("stable")) scenario.expect.max_state_events_stable = reader.unsigned_at(max, "stable", path);
      if (max.contains("openziti")) scenario.expect.max_state_events_openziti = reader.unsigned_at(max, "openziti", path);
    } else {
      const std::uint64_t both = reader.unsigned_at(expect, "max_state_events_per_node", "expect");
      scenario.expect.max_state_events_stable = both;
      scenario.expect.max_state_events_openziti = both;
    }
  }
  if (expect.contains("golden")) {
    // A path inside the scenario's folder: `--rewrite` writes <base>.<policy>.jsonl there,
    // and a scenario someone hands over must not make it write anywhere else.
    const std::string base = reader.string_at(expect, "golden", "expect");
    if (!golden_base_is_inside(base)) {
      reader.fail("expect.golden", "a path inside the scenario's folder (\"golden/leader_crash\"): at most 200 "
                                   "characters, parts of letters, digits, . _ - joined by /, none starting with . "
                                   "(got \"" + base + "\")");
    }
    scenario.expect.golden_base = base;
  }
}

}  // namespace

Scenario parse_scenario(std::string_view text, const std::string& file) {
  JsonText parsed;
  try {
    parsed = parse_json_text(text, file);
  } catch (const JsonTextError& error) {
    throw ScenarioError(error.what());
  }
  const Json& root = parsed.root;
  ScenarioReader reader(file, std::move(parsed.lines));
  if (!root.is_object()) reader.fail("", "a scenario is a JSON object");
  reader.only_keys(root, "", {"name", "purpose", "seed", "duration", "epoch", "cluster", "tracker",
                              "network", "timeline", "expect", "bounds"});
  Scenario scenario;
  scenario.file = file;
  scenario.source = std::string(text);
  scenario.name = reader.string_at(root, "name", "");
  if (scenario.name.empty()) reader.fail("name", "must not be empty");
  scenario.purpose = reader.string_at(root, "purpose", "");
  if (scenario.purpose.empty()) reader.fail("purpose", "say in one sentence what this scenario shows");
  if (root.contains("seed")) scenario.seed = reader.unsigned_at(root, "seed", "");
  scenario.duration = reader.duration_at(root, "duration", "");
  if (scenario.duration <= Duration{0}) reader.fail("duration", "must be positive");
  // 30 simulated days: 18 wall seconds for five nodes and about ten minutes for a hundred; a
  // longer question is a swarm or a sweep.
  if (scenario.duration > std::chrono::hours(24 * 30)) reader.fail("duration", "must be at most 30 days (720h)");
  scenario.epoch = model::Timestamp{1'735'689'600'000'000'000, 0};  // 2025-01-01T00:00:00Z
  if (root.contains("epoch")) {
    std::string why;
    const auto epoch = model::parse_timestamp(reader.string_at(root, "epoch", ""), why);
    if (!epoch) reader.fail("epoch", "not an RFC 3339 timestamp: " + why);
    scenario.epoch = *epoch;
  }
  // Every event of the run is stamped epoch + its time: the last one must still be a timestamp.
  std::int64_t last_ns = 0;
  if (__builtin_add_overflow(scenario.epoch.unix_ns, scenario.duration.count(), &last_ns) ||
      !model::representable(model::Timestamp{last_ns, scenario.epoch.utc_offset_minutes})) {
    reader.fail(root.contains("epoch") ? "epoch" : "duration",
                std::string("the run would end outside the instants a nanosecond timestamp can hold (") +
                    model::timestamp_range + ")");
  }
  read_cluster(reader, root, scenario);
  read_tracker(reader, root, scenario);
  if (root.contains("network")) {
    const Json& network = reader.object_at(root, "network", "");
    reader.only_keys(network, "network", {"latency", "loss", "duplicate", "reorder"});
    scenario.network = reader.link_at(network, "network", LinkParams{});
  }
  if (root.contains("bounds")) {
    const Json& bounds = reader.object_at(root, "bounds", "");
    reader.only_keys(bounds, "bounds", {"timeliness"});
    scenario.timeliness_bound = reader.duration_at(bounds, "timeliness", "bounds");
    if (scenario.timeliness_bound > scenario.duration) reader.fail("bounds.timeliness", "must not be longer than the run");
  }
  scenario.timeline = detail::read_timeline(reader, reader.array_at(root, "timeline", ""), scenario);
  detail::validate_timeline(reader, scenario);
  read_expectations(reader, root, scenario);
  return scenario;
}

Scenario load_scenario(const std::string& path) {
  try {
    return parse_scenario(read_text_file(path, json_text_bytes_max), path);
  } catch (const TextFileError& error) {
    throw ScenarioError(error.what());
  }
}

}  // namespace clustersim::sim
