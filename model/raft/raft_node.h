// RaftNode: hashicorp/raft's leader election as a pure state machine.
//
// Inputs: start(), step(from, message, now), on_timer(kind, peer, now) and client_write();
// outputs go to the embedder's Effects as they are decided: messages to send, timers to arm
// or cancel (absolute times in the node's clock), and observations in hashicorp's order. No
// threads, sockets, clocks or globals; randomness comes from the injected RandomSource.
//
// Behaviour follows hashicorp/raft (raft.go, replication.go, util.go), in the parts that
// shape who leads and when:
//   - random_timeout(x) is uniform in [x, 2x). A follower's timer fires every
//     random_timeout(HeartbeatTimeout); only when the last leader contact is older than
//     HeartbeatTimeout does it clear the leader and, if a voter, become candidate.
//   - A candidate runs a pre-vote round first (if enabled; it does not raise the term),
//     then an election; each round has an election timer of random_timeout(ElectionTimeout).
//   - A leader appends a no-op entry, heartbeats each peer every random_timeout(HB / 10),
//     and steps down when it has not heard from a quorum within LeaderLeaseTimeout.
//   - Votes: one per term; a node that knows a leader rejects votes and pre-votes (leader
//     stickiness); a voter rejects a candidate whose log is behind.
//   - Any state change clears the leader first: a winner observes RaftState(Leader) then
//     itself as leader; a leader stepping down observes "" then RaftState(Follower).
// In TimerMode::range the timers are classic Raft's instead: a follower's election timeout
// is uniform in [min, max] and reset by leader contact, heartbeats go to every peer at once
// every heartbeat_interval.
//
// Durable state (term, vote and the log, as hashicorp keeps them in its stable and log
// stores) survives a crash: the embedder keeps durable() and builds a new node from it.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "model/raft/decision_log.h"
#include "model/raft/effects.h"
#include "model/raft/raft_config.h"
#include "model/raft/raft_log.h"

namespace clustersim::model {

// What survives a crash, as hashicorp keeps it in its stable and log stores. The term and the
// log come first: every AppendEntries reads both.
struct DurableState {
  std::uint64_t current_term = 0;
  RaftLog log;
  NodeIndex voted_for = no_node;
  std::uint64_t voted_term = 0;  // the term of that vote
};

class RaftNode {
 public:
  using Nanos = std::chrono::nanoseconds;

  // Preconditions: !config.problem(members[self].id); `random` and `effects` outlive the node.
  RaftNode(const RaftConfig& config, NodeIndex self, DurableState durable, RandomSource& random,
           Effects& effects);

  // Begins as a follower, as hashicorp does at start-up (no observation: it was never else).
  void start(Nanos now);
  void step(NodeIndex from, const Message& message, Nanos now);
  void on_timer(TimerKind kind, NodeIndex peer, Nanos now);
  // A client write: appended and replicated if this node leads. Returns whether it leads.
  bool client_write(Nanos now);

  RaftState role() const { return role_; }
  std::uint64_t term() const { return durable_.current_term; }
  NodeIndex leader() const { return leader_; }
  NodeIndex self() const { return self_; }
  std::uint64_t commit_index() const { return commit_index_; }
  const DurableState& durable() const { return durable_; }
  const RaftConfig& config() const { return config_; }
  bool pre_vote_round() const { return pre_vote_round_; }  // candidate: the round is a pre-vote
  std::size_t votes_granted() const { return granted_count_; }  // candidate: this round, itself included

  // Attaches a log of the reasons for each decision (null: none, the default). Must outlive
  // the node.
  void set_decision_log(DecisionLog* log) { decisions_ = log; }

  // The timers of the node's own role that are armed now (per-peer timers excluded): a bit
  // per TimerKind, for the invariant checker.
  std::uint8_t armed_role_timers() const { return armed_role_timers_; }

  // What the transition invariants compare with (invariants.h): taken before an input.
  struct Before {
    std::uint64_t term;
    NodeIndex voted_for;
    std::uint64_t voted_term;
    std::uint64_t commit_index;
  };
  Before before() const { return {durable_.current_term, durable_.voted_for, durable_.voted_term, commit_index_}; }
  // Aborts, naming the node and the problem, if an invariant of invariants.h does not hold.
  // Every input runs it when built with CLUSTERSIM_RAFT_INVARIANTS.
  void check(const Before& was) const;

