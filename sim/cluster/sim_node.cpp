#include "sim/cluster/sim_node.h"

#include <cmath>

#include "model/assert.h"
#include "model/time_arithmetic.h"

namespace clustersim::sim {

std::chrono::nanoseconds SimNode::StreamRandom::uniform(std::chrono::nanoseconds low,
                                                        std::chrono::nanoseconds high) {
  CLUSTERSIM_ASSERT(low < high);
  return random_.uniform_duration(low, high - std::chrono::nanoseconds{1});
}

SimNode::SimNode(Kernel& kernel, Network& network, Transport<model::Message>& transport,
                 std::shared_ptr<const model::RaftConfig> config, NodeIndex self, std::uint64_t seed,
                 NodeListener& listener, const NodeTiming& timing)
    : kernel_(kernel),
      transport_(transport),
      network_(network),
      self_(self),
      listener_(listener),
      timers_(model::timer_kind_count * (config->members.size() + 1)),
      config_(config),  // copied, not moved: other fields read `config`, whatever their order
      random_(Random::for_stream(seed, "raft/" + config_->members[self].id)),
      timing_(timing),
      timing_random_(Random::for_stream(seed, "timing/" + config_->members[self].id)),
      ideal_timing_(timing.ideal()),
      busy_free_(timing.busy_free()),
      stall_random_(Random::for_stream(seed, "stall/" + config_->members[self].id)) {
  CLUSTERSIM_ASSERT(self_ < config_->members.size());
  CLUSTERSIM_ASSERT(!timing.problem());
  if (!busy_free_) {
    // Room for a round of every peer's messages and the answers to them, so that a steady
    // cluster's queues never grow (a stall can gather a few heartbeats and their answers).
    waiting_.reserve(4 * config_->members.size());
    outbox_.reserve(4 * config_->members.size());
    armed_in_input_.reserve(model::timer_kind_count * (config_->members.size() + 1));
  }
  // What a node is given once, as its machine is: a clock and a boot instant. A fixed value
  // draws nothing, so a stated clock leaves the stream as it was.
  Random once = Random::for_stream(seed, "clock/" + config_->members[self].id);
  const auto draw = [&once](Duration low, Duration high) { return low == high ? low : once.uniform_duration(low, high); };
  const Spread<double>& ppm = timing.clock_drift_ppm;
  const double drift_ppm = ppm.fixed() ? ppm.low : once.uniform_real(ppm.low, ppm.high);
  clock_ = NodeClock(std::llround(drift_ppm * 1000.0), draw(timing.clock_offset.low, timing.clock_offset.high));
  boot_at_ = time_zero + draw(timing.boot_at.low, timing.boot_at.high);
}

void SimNode::start() {
  if (boot_at_ <= kernel_.now()) {
    begin();
    return;
  }
  network_.crash(self_);  // down: messages to it are lost until it boots
  listener_.on_held_down(self_);
  kernel_.schedule_at(boot_at_, [this] {
    kernel_.attribute(self_);
    if (!raft_.has_value() && state() == NodeState::crashed) restart();  // unless a restart booted it already
  });
}

void SimNode::begin() {
  CLUSTERSIM_ASSERT(observation_count_ == 0);  // emptied after every input
  raft_.emplace(config_, self_, saved_, random_, static_cast<model::Effects&>(*this));
  raft_->set_decision_log(decisions_);
  raft_->set_marks(&marks_);
  raft_->start(now());
  report();
  schedule_stall(kernel_.now());
}

void SimNode::schedule_stall(Time from) {
  if (timing_.stall_every == Duration{0}) return;
  const double mean = static_cast<double>(timing_.stall_every.count());
  const Duration gap{static_cast<std::int64_t>(stall_random_.exponential(mean))};
  next_stall_ = kernel_.schedule_at(later(from, gap), [this] { stall(); });
}

void SimNode::stall() {
  kernel_.attribute(self_);
  next_stall_ = TimerId{};
  const Duration length = timing_.stall_length.sample(stall_random_);
  // A stopped process collects no garbage; a running one stops whatever it was doing.
  if (state() != NodeState::up) {
    schedule_stall(kernel_.now());
    return;
  }
  busy_until_ = later(busy() ? busy_until_ : kernel_.now(), length);
  if (kernel_.pending(free_at_)) {  // what waits for the end of the input waits for this too
    kernel_.cancel(free_at_);
    schedule_free();
  }
  // The next one is drawn from the end of this one: a collector runs again once the program
  // has run and allocated, so stalls never pile onto each other (a pile would stop a node
  // for as long as chance likes, longer than any lease).
  schedule_stall(busy_until_);
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
  if (busy_free_) {
    raft_->step(from, message, now());
    report();
  } else {
    deliver_to_busy_server(from, message);
  }
}

void SimNode::deliver_to_busy_server(NodeIndex from, const model::Message& message) {
  if (busy()) {
    waiting_.push_back(WaitingMessage{from, message});
    if (!kernel_.pending(free_at_)) schedule_free();
  } else {
    handle_busily([&] { raft_->step(from, message, now()); });
  }
}

SimNode::Fingerprint SimNode::fingerprint() const {
  const model::DurableState& d = raft_->durable();
  return Fingerprint{d.current_term, d.voted_term, d.log.last_index(), d.log.last_term(), d.voted_for};
}

template <typename Input>
void SimNode::handle_busily(Input&& input) {
  input_began_with_ = fingerprint();
  // The processing is drawn first, so that the timers the input arms start when it is done
  // as they are armed; only a storage write, known after the input, moves them again.
  input_cost_ = timing_.processing.sample(timing_random_);
  collecting_ = true;
  input();
  collecting_ = false;
  report();
  Duration cost = input_cost_;
  // hashicorp persists before it answers: one write for whatever the input made durable.
  if (!(fingerprint() == input_began_with_)) {
    const Duration write = timing_.storage_write.sample(timing_random_);
    cost = model::saturating_add(cost, write);
    // A timer the input armed starts once the write is done, as hashicorp arms a candidate's
    // election timer after it has persisted its vote: a write that varies moves the next
    // round's timers apart.
    for (const ArmedTimer& armed : armed_in_input_) {
      TimerId& id = timers_[timer_slot(armed.kind, armed.peer)];
      if (!kernel_.pending(id)) continue;  // cancelled again within the input
      kernel_.cancel(id);
      arm(armed.kind, armed.peer, later(armed.at, write));
    }
  }
  armed_in_input_.clear();
  busy_until_ = later(kernel_.now(), cost);
  // The end of the input is an event only if something waits for it: sends that awaited a
  // write, or messages that arrived while the server was busy.
  if (!outbox_.empty() || waiting_head_ < waiting_.size()) schedule_free();
}

void SimNode::schedule_free() { free_at_ = kernel_.schedule_at(busy_until_, [this] { free(); }); }

void SimNode::free() {
  kernel_.attribute(self_);
  free_at_ = TimerId{};
  if (state() == NodeState::paused) {
    free_missed_ = true;  // a stopped process sends nothing until it runs again
    return;
  }
  for (const auto& [to, message] : outbox_) transport_.send(self_, to, message);
  outbox_.clear();
  if (waiting_head_ == waiting_.size()) return;
  const WaitingMessage next = std::move(waiting_[waiting_head_++]);
  if (waiting_head_ == waiting_.size()) {
    waiting_.clear();
    waiting_head_ = 0;
  }
  handle_busily([&] { raft_->step(next.from, next.message, now()); });
}

bool SimNode::client_write() {
  if (!raft_.has_value() || state() != NodeState::up) return false;
  const bool leads = raft_->client_write(now());
  report();
  return leads;
}

std::optional<std::string> SimNode::change_membership(const model::MembershipChange& change) {
  if (!raft_.has_value() || state() != NodeState::up) return std::string("not running");
  auto refusal = raft_->change_membership(change, now());
  report();
  return refusal;
}

std::optional<std::string> SimNode::transfer_leadership(NodeIndex target) {
  if (!raft_.has_value() || state() != NodeState::up) return std::string("not running");
  auto refusal = raft_->transfer_leadership(target, now());
  report();
  return refusal;
}

std::size_t SimNode::timer_slot(model::TimerKind kind, NodeIndex peer) const {
  const std::size_t peers = config_->members.size() + 1;  // the last column: no peer
  const std::size_t column = peer == model::no_node ? config_->members.size() : peer;
  return static_cast<std::size_t>(kind) * peers + column;
}

inline void SimNode::arm(model::TimerKind kind, NodeIndex peer, Time at) {
  timers_[timer_slot(kind, peer)] = kernel_.schedule_at(at, [this, kind, peer] {
    timers_[timer_slot(kind, peer)] = TimerId{};
    fire(kind, peer);
  });
}

void SimNode::set_tracing(model::DecisionLog* log, TimerTracer timers) {
  decisions_ = log;
  timer_tracer_ = std::move(timers);
  if (raft_.has_value()) raft_->set_decision_log(log);
}

void SimNode::fire(model::TimerKind kind, NodeIndex peer) {
  kernel_.attribute(self_);
  if (timer_tracer_) timer_tracer_(self_, kind, peer, true, kernel_.now());
  if (state() == NodeState::paused) {
    due_while_paused_.push_back(DueTimer{kind, peer});
    return;
  }
  CLUSTERSIM_ASSERT(state() != NodeState::crashed);  // a crash cancels every timer
  if (busy_free_) {
    raft_->on_timer(kind, peer, now());
    report();
  } else {
    fire_on_busy_server(kind, peer);
  }
}

void SimNode::fire_on_busy_server(model::TimerKind kind, NodeIndex peer) {
  if (busy()) {
    arm(kind, peer, busy_until_);  // due while the server is busy: fires when it is free
  } else {
    handle_busily([&] { raft_->on_timer(kind, peer, now()); });
  }
}

void SimNode::send(NodeIndex to, const model::Message& message) {
  if (collecting_) {
    // A reply leaves when its input is done: at once, scheduled to depart then, unless the
    // input changed what must be persisted, whose write (drawn after the input) it awaits.
    if (fingerprint() == input_began_with_) {
      transport_.send(self_, to, message, input_cost_);
    } else {
      outbox_.emplace_back(to, message);
    }
    return;
  }
  // The network delivers later: nothing re-enters.
  transport_.send(self_, to, message);
}

void SimNode::timer(const model::TimerCommand& command) {
  TimerId& id = timers_[timer_slot(command.kind, command.peer)];
  kernel_.cancel(id);
  id = TimerId{};
  if (command.arm) {
    // command.at is on the node's clock; the span until it, in true time (NodeClock).
    Time at = clock_.drift_ppb() == 0 ? time_zero + command.at : later(kernel_.now(), clock_.true_span(command.at - now()));
    if (!ideal_timing_) at = later(at, timing_.timer_late.sample(timing_random_));
    if (collecting_) {  // armed by an input on a busy server: it starts when the input is done
      at = later(at, input_cost_);
      armed_in_input_.push_back({command.kind, command.peer, at});
    }
    arm(command.kind, command.peer, at);
    if (timer_tracer_) timer_tracer_(self_, command.kind, command.peer, false, at);
  }
}

// The listener may look at the node (and trackers emit events on what it hears), so it hears
// nothing while the model is between states: observations wait for the end of the input.
void SimNode::observe(const model::Observation& observation) {
  CLUSTERSIM_ASSERT(observation_count_ < observations_.size());
  observations_[observation_count_++] = observation;
}

void SimNode::configuration_committed(const model::ConfigurationEntry& entry) {
  committed_.push_back(entry);
  rare_effects_ = true;
}
void SimNode::request_ended(const model::RequestEnded& ended) {
  ended_.push_back(ended);
  rare_effects_ = true;
}

void SimNode::report() {
  for (std::uint8_t i = 0; i < observation_count_; ++i) listener_.on_observation(self_, observations_[i]);
  observation_count_ = 0;
  if (rare_effects_) [[unlikely]] {
    rare_effects_ = false;
    for (const model::ConfigurationEntry& entry : committed_) listener_.on_configuration_committed(self_, entry);
    for (const model::RequestEnded& ended : ended_) listener_.on_request_ended(self_, ended);
    committed_.clear();
    ended_.clear();
  }
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
  // What was being handled dies with the process: unsent replies, waiting messages.
  kernel_.cancel(free_at_);
  free_at_ = TimerId{};
  busy_until_ = kernel_.now();
  kernel_.cancel(next_stall_);
  next_stall_ = TimerId{};
  waiting_.clear();
  waiting_head_ = 0;
  outbox_.clear();
  free_missed_ = false;
  saved_ = raft_->durable();
  raft_.reset();
  // Listeners hear of it while the node still counts as up on the network: a dying process's
  // operating system resets its connections (the mesh sends those resets), then nothing more
  // leaves or arrives.
  listener_.on_crash(self_);
  network_.crash(self_);
}

void SimNode::restart() {
  CLUSTERSIM_ASSERT(!raft_.has_value());
  last_reported_ = ReportedState{};  // the crash was reported as a change of its own
  network_.restart(self_);
  listener_.on_restart(self_);
  begin();
}

void SimNode::pause() {
  network_.pause(self_);
  listener_.on_pause(self_);
}

void SimNode::resume() {
  network_.resume(self_);
  listener_.on_resume(self_);  // held messages are queued to arrive now, after the timers below
  catch_up();
}

void SimNode::block() { network_.pause(self_); }

void SimNode::unblock() {
  network_.resume(self_);
  catch_up();
}

void SimNode::catch_up() {
  if (free_missed_) {
    free_missed_ = false;
    free();
  }
  std::vector<DueTimer> due = std::move(due_while_paused_);
  due_while_paused_.clear();
  for (const DueTimer& timer : due) fire(timer.kind, timer.peer);
}

}  // namespace clustersim::sim
