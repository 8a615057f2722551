#include "model/raft/invariants.h"

namespace clustersim::model {
namespace {

constexpr std::uint8_t bit(TimerKind kind) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(kind)); }

std::uint8_t role_timer(RaftState role) {
  switch (role) {
    case RaftState::follower: return bit(TimerKind::follower);
    case RaftState::candidate: return bit(TimerKind::election);
    case RaftState::leader: return bit(TimerKind::lease);
    case RaftState::shutdown: return 0;
  }
  return 0;
}

std::optional<std::string> log_violation(const RaftNode& node) {
  const RaftLog& log = node.durable().log;
  const std::uint64_t last = log.last_index();
  // Appends are checked as they happen: the last two entries cover every append and every
  // truncation, so this stays O(1) per input however long the log grows.
  if (last >= 2 && log.term_at(last) < log.term_at(last - 1)) {
    return "log terms decrease at index " + std::to_string(last);
  }
  if (log.last_term() > node.term()) {
    return "the last log entry's term " + std::to_string(log.last_term()) + " is after the current term " +
           std::to_string(node.term());
  }
  if (node.commit_index() > last) {
    return "commit index " + std::to_string(node.commit_index()) + " is past the log's end " + std::to_string(last);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> state_violation(const RaftNode& node) {
  const RaftState role = node.role();
  if (role == RaftState::leader && node.leader() != node.self()) return "a leader that does not know itself as leader";
  if (role != RaftState::leader && node.leader() == node.self()) return "names itself leader while not leading";
  const DurableState& durable = node.durable();
  if (durable.voted_term > node.term()) return "voted in term " + std::to_string(durable.voted_term) + ", after its term";
  if (role == RaftState::candidate && !node.pre_vote_round() &&
      (durable.voted_term != node.term() || durable.voted_for != node.self())) {
    return "a candidate in an election that did not vote for itself";
  }
  if (role == RaftState::candidate && node.votes_granted() < 1) return "a candidate that does not count its own vote";
  if (auto problem = log_violation(node)) return problem;
  const std::uint8_t armed = node.armed_role_timers();
  const std::uint8_t own = role_timer(role);
  // A range-mode leader heartbeats every peer on one timer of its own; a leader with a
  // transfer in progress has its deadline.
  const std::uint8_t allowed =
      own | (role == RaftState::leader ? bit(TimerKind::peer_heartbeat) | bit(TimerKind::transfer) : 0);
  if (node.transfer_in_progress() && role != RaftState::leader) return "a transfer in progress at a node that does not lead";
  if ((armed & own) != own) return "its role's timer is not armed";
  if ((armed & ~allowed) != 0) return "another role's timer is still armed";
  return std::nullopt;
}

std::optional<std::string> transition_violation(const RaftNode::Before& before, const RaftNode& node) {
  const DurableState& durable = node.durable();
  if (node.term() < before.term) {
    return "term went back from " + std::to_string(before.term) + " to " + std::to_string(node.term());
  }
  if (before.voted_term != 0 && durable.voted_term == before.voted_term && durable.voted_for != before.voted_for) {
    return "changed its vote in term " + std::to_string(before.voted_term);
  }
  if (durable.voted_term < before.voted_term) return "its vote went back to an older term";
  if (node.commit_index() < before.commit_index) return "commit index went back";
  return std::nullopt;
}

}  // namespace clustersim::model
