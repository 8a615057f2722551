#include "sim/swarm/world_spec.h"

#include <algorithm>
#include <numeric>
#include <optional>

#include "model/assert.h"
#include "sim/core/random.h"
#include "sim/swarm/world_options.h"

namespace clustersim::sim {
namespace {

using std::chrono::milliseconds;

int clamp(int value, int low, int high) { return std::max(low, std::min(high, value)); }
int positive_mod(int value, int modulus) { return ((value % modulus) + modulus) % modulus; }

// A world's server timing, from ideal (every number zero, as a shrunk world ends) up to
// machines worse than the realistic preset on every count.
void configure_timing(const WorldSpec& spec, int lease_ms, Scenario& s) {
  s.timing = NodeTiming{};
  // Up to 5 ms late: from an idle machine's scheduler latency to a loaded virtual machine's.
  if (const int late_us = clamp(spec.timer_late_us, 0, 5000); late_us > 0) {
    s.timing.timer_late = LatencyModel::uniform(Duration{0}, std::chrono::microseconds(late_us));
  }
  // Storage writes from an SSD's 0.5 ms to a disk's 20 ms (Raft paper 5.6), long-tailed; like
  // the network, at most a tenth of the lease, or no leader could keep its quorum.
  const int write_max_us = std::max(1, lease_ms * 100);
  if (const int write_us = clamp(spec.storage_write_us, 0, std::min(20000, write_max_us)); write_us > 0) {
    const auto median = std::chrono::microseconds(write_us);
    s.timing.storage_write = LatencyModel::lognormal(median, 0.5, 10 * median);
  }
  // Handling one message: tens of microseconds, up to half a millisecond on a busy host.
  if (const int processing_us = clamp(spec.processing_us, 0, 500); processing_us > 0) {
    s.timing.processing = LatencyModel::uniform(Duration{0}, std::chrono::microseconds(processing_us));
  }
  // Up to 200 ppm: a poor oscillator no NTP has corrected yet.
  const double drift = clamp(spec.clock_drift_ppm, 0, 200);
  s.timing.clock_drift_ppm = {-drift, drift};
  // Up to a second: a wall clock NTP has not reached yet, as an operator comparing two
  // controllers' logs sometimes sees.
  const auto offset = milliseconds(clamp(spec.clock_offset_ms, 0, 1000));
  s.timing.clock_offset = {-offset, offset};
  // Stalls of up to 20 ms median, every 100 ms to a minute; capped at 10 times the median and
  // at half the lease, for the reason writes are: a stall past the lease loses any leader.
  const int stall_max_us = std::max(1, lease_ms * 500);
  if (const int stall_us = clamp(spec.stall_us, 0, std::min(20000, stall_max_us / 10)); stall_us > 0 && spec.stall_every_ms > 0) {
    s.timing.stall_every = milliseconds(clamp(spec.stall_every_ms, 100, 60000));
    const auto median = std::chrono::microseconds(stall_us);
    s.timing.stall_length = LatencyModel::lognormal(median, 1.0, std::min(10 * median, std::chrono::microseconds(stall_max_us)));
  }
  // Boots up to 10 s apart: from one orchestrator command to an operator starting each by hand.
  s.timing.boot_at = {Duration{0}, milliseconds(clamp(spec.boot_spread_ms, 0, 10000))};
}

void configure_cluster(const WorldSpec& spec, Scenario& s) {
  const int nodes = clamp(spec.nodes, 3, 9);
  const int timing = positive_mod(spec.timing, 3);
  s.raft = timing == 1 ? model::RaftConfig::openziti_preset() : model::RaftConfig::hashicorp_defaults();
  if (timing == 2) {
    const auto heartbeat = milliseconds(clamp(spec.heartbeat_ms, 50, 5000));
    s.raft.heartbeat_timeout = heartbeat;
    s.raft.election_timeout = heartbeat;
    s.raft.leader_lease_timeout = heartbeat / 2;
  }
  const int non_voters = clamp(spec.non_voters, 0, std::min(2, nodes - 3));
  // Joining nodes come before the non-voters; at least three voters stay in the bootstrap.
  const int joining = clamp(spec.joining, 0, std::min(2, nodes - non_voters - 3));
  for (int i = 1; i <= nodes; ++i) {
    const model::Suffrage suffrage = i > nodes - non_voters             ? model::Suffrage::nonvoter
                                     : i > nodes - non_voters - joining ? model::Suffrage::none
                                                                        : model::Suffrage::voter;
    s.raft.members.push_back({"ctrl" + std::to_string(i), suffrage});
  }
  s.policy = positive_mod(spec.policy, 2) == 0 ? model::TrackerPolicy::stable : model::TrackerPolicy::openziti;
  s.stability_window = milliseconds(clamp(spec.window_ms, 0, 20000));
  // A leader must hear a quorum within its lease, so a world whose round trip rivals the lease
  // can never keep a leader, faults or not: its liveness failure would say nothing about the
  // tracker. The median one-way latency stays at most a tenth of the lease.
  const auto lease_ms = static_cast<int>(std::chrono::duration_cast<milliseconds>(s.raft.leader_lease_timeout).count());
  const int latency_ms = clamp(spec.latency_ms, 1, std::clamp(lease_ms / 10, 1, 50));
  s.network.latency = LatencyModel::lognormal(milliseconds(latency_ms), 0.5, milliseconds(latency_ms * 20));
  configure_timing(spec, lease_ms, s);
  const int mesh = positive_mod(spec.mesh, 3);
  s.mesh.enabled = mesh != 2;
  s.mesh.config.mode = mesh == 1 ? model::MeshMode::leader_only : model::MeshMode::full;
  s.mesh.version = "v2.1.0";
  for (int i = 0; i < clamp(spec.old_versions, 0, nodes - 1); ++i) s.mesh.node_versions[s.raft.members[static_cast<std::size_t>(i)].id] = "v2.0.0";
  s.dispatch_jitter = milliseconds(clamp(spec.dispatch_jitter_ms, 0, 50));
  s.event_generation_delay = {Duration{0}, milliseconds(clamp(spec.generation_delay_ms, 0, 30000))};
  if (spec.excluded_member >= 0 && spec.excluded_member < nodes) {
    for (int i = 0; i < nodes; ++i) {
      if (i != spec.excluded_member) s.tracker_members.push_back(s.raft.members[static_cast<std::size_t>(i)].id);
    }
  }
}

// Message loss is a fault like any other: it is set on every link at the start and, like
// every fault, ends when the liveness phase starts (stop_faults restores the defaults). Loss
// that went on would let leaders lose their lease at any instant, and no liveness bound could
// hold.
void add_lossy_links(const WorldSpec& spec, Scenario& s) {
  const double loss = clamp(spec.loss_percent, 0, 20) / 100.0;
  if (loss == 0) return;
  for (std::size_t a = 0; a < s.raft.members.size(); ++a) {
    for (std::size_t b = a + 1; b < s.raft.members.size(); ++b) {
      SetLink lossy{s.raft.members[a].id, s.raft.members[b].id, s.network};
      lossy.link.loss = loss;
      s.timeline.push_back(TimedAction{time_zero, lossy, "loss"});
    }
  }
}

// The families of faults on a tracker's inputs, in the order `other` and the input_faults
// mask name them: drop, duplicate, skip_clear, stale, drain_every, wakeup_late, and early
// with repeated wake-ups.
constexpr int input_fault_families = 7;

// Drain periods run from a busy consumer's 10 ms to a stalled one's 5 s, and a wake-up is at
// most 5 s late (a long garbage-collection pause or an overloaded host): within every raft
// timing a world has, so that faults reorder the tracker's inputs around elections.
void add_input_fault(ObserverFaults& faults, int family, int percent, int period_ms, int late_ms) {
  const double p = clamp(percent, 1, 100) / 100.0;
  switch (family) {
    case 0: faults.drop = p; break;
    case 1: faults.duplicate = p; break;
    case 2: faults.skip_clear = p; break;
    case 3: faults.stale = p; break;
    case 4: faults.drain_every = milliseconds(clamp(period_ms, 10, 5000)); break;
    case 5: faults.wakeup_late = milliseconds(clamp(late_ms, 1, 5000)); break;
    default:
      faults.wakeup_early = p;
      faults.wakeup_repeat = p;
      break;
  }
}

// Turns one fault spec into an action of its kind, or nothing when that fault is not possible
// then (the lifecycle and flap-overlap rules are the parser's own).
class FaultMaker {
 public:
  FaultMaker(Scenario& s, Time start, Duration phase)
      : s_(s), nodes_(static_cast<int>(s.raft.members.size())), phase_end_(start + phase), lifecycle_(s.node_ids()) {}

