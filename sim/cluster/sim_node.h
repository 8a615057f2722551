// SimNode: one simulated controller. It wires an election model (model::RaftNode) to the
// kernel's timers and the simulated network, and gives it a process lifecycle: crash
// (volatile state lost; term, vote and log kept), restart, pause and resume.
//
// Everything the model asks for is carried out here (SimNode is its Effects): sends go to the
// Transport and timer commands become kernel timers as the model decides them; its
// observations, and then any change of role, term or leader, go to the NodeListener (the
// cluster's ground truth and, through it, the trackers) once the model's input is done.
// A paused node fires no timers and receives nothing: its due timers fire, in order, when it
// resumes, as a stopped process's would; messages wait in the network. Its NodeTiming makes
// its timers fire late, its inputs and writes take time, its clock run at its own rate (the
// model is told the node's monotonic clock, never true time) and its process stall, as a real
// server's do; a node whose boot is later than zero is down until then.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/raft/raft_node.h"
#include "sim/core/kernel.h"
#include "sim/cluster/node_clock.h"
#include "sim/cluster/node_timing.h"
#include "sim/core/random.h"
#include "sim/net/network.h"
#include "sim/net/transport.h"

namespace clustersim::sim {

using model::NodeIndex;

class NodeListener {
 public:
  virtual ~NodeListener() = default;
  virtual void on_observation(NodeIndex node, const model::Observation& observation) = 0;
  // An observation its raft raised that its tracker will never be given (see ObserverChannel).
  virtual void on_observation_lost(NodeIndex, const model::Observation&) {}
  // After an input that changed the node's role, term or leader: their values now.
  virtual void on_state(NodeIndex node, model::RaftState role, std::uint64_t term,
                        NodeIndex leader) = 0;
  virtual void on_crash(NodeIndex node) = 0;
  virtual void on_restart(NodeIndex node) = 0;  // before the restarted model starts
  // As the cluster starts: the node boots later (NodeTiming::boot_at) and is down until then;
  // its boot is told as a restart.
  virtual void on_held_down(NodeIndex node) = 0;
  virtual void on_pause(NodeIndex node) = 0;
  virtual void on_resume(NodeIndex node) = 0;  // before the timers that fell due fire
  // Event generation starts late (SimCluster's start-up ordering): the controller announces
  // from raft's view now, `snapshot` its leader (nothing when raft knows none), and then takes
  // the observations that waited. Without a delay this is never called: event generation
  // starts with the process.
  virtual void on_generation_start(NodeIndex, const std::optional<model::Observation>&) {}
  // A configuration entry became committed at the node (where OpenZiti's FSM emits
  // members.changed). A restarted node commits its log again, so a node tells an entry again;
  // SimCluster tells its listeners only what the node's state machine stores: each index once,
  // newer than the last, across restarts.
  virtual void on_configuration_committed(NodeIndex, const model::ConfigurationEntry&) {}
  // An operator's request to the node (SimNode::change_membership, transfer_leadership) ended.
  virtual void on_request_ended(NodeIndex, const model::RequestEnded&) {}
};

class SimNode final : private model::Effects {
 public:
  // `config`'s problem() the caller has checked; the cluster's nodes share it.
  SimNode(Kernel& kernel, Network& network, Transport<model::Message>& transport,
          std::shared_ptr<const model::RaftConfig> config, NodeIndex self, std::uint64_t seed,
          NodeListener& listener, const NodeTiming& timing = {});
  SimNode(const SimNode&) = delete;
  SimNode& operator=(const SimNode&) = delete;

  // Starts the model now, or, if the node boots later, holds it down (as crashed, silently:
  // nothing has run yet) until its boot, when it starts as a restarted node does.
  void start();
  void deliver(NodeIndex from, const model::Message& message);
  bool client_write();  // false unless this node is up and leads
  // An operator's request, taken by the model as it is (model::RaftNode): the refusal, or
  // nothing when it was accepted (its end comes through NodeListener::on_request_ended).
  std::optional<std::string> change_membership(const model::MembershipChange& change);
  std::optional<std::string> transfer_leadership(NodeIndex target);

  void crash();
  void restart();
  void pause();
  void resume();
  // Raft's own loop blocked (a full blocking observer channel, see SimCluster): it handles
  // nothing, as a paused process, until unblocked; its listeners are not told, since the rest
  // of the process runs on.
  void block();
  void unblock();

  NodeState state() const { return network_.node_state(self_); }
  // The running model; precondition: not crashed.
  const model::RaftNode& raft() const;
  const model::DurableState& durable() const;
  const NodeClock& clock() const { return clock_; }
  Time boot_at() const { return boot_at_; }

  // A full trace: `log` hears the election model's every decision (kept across restarts);
  // `timers`, if set, hears every timer armed (fired false, `at` when it is due) and fired.
  using TimerTracer = std::function<void(NodeIndex node, model::TimerKind kind, NodeIndex peer, bool fired, Time at)>;
  void set_tracing(model::DecisionLog* log, TimerTracer timers);
  // The situations this node's raft reached over the run, every process it ran (coverage_marks.h).
  const model::RaftMarks& marks() const { return marks_; }

 private:
  // Adapts a named random stream to the model's RandomSource.
  class StreamRandom final : public model::RandomSource {
   public:
    explicit StreamRandom(Random random) : random_(random) {}
    std::chrono::nanoseconds uniform(std::chrono::nanoseconds low,
                                     std::chrono::nanoseconds high) override;

   private:
    Random random_;
  };

  // model::Effects
  void send(NodeIndex to, const model::Message& message) override;
  void timer(const model::TimerCommand& command) override;
  void observe(const model::Observation& observation) override;
  void configuration_committed(const model::ConfigurationEntry& entry) override;
  void request_ended(const model::RequestEnded& ended) override;