 private:
  // raft_node.cpp: shared by every role
  void dispatch(NodeIndex from, const Message& message, Nanos now);
  void fire_timer(TimerKind kind, NodeIndex peer, Nanos now);
  void after_input(const Before& was) const;
  static constexpr std::uint8_t timer_bit(TimerKind kind) {
    return static_cast<std::uint8_t>(1u << static_cast<unsigned>(kind));
  }
  void set_state(RaftState state);
  void set_leader(NodeIndex leader);
  void adopt_term(std::uint64_t term);
  void become_follower(Nanos now);
  void leave_role();
  void send(NodeIndex to, const Message& message);
  void arm(TimerKind kind, NodeIndex peer, Nanos at);
  // Arms at now + delay (saturating: model/time_arithmetic.h).
  void arm_after(TimerKind kind, NodeIndex peer, Nanos now, Nanos delay);
  void cancel(TimerKind kind, NodeIndex peer);
  void observe_state();
  Nanos random_timeout(Nanos base);
  Nanos election_timeout_draw();
  bool is_voter(NodeIndex node) const { return config_.members[node].voter; }
  const std::string& id(NodeIndex node) const { return config_.members[node].id; }
  // Tells the decision log why, if one is attached; `why` builds the text only then.
  template <typename Why>
  void explain(Why&& why) {
    if (decisions_ != nullptr) [[unlikely]] decisions_->decided(self_, why());
  }
  std::size_t quorum() const { return quorum_; }

  // follower.cpp
  void enter_follower(Nanos now);
  void on_follower_timer(Nanos now);
  void handle_append_entries(NodeIndex from, const Message& message, Nanos now);
  void handle_request_vote(NodeIndex from, const Message& message, Nanos now);
  void handle_request_pre_vote(NodeIndex from, const Message& message);
  void note_leader_contact(Nanos now);

  // candidate.cpp
  void enter_candidate(Nanos now);
  void start_round(Nanos now);
  void start_election(Nanos now);
  void handle_vote_response(NodeIndex from, const Message& message, Nanos now);
  void handle_pre_vote_response(NodeIndex from, const Message& message, Nanos now);
  void clear_grants();
  Message vote_request(MessageType type, std::uint64_t term) const;

  // leader.cpp
  void enter_leader(Nanos now);
  void on_heartbeat_timer(NodeIndex peer, Nanos now);
  void send_heartbeat(NodeIndex peer);
  // Sends the peer its missing entries unless an append to it is already in flight (one
  // outstanding AppendEntries per peer, as hashicorp's replication loop); `retry` resends.
  void replicate_to(NodeIndex peer, Nanos now, bool retry = false);
  void handle_append_response(NodeIndex from, const Message& message, Nanos now);
  void on_lease_timer(Nanos now);
  bool append_client_entry(Nanos now);
  void advance_commit();

  // What this node keeps per member (itself included).
  struct Peer {
    // Leader: replication progress and the last answer's time (for the lease).
    std::uint64_t next_index = 1;
    std::uint64_t match_index = 0;
    Nanos contact{0};
    bool append_in_flight = false;
    bool granted = false;  // candidate: granted its vote in the round in progress
  };

  // Fields in the order an input reads them: what a follower's heartbeat touches fills the
  // first cache line (the embedder may align the node), the configuration follows, and what
  // only a candidate or a leader uses comes last. Most nodes of a large cluster are cold in
  // the cache when a heartbeat reaches them.
  Effects& effects_;
  NodeIndex self_;
  RaftState role_ = RaftState::follower;  // volatile state (lost in a crash) from here...
  std::uint8_t armed_role_timers_ = 0;    // bit per TimerKind: follower, election, lease
  NodeIndex leader_ = no_node;
  Nanos last_contact_{0};  // last valid contact from a leader (or a vote granted)
  DurableState durable_;   // its term and log end the first line
  std::vector<Peer> peers_;  // one per member
  std::uint64_t commit_index_ = 0;
  DecisionLog* decisions_ = nullptr;
  const RaftConfig config_;  // the one place every timing, option and member is read from
  // Derived from config_ once: the votes that make a majority of its voters.
  const std::size_t quorum_;
  RandomSource& random_;
  // Candidate: the round in progress.
  bool pre_vote_round_ = false;
  std::size_t granted_count_ = 0;
  std::vector<std::uint64_t> commit_scratch_;  // advance_commit's sort space, reused
};

}  // namespace clustersim::model