  std::optional<Action> make(const FaultSpec& f, Time at, const std::string& path) {
    const int node = clamp(f.node, 0, nodes_);  // == nodes: the leader
    const int other = clamp(f.other, 0, nodes_ - 1);
    const Time until = std::min(at + milliseconds(clamp(f.length_ms, 1, 60000)), phase_end_);
    switch (positive_mod(f.kind, fault_kinds)) {
      case 0: return Partition{{{id(other)}, {id((other + 1) % nodes_)}}};
      case 1: return PartitionOneWay{{id(node)}, {id(other)}};
      case 2: return Isolate{id(node)};
      case 3: return Heal{};
      case 4: {
        if (node >= nodes_ || node == other) return std::nullopt;
        FlapLink link{id(node), id(other), flap(f, at, until)};
        if (!accept_flap(link.target(), link.flap, path)) return std::nullopt;
        return link;
      }
      case 5: {
        FlapNode flapping{id(node), flap(f, at, until)};
        if (!accept_flap(flapping.target(), flapping.flap, path)) return std::nullopt;
        return flapping;
      }
      case 6:
      case 7: return node < nodes_ ? next_lifecycle_step(id(node), positive_mod(f.kind, fault_kinds) == 6) : std::nullopt;
      case 8: {
        if (node >= nodes_ || node == other) return std::nullopt;
        SetLink lossy{id(node), id(other), s_.network};
        lossy.link.loss = clamp(f.percent, 0, 100) / 100.0;
        return lossy;
      }
      case 9:
        if (until <= at) return std::nullopt;
        return Writes{static_cast<double>(clamp(f.percent, 1, 100)), until};
      case 10: {  // an upgrade of a named up node, back within the fault phase
        if (node >= nodes_ || until <= at || lifecycle_.state(id(node)) != NodeState::up) return std::nullopt;
        return take(Upgrade{id(node), "v2.1." + std::to_string(positive_mod(f.percent, 3)), until - at});
      }
      case 11: return membership_change(node, f.other);
      case 12: {  // to a named node that may be a voter then, or (the leader) to the one furthest along
        TransferLeadership transfer{node < nodes_ ? id(node) : std::string()};
        if (membership_.transfer_problem(transfer.to)) return std::nullopt;
        return transfer;
      }
      default: return input_fault(f, node);
    }
  }

