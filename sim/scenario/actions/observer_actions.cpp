#include "sim/scenario/actions/observer_actions.h"

#include <utility>

#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_reader.h"

namespace clustersim::sim {
namespace {

// Each fault's key in a scenario file, and its field.
constexpr std::pair<const char*, double ObserverFaults::*> probability_fields[] = {
    {"drop", &ObserverFaults::drop},
    {"duplicate", &ObserverFaults::duplicate},
    {"skip_clear", &ObserverFaults::skip_clear},
    {"stale", &ObserverFaults::stale},
    {"wakeup_early", &ObserverFaults::wakeup_early},
    {"wakeup_repeat", &ObserverFaults::wakeup_repeat},
};
constexpr std::pair<const char*, Duration ObserverFaults::*> delay_fields[] = {
    {"drain_every", &ObserverFaults::drain_every},
    {"wakeup_late", &ObserverFaults::wakeup_late},
};

// " drop 0.3 drain_every 200ms": the faults that are on, for the action's record.
std::string describe(const ObserverFaults& faults) {
  std::string text;
  for (const auto& [key, field] : probability_fields) {
    if (faults.*field > 0) text += std::string(" ") + key + " " + std::to_string(faults.*field);
  }
  for (const auto& [key, field] : delay_fields) {
    if (faults.*field > Duration{0}) text += std::string(" ") + key + " " + format_duration(faults.*field);
  }
  return text.empty() ? " clean" : text;
}

}  // namespace

SetObserver SetObserver::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path,
                      {"at", "action", "node", "drop", "duplicate", "skip_clear", "stale", "drain_every", "wakeup_late",
                       "wakeup_early", "wakeup_repeat"});
  SetObserver set;
  const auto node = in.item.find("node");
  const bool every = node != in.item.end() && node->is_string() && node->get<std::string>() == every_node_reference;
  set.node = every ? std::string(every_node_reference) : in.reader.node_at(in.item, "node", in.path, true);
  for (const auto& [key, field] : probability_fields) {
    if (in.item.contains(key)) set.faults.*field = in.reader.probability_at(in.item, key, in.path);
  }
  for (const auto& [key, field] : delay_fields) {
    if (in.item.contains(key)) set.faults.*field = in.reader.duration_at(in.item, key, in.path);
  }
  if (const std::optional<std::string> problem = set.faults.problem()) in.reader.fail(in.path, *problem);
  return set;
}

void SetObserver::write(ActionJson& out) const {
  out["node"] = node;
  for (const auto& [key, field] : probability_fields) {
    if (faults.*field > 0) out[key] = faults.*field;
  }
  for (const auto& [key, field] : delay_fields) {
    if (faults.*field > Duration{0}) out[key] = format_duration(faults.*field);
  }
}

void SetObserver::apply(ActionContext& context) const {
  if (node == every_node_reference) {
    for (NodeIndex i = 0; i < context.cluster().size(); ++i) context.cluster().set_observer_faults(i, faults);
    context.record("set observer of every node:" + describe(faults));
    return;
  }
  const NodeIndex target = context.target(name, node, nullptr);
  if (target == model::no_node) return;
  context.cluster().set_observer_faults(target, faults);
  context.record("set observer of " + context.describe(node, target) + ":" + describe(faults));
}

}  // namespace clustersim::sim
