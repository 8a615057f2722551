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
//   - Membership (membership.h) lives in the log: the latest configuration entry a node holds
//     is the one it acts on (who votes, the quorum, whom a leader replicates to), committed or
//     not. A leader appends one change at a time, only once the previous one and its own first
//     entry are committed; later ones wait. A leader that is no longer a voter in the committed
//     configuration steps down. Voters refuse candidates outside their configuration.
//   - Leadership transfer (Raft thesis 3.10): the leader stops taking writes and changes,
//     brings the target up to date, sends it TimeoutNow; the target campaigns at once without
//     a pre-vote, flagging its vote requests so that voters grant them although they know a
//     leader. A transfer that has not moved leadership within ElectionTimeout (of starting, or
//     of the target's acknowledgement) times out, and the leader carries on.
// In TimerMode::range the timers are classic Raft's instead: a follower's election timeout
// is uniform in [min, max] and reset by leader contact, heartbeats go to every peer at once
// every heartbeat_interval.
//
// Durable state (term, vote and the log, as hashicorp keeps them in its stable and log
// stores) survives a crash: the embedder keeps durable() and builds a new node from it.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/raft/coverage_marks.h"
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
  // The nodes of one cluster may share one configuration (a simulated cluster does: each node
  // copying n member ids made a large world quadratic to build); the other form copies it.
  RaftNode(std::shared_ptr<const RaftConfig> config, NodeIndex self, DurableState durable,
           RandomSource& random, Effects& effects);
  RaftNode(const RaftConfig& config, NodeIndex self, DurableState durable, RandomSource& random,
           Effects& effects);

  // Begins as a follower, as hashicorp does at start-up (no observation: it was never else).
  void start(Nanos now);
  void step(NodeIndex from, const Message& message, Nanos now);
  void on_timer(TimerKind kind, NodeIndex peer, Nanos now);
  // A client write: appended and replicated if this node leads (and no transfer is in
  // progress). Returns whether it was taken.
  bool client_write(Nanos now);

  // Operator requests to a leader, as hashicorp takes them: each is refused at once (the reason
  // is returned) or accepted, and an accepted one ends later with Effects::request_ended.
  // A membership change is refused while not leader or during a transfer; otherwise it is
  // appended when the configuration is stable, waiting for that in order (hashicorp's callers
  // block), and then refused if it no longer makes sense of the latest configuration.
  std::optional<std::string> change_membership(const MembershipChange& change, Nanos now);
  // Transfers leadership to `target`, or with no_node to the voter whose log is furthest
  // along. Refused while not leader, during another transfer, to itself or to a non-voter.
  std::optional<std::string> transfer_leadership(NodeIndex target, Nanos now);
  bool transfer_in_progress() const { return transfer_.target != no_node; }

  // The configuration in force (the latest in the log) and the committed one, with the index
  // of their entries (0: the bootstrap configuration).
  const Membership& membership() const { return membership_; }
  std::uint64_t membership_index() const { return membership_index_; }
  const Membership& committed_membership() const;
  std::uint64_t committed_membership_index() const { return committed_membership_index_; }

  RaftState role() const { return role_; }
  std::uint64_t term() const { return durable_.current_term; }
  NodeIndex leader() const { return leader_; }
  NodeIndex self() const { return self_; }
  std::uint64_t commit_index() const { return commit_index_; }
  const DurableState& durable() const { return durable_; }
  const RaftConfig& config() const { return *config_; }
  bool pre_vote_round() const { return pre_vote_round_; }  // candidate: the round is a pre-vote
  std::size_t votes_granted() const { return granted_count_; }  // candidate: this round, itself included

  // Attaches a log of the reasons for each decision (null: none, the default). Must outlive
  // the node.
  void set_decision_log(DecisionLog* log) { decisions_ = log; }
  // Attaches the counts of the situations this node reaches (null: none, the default). Must
  // outlive the node.
  void set_marks(RaftMarks* marks) { marks_ = marks; }

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
  bool is_voter(NodeIndex node) const { return membership_.is_voter(node); }
  // A leader replicates to every member of its configuration and, until it has the entry that
  // removed it, to a removed one (hashicorp: "replicate up to lastIdx and stop").
  bool replicates_to(NodeIndex peer) const {
    return peer != self_ && (membership_.is_member(peer) || peers_[peer].retire_at != 0);
  }
  const std::string& id(NodeIndex node) const { return config_->members[node].id; }
  // Tells the decision log why, if one is attached; `why` builds the text only then.
  template <typename Why>
  void explain(Why&& why) {
    if (decisions_ != nullptr) [[unlikely]] decisions_->decided(self_, why());
  }
  void mark(RaftMark situation) {
    if (marks_ != nullptr) [[unlikely]] marks_->add(situation);
  }
  std::size_t quorum() const { return membership_.quorum(); }

  // reconfiguration.cpp: configurations in force and committed, membership changes
  void refresh_membership();  // the latest configuration in the log is now in force
  void note_commit(Nanos now);  // after every input: what the commit index's advance commits
  void append_change(const MembershipChange& change, Nanos now);
  void append_waiting_changes(Nanos now);
  void tell_commit(Nanos now);  // leader: a configuration committed; followers are told soon
  bool configuration_stable() const;
  void begin_replication(const Membership& before, Nanos now);  // leader: to members new and gone
  void end_requests();  // leaving leadership: how each request in hand ends
  void end_change(bool succeeded, std::string reason);  // the first of changes_
  // transfer.cpp: leadership transfer
  void end_transfer(bool succeeded, std::string reason);
  void continue_transfer(Nanos now);  // send TimeoutNow once the target is up to date
  void handle_timeout_now(NodeIndex from, Nanos now);
  void handle_timeout_now_response(NodeIndex from, const Message& message, Nanos now);
  void on_transfer_timer(Nanos now);
  const Membership& membership_at(std::uint64_t index) const;  // of the entry at `index`, 0: bootstrap

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
  void start_election(Nanos now, bool leadership_transfer = false);
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
    std::uint64_t retire_at = 0;  // leader: a removed peer, replicated to up to this index
    // Leader: a configuration entry committed since the last append to it. hashicorp's
    // replication sends the commit index every CommitTimeout; here only a configuration's
    // commit is sent on its own (the one a follower acts on), in an append without entries.
    bool commit_behind = false;
  };

  // Fields in the order an input reads them: what a follower's heartbeat touches fills the
  // first cache line (the embedder may align the node), the pointer to the configuration
  // follows, and what only a candidate or a leader uses comes last. Most nodes of a large
  // cluster are cold in the cache when a heartbeat reaches them.
  Effects& effects_;
  NodeIndex self_;
  RaftState role_ = RaftState::follower;  // volatile state (lost in a crash) from here...
  std::uint8_t armed_role_timers_ = 0;    // bit per TimerKind: follower, election, lease
  NodeIndex leader_ = no_node;
  Nanos last_contact_{0};  // last valid contact from a leader (or a vote granted)
  DurableState durable_;   // its term and log end the first line
  std::vector<Peer> peers_;  // one per member
  std::uint64_t commit_index_ = 0;
  std::uint64_t commit_noted_ = 0;  // the commit index note_commit last saw: read with it on every input
  DecisionLog* decisions_ = nullptr;
  RaftMarks* marks_ = nullptr;
  const std::shared_ptr<const RaftConfig> config_;  // the one place every timing and option is read from
  // The configuration in force (the latest in the log) and the committed one's index.
  Membership membership_;
  std::uint64_t membership_index_ = 0;
  std::uint64_t committed_membership_index_ = 0;
  const Membership bootstrap_;  // the configuration at index 0
  RandomSource& random_;
  // Candidate: the round in progress.
  bool pre_vote_round_ = false;
  bool transfer_election_ = false;  // the next round is a transfer's election (TimeoutNow)
  std::size_t granted_count_ = 0;
  std::vector<std::uint64_t> commit_scratch_;  // advance_commit's sort space, reused
  // replicate_to's entry terms, lent to each append it sends and taken back: an append is
  // the message a leader sends most, and a list of its own was an allocation each time.
  std::vector<std::uint64_t> entry_terms_scratch_;
  // Leader: requests in hand.
  std::uint64_t term_start_index_ = 0;  // its first entry in this term (the no-op)
  struct PendingChange {
    MembershipChange change;
    std::uint64_t index = 0;  // appended at: 0 while waiting
  };
  std::deque<PendingChange> changes_;  // the appended one (if any) first, then those waiting
  struct Transfer {
    NodeIndex target = no_node;
    bool timeout_now_sent = false;
  };
  Transfer transfer_;
};

}  // namespace clustersim::model
