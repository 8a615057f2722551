// Configuration of the election model: timeouts, options and membership.
//
// Mirrors hashicorp/raft's Config for the parts that shape leader election, with its
// defaults and the OpenZiti controller's preset, plus a `range` timer mode for classic-Raft
// experiments (election timeout uniform in an explicit [min, max], fixed heartbeat interval).
// problem() says what is wrong in words a person can act on; a scenario file is checked with
// it before anything runs.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/raft/membership.h"

namespace clustersim::model {

enum class TimerMode : std::uint8_t {
  hashicorp,  // random_timeout(x) uniform in [x, 2x); follower checks last contact
  range,      // classic Raft: election timeout uniform in [min, max], reset on contact
};

// A node of the cluster's universe, and its say in the configuration the cluster was
// bootstrapped with: a node with Suffrage::none is not in it (it joins later, through a
// membership change) and starts with no configuration at all, as an unbootstrapped hashicorp
// server does.
struct RaftMember {
  std::string id;
  Suffrage suffrage = Suffrage::voter;
  bool voter() const { return suffrage == Suffrage::voter; }
};

struct RaftConfig {
  using Nanos = std::chrono::nanoseconds;

  // The longest any timeout or interval may be (see problem()).
  static constexpr Nanos timeout_max = std::chrono::hours(1);

  // What a follower reads on every heartbeat comes first, in the configuration's first cache
  // line (a RaftNode reads it through a pointer, and a cluster's nodes may share one).
  TimerMode timer_mode = TimerMode::hashicorp;
  bool pre_vote = true;           // hashicorp's default since v1.7
  bool leader_stickiness = true;  // reject votes while a leader is known
  Nanos heartbeat_timeout = std::chrono::seconds(1);
  Nanos election_timeout = std::chrono::seconds(1);
  Nanos leader_lease_timeout = std::chrono::milliseconds(500);
  Nanos commit_timeout = std::chrono::milliseconds(50);
  // Range mode only: election timeout uniform in [min, max]; heartbeats every interval.
  Nanos election_timeout_min{0};
  Nanos election_timeout_max{0};
  Nanos heartbeat_interval{0};

  std::vector<RaftMember> members;  // every node that may take part, this node included

  static RaftConfig hashicorp_defaults();
  // The OpenZiti controller's defaults: heartbeat 3 s, election 5 s, lease 3 s.
  static RaftConfig openziti_preset();

  // The bootstrap configuration's voters, and its majority.
  std::size_t voter_count() const;
  std::size_t quorum() const { return voter_count() / 2 + 1; }
  // The configuration the cluster was bootstrapped with (every member not of Suffrage::none).
  Membership bootstrap_membership() const;
  // Whether `self` starts with the bootstrap configuration: a member not of Suffrage::none.
  bool starts_with_bootstrap(NodeIndex self) const {
    return self < members.size() && members[self].suffrage != Suffrage::none;
  }
  // The configuration `self` starts with: the bootstrap one, or none if it is not in it.
  Membership bootstrap_membership(NodeIndex self) const;

  // Why this configuration cannot run for any member, or nothing: everything problem(self_id)
  // checks but whether `self_id` is listed. A cluster that builds a node for every member
  // checks this once, not once per node (n nodes checking n ids each made large worlds
  // quadratic to build).
  std::optional<std::string> problem() const;
  // Why this configuration cannot run for member `self_id`, or nothing.
  std::optional<std::string> problem(const std::string& self_id) const;
};

}  // namespace clustersim::model
