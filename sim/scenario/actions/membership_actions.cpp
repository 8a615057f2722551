#include "sim/scenario/actions/membership_actions.h"

#include <algorithm>

#include "sim/scenario/action.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_reader.h"

namespace clustersim::sim {
namespace {

using Kind = model::MembershipChange::Kind;

std::string kind_words(Kind kind) { return std::string(model::change_kind_name(kind)); }

// Asks the node that leads now; records what was asked, or why it was not.
template <typename Ask>
void ask_leader(ActionContext& context, const std::string& what, Ask&& ask) {
  const NodeIndex leader = context.resolve(leader_reference);
  if (leader == model::no_node) {
    context.record(what + " skipped: no node leads now", true);
    return;
  }
  const std::string asked = what + ", asked of " + context.cluster().id(leader) + " (the leader)";
  if (std::optional<std::string> refusal = ask(context.cluster().node(leader))) {
    context.record(asked + ": refused, " + *refusal, true);
    return;
  }
  context.record(asked);
}

}  // namespace

template <Kind K>
void MembershipAction<K>::apply(ActionContext& context) const {
  const NodeIndex target = context.resolve(node);
  const std::string what = kind_words(K) + " " + (target == model::no_node ? node : context.describe(node, target));
  if (target == model::no_node) {
    context.record(what + " skipped: no node " + (node == leader_reference ? "leads" : "fits") + " now", true);
    return;
  }
  ask_leader(context, what, [&](SimNode& leader) { return leader.change_membership({K, target}); });
}

template struct MembershipAction<Kind::remove>;
template struct MembershipAction<Kind::promote>;
template struct MembershipAction<Kind::demote>;

AddMember AddMember::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "node", "voter"});
  AddMember add;
  add.node = in.reader.node_at(in.item, "node", in.path, false);
  if (in.item.contains("voter")) add.voter = in.reader.bool_at(in.item, "voter", in.path);
  return add;
}

void AddMember::write(ActionJson& out) const {
  out["node"] = node;
  if (!voter) out["voter"] = false;
}

void AddMember::apply(ActionContext& context) const {
  const NodeIndex target = context.cluster().find(node);
  const Kind asked = voter ? Kind::add_voter : Kind::add_nonvoter;
  ask_leader(context, kind_words(asked) + " " + node, [&](SimNode& leader) { return leader.change_membership({asked, target}); });
}

RemoveMember RemoveMember::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "node"});
  RemoveMember remove;
  remove.node = in.reader.node_at(in.item, "node", in.path, true);
  if (remove.node == follower_reference) in.reader.fail(in.path + ".node", "names a member id or \"leader\"");
  return remove;
}

Promote Promote::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "node"});
  return Promote{{in.reader.node_at(in.item, "node", in.path, false)}};
}

Demote Demote::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "node"});
  Demote demote{{in.reader.node_at(in.item, "node", in.path, true)}};
  if (demote.node == follower_reference) in.reader.fail(in.path + ".node", "names a member id or \"leader\"");
  return demote;
}

TransferLeadership TransferLeadership::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "to"});
  TransferLeadership transfer;
  if (in.item.contains("to")) transfer.to = in.reader.node_at(in.item, "to", in.path, false);
  return transfer;
}

void TransferLeadership::write(ActionJson& out) const {
  if (!to.empty()) out["to"] = to;
}

void TransferLeadership::apply(ActionContext& context) const {
  const NodeIndex target = to.empty() ? model::no_node : context.cluster().find(to);
  const std::string what = "transfer leadership" + (to.empty() ? std::string(" to the voter furthest along") : " to " + to);
  ask_leader(context, what, [&](SimNode& leader) {
    auto refusal = leader.transfer_leadership(target);
    if (!refusal) context.note_mark();  // a planned handover is what experiments measure from
    return refusal;
  });
}

std::optional<Kind> membership_change_of(const TimedAction& action, std::string& node) {
  if (const auto* add = action.get_if<AddMember>()) {
    node = add->node;
    return add->voter ? Kind::add_voter : Kind::add_nonvoter;
  }
  if (const auto* remove = action.get_if<RemoveMember>()) {
    node = remove->node;
    return Kind::remove;
  }
  if (const auto* promote = action.get_if<Promote>()) {
    node = promote->node;
    return Kind::promote;
  }
  if (const auto* demote = action.get_if<Demote>()) {
    node = demote->node;
    return Kind::demote;
  }
  return std::nullopt;
}

MembershipRule::MembershipRule(const model::RaftConfig& raft) {
  for (const model::RaftMember& member : raft.members) {
    ids_.push_back(member.id);
    possible_.push_back(bit(member.suffrage));
  }
}

std::optional<std::string> MembershipRule::take(Kind kind, const std::string& node) {
  using model::Suffrage;
  const auto it = std::find(ids_.begin(), ids_.end(), node);
  if (it == ids_.end()) {  // "leader": whichever voter leads then is removed or demoted
    for (std::uint8_t& possible : possible_) {
      if ((possible & bit(Suffrage::voter)) != 0) possible |= bit(kind == Kind::remove ? Suffrage::none : Suffrage::nonvoter);
    }
    return std::nullopt;
  }
  const auto index = static_cast<std::size_t>(it - ids_.begin());
  Suffrage after = Suffrage::voter;
  const char* refusal = nullptr;  // why it is impossible, if it is
  switch (kind) {
    case Kind::add_voter:
    case Kind::add_nonvoter:
      if (!may_be(index, Suffrage::none)) refusal = "is already a member";
      after = kind == Kind::add_voter ? Suffrage::voter : Suffrage::nonvoter;
      break;
    case Kind::promote:
      if (!may_be(index, Suffrage::nonvoter)) refusal = "is not a non-voter";
      break;
    case Kind::demote:
      if (!may_be(index, Suffrage::voter)) refusal = "is not a voter";
      after = Suffrage::nonvoter;
      break;
    case Kind::remove:
      if (possible_[index] == bit(Suffrage::none)) refusal = "is not a member";
      after = Suffrage::none;
      break;
  }
  if (refusal != nullptr) return node + " " + refusal;
  if (kind == Kind::remove || kind == Kind::demote) {
    // The last voter stays: refused if no other node may be a voter and this one surely is.
    bool another = false;
    for (std::size_t other = 0; other < ids_.size(); ++other) another = another || (other != index && may_be(other, Suffrage::voter));
    if (!another && possible_[index] == bit(Suffrage::voter)) return std::string("it would leave no voter");
  }
  possible_[index] |= bit(after);  // taken; and if refused at run time, as it was
  return std::nullopt;
}

std::size_t MembershipRule::certain_voters() const {
  return static_cast<std::size_t>(std::count(possible_.begin(), possible_.end(), bit(model::Suffrage::voter)));
}

std::optional<std::string> MembershipRule::transfer_problem(const std::string& to) const {
  const auto it = std::find(ids_.begin(), ids_.end(), to);
  if (to.empty() || it == ids_.end() || may_be(static_cast<std::size_t>(it - ids_.begin()), model::Suffrage::voter)) {
    return std::nullopt;
  }
  return to + " is not a voter";
}

}  // namespace clustersim::sim
