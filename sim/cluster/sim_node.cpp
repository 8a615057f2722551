#include "sim/cluster/sim_node.h"

#include "model/assert.h"

namespace clustersim::sim {

std::chrono::nanoseconds SimNode::StreamRandom::uniform(std::chrono::nanoseconds low,
                                                        std::chrono::nanoseconds high) {
  CLUSTERSIM_ASSERT(low < high);
  return random_.uniform_duration(low, high - std::chrono::nanoseconds{1});
}

SimNode::SimNode(Kernel& kernel, Network& network, Transport<model::Message>& transport,
                 const model::RaftConfig& config, NodeIndex self, std::uint64_t seed,
                 NodeListener& listener, const NodeTiming& timing)
    : kernel_(kernel),
      transport_(transport),
      network_(network),
      self_(self),
      listener_(listener),
      timers_(model::timer_kind_count * (config.members.size() + 1)),
      config_(config),
      random_(Random::for_stream(seed, "raft/" + config.members[self].id)),
      timing_(timing),
      timing_random_(Random::for_stream(seed, "timing/" + config.members[self].id)) {
  CLUSTERSIM_ASSERT(self_ < config_.members.size());
}

void SimNode::start() {
  CLUSTERSIM_ASSERT(observation_count_ == 0);  // emptied after every input
  raft_.emplace(config_, self_, saved_, random_, static_cast<model::Effects&>(*this));
  raft_->start(now());
  report();
}

const model::RaftNode& SimNode::raft() const {
  CLUSTERSIM_ASSERT(raft_.has_value());
  return *raft_;
}

const model::DurableState& SimNode::durable() const {
  return raft_.has_value() ? raft_->durable() : saved_;
}

void SimNode::deliver(NodeIndex from, const model::Message& message) {
  CLUSTERSIM_ASSERT(state() != NodeState::crashed);  // the network drops messages to them
  kernel_.attribute(self_);
  raft_->step(from, message, now());
  report();
}

bool SimNode::client_write() {
  if (!raft_.has_value() || state() != NodeState::up) return false;
  const bool leads = raft_->client_write(now());
  report();
  return leads;
}

std::size_t SimNode::timer_slot(model::TimerKind kind, NodeIndex peer) const {
  const std::size_t peers = config_.members.size() + 1;  // the last column: no peer
  const std::size_t column = peer == model::no_node ? config_.members.size() : peer;
  return static_cast<std::size_t>(kind) * peers + column;
}

void SimNode::fire(model::TimerKind kind, NodeIndex peer) {
  kernel_.attribute(self_);
  if (state() == NodeState::paused) {
    due_while_paused_.push_back(DueTimer{kind, peer});
    return;
  }
  CLUSTERSIM_ASSERT(state() != NodeState::crashed);  // a crash cancels every timer
  raft_->on_timer(kind, peer, now());
  report();
}

void SimNode::send(NodeIndex to, const model::Message& message) {
  // The network delivers later: nothing re-enters.
  transport_.send(self_, to, message);
}

void SimNode::timer(const model::TimerCommand& command) {
  TimerId& id = timers_[timer_slot(command.kind, command.peer)];
  kernel_.cancel(id);
  id = TimerId{};
  if (command.arm) {
    Time at = time_zero + command.at;
    if (!timing_.ideal()) at = later(at, timing_.timer_late.sample(timing_random_));
    id = kernel_.schedule_at(at, [this, kind = command.kind, peer = command.peer] {
      timers_[timer_slot(kind, peer)] = TimerId{};
      fire(kind, peer);
    });
  }
}

// The listener may look at the node (and trackers emit events on what it hears), so it hears
// nothing while the model is between states: observations wait for the end of the input.
void SimNode::observe(const model::Observation& observation) {
  CLUSTERSIM_ASSERT(observation_count_ < observations_.size());
  observations_[observation_count_++] = observation;
}

void SimNode::report() {
  for (std::uint8_t i = 0; i < observation_count_; ++i) listener_.on_observation(self_, observations_[i]);
  observation_count_ = 0;
  // Most inputs (a heartbeat, its answer) change none of these: the listener hears of a change.
  const ReportedState now_state{raft_->term(), raft_->leader(), raft_->role()};
  if (!(now_state == last_reported_)) {
    last_reported_ = now_state;
    listener_.on_state(self_, now_state.role, now_state.term, now_state.leader);
  }
}

void SimNode::crash() {
  CLUSTERSIM_ASSERT(raft_.has_value());
  for (TimerId& id : timers_) {
    kernel_.cancel(id);
    id = TimerId{};
  }
  due_while_paused_.clear();
  saved_ = raft_->durable();
  raft_.reset();
  network_.crash(self_);
  listener_.on_crash(self_);
}

void SimNode::restart() {
  CLUSTERSIM_ASSERT(!raft_.has_value());
  last_reported_ = ReportedState{};  // the crash was reported as a change of its own
  network_.restart(self_);
  listener_.on_restart(self_);
  start();
}

void SimNode::pause() {
  network_.pause(self_);
  listener_.on_pause(self_);
}

void SimNode::resume() {
  network_.resume(self_);
  listener_.on_resume(self_);  // held messages are queued to arrive now, after the timers below
  std::vector<DueTimer> due = std::move(due_while_paused_);
  due_while_paused_.clear();
  for (const DueTimer& timer : due) fire(timer.kind, timer.peer);
}

}  // namespace clustersim::sim