  // An action of the template's timeline, run before the random faults: the rules learn what
  // it did (a node it crashed, a member it removed, a flap it runs), so that every random fault
  // made after it is still possible.
  void follow(const TimedAction& action) {
    if (const LifecycleStep* step = action.lifecycle()) lifecycle_.take(*action.lifecycle_node(), *step);
    std::string changed;
    if (const auto kind = membership_change_of(action, changed)) membership_.take(*kind, changed);
    if (const auto* link = action.get_if<FlapLink>()) overlap_.add(link->target(), link->flap, action.path);
    if (const auto* node = action.get_if<FlapNode>()) overlap_.add(node->target(), node->flap, action.path);
    if (const auto* observer = action.get_if<SetObserver>()) {
      if (observer->node == every_node_reference) {
        every_observer(observer->faults);
      } else {
        const auto& members = s_.raft.members;
        for (std::size_t i = 0; i < members.size(); ++i) {
          if (members[i].id == observer->node) observer_[i] = observer->faults;
        }
      }
    }
  }

  // Every node's inputs get `faults` (what replaces whatever they had).
  Action every_observer(const ObserverFaults& faults) {
    every_observer_ = faults;
    std::fill(observer_.begin(), observer_.end(), faults);
    return SetObserver{every_node_reference, faults};
  }

