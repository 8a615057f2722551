// Timeline actions that change the cluster's shape, as an operator asks for them (OpenZiti's
// `ziti agent cluster add`, `remove`, `transfer-leadership`, which a controller forwards to the
// leader): add_member, remove_member, promote, demote and transfer_leadership. Each goes to
// whichever node leads when it runs (skipped, and recorded, when none does) and is refused or
// taken there as hashicorp/raft does; the end of one taken (committed, failed, timed out) is
// recorded when it comes. A change that makes no sense of the membership the timeline has built
// so far is an error when the file is read (MembershipRule).
#pragma once

#include <optional>

#include "model/raft/membership.h"
#include "sim/scenario/action_support.h"

namespace clustersim::sim {

// A change of one node's membership, asked of the leader. `node` is a member id; remove_member
// and demote may also name "leader" (the leader removing or demoting itself). add_member asks
// its own kind (voter or not) and has an apply of its own.
template <model::MembershipChange::Kind K>
struct MembershipAction {
  std::string node;

  void apply(ActionContext& context) const;
};

struct AddMember : MembershipAction<model::MembershipChange::Kind::add_voter> {
  static constexpr std::string_view name = "add_member";
  bool voter = true;  // false: added as a non-voter

  static AddMember read(const ActionInput& in);
  void write(ActionJson& out) const;
  void apply(ActionContext& context) const;
};

struct RemoveMember : MembershipAction<model::MembershipChange::Kind::remove> {
  static constexpr std::string_view name = "remove_member";
  static RemoveMember read(const ActionInput& in);
  void write(ActionJson& out) const { out["node"] = node; }
};

struct Promote : MembershipAction<model::MembershipChange::Kind::promote> {
  static constexpr std::string_view name = "promote";
  static Promote read(const ActionInput& in);
  void write(ActionJson& out) const { out["node"] = node; }
};

struct Demote : MembershipAction<model::MembershipChange::Kind::demote> {
  static constexpr std::string_view name = "demote";
  static Demote read(const ActionInput& in);
  void write(ActionJson& out) const { out["node"] = node; }
};

// Leadership transfer to a named voter, or (no `to`) to the voter whose log is furthest along.
struct TransferLeadership {
  static constexpr std::string_view name = "transfer_leadership";
  std::string to;  // empty: hashicorp picks

  static TransferLeadership read(const ActionInput& in);
  void write(ActionJson& out) const;
  void apply(ActionContext& context) const;
};

// The membership change a timeline action asks for, if it is one; `node` is its reference.
std::optional<model::MembershipChange::Kind> membership_change_of(const struct TimedAction& action, std::string& node);

// Follows what the membership may be at each point of a timeline: the one rule of the parser
// and the swarm generator. A change taken at run time may also be refused there (no leader, a
// transfer in progress), so each node keeps the set of memberships it may have; a change is
// refused when the file is read only if it is impossible whichever earlier changes were taken.
// A change naming "leader" may hit any node that may be a voter.
class MembershipRule {
 public:
  explicit MembershipRule(const model::RaftConfig& raft);
  // Why the change is impossible now, or nothing; the possibilities move on either way.
  std::optional<std::string> take(model::MembershipChange::Kind kind, const std::string& node);
  // How many nodes are voters now whichever earlier changes were taken.
  std::size_t certain_voters() const;
  // Why a transfer to `to` is impossible now (it cannot be a voter), or nothing.
  std::optional<std::string> transfer_problem(const std::string& to) const;

 private:
  static constexpr std::uint8_t bit(model::Suffrage s) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(s)); }
  bool may_be(std::size_t node, model::Suffrage s) const { return (possible_[node] & bit(s)) != 0; }
  std::vector<std::string> ids_;
  std::vector<std::uint8_t> possible_;  // per node: a bit per Suffrage it may have
};

}  // namespace clustersim::sim
