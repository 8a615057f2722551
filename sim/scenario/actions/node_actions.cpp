#include "sim/scenario/actions/node_actions.h"

#include "sim/core/random.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_reader.h"

namespace clustersim::sim {
namespace {

std::string read_node(const ActionInput& in, bool allow_leader) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "node"});
  return in.reader.node_at(in.item, "node", in.path, allow_leader);
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
  if (in.item.contains("random_delay")) crash.random_delay = in.reader.duration_at(in.item, "random_delay", in.path);
  // `at` is before the run's end (read_action checks it first), so this cannot overflow.
  if (crash.random_delay > in.scenario.duration - (in.at - time_zero)) {
    in.reader.fail(in.path + ".random_delay", "reaches past the end of the run");
  }
  return crash;
}

void Crash::write(ActionJson& out) const {
  out["node"] = node;
  if (random_delay > Duration{0}) out["random_delay"] = format_duration(random_delay);
}

Time Crash::when(Time at, std::uint64_t seed) const {
  if (random_delay <= Duration{0}) return at;
  // Its own stream, named by the action, as every random thing in a run is.
  Random random = Random::for_stream(seed, "action/crash/" + node + "@" + std::to_string(time_ns(at)));
  return later(at, random.uniform_duration(Duration{0}, random_delay - Duration{1}));
}

void Crash::apply(ActionContext& context) const {
  on_node(*this, context, [&](SimNode& target) {
    target.crash();
    context.note_crash();
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
