// The follower's side: its timer, and the requests any role may receive (AppendEntries,
// RequestVote, RequestPreVote), handled as hashicorp/raft's raft.go handles them.
#include <string>

#include "model/assert.h"
#include "model/raft/raft_node.h"

namespace clustersim::model {

void RaftNode::enter_follower(Nanos now) {
  CLUSTERSIM_ASSERT(role_ == RaftState::follower);
  CLUSTERSIM_ASSERT(leader_ == no_node);  // a new follower has yet to hear from a leader
  const Nanos wait = config_->timer_mode == TimerMode::hashicorp
                         ? random_timeout(config_->heartbeat_timeout)
                         : election_timeout_draw();
  arm_after(TimerKind::follower, no_node, now, wait);
}

// hashicorp: the timer is re-armed every time it fires; only a last contact older than
// HeartbeatTimeout ends the follower's patience. Range mode: contact resets the timer, so
// firing means the election timeout passed without one.
void RaftNode::on_follower_timer(Nanos now) {
  if (config_->timer_mode == TimerMode::hashicorp) {
    arm_after(TimerKind::follower, no_node, now, random_timeout(config_->heartbeat_timeout));
    if (now - last_contact_ < config_->heartbeat_timeout) return;
  } else {
    arm_after(TimerKind::follower, no_node, now, election_timeout_draw());
  }
  // hashicorp campaigns only as a voter of its latest configuration: not without one ("no
  // known peers"), not once removed ("not part of stable configuration"), not as a non-voter.
  explain([&] {
    const char* outcome = is_voter(self_)              ? ": clears its leader and campaigns"
                          : membership_.empty()        ? ": clears its leader (it has no configuration yet: does not campaign)"
                          : !membership_.is_member(self_) ? ": clears its leader (it is not in its configuration: does not campaign)"
                                                        : ": clears its leader (a non-voter does not campaign)";
    return id(self_) + " heard from no leader within " + format_nanos(config_->heartbeat_timeout) + outcome;
  });
  set_leader(no_node);
  if (!is_voter(self_)) return;  // a non-voter never campaigns, but no longer has a leader
  enter_candidate(now);
}

void RaftNode::note_leader_contact(Nanos now) {
  last_contact_ = now;
  if (config_->timer_mode == TimerMode::range && role_ == RaftState::follower) {
    arm_after(TimerKind::follower, no_node, now, election_timeout_draw());
  }
}

void RaftNode::handle_append_entries(NodeIndex from, const Message& request, Nanos now) {
  Message response;
  response.type = MessageType::append_entries_response;
  response.heartbeat = request.heartbeat;
  if (request.term < durable_.current_term) {  // an old leader: tell it our term
    explain([&] { return id(self_) + " rejects AppendEntries from " + id(from) + ": its term " + std::to_string(request.term) +
                         " is older than " + std::to_string(durable_.current_term); });
    response.term = durable_.current_term;
    response.last_log_index = durable_.log.last_index();
    send(from, response);
    return;
  }
  if (request.term > durable_.current_term || role_ != RaftState::follower) {
    if (role_ == RaftState::leader) mark(RaftMark::leader_deposed_by_term);
    become_follower(now);  // clears any other leader first: "" then the new one
    adopt_term(request.term);
  }
  if (leader_ != from) {
    explain([&] { return id(self_) + " follows " + id(from) + " as leader in term " + std::to_string(durable_.current_term); });
  }
  set_leader(from);
  CLUSTERSIM_ASSERT(role_ == RaftState::follower && durable_.current_term == request.term);
  note_leader_contact(now);
  response.term = durable_.current_term;
  response.granted = true;
  if (!request.heartbeat) {
    RaftLog& log = durable_.log;
    bool configurations_changed = false;
    // The consistency check: our log must hold the entry just before the new ones.
    if (request.prev_log_index > log.last_index() ||
        log.term_at(request.prev_log_index) != request.prev_log_term) {
      explain([&] { return id(self_) + " rejects entries from " + id(from) + ": its log does not hold index " +
                           std::to_string(request.prev_log_index) + " of term " + std::to_string(request.prev_log_term); });
      response.granted = false;
    } else {
      std::uint64_t index = request.prev_log_index;
      static const std::vector<ConfigurationEntry> none;
      const std::vector<ConfigurationEntry>& configurations = request.configurations ? *request.configurations : none;
      std::size_t next_configuration = 0;  // configurations are in index order
      for (std::uint64_t entry_term : request.entry_terms) {
        ++index;
        const bool is_configuration = next_configuration < configurations.size() &&
                                      configurations[next_configuration].index == index;
        if (index <= log.last_index() && log.term_at(index) != entry_term) {
          log.truncate_after(index - 1);  // a conflicting suffix from an old leader
          configurations_changed = true;
        }
        if (index > log.last_index()) {
          if (is_configuration) {
            log.append_configuration(entry_term, configurations[next_configuration].membership);
            configurations_changed = true;
          } else {
            log.append(entry_term);
          }
        }
        next_configuration += is_configuration ? 1 : 0;
      }
      // hashicorp acts on a configuration as soon as it is in the log.
      if (configurations_changed) refresh_membership();
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
  const auto reject = [&](const std::string& why) {
    explain([&] { return id(self_) + " rejects RequestVote from " + id(from) + " in term " + std::to_string(request.term) + ": " + why; });
    send(from, response);
  };
  // A node with no configuration yet (about to join) votes for anyone, as hashicorp does for a
  // cluster being bootstrapped.
  if (!membership_.empty() && !membership_.is_member(from)) return reject("the candidate is not in its configuration");
  // Leader stickiness: while we know a leader, nobody else gets our vote, whatever its term,
  // unless that leader handed its leadership over (a transfer's election).
  if (config_->leader_stickiness && leader_ != no_node && leader_ != from && !request.leadership_transfer) {
    mark(RaftMark::vote_rejected_leader_known);
    return reject("it knows the leader " + id(leader_));
  }
  if (request.term < durable_.current_term) return reject("its own term " + std::to_string(durable_.current_term) + " is newer");
  if (request.term > durable_.current_term) {
    if (role_ == RaftState::leader) mark(RaftMark::leader_deposed_by_term);
    become_follower(now);
    adopt_term(request.term);
    response.term = request.term;
  }
  if (!membership_.empty() && !is_voter(from)) return reject("the candidate is not a voter");
  if (durable_.voted_term == request.term) {  // one vote per term; a repeat gets the same answer
    response.granted = durable_.voted_for == from;
    if (!response.granted) return reject("already voted for " + id(durable_.voted_for));
    explain([&] { return id(self_) + " grants RequestVote from " + id(from) + " again in term " + std::to_string(request.term); });
    send(from, response);
    return;
  }
  if (!durable_.log.is_behind_or_equal_to(request.last_log_term, request.last_log_index)) {
    return reject("the candidate's log (" + std::to_string(request.last_log_index) + "/" + std::to_string(request.last_log_term) +
                  ") is behind its own (" + std::to_string(durable_.log.last_index()) + "/" +
                  std::to_string(durable_.log.last_term()) + ")");
  }
  CLUSTERSIM_ASSERT(durable_.current_term == request.term);  // never a vote for another term
  CLUSTERSIM_ASSERT(durable_.voted_term < request.term);
  durable_.voted_for = from;
  durable_.voted_term = request.term;
  response.granted = true;
  explain([&] { return id(self_) + " grants RequestVote from " + id(from) + " in term " + std::to_string(request.term); });
  note_leader_contact(now);  // hashicorp resets last contact on granting a vote
  send(from, response);
}

// A pre-vote asks "would you vote for me in the next term?" and changes nothing here.
void RaftNode::handle_request_pre_vote(NodeIndex from, const Message& request) {
  Message response;
  response.type = MessageType::request_pre_vote_response;
  response.term = durable_.current_term;
  std::string_view refusal;
  if (!membership_.empty() && !membership_.is_member(from)) {
    refusal = "the candidate is not in its configuration";
  } else if (config_->leader_stickiness && leader_ != no_node && leader_ != from) {
    refusal = "it knows a leader";
    mark(RaftMark::pre_vote_rejected_leader_known);
  } else if (request.term < durable_.current_term) {
    refusal = "its own term is newer";
  } else if (!membership_.empty() && !is_voter(from)) {
    refusal = "the candidate is not a voter";
  } else if (!durable_.log.is_behind_or_equal_to(request.last_log_term, request.last_log_index)) {
    refusal = "the candidate's log is behind its own";
  }
  response.granted = refusal.empty();
  explain([&] {
    return id(self_) + (response.granted ? " grants" : " rejects") + " RequestPreVote from " + id(from) + " for term " +
           std::to_string(request.term) + (response.granted ? std::string() : ": " + std::string(refusal));
  });
  send(from, response);
}

}  // namespace clustersim::model
