// The timeline: each action's keys, and the checks that the sequence is possible (no restart
// of a running node, no overlapping flaps on one target, nothing but writes once faults stop).
#include <algorithm>
#include <map>

#include "sim/scenario/scenario_reader.h"

namespace clustersim::sim::detail {
namespace {

const std::map<std::string, ActionKind>& kinds_by_name() {
  static const std::map<std::string, ActionKind> kinds = [] {
    std::map<std::string, ActionKind> m;
    for (int k = 0; k <= static_cast<int>(ActionKind::stop_faults); ++k) {
      const auto kind = static_cast<ActionKind>(k);
      m.emplace(std::string(action_name(kind)), kind);
    }
    return m;
  }();
  return kinds;
}

void read_flap(const ScenarioReader& reader, const Json& item, const std::string& path,
               Action& action) {
  action.flap.start = action.at;
  action.flap.end = time_zero + reader.duration_at(item, "until", path);
  action.flap.period = reader.duration_at(item, "period", path);
  action.flap.down_fraction = item.contains("duty_cycle") ? reader.number_at(item, "duty_cycle", path) : 0.5;
  if (item.contains("jitter")) action.flap.jitter = reader.duration_at(item, "jitter", path);
  if (auto problem = action.flap.problem()) reader.fail(path, *problem);
}

Action read_action(const ScenarioReader& reader, const Json& item, const std::string& path,
                   const Scenario& scenario) {
  if (!item.is_object()) reader.fail(path, "an action is an object with \"at\" and \"action\"");
  Action action;
  action.path = path;
  action.at = time_zero + reader.duration_at(item, "at", path);
  const std::string name = reader.string_at(item, "action", path);
  const auto kind = kinds_by_name().find(name);
  if (kind == kinds_by_name().end()) {
    std::string list;
    for (const auto& [known, unused] : kinds_by_name()) list += (list.empty() ? "" : ", ") + known;
    reader.fail(path + ".action", "unknown action \"" + name + "\" (one of: " + list + ")");
  }
  action.kind = kind->second;
  switch (action.kind) {
    case ActionKind::partition: {
      reader.only_keys(item, path, {"at", "action", "groups"});
      const Json& groups = reader.array_at(item, "groups", path);
      if (groups.empty()) reader.fail(path + ".groups", "needs at least one group");
      for (std::size_t g = 0; g < groups.size(); ++g) {
        const Json holder = {{"group", groups[g]}};
        action.groups.push_back(reader.nodes_at(holder, "group", path + ".groups[" + std::to_string(g) + "]", true));
      }
      break;
    }
    case ActionKind::partition_one_way:
      reader.only_keys(item, path, {"at", "action", "from", "to"});
      action.from = reader.nodes_at(item, "from", path, true);
      action.to = reader.nodes_at(item, "to", path, true);
      break;
    case ActionKind::crash:
      reader.only_keys(item, path, {"at", "action", "node", "random_delay"});
      action.node = reader.node_at(item, "node", path, true);
      if (item.contains("random_delay")) action.random_delay = reader.duration_at(item, "random_delay", path);
      break;
    case ActionKind::isolate:
    case ActionKind::pause:
      reader.only_keys(item, path, {"at", "action", "node"});
      action.node = reader.node_at(item, "node", path, true);
      break;
    case ActionKind::restart:
    case ActionKind::resume:
      reader.only_keys(item, path, {"at", "action", "node"});
      action.node = reader.node_at(item, "node", path, false);
      break;
    case ActionKind::heal:
      reader.only_keys(item, path, {"at", "action"});
      break;
    case ActionKind::flap_link:
      reader.only_keys(item, path, {"at", "action", "a", "b", "period", "duty_cycle", "jitter", "until", "one_way"});
      action.a = reader.node_at(item, "a", path, true);
      action.b = reader.node_at(item, "b", path, true);
      if (action.a == action.b) reader.fail(path + ".b", "a link joins two different nodes");
      read_flap(reader, item, path, action);
      if (item.contains("one_way")) action.flap.one_way = reader.bool_at(item, "one_way", path);
      break;
    case ActionKind::flap_node:
      reader.only_keys(item, path, {"at", "action", "node", "period", "duty_cycle", "jitter", "until"});
      action.node = reader.node_at(item, "node", path, true);
      read_flap(reader, item, path, action);
      break;
    case ActionKind::set_link:
      reader.only_keys(item, path, {"at", "action", "from", "to", "latency", "loss", "duplicate", "reorder", "one_way"});
      action.from = {reader.node_at(item, "from", path, false)};
      action.to = {reader.node_at(item, "to", path, false)};
      if (action.from == action.to) reader.fail(path + ".to", "a link joins two different nodes");
      action.link = reader.link_at(item, path, scenario.network);
      if (item.contains("one_way")) action.one_way = reader.bool_at(item, "one_way", path);
      break;
    case ActionKind::writes:
      reader.only_keys(item, path, {"at", "action", "rate", "until"});
      action.rate_per_second = reader.number_at(item, "rate", path);
      if (!(action.rate_per_second > 0 && action.rate_per_second <= 100'000)) {
        reader.fail(path + ".rate", "must be more than 0 and at most 100000 writes per second");
      }
      action.until = time_zero + reader.duration_at(item, "until", path);
      if (action.until <= action.at) reader.fail(path + ".until", "must come after \"at\"");
      if (action.until > time_zero + scenario.duration) reader.fail(path + ".until", "is after the end of the run");
      break;
    case ActionKind::stop_faults:
      reader.only_keys(item, path, {"at", "action", "liveness_bound"});
      action.liveness_bound = reader.duration_at(item, "liveness_bound", path);
      if (action.liveness_bound <= Duration{0}) reader.fail(path + ".liveness_bound", "must be positive");
      if (action.at + action.liveness_bound > time_zero + scenario.duration) {
        reader.fail(path + ".liveness_bound", "the liveness phase ends after the run does");
      }
      break;
  }
  if (action.at >= time_zero + scenario.duration) reader.fail(path + ".at", "is not before the end of the run");
  return action;
}

bool is_fault(ActionKind kind) { return kind != ActionKind::writes && kind != ActionKind::stop_faults; }

}  // namespace

std::vector<Action> read_timeline(const ScenarioReader& reader, const Json& timeline,
                                  const Scenario& scenario) {
  std::vector<Action> actions;
  for (std::size_t i = 0; i < timeline.size(); ++i) {
    actions.push_back(read_action(reader, timeline[i], "timeline[" + std::to_string(i) + "]", scenario));
  }
  std::stable_sort(actions.begin(), actions.end(), [](const Action& a, const Action& b) { return a.at < b.at; });
  return actions;
}

void validate_timeline(const ScenarioReader& reader, const Scenario& scenario) {
  const Action* stop = nullptr;
  for (const Action& action : scenario.timeline) {
    if (action.kind != ActionKind::stop_faults) continue;
    if (stop != nullptr) reader.fail(action.path, "there can be only one stop_faults");
    stop = &action;
  }
  enum class State { up, paused, crashed };
  std::map<std::string, State> states;
  for (const std::string& id : scenario.node_ids()) states[id] = State::up;
  std::vector<const Action*> flaps;
  for (const Action& action : scenario.timeline) {
    if (stop != nullptr && is_fault(action.kind) && action.at >= stop->at) {
      reader.fail(action.path, "a fault after stop_faults (" + format_time(stop->at) + "): the liveness phase has none");
    }
    if (stop != nullptr && (action.kind == ActionKind::flap_link || action.kind == ActionKind::flap_node) &&
        action.flap.end > stop->at) {
      reader.fail(action.path + ".until", "the flap must end by stop_faults (" + format_time(stop->at) + ")");
    }
    if (action.kind == ActionKind::flap_link || action.kind == ActionKind::flap_node) {
      for (const Action* other : flaps) {
        const bool same_target =
            other->kind == action.kind &&
            (action.kind == ActionKind::flap_node
                 ? other->node == action.node
                 : ((other->a == action.a && other->b == action.b) || (other->a == action.b && other->b == action.a)));
        if (same_target && action.flap.start < other->flap.end) {
          reader.fail(action.path, "overlaps the flap of the same target at " + other->path);
        }
      }
      flaps.push_back(&action);
    }
    if (action.node.empty() || action.node == leader_reference) continue;
    State& state = states[action.node];
    const auto impossible = [&](const char* why) {
      reader.fail(action.path, std::string(action_name(action.kind)) + " " + action.node + ": " + why);
    };
    switch (action.kind) {
      case ActionKind::crash:
        if (state == State::crashed) impossible("it is already crashed");
        state = State::crashed;
        break;
      case ActionKind::restart:
        if (state != State::crashed) impossible("it is running (crash it first)");
        state = State::up;
        break;
      case ActionKind::pause:
        if (state != State::up) impossible(state == State::paused ? "it is already paused" : "it is crashed");
        state = State::paused;
        break;
      case ActionKind::resume:
        if (state != State::paused) impossible("it is not paused");
        state = State::up;
        break;
      default:
        break;
    }
  }
}

}  // namespace clustersim::sim::detail