 private:
  std::string id(int index) const {
    return index >= nodes_ ? std::string(leader_reference) : s_.raft.members[static_cast<std::size_t>(index)].id;
  }

  static FlapSpec flap(const FaultSpec& f, Time at, Time until) {
    FlapSpec spec;
    spec.start = at;
    spec.end = until;
    spec.period = milliseconds(clamp(f.period_ms, 10, 20000));
    spec.down_fraction = clamp(f.percent, 10, 90) / 100.0;
    spec.jitter = spec.period / 20;
    return spec;
  }

  // One more fault on a node's tracker inputs (node == nodes: every node's), added to those it
  // has: `other` picks which, `percent` its probability, `period_ms` a drain period,
  // `length_ms` a wake-up's lateness. set_observer replaces a node's faults, so the maker
  // keeps what each node has and writes the sum.
  Action input_fault(const FaultSpec& f, int node) {
    const bool every = node >= nodes_;
    ObserverFaults faults = every ? every_observer_ : observer_[static_cast<std::size_t>(node)];
    add_input_fault(faults, positive_mod(f.other, input_fault_families), f.percent, f.period_ms, f.length_ms);
    if (every) return every_observer(faults);
    observer_[static_cast<std::size_t>(node)] = faults;
    return SetObserver{id(node), faults};
  }

  // A change of the node's membership that is possible then: `other` picks the first kind to
  // try (add as a voter, add as a non-voter, promote, demote, remove), the next possible one is
  // taken. The leader (node == nodes) can only be removed or demoted.
  std::optional<Action> membership_change(int node, int other) {
    using Kind = model::MembershipChange::Kind;
    // A world keeps three voters whatever was taken: with two, a leader that demotes itself and
    // dies before its entry spreads leaves a voter that needs the vote of a node that will
    // never give it (its longer log) and will never campaign (a non-voter), a deadlock
    // hashicorp shares and only an operator ends. That is raft's liveness, not the tracker's.
    const bool may_lose_a_voter = membership_.certain_voters() > 3;
    if (node >= nodes_) {
      if (!may_lose_a_voter) return std::nullopt;
      const bool remove = positive_mod(other, 2) == 0;
      membership_.take(remove ? Kind::remove : Kind::demote, leader_reference);
      if (remove) return RemoveMember{{leader_reference}};
      return Demote{{leader_reference}};
    }
    constexpr Kind kinds[] = {Kind::add_voter, Kind::add_nonvoter, Kind::promote, Kind::demote, Kind::remove};
    for (int i = 0; i < 5; ++i) {
      const Kind kind = kinds[positive_mod(other + i, 5)];
      if ((kind == Kind::demote || kind == Kind::remove) && !may_lose_a_voter) continue;
      if (membership_.take(kind, id(node))) continue;  // impossible now
      switch (kind) {
        case Kind::add_voter: return AddMember{{id(node)}, true};
        case Kind::add_nonvoter: return AddMember{{id(node)}, false};
        case Kind::promote: return Promote{{id(node)}};
        case Kind::demote: return Demote{{id(node)}};
        case Kind::remove: return RemoveMember{{id(node)}};
      }
    }
    return std::nullopt;
  }

  bool accept_flap(const std::string& target, const FlapSpec& spec, const std::string& path) {
    return !spec.problem() && !overlap_.add(target, spec, path);
  }

  // A named node's next lifecycle step: an up node crashes (or pauses), a crashed one
  // restarts and a paused one resumes, so that every fault of this family is possible.
  std::optional<Action> next_lifecycle_step(const std::string& node, bool crash) {
    switch (lifecycle_.state(node)) {
      case NodeState::up: return crash ? take(Crash{node}) : take(Pause{node});
      case NodeState::crashed: return take(Restart{node});
      case NodeState::paused: return take(Resume{node});
    }
    return std::nullopt;
  }

  template <typename Kind>
  Action take(Kind step) {
    const char* refusal = lifecycle_.take(step.node, Kind::lifecycle);
    CLUSTERSIM_ASSERT(refusal == nullptr);  // chosen by the node's state
    return step;
  }

