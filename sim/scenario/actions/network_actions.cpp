#include "sim/scenario/actions/network_actions.h"

#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_reader.h"

namespace clustersim::sim {
ActionJson latency_json(const LatencyModel& latency) {
  switch (latency.kind) {
    case LatencyModel::Kind::fixed: return {{"fixed", format_duration(latency.low)}};
    case LatencyModel::Kind::uniform:
      return {{"uniform", {format_duration(latency.low), format_duration(latency.high)}}};
    case LatencyModel::Kind::lognormal:
      return {{"lognormal",
               {{"median", format_duration(latency.median)}, {"sigma", latency.sigma}, {"cap", format_duration(latency.high)}}}};
  }
  return {};
}

ActionJson link_json(const LinkParams& link) {
  return {{"latency", latency_json(link.latency)}, {"loss", link.loss}, {"duplicate", link.duplicate}, {"reorder", link.reorder}};
}

Partition Partition::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "groups"});
  const nlohmann::json& groups = in.reader.array_at(in.item, "groups", in.path);
  if (groups.empty()) in.reader.fail(in.path + ".groups", "needs at least one group");
  Partition partition;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const nlohmann::json holder = {{"group", groups[g]}};
    partition.groups.push_back(in.reader.nodes_at(holder, "group", in.path + ".groups[" + std::to_string(g) + "]", true));
  }
  return partition;
}

void Partition::write(ActionJson& out) const { out["groups"] = groups; }

void Partition::apply(ActionContext& context) const {
  std::vector<std::vector<NodeIndex>> nodes;
  std::string text = "partition";
  for (const auto& group : groups) {
    nodes.emplace_back();
    text += nodes.size() == 1 ? " {" : " | {";
    for (const std::string& reference : group) {
      const NodeIndex node = context.resolve(reference);
      if (node == model::no_node) continue;
      nodes.back().push_back(node);
      text += (text.back() == '{' ? "" : ",") + context.describe(reference, node);
    }
    text += "}";
  }
  context.network().partition(nodes);
  context.record(text);
}

PartitionOneWay PartitionOneWay::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "from", "to"});
  return PartitionOneWay{in.reader.nodes_at(in.item, "from", in.path, true), in.reader.nodes_at(in.item, "to", in.path, true)};
}

void PartitionOneWay::write(ActionJson& out) const {
  out["from"] = from;
  out["to"] = to;
}

void PartitionOneWay::apply(ActionContext& context) const {
  std::vector<NodeIndex> senders, receivers;
  for (const auto& r : from) if (NodeIndex n = context.resolve(r); n != model::no_node) senders.push_back(n);
  for (const auto& r : to) if (NodeIndex n = context.resolve(r); n != model::no_node) receivers.push_back(n);
  context.network().partition_one_way(senders, receivers);
  std::string text = "one-way cut from";
  for (NodeIndex n : senders) text += " " + context.cluster().id(n);
  text += " to";
  for (NodeIndex n : receivers) text += " " + context.cluster().id(n);
  context.record(text);
}

Isolate Isolate::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "node", "random_delay"});
  return Isolate{in.reader.node_at(in.item, "node", in.path, true), read_random_delay(in)};
}

void Isolate::write(ActionJson& out) const {
  out["node"] = node;
  if (random_delay > Duration{0}) out["random_delay"] = format_duration(random_delay);
}

void Isolate::apply(ActionContext& context) const {
  const NodeIndex target = context.target(name, node, nullptr);
  if (target == model::no_node) return;
  context.network().isolate(target);
  context.note_mark();
  context.record(std::string(name) + " " + context.describe(node, target));
}

Heal Heal::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action"});
  return Heal{};
}

void Heal::apply(ActionContext& context) const {
  context.network().heal();
  context.record("heal");
}

SetLink SetLink::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "from", "to", "latency", "loss", "duplicate", "reorder", "one_way"});
  SetLink set;
  set.from = in.reader.node_at(in.item, "from", in.path, false);
  set.to = in.reader.node_at(in.item, "to", in.path, false);
  if (set.from == set.to) in.reader.fail(in.path + ".to", "a link joins two different nodes");
  set.link = in.reader.link_at(in.item, in.path, in.scenario.network);
  if (in.item.contains("one_way")) set.one_way = in.reader.bool_at(in.item, "one_way", in.path);
  return set;
}

void SetLink::write(ActionJson& out) const {
  out["from"] = from;
  out["to"] = to;
  const ActionJson params = link_json(link);
  for (const char* key : {"latency", "loss", "duplicate", "reorder"}) out[key] = params[key];
  out["one_way"] = one_way;
}

void SetLink::apply(ActionContext& context) const {
  const NodeIndex a = context.cluster().find(from), b = context.cluster().find(to);
  context.network().set_link_params(a, b, link);
  if (!one_way) context.network().set_link_params(b, a, link);
  context.record("set link " + from + (one_way ? "->" : "<->") + to);
}

}  // namespace clustersim::sim
