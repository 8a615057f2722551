// Membership in the election model: which configuration is in force and which committed, what
// a commit's advance sets off (members.changed's source, a removed leader's step-down, the next
// change), and the changes a leader appends, one at a time, as hashicorp/raft does.
#include <algorithm>
#include <string>

#include "model/assert.h"
#include "model/raft/raft_node.h"

namespace clustersim::model {

const Membership& RaftNode::committed_membership() const { return membership_at(committed_membership_index_); }

const Membership& RaftNode::membership_at(std::uint64_t index) const {
  if (index == 0) return bootstrap_;
  const ConfigurationEntry* entry = durable_.log.configuration_at_or_before(index);
  CLUSTERSIM_ASSERT(entry != nullptr && entry->index == index);
  return entry->membership;
}

void RaftNode::refresh_membership() {
  const std::vector<ConfigurationEntry>& entries = durable_.log.configurations();
  membership_index_ = entries.empty() ? 0 : entries.back().index;
  membership_ = entries.empty() ? bootstrap_ : entries.back().membership;
  // A truncation only ever drops uncommitted entries; the committed one stays in the log.
  committed_membership_index_ = std::min(committed_membership_index_, membership_index_);
}

// hashicorp waits until the latest configuration is committed and the leader has committed an
// entry of its own term (the no-op) before it takes the next change.
bool RaftNode::configuration_stable() const {
  return membership_index_ == committed_membership_index_ && commit_index_ >= term_start_index_;
}

void RaftNode::note_commit(Nanos now) {
  while (commit_index_ != commit_noted_) {
    const std::uint64_t from = commit_noted_;
    commit_noted_ = commit_index_;
    const std::vector<ConfigurationEntry>& entries = durable_.log.configurations();
    auto entry = std::upper_bound(entries.begin(), entries.end(), from,
                                  [](std::uint64_t index, const ConfigurationEntry& e) { return index < e.index; });
    bool configuration_committed = false;
    for (; entry != entries.end() && entry->index <= commit_index_; ++entry) {
      committed_membership_index_ = entry->index;
      effects_.configuration_committed(*entry);
      configuration_committed = true;
    }
    if (role_ != RaftState::leader) return;
    if (configuration_committed) tell_commit(now);
    if (!changes_.empty() && changes_.front().index != 0 && changes_.front().index <= commit_index_) {
      end_change(true, "committed at index " + std::to_string(changes_.front().index));
    }
    // "removed ourself, transitioning to follower": once the configuration that took this
    // leader's vote is committed.
    const bool latest_just_committed = membership_index_ > from && membership_index_ <= commit_index_;
    if (latest_just_committed && !committed_membership().is_voter(self_)) {
      explain([&] { return id(self_) + " is no longer a voter in the committed configuration: steps down"; });
      mark(RaftMark::removed_leader_steps_down);
      become_follower(now);
      return;
    }
    append_waiting_changes(now);
  }
}

// A committed configuration reaches the followers within CommitTimeout, as hashicorp's
// replication carries the commit index, even when no entry follows it.
void RaftNode::tell_commit(Nanos now) {
  for (NodeIndex peer = 0; peer < peers_.size(); ++peer) {
    if (!replicates_to(peer)) continue;
    peers_[peer].commit_behind = true;
    if (!peers_[peer].append_in_flight) {
      arm_after(TimerKind::peer_replicate, peer, now, random_timeout(config_->commit_timeout));
    }
  }
}

std::optional<std::string> RaftNode::change_membership(const MembershipChange& change, Nanos now) {
  CLUSTERSIM_ASSERT(change.node < config_->members.size());
  if (role_ != RaftState::leader) return std::string("not the leader");
  if (transfer_in_progress()) return std::string("a leadership transfer is in progress");
  const Before was = before();
  changes_.push_back({change, 0});
  explain([&] { return id(self_) + " takes the change \"" + std::string(change_kind_name(change.kind)) + " " + id(change.node) + "\""; });
  append_waiting_changes(now);
  note_commit(now);
  after_input(was);
  return std::nullopt;
}

void RaftNode::append_waiting_changes(Nanos now) {
  while (role_ == RaftState::leader && !changes_.empty() && changes_.front().index == 0 && configuration_stable()) {
    if (transfer_in_progress()) {
      end_change(false, "a leadership transfer is in progress");
      continue;
    }
    append_change(changes_.front().change, now);
  }
}

void RaftNode::append_change(const MembershipChange& change, Nanos now) {
  NextMembership next = next_membership(membership_, change, id(change.node));
  if (!next.membership) {
    end_change(false, next.refusal);
    return;
  }
  const Membership before = membership_;
  durable_.log.append_configuration(durable_.current_term, std::move(*next.membership));
  changes_.front().index = durable_.log.last_index();
  explain([&] { return id(self_) + " appends the configuration \"" + std::string(change_kind_name(change.kind)) + " " +
                       id(change.node) + "\" at index " + std::to_string(durable_.log.last_index()); });
  refresh_membership();
  begin_replication(before, now);
  advance_commit();  // a lone voter commits at once
  for (NodeIndex peer = 0; peer < peers_.size(); ++peer) {
    if (replicates_to(peer)) replicate_to(peer, now);
  }
}

// hashicorp's startStopReplication: a new member is replicated to from now on (its first
// append carries the new entry and backs off to wherever its log ends); a removed one is sent
// the entry that removed it and then nothing more.
void RaftNode::begin_replication(const Membership& before, Nanos now) {
  const std::uint64_t last = durable_.log.last_index();
  for (NodeIndex peer = 0; peer < peers_.size(); ++peer) {
    if (peer == self_) continue;
    const bool was = before.is_member(peer), is = membership_.is_member(peer);
    if (is && !was) {
      Peer& progress = peers_[peer];
      cancel(TimerKind::peer_replicate, peer);
      progress = Peer{};
      progress.next_index = last;
      progress.contact = now;
      if (config_->timer_mode == TimerMode::hashicorp) {
        arm_after(TimerKind::peer_heartbeat, peer, now, random_timeout(config_->heartbeat_timeout / 10));
      }
    } else if (was && !is) {
      peers_[peer].retire_at = last;
      cancel(TimerKind::peer_heartbeat, peer);
    }
  }
}

void RaftNode::end_change(bool succeeded, std::string reason) {
  CLUSTERSIM_ASSERT(!changes_.empty());
  const PendingChange& pending = changes_.front();
  explain([&] { return id(self_) + ": the change \"" + std::string(change_kind_name(pending.change.kind)) + " " +
                       id(pending.change.node) + "\" " + (succeeded ? "is " : "fails: ") + reason; });
  effects_.request_ended(RequestEnded{RequestEnded::Kind::membership_change, pending.change, no_node, succeeded,
                                      pending.index, std::move(reason)});
  changes_.pop_front();
}

void RaftNode::end_requests() {
  if (transfer_in_progress()) {
    end_transfer(true, "this leader stepped down (hashicorp reports a transfer that ends so as done)");
  }
  while (!changes_.empty()) {
    if (changes_.front().index != 0) {
      end_change(false, "leadership was lost before it committed (the entry may still commit under the next leader)");
    } else {
      end_change(false, "not the leader");
    }
  }
}

}  // namespace clustersim::model