  Scenario& s_;
  int nodes_;
  Time phase_end_;
  LifecycleRule lifecycle_;
  MembershipRule membership_{s_.raft};
  FlapOverlap overlap_;
  std::vector<ObserverFaults> observer_ = std::vector<ObserverFaults>(static_cast<std::size_t>(nodes_));
  ObserverFaults every_observer_;  // what the last set_observer of every node gave them
};

// Adds the faults that are possible, in time order, to a timeline that may already hold a
// prefix (the template's): first the input faults of every node for the whole fault phase, if
// any, then the timed ones, from `start` on.
void add_faults(const WorldSpec& spec, Scenario& s, Time start, Duration phase) {
  std::vector<FaultSpec> faults = spec.faults;
  std::stable_sort(faults.begin(), faults.end(), [](const FaultSpec& a, const FaultSpec& b) { return a.at_ms < b.at_ms; });
  FaultMaker maker(s, start, phase);
  for (const TimedAction& action : s.timeline) maker.follow(action);
  if (const int families = positive_mod(spec.input_faults, 1 << input_fault_families); families != 0) {
    ObserverFaults inputs;
    for (int family = 0; family < input_fault_families; ++family) {
      if ((families & (1 << family)) != 0) add_input_fault(inputs, family, spec.input_percent, spec.input_delay_ms, spec.input_delay_ms);
    }
    s.timeline.push_back(TimedAction{start, maker.every_observer(inputs), "input_faults"});
  }
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const Time at = start + milliseconds(clamp(faults[i].at_ms, 0, static_cast<int>(phase.count() / 1'000'000) - 1));
    const std::string path = "faults[" + std::to_string(i) + "]";
    if (std::optional<Action> action = maker.make(faults[i], at, path)) s.timeline.push_back(TimedAction{at, *action, path});
  }
}

// When the random faults may start after a template's timeline: after its last action and
// after every flap in it has ended, so that no random flap overlaps one of the template's.
Time end_of(const std::vector<TimedAction>& timeline) {
  Time end = time_zero;
  for (const TimedAction& action : timeline) {
    end = std::max(end, action.at);
    if (const auto* link = action.get_if<FlapLink>()) end = std::max(end, link->flap.end);
    if (const auto* node = action.get_if<FlapNode>()) end = std::max(end, node->flap.end);
  }
  return end == time_zero ? end : std::chrono::ceil<milliseconds>(end) + milliseconds(1);
}

}  // namespace

Scenario to_scenario(const WorldSpec& spec, const Scenario* base, bool keep_base_timeline) {
  Scenario s;
  if (base != nullptr) {
    s = *base;
    // The template's timeline but its stop_faults: this world's liveness phase comes after
    // its own faults.
    std::erase_if(s.timeline, [&](const TimedAction& action) { return !keep_base_timeline || action.get_if<StopFaults>(); });
    s.expect = Expectations{};
  } else {
    configure_cluster(spec, s);
  }
  s.name = "random_world";
  s.purpose = "A random world (seed " + std::to_string(spec.seed) + ") that broke an oracle, shrunk.";
  s.seed = spec.seed;
  if (base == nullptr) s.epoch = model::Timestamp{1'735'689'600'000'000'000, 0};
  const Duration phase = milliseconds(clamp(spec.fault_phase_ms, 1000, 300000));
  const Time start = end_of(s.timeline);
  if (base == nullptr) add_lossy_links(spec, s);
  add_faults(spec, s, start, phase);
  // The liveness phase: long enough for any of these timings to elect and for every
  // tracker's window to pass.
  const Duration slowest = std::max({s.raft.heartbeat_timeout, s.raft.election_timeout,
                                     s.raft.timer_mode == model::TimerMode::range ? s.raft.election_timeout_max : Duration{0}});
  // A node restarted as faults stop starts its event generation up to the delay later.
  const StopFaults stop{20 * slowest + s.stability_window + s.event_generation_delay.high + std::chrono::seconds(5)};
  s.timeline.push_back(TimedAction{start + phase, stop, "stop"});
  s.duration = (start - time_zero) + phase + stop.liveness_bound + std::chrono::seconds(1);
  return s;
}

std::array<int, fault_kinds> kinds_drawn(const WorldSpec& spec) {
  std::array<int, fault_kinds> counts{};
  for (const FaultSpec& fault : spec.faults) ++counts[static_cast<std::size_t>(positive_mod(fault.kind, fault_kinds))];
  return counts;
}

