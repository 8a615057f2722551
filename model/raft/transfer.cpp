// Leadership transfer (Raft thesis 3.10, hashicorp's LeadershipTransfer): the leader's side
// (choose the target, bring it up to date, TimeoutNow, the deadline) and the target's (an
// election at once, without a pre-vote, whose requests voters grant although they know a leader).
#include <string>

#include "model/assert.h"
#include "model/raft/raft_node.h"

namespace clustersim::model {

std::optional<std::string> RaftNode::transfer_leadership(NodeIndex target, Nanos now) {
  CLUSTERSIM_ASSERT(target == no_node || target < config_->members.size());
  if (role_ != RaftState::leader) return std::string("not the leader");
  if (transfer_in_progress()) return std::string("a leadership transfer is already in progress");
  if (target == self_) return std::string("cannot transfer leadership to itself");
  if (target == no_node) {
    // hashicorp's pickServer: the voter whose replication is furthest along (the first, in
    // member order, of those tied).
    std::uint64_t furthest = 0;
    for (NodeIndex peer = 0; peer < peers_.size(); ++peer) {
      if (peer == self_ || !is_voter(peer)) continue;
      if (peers_[peer].next_index > furthest) {
        furthest = peers_[peer].next_index;
        target = peer;
      }
    }
    if (target == no_node) return std::string("cannot find a voter to transfer to");
  } else if (!is_voter(target)) {
    return id(target) + " is not a voting member";
  }
  const Before was = before();
  transfer_ = Transfer{target, false};
  explain([&] { return id(self_) + " starts a leadership transfer to " + id(target) + ": takes no writes until it ends"; });
  arm_after(TimerKind::transfer, no_node, now, config_->election_timeout);
  continue_transfer(now);
  note_commit(now);
  after_input(was);
  return std::nullopt;
}

void RaftNode::continue_transfer(Nanos now) {
  if (!transfer_in_progress() || transfer_.timeout_now_sent) return;
  const NodeIndex target = transfer_.target;
  if (peers_[target].next_index <= durable_.log.last_index()) {
    replicate_to(target, now);  // its answers bring it here again
    return;
  }
  transfer_.timeout_now_sent = true;
  explain([&] { return id(self_) + " sees " + id(target) + " up to date: sends TimeoutNow"; });
  mark(RaftMark::transfer_timeout_now);
  Message request;
  request.type = MessageType::timeout_now;
  request.term = durable_.current_term;
  send(target, request);
}

// The target answers TimeoutNow at once; hashicorp then waits up to ElectionTimeout more for
// its leadership to end before it calls the transfer timed out.
void RaftNode::handle_timeout_now_response(NodeIndex from, const Message&, Nanos now) {
  if (role_ != RaftState::leader || !transfer_in_progress() || transfer_.target != from || !transfer_.timeout_now_sent) return;
  arm_after(TimerKind::transfer, no_node, now, config_->election_timeout);
}

void RaftNode::on_transfer_timer(Nanos now) {
  if (!transfer_in_progress()) return;
  const std::string target = id(transfer_.target);
  end_transfer(false, transfer_.timeout_now_sent
                          ? "timed out: " + target + " did not take over within " + format_nanos(config_->election_timeout)
                          : "timed out: " + target + " was not brought up to date within " +
                                format_nanos(config_->election_timeout));
  append_waiting_changes(now);
}

void RaftNode::end_transfer(bool succeeded, std::string reason) {
  CLUSTERSIM_ASSERT(transfer_in_progress());
  const NodeIndex target = transfer_.target;
  explain([&] { return id(self_) + ": the transfer to " + id(target) + (succeeded ? " ends: " : " fails: ") + reason; });
  if (!succeeded) mark(RaftMark::transfer_failed);
  transfer_ = Transfer{};
  cancel(TimerKind::transfer, no_node);
  effects_.request_ended(RequestEnded{RequestEnded::Kind::leadership_transfer, {}, target, succeeded, 0, std::move(reason)});
}

// hashicorp's timeoutNow: whoever sends it, the node clears its leader and campaigns now.
void RaftNode::handle_timeout_now(NodeIndex from, Nanos now) {
  Message response;
  response.type = MessageType::timeout_now_response;
  response.term = durable_.current_term;
  if (!is_voter(self_)) {  // a transfer only ever targets a voter: this one was demoted since
    explain([&] { return id(self_) + " ignores TimeoutNow from " + id(from) + ": it is not a voter"; });
    send(from, response);
    return;
  }
  explain([&] { return id(self_) + " gets TimeoutNow from " + id(from) + ": campaigns at once, without a pre-vote"; });
  send(from, response);
  set_leader(no_node);
  transfer_election_ = true;
  if (role_ == RaftState::candidate) {
    start_round(now);
  } else {
    enter_candidate(now);
  }
}

}  // namespace clustersim::model
