// What every role shares: state and leader changes in hashicorp's order, terms, timers,
// and dispatch of inputs to the role that handles them.
#include "model/raft/raft_node.h"

#include "model/time_arithmetic.h"

#include <cstdio>

#include "model/assert.h"
#include "model/raft/invariants.h"

namespace clustersim::model {

std::string_view message_type_name(MessageType type) {
  switch (type) {
    case MessageType::append_entries: return "AppendEntries";
    case MessageType::append_entries_response: return "AppendEntriesResponse";
    case MessageType::request_vote: return "RequestVote";
    case MessageType::request_vote_response: return "RequestVoteResponse";
    case MessageType::request_pre_vote: return "RequestPreVote";
    case MessageType::request_pre_vote_response: return "RequestPreVoteResponse";
    case MessageType::timeout_now: return "TimeoutNow";
    case MessageType::timeout_now_response: return "TimeoutNowResponse";
  }
  return "Unknown";
}

RaftNode::RaftNode(const RaftConfig& config, NodeIndex self, DurableState durable,
                   RandomSource& random, Effects& effects)
    : RaftNode(std::make_shared<const RaftConfig>(config), self, std::move(durable), random, effects) {}

RaftNode::RaftNode(std::shared_ptr<const RaftConfig> config, NodeIndex self, DurableState durable,
                   RandomSource& random, Effects& effects)
    : effects_(effects),
      self_(self),
      durable_(std::move(durable)),
      peers_(config->members.size()),
      config_(config),  // copied, not moved: other fields read `config`, whatever their order
      bootstrap_(config_->bootstrap_membership(self)),
      random_(random) {
  // The rest of the precondition (the config has no problem()) is its builder's to check, once
  // for every node built of it: each node checking all n members made a world quadratic.
  CLUSTERSIM_ASSERT(self_ < config_->members.size());
  refresh_membership();
  // As hashicorp restores them from its log: the latest configuration entry is in force, the
  // one before it committed (a leader appends a change only once the previous one committed).
  const std::vector<ConfigurationEntry>& entries = durable_.log.configurations();
  committed_membership_index_ = entries.size() >= 2 ? entries[entries.size() - 2].index : 0;
}

void RaftNode::start(Nanos now) {
  CLUSTERSIM_ASSERT(role_ == RaftState::follower && armed_role_timers_ == 0);  // a fresh node
  const Before was = before();
  enter_follower(now);
  after_input(was);
}

void RaftNode::step(NodeIndex from, const Message& message, Nanos now) {
  CLUSTERSIM_ASSERT(from < peers_.size());  // one per member
  CLUSTERSIM_ASSERT(from != self_);
  const Before was = before();
  dispatch(from, message, now);
  note_commit(now);
  after_input(was);
}

void RaftNode::dispatch(NodeIndex from, const Message& message, Nanos now) {
  switch (message.type) {
    case MessageType::append_entries: return handle_append_entries(from, message, now);
    case MessageType::request_vote: return handle_request_vote(from, message, now);
    case MessageType::request_pre_vote: return handle_request_pre_vote(from, message);
    case MessageType::append_entries_response: return handle_append_response(from, message, now);
    case MessageType::request_vote_response: return handle_vote_response(from, message, now);
    case MessageType::request_pre_vote_response:
      return handle_pre_vote_response(from, message, now);
    case MessageType::timeout_now: return handle_timeout_now(from, now);
    case MessageType::timeout_now_response: return handle_timeout_now_response(from, message, now);
  }
}

void RaftNode::on_timer(TimerKind kind, NodeIndex peer, Nanos now) {
  CLUSTERSIM_ASSERT(peer == no_node || (peer < config_->members.size() && peer != self_));
  const Before was = before();
  armed_role_timers_ &= static_cast<std::uint8_t>(~timer_bit(kind));  // it fired: no longer armed
  fire_timer(kind, peer, now);
  note_commit(now);
  after_input(was);
}

bool RaftNode::client_write(Nanos now) {
  const Before was = before();
  const bool leads = append_client_entry(now);
  note_commit(now);
  after_input(was);
  return leads;
}

void RaftNode::after_input([[maybe_unused]] const Before& was) const {
#ifdef CLUSTERSIM_RAFT_INVARIANTS
  check(was);
#endif
}

void RaftNode::check(const Before& was) const {
  std::optional<std::string> problem = state_violation(*this);
  if (!problem) problem = transition_violation(was, *this);
  if (!problem) return;
  std::fprintf(stderr, "clustersim: raft invariant violated at %s (term %llu): %s\n", id(self_).c_str(),
               static_cast<unsigned long long>(durable_.current_term), problem->c_str());
  ::clustersim::detail::assertion_failed("raft invariant holds", __FILE__, __LINE__);
}

void RaftNode::fire_timer(TimerKind kind, NodeIndex peer, Nanos now) {
  switch (kind) {
    case TimerKind::follower:
      if (role_ == RaftState::follower) on_follower_timer(now);
      return;
    case TimerKind::election:
      if (role_ == RaftState::candidate) {
        if (!pre_vote_round_) mark(RaftMark::split_vote);
        start_round(now);  // "restarting election"
      }
      return;
    case TimerKind::lease:
      if (role_ == RaftState::leader) on_lease_timer(now);
      return;
    case TimerKind::peer_heartbeat:
      if (role_ == RaftState::leader) on_heartbeat_timer(peer, now);
      return;
    case TimerKind::peer_replicate:
      if (role_ == RaftState::leader && replicates_to(peer)) replicate_to(peer, now, /*retry=*/true);
      return;
    case TimerKind::transfer:
      if (role_ == RaftState::leader) on_transfer_timer(now);
      return;
  }
}

// hashicorp's setState: the leader is cleared first, whatever the change; a real change of
// role then ends the old role's timers and is observed.
void RaftNode::set_state(RaftState state) {
  CLUSTERSIM_ASSERT(state != RaftState::shutdown);  // a node that stops is destroyed, not set
  set_leader(no_node);
  if (state == role_) return;
  leave_role();
  role_ = state;
  observe_state();
}

void RaftNode::set_leader(NodeIndex leader) {
  CLUSTERSIM_ASSERT(leader == no_node || leader < peers_.size());
  CLUSTERSIM_ASSERT(leader != self_ || role_ == RaftState::leader);  // only a leader names itself
  if (leader == leader_) return;
  leader_ = leader;
  effects_.observe(Observation{Observation::Kind::leader, role_, leader_, durable_.current_term});
}

void RaftNode::observe_state() {
  effects_.observe(
      Observation{Observation::Kind::raft_state, role_, leader_, durable_.current_term});
}

void RaftNode::adopt_term(std::uint64_t term) {
  CLUSTERSIM_ASSERT(term >= durable_.current_term);  // terms never go back
  if (term > durable_.current_term) {
    explain([&] { return id(self_) + " moves from term " + std::to_string(durable_.current_term) + " to " + std::to_string(term); });
  }
  durable_.current_term = term;
}

void RaftNode::become_follower(Nanos now) {
  const bool was_follower = role_ == RaftState::follower;
  set_state(RaftState::follower);
  if (!was_follower) enter_follower(now);
}

void RaftNode::leave_role() {
  switch (role_) {
    case RaftState::follower:
      cancel(TimerKind::follower, no_node);
      break;
    case RaftState::candidate:
      cancel(TimerKind::election, no_node);
      break;
    case RaftState::leader:
      end_requests();
      cancel(TimerKind::lease, no_node);
      cancel(TimerKind::transfer, no_node);
      cancel(TimerKind::peer_heartbeat, no_node);
      for (NodeIndex peer = 0; peer < config_->members.size(); ++peer) {
        if (peer == self_) continue;
        cancel(TimerKind::peer_heartbeat, peer);
        cancel(TimerKind::peer_replicate, peer);
      }
      break;
    case RaftState::shutdown:
      break;
  }
}

void RaftNode::send(NodeIndex to, const Message& message) {
  CLUSTERSIM_ASSERT(to < peers_.size());
  CLUSTERSIM_ASSERT(to != self_);  // a node never messages itself
  CLUSTERSIM_ASSERT(message.term <= durable_.current_term + 1);  // a pre-vote asks for the next term, no further
  effects_.send(to, message);
}

void RaftNode::arm(TimerKind kind, NodeIndex peer, Nanos at) {
  CLUSTERSIM_ASSERT(peer == no_node || (peer < peers_.size() && peer != self_));
  CLUSTERSIM_ASSERT(at >= Nanos{0});
  if (peer == no_node) armed_role_timers_ |= timer_bit(kind);
  effects_.timer(TimerCommand{kind, peer, true, at});
}

void RaftNode::cancel(TimerKind kind, NodeIndex peer) {
  if (peer == no_node) armed_role_timers_ &= static_cast<std::uint8_t>(~timer_bit(kind));
  effects_.timer(TimerCommand{kind, peer, false, Nanos{0}});
}

RaftNode::Nanos RaftNode::random_timeout(Nanos base) { return random_.uniform(base, saturating_add(base, base)); }

void RaftNode::arm_after(TimerKind kind, NodeIndex peer, Nanos now, Nanos delay) {
  arm(kind, peer, saturating_add(now, delay));
}

RaftNode::Nanos RaftNode::election_timeout_draw() {
  if (config_->timer_mode == TimerMode::hashicorp) return random_timeout(config_->election_timeout);
  if (config_->election_timeout_min == config_->election_timeout_max) {
    return config_->election_timeout_min;
  }
  return random_.uniform(config_->election_timeout_min, config_->election_timeout_max + Nanos{1});
}

}  // namespace clustersim::model