WorldSpec random_spec(Random& random, std::uint64_t seed, int faults_max, bool input_faults) {
  WorldOptions options;
  options.faults_max = faults_max;
  options.weights = WorldOptions::default_weights(input_faults);
  return random_spec(random, seed, options);
}

WorldSpec random_spec(Random& random, std::uint64_t seed, const WorldOptions& options) {
  auto pick = [&](int low, int high) { return static_cast<int>(random.uniform_int(low, high)); };
  // A fault kind by the options' weights; with the default weights the one draw it always was.
  const int weight_total = std::accumulate(options.weights.begin(), options.weights.end(), 0);
  auto pick_kind = [&] {
    if (options.uniform_weights()) return pick(0, (options.input_faults() ? fault_kinds : world_fault_kinds) - 1);
    int draw = pick(0, weight_total - 1), kind = 0;
    while (draw >= options.weights[static_cast<std::size_t>(kind)]) draw -= options.weights[static_cast<std::size_t>(kind++)];
    return kind;
  };
  const bool input_faults = options.input_faults();
  WorldSpec spec;
  spec.seed = seed;
  spec.nodes = options.nodes ? pick(options.nodes->low, options.nodes->high) : pick(3, 9);
  spec.non_voters = random.bernoulli(0.2) ? pick(1, 2) : 0;
  spec.timing = pick(0, 2);
  spec.heartbeat_ms = options.election_timeout_ms ? pick(options.election_timeout_ms->low, options.election_timeout_ms->high)
                                                  : pick(50, 3000);
  spec.policy = pick(0, 1);
  spec.window_ms = pick(0, 10000);
  spec.latency_ms = pick(1, 20);
  spec.loss_percent = random.bernoulli(0.3) ? pick(1, 20) : 0;
  spec.excluded_member = random.bernoulli(0.2) ? pick(0, spec.nodes - 1) : -1;
  spec.fault_phase_ms = pick(options.fault_phase_ms.low, options.fault_phase_ms.high);
  const int faults = pick(0, options.faults_max);
  for (int i = 0; i < faults; ++i) {
    const int kind = pick_kind();
    spec.faults.push_back(FaultSpec{kind, pick(0, spec.fault_phase_ms), pick(0, spec.nodes),
                                    pick(0, spec.nodes - 1), pick(1, 30000), pick(10, 10000), pick(0, 100)});
  }
  // Drawn last, so that a swarm without input faults sees exactly the worlds it always did.
  if (input_faults && random.bernoulli(0.5)) {
    spec.input_faults = pick(1, 127);
    spec.input_percent = pick(1, 100);
    spec.input_delay_ms = pick(1, 5000);
  }
  // The servers' own timing, half the worlds on ideal machines, half on varied ones.
  if (random.bernoulli(0.5)) {
    spec.timer_late_us = pick(0, 5000);
    spec.storage_write_us = pick(0, 20000);
    spec.processing_us = pick(0, 500);
    spec.clock_drift_ppm = pick(0, 200);
    spec.clock_offset_ms = pick(0, 1000);
    spec.stall_every_ms = pick(0, 60000);
    spec.stall_us = pick(0, 20000);
    spec.boot_spread_ms = pick(0, 10000);
  }
  // The controller mesh and the event dispatch, drawn last so that the draws above stay as
  // they were: most worlds run 2.1's full mesh, some the older leader-only one or none; some
  // mix versions; some write their events out of order.
  spec.mesh = random.bernoulli(0.7) ? 0 : pick(1, 2);
  spec.old_versions = random.bernoulli(0.2) ? pick(1, spec.nodes - 1) : 0;
  spec.dispatch_jitter_ms = random.bernoulli(0.3) ? pick(1, 20) : 0;
  spec.generation_delay_ms = random.bernoulli(0.3) ? pick(1, 20000) : 0;
  // Drawn last again: some worlds start nodes that membership changes bring in.
  spec.joining = random.bernoulli(0.2) ? pick(1, 2) : 0;
  return spec;
}

}  // namespace clustersim::sim