  std::size_t timer_slot(model::TimerKind kind, NodeIndex peer) const;
  // Schedules the timer's firing in its slot (inlined: every heartbeat re-arms one).
  [[gnu::always_inline]] inline void arm(model::TimerKind kind, NodeIndex peer, Time at);
  void fire(model::TimerKind kind, NodeIndex peer);
  void report();  // after each input to the model: its observations, then any change of state
  void catch_up();  // after a pause or a block: what fell due meanwhile
  void begin();   // the model starts now
  // The node's monotonic clock: what the model is told. An input asks it several times in one
  // instant (its step, each timer it arms): the reading is kept for the instant.
  std::chrono::nanoseconds now() const {
    if (kernel_.now() != clock_read_at_) {
      clock_read_at_ = kernel_.now();
      clock_reading_ = clock_.local(clock_read_at_);
    }
    return clock_reading_;
  }

  struct DueTimer {
    model::TimerKind kind;
    NodeIndex peer;
  };
  struct ReportedState {
    std::uint64_t term = 0;
    NodeIndex leader = model::no_node;
    model::RaftState role = model::RaftState::shutdown;  // nothing reported yet
    friend bool operator==(const ReportedState&, const ReportedState&) = default;
  };

  // What every delivery and timer touches comes first, and the model starts on a cache line
  // of its own, whose first line holds the model's hot fields (see RaftNode's fields).
  Kernel& kernel_;
  Transport<model::Message>& transport_;
  model::DecisionLog* decisions_ = nullptr;
  model::RaftMarks marks_;
  TimerTracer timer_tracer_;
  Network& network_;
  NodeIndex self_;
  std::uint8_t observation_count_ = 0;  // in observations_, during one input
  bool rare_effects_ = false;  // committed_ or ended_ holds something to tell (see below)
  ReportedState last_reported_;  // what on_state last told the listener
  alignas(64) std::optional<model::RaftNode> raft_;  // empty while crashed
  // The model's observations during one input, told to the listener when the input is done.
  // One input observes at most four things (a lone voter that knew a leader: the leader
  // cleared, RaftState(Candidate), RaftState(Leader), itself as leader); the room is asserted,
  // never grown.
  std::array<model::Observation, 4> observations_;
  NodeListener& listener_;
  std::vector<TimerId> timers_;  // per (kind, peer)
  const std::shared_ptr<const model::RaftConfig> config_;  // the cluster's: one copy, not n
  StreamRandom random_;
  model::DurableState saved_;  // what survives a crash
  std::vector<DueTimer> due_while_paused_;
  NodeTiming timing_;
  Random timing_random_;  // draws of timing_ only: an ideal node leaves it untouched
  // Decided once: every delivery and timer asks.
  const bool ideal_timing_;
  const bool busy_free_;
  // Drawn once from "clock/<id>".
  NodeClock clock_;
  Time boot_at_ = time_zero;
  mutable Time clock_read_at_ = time_zero;  // now()'s reading, and the instant it is of
  mutable Duration clock_reading_{0};

  // A busy server (NodeTiming::processing, storage_write); unused while both are zero.
  struct Fingerprint {  // enough of the durable state to see that it changed
    std::uint64_t term, voted_term, last_index, last_term;
    NodeIndex voted_for;
    friend bool operator==(const Fingerprint&, const Fingerprint&) = default;
  };
  struct WaitingMessage {
    NodeIndex from;
    model::Message message;
  };
  Fingerprint fingerprint() const;
  // Out of line, so that an ideal node's delivery and firing stay as small as they were.
  [[gnu::noinline]] void deliver_to_busy_server(NodeIndex from, const model::Message& message);
  [[gnu::noinline]] void fire_on_busy_server(model::TimerKind kind, NodeIndex peer);
  // Handling an input (or stalled), or done with one whose sends have not left yet.
  bool busy() const { return busy_until_ > kernel_.now() || kernel_.pending(free_at_); }
  void schedule_free();  // free() at busy_until_
  // Runs one input as a real server does: its sends depart when it is done (those that await
  // a storage write wait in the outbox until then), the timers it arms start then.
  template <typename Input>
  void handle_busily(Input&& input);
  void free();  // the input is done: the outbox leaves, the next waiting message is handled
  // Stop-the-world stalls (NodeTiming::stall_every): each keeps the server busy for its length.
  void schedule_stall(Time from);  // the next stall, a Poisson gap after `from`
  void stall();

  struct ArmedTimer {
    model::TimerKind kind;
    NodeIndex peer;
    Time at;
  };
  std::vector<ArmedTimer> armed_in_input_;  // timers the input being handled armed
  // Arrived while busy, in order, from waiting_head_ on. A vector emptied only when all are
  // handled, so that a busy server's queue, once warm, allocates nothing (a deque would).
  std::vector<WaitingMessage> waiting_;
  std::size_t waiting_head_ = 0;
  std::vector<std::pair<NodeIndex, model::Message>> outbox_;  // replies that await a storage write
  bool collecting_ = false;  // an input is being handled: its sends depart when it is done
  bool free_missed_ = false;  // the input ended while paused: its outbox leaves on resume
  Time busy_until_ = time_zero;
  Duration input_cost_{0};  // the processing of the input being handled
  Fingerprint input_began_with_{};  // the durable state as it began
  TimerId free_at_;
  Random stall_random_;  // draws of stall spacing and length only
  TimerId next_stall_;

  // Rarer effects of one input, told after its observations: configurations it committed,
  // requests that ended. Emptied by each report; they keep their capacity. Out of the way of
  // what every input touches.
  std::vector<model::ConfigurationEntry> committed_;
  std::vector<model::RequestEnded> ended_;
};

}  // namespace clustersim::sim
