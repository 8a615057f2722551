// Timeline actions on the network: symmetric partitions into groups, one-way cuts, isolating
// one node, healing every cut, and changing a link's latency, loss, duplication or reordering.
#pragma once

#include "sim/scenario/action_support.h"

namespace clustersim::sim {

struct Partition {
  static constexpr std::string_view name = "partition";
  std::vector<std::vector<std::string>> groups;  // node references; unnamed nodes form one more

  static Partition read(const ActionInput& in);
  void write(ActionJson& out) const;
  void apply(ActionContext& context) const;
  FaultDrawing drawing() const { return FaultDrawing::cut(FaultDrawing::Shape::cut_begins); }
};

struct PartitionOneWay {
  static constexpr std::string_view name = "partition_one_way";
  std::vector<std::string> from;  // these no longer reach...
  std::vector<std::string> to;    // ...these; the other direction stays up

  static PartitionOneWay read(const ActionInput& in);
  void write(ActionJson& out) const;
  void apply(ActionContext& context) const;
  FaultDrawing drawing() const { return FaultDrawing::cut(FaultDrawing::Shape::cut_begins); }
};

struct Isolate {
  static constexpr std::string_view name = "isolate";
  std::string node;
  Duration random_delay{0};  // happens at `at` + uniform [0, random_delay)

  static Isolate read(const ActionInput& in);
  void write(ActionJson& out) const;
  Time when(Time at, std::uint64_t seed) const { return delayed(name, node, at, random_delay, seed); }
  void apply(ActionContext& context) const;
  FaultDrawing drawing() const { return FaultDrawing::cut(FaultDrawing::Shape::cut_begins); }
};

struct Heal {
  static constexpr std::string_view name = "heal";

  static Heal read(const ActionInput& in);
  void write(ActionJson&) const {}
  void apply(ActionContext& context) const;
  FaultDrawing drawing() const { return FaultDrawing::cut(FaultDrawing::Shape::cut_ends); }
};

struct SetLink {
  static constexpr std::string_view name = "set_link";
  std::string from;  // member ids
  std::string to;
  LinkParams link;
  bool one_way = false;  // false: both directions

  static SetLink read(const ActionInput& in);
  void write(ActionJson& out) const;
  void apply(ActionContext& context) const;
};

// The JSON form of link parameters, shared with the scenario writer's "network".
ActionJson link_json(const LinkParams& link);
// The JSON form of a distribution of durations (a latency, a timer's lateness).
ActionJson latency_json(const LatencyModel& latency);

}  // namespace clustersim::sim
