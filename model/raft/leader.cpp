// The leader: its no-op entry, heartbeats, replication with the consistency check, and the
// lease check that makes a leader without a quorum step down.
#include <algorithm>
#include <string>

#include "model/assert.h"
#include "model/raft/raft_node.h"

namespace clustersim::model {
namespace {
// hashicorp never checks the lease more often than this, however recent the contacts.
constexpr std::chrono::milliseconds lease_check_interval_min{10};
// hashicorp's MaxAppendEntries default: a lagging follower catches up in batches.
constexpr std::uint64_t append_entries_max = 64;
}  // namespace

void RaftNode::enter_leader(Nanos now) {
  CLUSTERSIM_ASSERT(role_ == RaftState::candidate && !pre_vote_round_);  // won an election
  CLUSTERSIM_ASSERT(granted_count_ >= quorum());
  set_state(RaftState::leader);  // observes RaftState(Leader)...
  set_leader(self_);             // ...then itself as leader
  for (Peer& peer : peers_) {
    peer.next_index = durable_.log.last_index() + 1;
    peer.match_index = 0;
    peer.contact = now;  // replication starts with a fresh contact time
    peer.append_in_flight = false;
    peer.retire_at = 0;
  }
  durable_.log.append(durable_.current_term);  // the no-op that commits the new term
  term_start_index_ = durable_.log.last_index();
  arm_after(TimerKind::lease, no_node, now, config_->leader_lease_timeout);
  if (config_->timer_mode == TimerMode::range) {
    arm_after(TimerKind::peer_heartbeat, no_node, now, config_->heartbeat_interval);
  }
  for (NodeIndex peer = 0; peer < config_->members.size(); ++peer) {
    if (!replicates_to(peer)) continue;
    replicate_to(peer, now);
    if (config_->timer_mode == TimerMode::hashicorp) {
      arm_after(TimerKind::peer_heartbeat, peer, now, random_timeout(config_->heartbeat_timeout / 10));
    }
  }
}

bool RaftNode::append_client_entry(Nanos now) {
  // hashicorp refuses writes during a transfer (ErrLeadershipTransferInProgress).
  if (role_ != RaftState::leader || transfer_in_progress()) return false;
  durable_.log.append(durable_.current_term);
  advance_commit();
  for (NodeIndex peer = 0; peer < config_->members.size(); ++peer) {
    if (replicates_to(peer)) replicate_to(peer, now);
  }
  return true;
}

void RaftNode::on_heartbeat_timer(NodeIndex peer, Nanos now) {
  if (peer == no_node) {  // range mode: one synchronized broadcast
    for (NodeIndex other = 0; other < config_->members.size(); ++other) {
      if (other != self_ && membership_.is_member(other)) send_heartbeat(other);
    }
    arm_after(TimerKind::peer_heartbeat, no_node, now, config_->heartbeat_interval);
    return;
  }
  if (!membership_.is_member(peer)) return;  // removed: no more heartbeats
  send_heartbeat(peer);
  arm_after(TimerKind::peer_heartbeat, peer, now, random_timeout(config_->heartbeat_timeout / 10));
}

void RaftNode::send_heartbeat(NodeIndex peer) {
  Message heartbeat;
  heartbeat.type = MessageType::append_entries;
  heartbeat.heartbeat = true;
  heartbeat.term = durable_.current_term;
  send(peer, heartbeat);
}

// Sends the entries the peer lacks after the last one known to match (at most
// append_entries_max at a time); retried on a timer until acknowledged, since any of these
// messages may be lost.
void RaftNode::replicate_to(NodeIndex peer, Nanos now, bool retry) {
  CLUSTERSIM_ASSERT(role_ == RaftState::leader);
  CLUSTERSIM_ASSERT(peer != self_ && peer < peers_.size());
  const RaftLog& log = durable_.log;
  Peer& progress = peers_[peer];
  CLUSTERSIM_ASSERT(progress.next_index >= 1);  // index 0 is the empty log's end
  const bool nothing_new =
      progress.next_index > log.last_index() || (progress.retire_at != 0 && progress.next_index > progress.retire_at);
  // With nothing new, an append goes only to tell of a committed configuration (and, when
  // its retry fires unanswered, again: it may have been lost).
  if (nothing_new && !progress.commit_behind && !(retry && progress.append_in_flight)) {
    progress.append_in_flight = false;
    cancel(TimerKind::peer_replicate, peer);
    return;
  }
  if (progress.append_in_flight && !retry) return;  // its answer will send the rest
  progress.append_in_flight = true;
  progress.commit_behind = false;  // this append carries the commit index
  Message request;
  request.type = MessageType::append_entries;
  request.term = durable_.current_term;
  request.prev_log_index = progress.next_index - 1;
  request.prev_log_term = log.term_at(request.prev_log_index);
  // A removed peer is sent no further than the entry that removed it.
  const std::uint64_t end = progress.retire_at != 0 ? std::min(progress.retire_at, log.last_index()) : log.last_index();
  const std::uint64_t last = std::min(end, progress.next_index + append_entries_max - 1);
  request.entry_terms = std::move(entry_terms_scratch_);
  request.entry_terms.clear();
  for (std::uint64_t index = progress.next_index; index <= last; ++index) {
    request.entry_terms.push_back(log.term_at(index));
  }
  std::vector<ConfigurationEntry> configurations;
  for (const ConfigurationEntry& entry : log.configurations()) {
    if (entry.index >= progress.next_index && entry.index <= last) configurations.push_back(entry);
  }
  if (!configurations.empty()) {
    request.configurations = std::make_shared<const std::vector<ConfigurationEntry>>(std::move(configurations));
  }
  request.leader_commit = commit_index_;
  send(peer, request);
  entry_terms_scratch_ = std::move(request.entry_terms);  // send() copied what it keeps
  arm_after(TimerKind::peer_replicate, peer, now, random_timeout(config_->commit_timeout));
}

void RaftNode::handle_append_response(NodeIndex from, const Message& response, Nanos now) {
  if (response.term > durable_.current_term) {  // "peer has newer term, stopping replication"
    explain([&] { return id(self_) + " learns of term " + std::to_string(response.term) + " from " + id(from) + " and steps down"; });
    if (role_ == RaftState::leader) mark(RaftMark::leader_deposed_by_term);
    become_follower(now);
    adopt_term(response.term);
    return;
  }
  if (role_ != RaftState::leader || response.term < durable_.current_term) return;
  Peer& progress = peers_[from];
  progress.contact = now;
  if (response.heartbeat) return;
  progress.append_in_flight = false;
  if (response.granted) {
    progress.match_index = std::max(progress.match_index, response.last_log_index);
    CLUSTERSIM_ASSERT(progress.match_index <= durable_.log.last_index());  // it only holds what we sent
    progress.next_index = progress.match_index + 1;
    advance_commit();
  } else {
    // The consistency check failed: step back, no further than the follower's log.
    progress.next_index = std::max<std::uint64_t>(
        1, std::min(progress.next_index - 1, response.last_log_index + 1));
  }
  if (progress.retire_at != 0 && progress.match_index >= progress.retire_at) {  // it knows it was removed
    progress.retire_at = 0;
    cancel(TimerKind::peer_replicate, from);
    return;
  }
  if (!replicates_to(from)) return;
  replicate_to(from, now);
  if (from == transfer_.target) continue_transfer(now);
}

// hashicorp's checkLeaderLease: count the voters heard from within the lease (this node
// included); without a quorum, step down. Otherwise check again when the oldest of those
// contacts would expire.
void RaftNode::on_lease_timer(Nanos now) {
  CLUSTERSIM_ASSERT(role_ == RaftState::leader);
  std::size_t contacted = is_voter(self_) ? 1 : 0;  // a leader removing itself does not count
  Nanos oldest_contact_age{0};
  for (NodeIndex peer = 0; peer < peers_.size(); ++peer) {
    if (peer == self_ || !is_voter(peer)) continue;
    const Nanos age = now - peers_[peer].contact;
    if (age <= config_->leader_lease_timeout) {
      ++contacted;
      oldest_contact_age = std::max(oldest_contact_age, age);
    }
  }
  if (contacted < quorum()) {  // "failed to contact quorum of nodes, stepping down"
    explain([&] { return id(self_) + " heard from " + std::to_string(contacted) + " of the " + std::to_string(quorum()) +
                         " voters it needs within its lease " + format_nanos(config_->leader_lease_timeout) + ": steps down"; });
    mark(RaftMark::lease_step_down);
    become_follower(now);
    return;
  }
  const Nanos next_check = std::max<Nanos>(config_->leader_lease_timeout - oldest_contact_age,
                                           lease_check_interval_min);
  arm_after(TimerKind::lease, no_node, now, next_check);
}

// The highest index stored on a quorum of voters, if it is from the current term.
void RaftNode::advance_commit() {
  std::vector<std::uint64_t>& matched = commit_scratch_;
  matched.clear();
  for (NodeIndex node = 0; node < peers_.size(); ++node) {
    if (is_voter(node)) matched.push_back(node == self_ ? durable_.log.last_index() : peers_[node].match_index);
  }
  std::sort(matched.begin(), matched.end(), std::greater<>{});
  const std::uint64_t quorum_index = matched[quorum() - 1];
  if (quorum_index > commit_index_ && durable_.log.term_at(quorum_index) == durable_.current_term) {
    commit_index_ = quorum_index;
  }
  CLUSTERSIM_ASSERT(commit_index_ <= durable_.log.last_index());
}

}  // namespace clustersim::model
