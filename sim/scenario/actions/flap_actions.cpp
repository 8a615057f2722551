#include "sim/scenario/actions/flap_actions.h"

#include "sim/scenario/scenario_reader.h"

namespace clustersim::sim {
namespace {

FlapSpec read_flap(const ActionInput& in) {
  FlapSpec flap;
  flap.start = in.at;
  flap.end = time_zero + in.reader.duration_at(in.item, "until", in.path);
  flap.period = in.reader.duration_at(in.item, "period", in.path);
  flap.down_fraction = in.item.contains("duty_cycle") ? in.reader.number_at(in.item, "duty_cycle", in.path) : 0.5;
  if (in.item.contains("jitter")) flap.jitter = in.reader.duration_at(in.item, "jitter", in.path);
  return flap;
}

void write_flap(ActionJson& out, const FlapSpec& flap) {
  out["period"] = format_duration(flap.period);
  out["duty_cycle"] = flap.down_fraction;
  out["jitter"] = format_duration(flap.jitter);
  out["until"] = format_time(flap.end);
}

// A flap's random stream is named by what it flaps and when it starts, never by its place
// in the file: adding or moving another action must not change its draws.
std::string stream_name(const std::string& target, const FlapSpec& flap) {
  return target + "@" + std::to_string(time_ns(flap.start));
}

std::string flap_label(std::string_view name, const FlapSpec& flap) {
  return std::string(name) + " every " + format_duration(flap.period) + " from " + format_time(flap.start) + " to " +
         format_time(flap.end);
}

}  // namespace

FlapLink FlapLink::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "a", "b", "period", "duty_cycle", "jitter", "until", "one_way"});
  FlapLink link;
  link.a = in.reader.node_at(in.item, "a", in.path, true);
  link.b = in.reader.node_at(in.item, "b", in.path, true);
  if (link.a == link.b) in.reader.fail(in.path + ".b", "a link joins two different nodes");
  link.flap = read_flap(in);
  if (auto problem = link.flap.problem()) in.reader.fail(in.path, *problem);
  if (in.item.contains("one_way")) link.flap.one_way = in.reader.bool_at(in.item, "one_way", in.path);
  return link;
}

void FlapLink::write(ActionJson& out) const {
  out["a"] = a;
  out["b"] = b;
  write_flap(out, flap);
  out["one_way"] = flap.one_way;
}

void FlapLink::apply(ActionContext& context) const {
  const NodeIndex from = context.resolve(a), to = context.resolve(b);
  if (from == model::no_node || to == model::no_node || from == to) {
    context.record("flap_link skipped: no leader to resolve", true);
    return;
  }
  const SimCluster& cluster = context.cluster();
  context.network().flap_link(from, to, flap, stream_name("link:" + cluster.id(from) + "-" + cluster.id(to), flap));
  context.record("flap link " + cluster.id(from) + (flap.one_way ? "->" : "<->") + cluster.id(to) + " every " +
                 format_duration(flap.period) + " until " + format_time(flap.end));
}

FaultDrawing FlapLink::drawing() const {
  return {FaultDrawing::Shape::flap, false, {a, b}, flap.start, flap.end, flap_label(name, flap)};
}

std::string FlapLink::target() const { return "link:" + std::min(a, b) + "-" + std::max(a, b); }

FlapNode FlapNode::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "node", "period", "duty_cycle", "jitter", "until"});
  FlapNode node;
  node.node = in.reader.node_at(in.item, "node", in.path, true);
  node.flap = read_flap(in);
  if (auto problem = node.flap.problem()) in.reader.fail(in.path, *problem);
  return node;
}

void FlapNode::write(ActionJson& out) const {
  out["node"] = node;
  write_flap(out, flap);
}

void FlapNode::apply(ActionContext& context) const {
  const NodeIndex target = context.target(name, node, nullptr);
  if (target == model::no_node) return;
  context.network().flap_node(target, flap, stream_name("node:" + context.cluster().id(target), flap));
  context.note_mark();  // its first down phase cuts the node off, as an isolation does
  context.record(std::string(name) + " " + context.describe(node, target));
}

FaultDrawing FlapNode::drawing() const {
  return {FaultDrawing::Shape::flap, is_role_reference(node), {node}, flap.start, flap.end, flap_label(name, flap)};
}

std::optional<std::string> FlapOverlap::add(const std::string& target, const FlapSpec& flap, const std::string& path) {
  const auto found = busy_.find(target);
  if (found != busy_.end() && flap.start < found->second.until) return found->second.path;
  if (found == busy_.end() || flap.end > found->second.until) busy_[target] = Busy{flap.end, path};
  return std::nullopt;
}

}  // namespace clustersim::sim
