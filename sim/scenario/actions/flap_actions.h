// Timeline actions that flap: one link (both directions, or one), or every link of a node,
// down and up on a schedule until a given time. Two flaps of the same target may not
// overlap (FlapOverlap), a rule shared by the parser and the swarm generator.
#pragma once

#include <map>

#include "sim/net/flap.h"
#include "sim/scenario/action_support.h"

namespace clustersim::sim {

struct FlapLink {
  static constexpr std::string_view name = "flap_link";
  std::string a;  // node references
  std::string b;
  FlapSpec flap;  // flap.start is the action's time

  static FlapLink read(const ActionInput& in);
  void write(ActionJson& out) const;
  void apply(ActionContext& context) const;
  FaultDrawing drawing() const;
  // What it flaps, the same for a-b and b-a: "link:ctrl1-ctrl2".
  std::string target() const;
};

struct FlapNode {
  static constexpr std::string_view name = "flap_node";
  std::string node;
  FlapSpec flap;

  static FlapNode read(const ActionInput& in);
  void write(ActionJson& out) const;
  void apply(ActionContext& context) const;
  FaultDrawing drawing() const;
  std::string target() const { return "node:" + node; }  // "node:ctrl2"
};

// The rule that two flaps of one target may not overlap in time, checked in time order.
class FlapOverlap {
 public:
  // The place (an action path) of an earlier flap of `target` that is still going at
  // `flap.start`, or nothing; in that case the flap is taken as the target's latest.
  std::optional<std::string> add(const std::string& target, const FlapSpec& flap, const std::string& path);

 private:
  struct Busy {
    Time until;
    std::string path;
  };
  std::map<std::string, Busy> busy_;  // target -> the latest-ending flap so far
};

}  // namespace clustersim::sim
