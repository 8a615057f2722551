#include "sim/scenario/actions/node_actions.h"

#include "sim/core/random.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_reader.h"

namespace clustersim::sim {
namespace {

std::string read_node(const ActionInput& in, bool allow_roles) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "node"});
  return in.reader.node_at(in.item, "node", in.path, allow_roles);
}

// Resolves the node and checks its lifecycle now; records what was done or why not.
template <typename Kind, typename Do>
void on_node(const Kind& action, ActionContext& context, Do&& act) {
  const NodeIndex node = context.target(Kind::name, action.node, &Kind::lifecycle);
  if (node == model::no_node) return;
  act(context.cluster().node(node));
  context.record(std::string(Kind::name) + " " + context.describe(action.node, node));
}

}  // namespace

Crash Crash::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "node", "random_delay"});
  Crash crash;
  crash.node = in.reader.node_at(in.item, "node", in.path, true);
  crash.random_delay = read_random_delay(in);
  return crash;
}

void Crash::write(ActionJson& out) const {
  out["node"] = node;
  if (random_delay > Duration{0}) out["random_delay"] = format_duration(random_delay);
}

Time Crash::when(Time at, std::uint64_t seed) const { return delayed(name, node, at, random_delay, seed); }

void Crash::apply(ActionContext& context) const {
  on_node(*this, context, [&](SimNode& target) {
    target.crash();
    context.note_mark();
  });
}

Restart Restart::read(const ActionInput& in) { return Restart{read_node(in, false)}; }
void Restart::write(ActionJson& out) const { out["node"] = node; }
void Restart::apply(ActionContext& context) const {
  on_node(*this, context, [](SimNode& target) { target.restart(); });
}

Pause Pause::read(const ActionInput& in) { return Pause{read_node(in, true)}; }
void Pause::write(ActionJson& out) const { out["node"] = node; }
void Pause::apply(ActionContext& context) const {
  on_node(*this, context, [](SimNode& target) { target.pause(); });
}

Resume Resume::read(const ActionInput& in) { return Resume{read_node(in, false)}; }
void Resume::write(ActionJson& out) const { out["node"] = node; }
void Resume::apply(ActionContext& context) const {
  on_node(*this, context, [](SimNode& target) { target.resume(); });
}

}  // namespace clustersim::sim
