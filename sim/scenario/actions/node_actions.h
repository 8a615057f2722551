// Timeline actions on one node's process: crash (volatile state lost), restart, pause,
// resume, and upgrade (down for a while, back running another version). Each moves the node through its lifecycle (LifecycleStep), checked when the file is
// read for named nodes and again when the action runs (a "leader" or "follower" is only known
// then).
#pragma once

#include "sim/scenario/action_support.h"

namespace clustersim::sim {

struct Crash {
  static constexpr std::string_view name = "crash";
  static constexpr LifecycleStep lifecycle{{nullptr, nullptr, "it is already crashed"}, NodeState::crashed};
  std::string node;
  Duration random_delay{0};  // happens at `at` + uniform [0, random_delay)

  static Crash read(const ActionInput& in);
  void write(ActionJson& out) const;
  // The instant it happens: `at`, or later by a draw from a stream named by the action.
  Time when(Time at, std::uint64_t seed) const;
  void apply(ActionContext& context) const;
};

struct Restart {
  static constexpr std::string_view name = "restart";
  static constexpr LifecycleStep lifecycle{
      {"it is running (crash it first)", "it is running (crash it first)", nullptr}, NodeState::up};
  std::string node;  // a member id, never "leader" (a crashed node does not lead)

  static Restart read(const ActionInput& in);
  void write(ActionJson& out) const;
  void apply(ActionContext& context) const;
};

struct Pause {
  static constexpr std::string_view name = "pause";
  static constexpr LifecycleStep lifecycle{{nullptr, "it is already paused", "it is crashed"}, NodeState::paused};
  std::string node;

  static Pause read(const ActionInput& in);
  void write(ActionJson& out) const;
  void apply(ActionContext& context) const;
};

struct Resume {
  static constexpr std::string_view name = "resume";
  static constexpr LifecycleStep lifecycle{{"it is not paused", nullptr, "it is not paused"}, NodeState::up};
  std::string node;  // a member id, never "leader"

  static Resume read(const ActionInput& in);
  void write(ActionJson& out) const;
  void apply(ActionContext& context) const;
};

// An upgrade, as operators roll one through a cluster: the node's process stops (a crash: what
// its peers see is the same), and after `downtime` it starts again running `version` (which
// its mesh announces: peers with another version make the cluster read-only). Several
// upgrades in turn are a rolling upgrade.
struct Upgrade {
  static constexpr std::string_view name = "upgrade";
  static constexpr LifecycleStep lifecycle{{nullptr, "it is paused", "it is crashed"}, NodeState::up};
  std::string node;
  std::string version;
  Duration downtime{0};

  static Upgrade read(const ActionInput& in);
  void write(ActionJson& out) const;
  void apply(ActionContext& context) const;
};

}  // namespace clustersim::sim
