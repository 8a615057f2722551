#include "sim/scenario/action.h"

#include <algorithm>

#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_reader.h"

namespace clustersim::sim {
namespace {

template <std::size_t I = 0>
void collect_names(std::vector<std::string>& names) {
  names.emplace_back(std::variant_alternative_t<I, Action>::name);
  if constexpr (I + 1 < std::variant_size_v<Action>) collect_names<I + 1>(names);
}

template <std::size_t I = 0>
Action read_kind(std::string_view name, const ActionInput& in) {
  using Kind = std::variant_alternative_t<I, Action>;
  if (name == Kind::name) return Kind::read(in);
  if constexpr (I + 1 < std::variant_size_v<Action>) {
    return read_kind<I + 1>(name, in);
  } else {
    in.reader.fail(in.path + ".action", "unknown action \"" + std::string(name) + "\" (one of: " + action_names() + ")");
  }
}

}  // namespace

std::string action_names() {
  std::vector<std::string> names;
  collect_names(names);
  std::sort(names.begin(), names.end());
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
  return list;
}

std::string_view TimedAction::name() const {
  return std::visit([](const auto& kind) { return std::decay_t<decltype(kind)>::name; }, action);
}

Time TimedAction::when(std::uint64_t seed) const {
  return std::visit([&](const auto& kind) {
    if constexpr (requires { kind.when(at, seed); }) {
      return kind.when(at, seed);
    } else {
      return at;
    }
  }, action);
}

void TimedAction::apply(ActionContext& context) const {
  std::visit([&](const auto& kind) { kind.apply(context); }, action);
}

FaultDrawing TimedAction::drawing() const {
  return std::visit([](const auto& kind) {
    if constexpr (requires { kind.drawing(); }) {
      return kind.drawing();
    } else {
      return FaultDrawing{};
    }
  }, action);
}

const LifecycleStep* TimedAction::lifecycle() const {
  return std::visit([](const auto& kind) -> const LifecycleStep* {
    if constexpr (requires { std::decay_t<decltype(kind)>::lifecycle; }) {
      return &std::decay_t<decltype(kind)>::lifecycle;
    } else {
      return nullptr;
    }
  }, action);
}

const std::string* TimedAction::lifecycle_node() const {
  return std::visit([](const auto& kind) -> const std::string* {
    if constexpr (requires { std::decay_t<decltype(kind)>::lifecycle; }) {
      return &kind.node;
    } else {
      return nullptr;
    }
  }, action);
}

TimedAction read_action(const detail::ScenarioReader& reader, const nlohmann::json& item, const std::string& path,
                        const Scenario& scenario) {
  if (!item.is_object()) reader.fail(path, "an action is an object with \"at\" and \"action\"");
  const Time at = time_zero + reader.duration_at(item, "at", path);
  const std::string name = reader.string_at(item, "action", path);
  if (at >= time_zero + scenario.duration) reader.fail(path + ".at", "is not before the end of the run");
  return TimedAction{at, read_kind(name, ActionInput{reader, item, path, scenario, at}), path};
}

ActionJson write_action(const TimedAction& action) {
  ActionJson out;
  out["at"] = format_time(action.at);
  out["action"] = std::string(action.name());
  std::visit([&](const auto& kind) { kind.write(out); }, action.action);
  return out;
}

LifecycleRule::LifecycleRule(const std::vector<std::string>& node_ids) {
  for (const std::string& id : node_ids) states_[id] = NodeState::up;
}

const char* LifecycleRule::take(const std::string& node, const LifecycleStep& step) {
  if (is_role_reference(node)) return nullptr;
  NodeState& state = states_.at(node);
  if (const char* refusal = step.refused_in(state)) return refusal;
  state = step.after;
  return nullptr;
}

NodeState LifecycleRule::state(const std::string& node) const { return states_.at(node); }

}  // namespace clustersim::sim
