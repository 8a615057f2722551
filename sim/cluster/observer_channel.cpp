#include "sim/cluster/observer_channel.h"

namespace clustersim::sim {
namespace {

bool is_probability(double p) { return p >= 0 && p <= 1; }

bool is_clear(const model::Observation& o) {
  return o.kind == model::Observation::Kind::leader && o.leader == model::no_node;
}

}  // namespace

std::optional<std::string> ObserverFaults::problem() const {
  const std::pair<const char*, double> probabilities[] = {{"drop", drop},
                                                          {"duplicate", duplicate},
                                                          {"skip_clear", skip_clear},
                                                          {"stale", stale},
                                                          {"wakeup_early", wakeup_early},
                                                          {"wakeup_repeat", wakeup_repeat}};
  for (const auto& [name, p] : probabilities) {
    if (!is_probability(p)) return std::string(name) + ": a probability is between 0 and 1";
  }
  const std::pair<const char*, Duration> delays[] = {{"drain_every", drain_every}, {"wakeup_late", wakeup_late}};
  for (const auto& [name, d] : delays) {
    if (d < Duration{0} || d > observer_delay_max) return std::string(name) + ": must be between 0 and 1h";
  }
  return std::nullopt;
}

ObserverCounters& ObserverCounters::operator+=(const ObserverCounters& other) {
  dropped += other.dropped;
  skipped_clears += other.skipped_clears;
  duplicated += other.duplicated;
  stale += other.stale;
  delayed += other.delayed;
  return *this;
}

ObserverChannel::ObserverChannel(Kernel& kernel, Random random, Deliver deliver, Deliver lost)
    : kernel_(kernel), random_(random), deliver_(std::move(deliver)), lost_(std::move(lost)) {}

ObserverChannel::~ObserverChannel() { kernel_.cancel(drain_timer_); }

void ObserverChannel::offer(const model::Observation& observation) {
  // The common case costs one test: nothing is wrong and nothing waits.
  if (faults_.observations_clean() && waiting_.empty() && !holding_) {
    deliver_(observation);
    return;
  }
  const Time now = kernel_.now();
  // Each draw is taken whatever its probability, so changing one fault keeps the others' draws.
  const bool dropped = random_.bernoulli(faults_.drop);
  const bool skipped = random_.bernoulli(faults_.skip_clear) && is_clear(observation);
  const bool duplicated = random_.bernoulli(faults_.duplicate);
  const bool stale = random_.bernoulli(faults_.stale);
  if (dropped || skipped) {
    ++(dropped ? counters_.dropped : counters_.skipped_clears);
    lost_(observation);
    return;
  }
  enqueue(observation, now);
  if (duplicated) {
    ++counters_.duplicated;
    enqueue(observation, now);
  }
  if (observation.kind == model::Observation::Kind::leader && observation.leader != model::no_node) {
    if (stale && last_leader_ && last_leader_->term < observation.term) {
      ++counters_.stale;
      enqueue(*last_leader_, now);
    }
    last_leader_ = observation;
  }
  schedule_drain();
}

void ObserverChannel::enqueue(const model::Observation& observation, Time raised) {
  waiting_.push_back({observation, raised});
}

void ObserverChannel::set_faults(const ObserverFaults& faults) {
  faults_ = faults;
  // The consumer's pace may have changed: its next take follows the new one.
  kernel_.cancel(drain_timer_);
  drain_timer_ = TimerId{};
  schedule_drain();
}

void ObserverChannel::hold(std::size_t capacity, std::function<void()> full) {
  holding_ = true;
  capacity_ = capacity;
  full_ = std::move(full);
  full_told_ = false;
}

void ObserverChannel::release() {
  holding_ = false;
  full_ = nullptr;
  schedule_drain();
}

void ObserverChannel::schedule_drain() {
  if (holding_) {
    if (waiting_.size() > capacity_ && !full_told_) {
      full_told_ = true;
      full_();
    }
    return;
  }
  if (waiting_.empty() || kernel_.pending(drain_timer_)) return;
  if (faults_.drain_every == Duration{0}) {
    if (!paused_) drain();
    else drain_missed_ = true;
    return;
  }
  // The consumer's ticks fall on whole periods of virtual time: the next one after now.
  const auto period = faults_.drain_every.count();
  const auto since_zero = time_ns(kernel_.now());
  const Time tick = time_zero + Duration{(since_zero / period + 1) * period};
  drain_timer_ = kernel_.schedule_at(tick, [this] {
    drain_timer_ = TimerId{};
    if (paused_) {
      drain_missed_ = true;
    } else {
      drain();
    }
  });
}

void ObserverChannel::drain() {
  const Time now = kernel_.now();
  while (!waiting_.empty()) {
    const Waiting next = waiting_.front();
    waiting_.pop_front();
    if (next.raised < now) ++counters_.delayed;
    deliver_(next.observation);
  }
}

void ObserverChannel::resume() {
  paused_ = false;
  if (drain_missed_) {
    drain_missed_ = false;
    drain();
  }
}

void ObserverChannel::crash() {
  kernel_.cancel(drain_timer_);
  drain_timer_ = TimerId{};
  waiting_.clear();  // lost with the process
  last_leader_.reset();
  paused_ = false;
  drain_missed_ = false;
  holding_ = false;
  full_ = nullptr;
}

}  // namespace clustersim::sim
