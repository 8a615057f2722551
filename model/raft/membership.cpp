#include "model/raft/membership.h"

#include "model/assert.h"

namespace clustersim::model {

std::string_view suffrage_name(Suffrage suffrage) {
  switch (suffrage) {
    case Suffrage::none: return "none";
    case Suffrage::nonvoter: return "nonvoter";
    case Suffrage::voter: return "voter";
  }
  return "?";
}

std::string_view change_kind_name(MembershipChange::Kind kind) {
  switch (kind) {
    case MembershipChange::Kind::add_voter: return "add voter";
    case MembershipChange::Kind::add_nonvoter: return "add non-voter";
    case MembershipChange::Kind::promote: return "promote";
    case MembershipChange::Kind::demote: return "demote";
    case MembershipChange::Kind::remove: return "remove";
  }
  return "?";
}

Membership::Membership(std::vector<Suffrage> suffrage) : suffrage_(std::move(suffrage)) {
  for (Suffrage s : suffrage_) {
    voter_count_ += s == Suffrage::voter ? 1U : 0U;
    member_count_ += s != Suffrage::none ? 1U : 0U;
  }
}

NextMembership next_membership(const Membership& current, const MembershipChange& change, std::string_view name) {
  using Kind = MembershipChange::Kind;
  const Suffrage now = current.of(change.node);
  const std::string who(name);
  Suffrage after = now;
  switch (change.kind) {
    case Kind::add_voter:
    case Kind::add_nonvoter:
      if (now != Suffrage::none) return {std::nullopt, who + " is already a member"};
      after = change.kind == Kind::add_voter ? Suffrage::voter : Suffrage::nonvoter;
      break;
    case Kind::promote:
      if (now != Suffrage::nonvoter) return {std::nullopt, who + " is not a non-voter"};
      after = Suffrage::voter;
      break;
    case Kind::demote:
      if (now != Suffrage::voter) return {std::nullopt, who + " is not a voter"};
      after = Suffrage::nonvoter;
      break;
    case Kind::remove:
      if (now == Suffrage::none) return {std::nullopt, who + " is not a member"};
      after = Suffrage::none;
      break;
  }
  CLUSTERSIM_ASSERT(change.node < current.universe_size());
  std::vector<Suffrage> suffrage(current.universe_size(), Suffrage::none);
  for (NodeIndex node = 0; node < suffrage.size(); ++node) suffrage[node] = current.of(node);
  suffrage[change.node] = after;
  Membership next(std::move(suffrage));
  if (next.voter_count() == 0) return {std::nullopt, "it would leave no voter"};
  return {std::move(next), {}};
}

}  // namespace clustersim::model
