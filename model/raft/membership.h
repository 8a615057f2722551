// Membership: which nodes are in a raft configuration, and with what say (hashicorp's
// Suffrage), plus the changes an operator asks of a leader.
//
// The cluster's nodes are a fixed universe (RaftConfig::members: every node that may ever take
// part, by NodeIndex); a Membership says, per node of the universe, whether it is a voter, a
// non-voter or not in the configuration at all. Configurations live in the log (RaftLog keeps
// each configuration entry), and, as in hashicorp/raft, the latest one in a node's log is the
// one it acts on, committed or not. next_membership() is hashicorp's nextConfiguration: what a
// change makes of a configuration, or why it is refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clustersim::model {

using NodeIndex = std::uint32_t;  // position in RaftConfig::members
inline constexpr NodeIndex no_node = UINT32_MAX;

enum class Suffrage : std::uint8_t {
  none,      // not in the configuration (a node yet to join, or one removed)
  nonvoter,  // receives the log, never votes or campaigns
  voter,
};
std::string_view suffrage_name(Suffrage suffrage);

class Membership {
 public:
  Membership() = default;
  explicit Membership(std::vector<Suffrage> suffrage);

  Suffrage of(NodeIndex node) const { return node < suffrage_.size() ? suffrage_[node] : Suffrage::none; }
  bool is_voter(NodeIndex node) const { return of(node) == Suffrage::voter; }
  bool is_member(NodeIndex node) const { return of(node) != Suffrage::none; }
  bool empty() const { return member_count_ == 0; }  // a node that was never given one
  std::size_t voter_count() const { return voter_count_; }
  std::size_t member_count() const { return member_count_; }
  // The votes that make a majority of the voters (1 for a configuration without voters, which
  // no running cluster has: the count is then never reached by anyone else).
  std::size_t quorum() const { return voter_count_ / 2 + 1; }
  std::size_t universe_size() const { return suffrage_.size(); }

  friend bool operator==(const Membership& a, const Membership& b) { return a.suffrage_ == b.suffrage_; }

 private:
  std::vector<Suffrage> suffrage_;  // by NodeIndex
  std::size_t voter_count_ = 0;
  std::size_t member_count_ = 0;
};

// One change an operator asks of the leader (hashicorp's AddVoter, AddNonvoter, DemoteVoter,
// RemoveServer; a promotion is AddVoter of a non-voter).
struct MembershipChange {
  enum class Kind : std::uint8_t { add_voter, add_nonvoter, promote, demote, remove };
  Kind kind = Kind::add_voter;
  NodeIndex node = no_node;
  friend bool operator==(const MembershipChange&, const MembershipChange&) = default;
};
std::string_view change_kind_name(MembershipChange::Kind kind);

// The configuration `change` makes of `current`, or why it is refused: adding a member that is
// already one, promoting what is not a non-voter, demoting what is not a voter, removing what is
// not a member, or leaving no voter (hashicorp: "need at least one voter in configuration").
// `name` names the node in the refusal.
struct NextMembership {
  std::optional<Membership> membership;
  std::string refusal;  // when membership is empty
};
NextMembership next_membership(const Membership& current, const MembershipChange& change, std::string_view name);

}  // namespace clustersim::model
