// The candidate: pre-vote rounds (which do not raise the term), elections, and the vote count.
#include <string>

#include "model/assert.h"
#include "model/raft/raft_node.h"

namespace clustersim::model {

void RaftNode::enter_candidate(Nanos now) {
  set_state(RaftState::candidate);
  start_round(now);
}

// One round: a pre-vote if enabled, else an election; each round has its own timer.
void RaftNode::start_round(Nanos now) {
  CLUSTERSIM_ASSERT(role_ == RaftState::candidate);
  CLUSTERSIM_ASSERT(is_voter(self_));  // a non-voter never campaigns
  arm_after(TimerKind::election, no_node, now, election_timeout_draw());
  clear_grants();
  // A transfer's election skips the pre-vote, for this round only (hashicorp resets the flag
  // when the round ends).
  const bool transfer = transfer_election_;
  transfer_election_ = false;
  if (!config_->pre_vote || transfer) {
    start_election(now, transfer);
    return;
  }
  pre_vote_round_ = true;
  explain([&] { return id(self_) + " starts a pre-vote for term " + std::to_string(durable_.current_term + 1); });
  const Message request = vote_request(MessageType::request_pre_vote, durable_.current_term + 1);
  for (NodeIndex peer = 0; peer < config_->members.size(); ++peer) {
    if (peer != self_ && is_voter(peer)) send(peer, request);
  }
  if (granted_count_ >= quorum()) start_election(now);  // a one-voter cluster
}

void RaftNode::start_election(Nanos now, bool leadership_transfer) {
  pre_vote_round_ = false;
  adopt_term(durable_.current_term + 1);
  durable_.voted_for = self_;
  durable_.voted_term = durable_.current_term;
  explain([&] { return id(self_) + " starts an election in term " + std::to_string(durable_.current_term) + " and votes for itself"; });
  clear_grants();
  Message request = vote_request(MessageType::request_vote, durable_.current_term);
  request.leadership_transfer = leadership_transfer;
  for (NodeIndex peer = 0; peer < config_->members.size(); ++peer) {
    if (peer != self_ && is_voter(peer)) send(peer, request);
  }
  CLUSTERSIM_ASSERT(durable_.voted_for == self_ && durable_.voted_term == durable_.current_term);
  if (granted_count_ >= quorum()) enter_leader(now);
}

// A new round: only this node's own vote is counted.
void RaftNode::clear_grants() {
  for (Peer& peer : peers_) peer.granted = false;
  peers_[self_].granted = true;
  granted_count_ = 1;
  CLUSTERSIM_ASSERT(role_ == RaftState::candidate);
}

Message RaftNode::vote_request(MessageType type, std::uint64_t term) const {
  Message request;
  request.type = type;
  request.term = term;
  request.last_log_index = durable_.log.last_index();
  request.last_log_term = durable_.log.last_term();
  return request;
}

void RaftNode::handle_pre_vote_response(NodeIndex from, const Message& response, Nanos now) {
  if (role_ != RaftState::candidate || !pre_vote_round_) return;  // a late answer
  if (response.term > durable_.current_term) {  // "newer term discovered, fallback to follower"
    explain([&] { return id(self_) + " learns of term " + std::to_string(response.term) + " from " + id(from) + " and steps down"; });
    become_follower(now);
    adopt_term(response.term);
    return;
  }
  // Only voters are asked, but an answer to an earlier candidacy may come from a node this
  // one's configuration has since made a non-voter: it does not count.
  if (!response.granted || peers_[from].granted || !is_voter(from)) return;
  peers_[from].granted = true;
  if (++granted_count_ >= quorum()) {
    CLUSTERSIM_ASSERT(granted_count_ <= membership_.voter_count());
    explain([&] { return id(self_) + " has " + std::to_string(granted_count_) + " of " + std::to_string(quorum()) +
                         " pre-votes needed"; });
    arm_after(TimerKind::election, no_node, now, election_timeout_draw());
    start_election(now);  // "pre-vote successful, starting election"
  }
}

void RaftNode::handle_vote_response(NodeIndex from, const Message& response, Nanos now) {
  if (response.term > durable_.current_term) {
    explain([&] { return id(self_) + " learns of term " + std::to_string(response.term) + " from " + id(from) + " and steps down"; });
    become_follower(now);
    adopt_term(response.term);
    return;
  }
  if (role_ != RaftState::candidate || pre_vote_round_) return;
  if (response.term < durable_.current_term || !response.granted || peers_[from].granted || !is_voter(from)) return;
  peers_[from].granted = true;
  if (++granted_count_ >= quorum()) {
    explain([&] { return id(self_) + " wins term " + std::to_string(durable_.current_term) + " with " +
                         std::to_string(granted_count_) + " of " + std::to_string(quorum()) + " votes needed"; });
    enter_leader(now);
  }
}

}  // namespace clustersim::model
