#include "sim/swarm/world_spec.h"

#include <algorithm>
#include <map>

#include "sim/core/random.h"

namespace clustersim::sim {
namespace {

using std::chrono::milliseconds;

int clamp(int value, int low, int high) { return std::max(low, std::min(high, value)); }
int positive_mod(int value, int modulus) { return ((value % modulus) + modulus) % modulus; }

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
  for (int i = 1; i <= nodes; ++i) {
    s.raft.members.push_back({"ctrl" + std::to_string(i), i <= nodes - non_voters});
  }
  s.policy = positive_mod(spec.policy, 2) == 0 ? model::TrackerPolicy::stable : model::TrackerPolicy::openziti;
  s.stability_window = milliseconds(clamp(spec.window_ms, 0, 20000));
  // A leader must hear a quorum within its lease, so a world whose round trip rivals the lease
  // can never keep a leader, faults or not: its liveness failure would say nothing about the
  // tracker. The median one-way latency stays at most a tenth of the lease.
  const auto lease_ms = static_cast<int>(std::chrono::duration_cast<milliseconds>(s.raft.leader_lease_timeout).count());
  const int latency_ms = clamp(spec.latency_ms, 1, std::clamp(lease_ms / 10, 1, 50));
  s.network.latency = LatencyModel::lognormal(milliseconds(latency_ms), 0.5, milliseconds(latency_ms * 20));
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
      Action lossy;
      lossy.kind = ActionKind::set_link;
      lossy.at = time_zero;
      lossy.from = {s.raft.members[a].id};
      lossy.to = {s.raft.members[b].id};
      lossy.link = s.network;
      lossy.link.loss = loss;
      lossy.path = "loss";
      s.timeline.push_back(lossy);
    }
  }
}

// Adds the faults that are possible, in time order, tracking what each node is doing.
void add_faults(const WorldSpec& spec, Scenario& s, Duration phase) {
  const auto nodes = static_cast<int>(s.raft.members.size());
  std::vector<FaultSpec> faults = spec.faults;
  std::stable_sort(faults.begin(), faults.end(), [](const FaultSpec& a, const FaultSpec& b) { return a.at_ms < b.at_ms; });
  enum class State { up, paused, crashed };
  std::vector<State> state(static_cast<std::size_t>(nodes), State::up);
  std::map<std::string, Time> flap_busy_until;  // target -> end of its flap
  const Time phase_end = time_zero + phase;
  auto id = [&](int index) { return index >= nodes ? std::string(leader_reference) : s.raft.members[static_cast<std::size_t>(index)].id; };
  for (std::size_t i = 0; i < faults.size(); ++i) {
    const FaultSpec& f = faults[i];
    Action a;
    a.at = time_zero + milliseconds(clamp(f.at_ms, 0, static_cast<int>(phase.count() / 1'000'000) - 1));
    a.path = "faults[" + std::to_string(i) + "]";
    const int node = clamp(f.node, 0, nodes);  // == nodes: the leader
    const int other = clamp(f.other, 0, nodes - 1);
    const Time until = std::min(a.at + milliseconds(clamp(f.length_ms, 1, 60000)), phase_end);
    switch (positive_mod(f.kind, 10)) {
      case 0: a.kind = ActionKind::partition; a.groups = {{id(other)}, {id((other + 1) % nodes)}}; break;
      case 1: a.kind = ActionKind::partition_one_way; a.from = {id(node)}; a.to = {id(other)}; break;
      case 2: a.kind = ActionKind::isolate; a.node = id(node); break;
      case 3: a.kind = ActionKind::heal; break;
      case 4:
      case 5: {
        const bool node_flap = positive_mod(f.kind, 10) == 5;
        a.kind = node_flap ? ActionKind::flap_node : ActionKind::flap_link;
        a.node = id(node);
        a.a = id(node);
        a.b = id(other);
        if (!node_flap && (a.a == a.b || node >= nodes)) continue;
        a.flap.start = a.at;
        a.flap.end = until;
        a.flap.period = milliseconds(clamp(f.period_ms, 10, 20000));
        a.flap.down_fraction = clamp(f.percent, 10, 90) / 100.0;
        a.flap.jitter = a.flap.period / 20;
        const std::string target = node_flap ? "node:" + a.node : "link:" + std::min(a.a, a.b) + "-" + std::max(a.a, a.b);
        if (a.flap.problem() || (flap_busy_until.count(target) && flap_busy_until[target] > a.at)) continue;
        flap_busy_until[target] = a.flap.end;
        break;
      }
      case 6:
      case 7: {  // crash then restart, or pause then resume, of a named node
        if (node >= nodes) continue;
        State& st = state[static_cast<std::size_t>(node)];
        const bool crash = positive_mod(f.kind, 10) == 6;
        if (st == State::up) {
          a.kind = crash ? ActionKind::crash : ActionKind::pause;
          st = crash ? State::crashed : State::paused;
        } else if (st == State::crashed) {
          a.kind = ActionKind::restart;
          st = State::up;
        } else {
          a.kind = ActionKind::resume;
          st = State::up;
        }
        a.node = id(node);
        break;
      }
      case 8: {
        if (node >= nodes || node == other) continue;
        a.kind = ActionKind::set_link;
        a.from = {id(node)};
        a.to = {id(other)};
        a.link = s.network;
        a.link.loss = clamp(f.percent, 0, 100) / 100.0;
        break;
      }
      default:
        a.kind = ActionKind::writes;
        a.rate_per_second = clamp(f.percent, 1, 100);
        a.until = until;
        if (a.until <= a.at) continue;
        break;
    }
    s.timeline.push_back(a);
  }
}

}  // namespace

