#include "sim/scenario/actions/node_actions.h"

#include "sim/core/random.h"
#include "sim/scenario/scenario.h"
#include "sim/cluster/mesh_host.h"
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
  const NodeIndex index = context.cluster().find(node);
  if (index != model::no_node && context.cluster().raft_blocked(index)) {
    // Held by its own full observer channel, not by a pause: only its event generation frees it.
    context.record("resume " + node + " skipped: its raft is blocked on a full observer channel", true);
    return;
  }
  on_node(*this, context, [](SimNode& target) { target.resume(); });
}

Upgrade Upgrade::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "node", "version", "downtime"});
  Upgrade upgrade;
  upgrade.node = in.reader.node_at(in.item, "node", in.path, true);
  upgrade.version = in.reader.string_at(in.item, "version", in.path);
  if (auto problem = version_problem(upgrade.version)) in.reader.fail(in.path + ".version", *problem);
  upgrade.downtime = in.reader.duration_at(in.item, "downtime", in.path);
  if (upgrade.downtime <= Duration{0}) in.reader.fail(in.path + ".downtime", "must be longer than 0s");
  return upgrade;
}

void Upgrade::write(ActionJson& out) const {
  out["node"] = node;
  out["version"] = version;
  out["downtime"] = format_duration(downtime);
}

void Upgrade::apply(ActionContext& context) const {
  const NodeIndex target = context.target(name, node, &lifecycle);
  if (target == model::no_node) return;
  context.cluster().node(target).crash();
  if (context.mesh() != nullptr) context.mesh()->set_version(target, version);
  context.record("upgrade " + context.describe(node, target) + " to " + version + ": down for " + format_duration(downtime));
  // The action lives in the running world's own scenario, as long as the kernel.
  context.kernel().schedule_after(downtime, [&context, target, this] {
    SimNode& upgraded = context.cluster().node(target);
    const std::string& id = context.cluster().id(target);
    if (upgraded.state() != NodeState::crashed) {
      context.record("upgrade " + id + " back skipped: it is running already", true);
      return;
    }
    upgraded.restart();
    context.record("upgrade " + id + " back, running " + version);
  });
}

}  // namespace clustersim::sim
