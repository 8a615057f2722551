// The follower's side: its timer, and the requests any role may receive (AppendEntries,
// RequestVote, RequestPreVote), handled as hashicorp/raft's raft.go handles them.
#include "model/assert.h"
#include "model/raft/raft_node.h"

namespace clustersim::model {

void RaftNode::enter_follower(Nanos now) {
  const Nanos wait = config_.timer_mode == TimerMode::hashicorp
                         ? random_timeout(config_.heartbeat_timeout)
                         : election_timeout_draw();
  arm(TimerKind::follower, no_node, now + wait);
}

// hashicorp: the timer is re-armed every time it fires; only a last contact older than
// HeartbeatTimeout ends the follower's patience. Range mode: contact resets the timer, so
// firing means the election timeout passed without one.
void RaftNode::on_follower_timer(Nanos now) {
  if (config_.timer_mode == TimerMode::hashicorp) {
    arm(TimerKind::follower, no_node, now + random_timeout(config_.heartbeat_timeout));
    if (now - last_contact_ < config_.heartbeat_timeout) return;
  } else {
    arm(TimerKind::follower, no_node, now + election_timeout_draw());
  }
  set_leader(no_node);
  if (!is_voter(self_)) return;  // a non-voter never campaigns, but no longer has a leader
  enter_candidate(now);
}

void RaftNode::note_leader_contact(Nanos now) {
  last_contact_ = now;
  if (config_.timer_mode == TimerMode::range && role_ == RaftState::follower) {
    arm(TimerKind::follower, no_node, now + election_timeout_draw());
  }
}

void RaftNode::handle_append_entries(NodeIndex from, const Message& request, Nanos now) {
  Message response;
  response.type = MessageType::append_entries_response;
  response.heartbeat = request.heartbeat;
  if (request.term < durable_.current_term) {  // an old leader: tell it our term
    response.term = durable_.current_term;
    response.last_log_index = durable_.log.last_index();
    send(from, response);
    return;
  }
  if (request.term > durable_.current_term || role_ != RaftState::follower) {
    become_follower(now);  // clears any other leader first: "" then the new one
    adopt_term(request.term);
  }
  set_leader(from);
  note_leader_contact(now);
  response.term = durable_.current_term;
  response.granted = true;
  if (!request.heartbeat) {
    RaftLog& log = durable_.log;
    // The consistency check: our log must hold the entry just before the new ones.
    if (request.prev_log_index > log.last_index() ||
        log.term_at(request.prev_log_index) != request.prev_log_term) {
      response.granted = false;
    } else {
      std::uint64_t index = request.prev_log_index;
      for (std::uint64_t entry_term : request.entry_terms) {
        ++index;
        if (index <= log.last_index() && log.term_at(index) != entry_term) {
          log.truncate_after(index - 1);  // a conflicting suffix from an old leader
        }
        if (index > log.last_index()) log.append(entry_term);
      }
      commit_index_ = std::max(commit_index_, std::min(request.leader_commit, index));
    }
  }
  response.last_log_index = durable_.log.last_index();
  send(from, response);
}

void RaftNode::handle_request_vote(NodeIndex from, const Message& request, Nanos now) {
  Message response;
  response.type = MessageType::request_vote_response;
  response.term = durable_.current_term;
  // Leader stickiness: while we know a leader, nobody else gets our vote, whatever its term.
  const bool sticky = config_.leader_stickiness && leader_ != no_node && leader_ != from;
  if (sticky || request.term < durable_.current_term) {
    send(from, response);
    return;
  }
  if (request.term > durable_.current_term) {
    become_follower(now);
    adopt_term(request.term);
    response.term = request.term;
  }
  if (!is_voter(from)) {
    send(from, response);
    return;
  }
  if (durable_.voted_term == request.term) {  // one vote per term; a repeat gets the same answer
    response.granted = durable_.voted_for == from;
    send(from, response);
    return;
  }
  if (!durable_.log.is_behind_or_equal_to(request.last_log_term, request.last_log_index)) {
    send(from, response);  // the candidate's log is behind ours
    return;
  }
  durable_.voted_for = from;
  durable_.voted_term = request.term;
  response.granted = true;
  note_leader_contact(now);  // hashicorp resets last contact on granting a vote
  send(from, response);
}

// A pre-vote asks "would you vote for me in the next term?" and changes nothing here.
void RaftNode::handle_request_pre_vote(NodeIndex from, const Message& request) {
  Message response;
  response.type = MessageType::request_pre_vote_response;
  response.term = durable_.current_term;
  const bool sticky = config_.leader_stickiness && leader_ != no_node && leader_ != from;
  response.granted = !sticky && request.term >= durable_.current_term && is_voter(from) &&
                     durable_.log.is_behind_or_equal_to(request.last_log_term, request.last_log_index);
  send(from, response);
}

}  // namespace clustersim::model