Scenario to_scenario(const WorldSpec& spec, const Scenario* base) {
  Scenario s;
  if (base != nullptr) {
    s = *base;
    s.timeline.clear();
    s.expect = Expectations{};
  } else {
    configure_cluster(spec, s);
  }
  s.name = "random_world";
  s.purpose = "A random world (seed " + std::to_string(spec.seed) + ") that broke an oracle, shrunk.";
  s.seed = spec.seed;
  if (base == nullptr) s.epoch = model::Timestamp{1'735'689'600'000'000'000, 0};
  const Duration phase = milliseconds(clamp(spec.fault_phase_ms, 1000, 300000));
  if (base == nullptr) add_lossy_links(spec, s);
  add_faults(spec, s, phase);
  // The liveness phase: long enough for any of these timings to elect and for every
  // tracker's window to pass.
  const Duration slowest = std::max({s.raft.heartbeat_timeout, s.raft.election_timeout,
                                     s.raft.timer_mode == model::TimerMode::range ? s.raft.election_timeout_max : Duration{0}});
  Action stop;
  stop.kind = ActionKind::stop_faults;
  stop.at = time_zero + phase;
  stop.liveness_bound = 20 * slowest + s.stability_window + std::chrono::seconds(5);
  stop.path = "stop";
  s.timeline.push_back(stop);
  s.duration = phase + stop.liveness_bound + std::chrono::seconds(1);
  return s;
}

WorldSpec random_spec(Random& random, std::uint64_t seed, int faults_max) {
  auto pick = [&](int low, int high) { return static_cast<int>(random.uniform_int(low, high)); };
  WorldSpec spec;
  spec.seed = seed;
  spec.nodes = pick(3, 9);
  spec.non_voters = random.bernoulli(0.2) ? pick(1, 2) : 0;
  spec.timing = pick(0, 2);
  spec.heartbeat_ms = pick(50, 3000);
  spec.policy = pick(0, 1);
  spec.window_ms = pick(0, 10000);
  spec.latency_ms = pick(1, 20);
  spec.loss_percent = random.bernoulli(0.3) ? pick(1, 20) : 0;
  spec.excluded_member = random.bernoulli(0.2) ? pick(0, spec.nodes - 1) : -1;
  spec.fault_phase_ms = pick(5000, 120000);
  const int faults = pick(0, faults_max);
  for (int i = 0; i < faults; ++i) {
    spec.faults.push_back(FaultSpec{pick(0, 9), pick(0, spec.fault_phase_ms), pick(0, spec.nodes), pick(0, spec.nodes - 1),
                                    pick(1, 30000), pick(10, 10000), pick(0, 100)});
  }
  return spec;
}

}  // namespace clustersim::sim
