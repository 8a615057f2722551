#include "model/raft/raft_config.h"

#include <algorithm>

#include "model/member_list.h"
#include "model/raft/raft_state.h"

namespace clustersim::model {

RaftConfig RaftConfig::hashicorp_defaults() { return RaftConfig{}; }

RaftConfig RaftConfig::openziti_preset() {
  RaftConfig config;
  config.heartbeat_timeout = std::chrono::seconds(3);
  config.election_timeout = std::chrono::seconds(5);
  config.leader_lease_timeout = std::chrono::seconds(3);
  return config;
}

std::size_t RaftConfig::voter_count() const {
  std::size_t voters = 0;
  for (const RaftMember& member : members) voters += member.voter() ? 1U : 0U;
  return voters;
}

Membership RaftConfig::bootstrap_membership(NodeIndex self) const {
  return starts_with_bootstrap(self) ? bootstrap_membership() : Membership{};
}

Membership RaftConfig::bootstrap_membership() const {
  std::vector<Suffrage> suffrage;
  suffrage.reserve(members.size());
  for (const RaftMember& member : members) suffrage.push_back(member.suffrage);
  return Membership(std::move(suffrage));
}

std::optional<std::string> RaftConfig::problem(const std::string& self_id) const {
  if (auto problem = this->problem()) return problem;
  const bool listed = std::any_of(members.begin(), members.end(), [&](const RaftMember& m) { return m.id == self_id; });
  if (!listed) return "members: \"" + self_id + "\" is not in its own member list";
  return std::nullopt;
}

std::optional<std::string> RaftConfig::problem() const {
  const Nanos zero{0};
  if (heartbeat_timeout <= zero) return "heartbeat_timeout must be positive";
  if (election_timeout <= zero) return "election_timeout must be positive";
  if (leader_lease_timeout <= zero) return "leader_lease_timeout must be positive";
  if (commit_timeout <= zero) return "commit_timeout must be positive";
  if (leader_lease_timeout > heartbeat_timeout) {
    return "leader_lease_timeout must not exceed heartbeat_timeout (hashicorp/raft requires "
           "LeaderLeaseTimeout <= HeartbeatTimeout)";
  }
  if (heartbeat_timeout > election_timeout) {
    return "heartbeat_timeout must not exceed election_timeout (hashicorp/raft requires "
           "HeartbeatTimeout <= ElectionTimeout)";
  }
  if (heartbeat_timeout < Nanos{10}) return "heartbeat_timeout is too short to divide by 10";
  // hashicorp's defaults are 1 s and OpenZiti's 5 s; no controller waits an hour to notice a
  // lost leader, and the bound keeps every timer's arithmetic (random_timeout doubles) far
  // from overflowing.
  for (const auto& [name, value] : {std::pair{"heartbeat_timeout", heartbeat_timeout}, std::pair{"election_timeout", election_timeout},
                                    std::pair{"leader_lease_timeout", leader_lease_timeout},
                                    std::pair{"commit_timeout", commit_timeout},
                                    std::pair{"election_timeout_max", election_timeout_max},
                                    std::pair{"heartbeat_interval", heartbeat_interval}}) {
    if (value > timeout_max) return std::string(name) + " must be at most 1h";
  }
  if (timer_mode == TimerMode::range) {
    if (election_timeout_min <= zero) return "election_timeout_min must be positive in range mode";
    if (election_timeout_max < election_timeout_min) {
      return "election_timeout_max must not be less than election_timeout_min";
    }
    if (heartbeat_interval <= zero) return "heartbeat_interval must be positive in range mode";
  }
  if (members.empty()) return "members: the cluster needs at least one member";
  if (auto problem = member_ids_problem(members)) return problem;
  if (voter_count() == 0) return "members: at least one member must be a voter";
  return std::nullopt;
}

}  // namespace clustersim::model
