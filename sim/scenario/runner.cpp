#include "sim/scenario/runner.h"

#include <functional>
#include <memory>

#include "model/assert.h"
#include "model/events/event_json.h"
#include "sim/core/random.h"
#include "sim/core/trace_hash.h"

namespace clustersim::sim {
namespace {

// Everything one run owns; lives only inside run_scenario.
class World {
 public:
  World(const Scenario& scenario, std::uint64_t seed, model::TrackerPolicy policy,
        const RunOptions& options)
      : scenario_(scenario),
        seed_(seed),
        cluster_(kernel_, cluster_options(scenario, seed)),
        log_(kernel_, cluster_, sequencer_),
        primary_(kernel_, cluster_, with_factory(tracker_settings(scenario, policy), options), &sequencer_),
        comparison_(kernel_, cluster_, tracker_settings(scenario, other(policy)), &sequencer_) {}

  static model::TrackerPolicy other(model::TrackerPolicy policy) {
    return policy == model::TrackerPolicy::stable ? model::TrackerPolicy::openziti
                                                  : model::TrackerPolicy::stable;
  }

  void play(RunResult& result);

 private:
  static ClusterOptions cluster_options(const Scenario& scenario, std::uint64_t seed) {
    ClusterOptions options;
    options.raft = scenario.raft;
    options.link = scenario.network;
    options.seed = seed;
    return options;
  }

  static TrackerSettings with_factory(TrackerSettings settings, const RunOptions& options) {
    settings.factory = options.tracker_factory;
    return settings;
  }

  static TrackerSettings tracker_settings(const Scenario& scenario, model::TrackerPolicy policy) {
    TrackerSettings settings;
    settings.policy = policy;
    // The comparison openziti bank needs no window; a comparison stable bank uses the
    // scenario's window, or 0 if the scenario runs openziti without one.
    settings.stability_window = policy == model::TrackerPolicy::stable ? scenario.stability_window : Duration{0};
    settings.clock = model::WallClock{scenario.epoch.unix_ns, scenario.epoch.utc_offset_minutes};
    settings.member_ids = scenario.tracker_members;
    return settings;
  }

  void at(Time when, std::function<void()> action) {
    auto holder = std::make_shared<std::function<void()>>(std::move(action));
    kernel_.schedule_at(when, [holder] { (*holder)(); });
  }

  // "leader": the up, unpaused node in the Leader role with the highest term, if any.
  NodeIndex resolve(const std::string& reference) {
    if (reference != leader_reference) return cluster_.find(reference);
    NodeIndex best = model::no_node;
    for (NodeIndex node : cluster_.current_leaders()) {
      if (cluster_.node(node).state() != NodeState::up) continue;
      if (best == model::no_node || cluster_.node(node).raft().term() > cluster_.node(best).raft().term()) best = node;
    }
    return best;
  }

  std::string describe(const std::string& reference, NodeIndex node) const {
    if (reference != leader_reference) return reference;
    return cluster_.id(node) + " (the leader)";
  }

  // A flap's random stream is named by what it flaps and when it starts, never by its place
  // in the file: adding or moving another action must not change its draws.
  static std::string flap_stream_name(const std::string& target, const Action& action) {
    return target + "@" + std::to_string(time_ns(action.at));
  }

  void perform(const Action& action, RunResult& result);
  void perform_node_action(const Action& action, RunResult& result);
  void stop_faults(const Action& action, RunResult& result);
  void schedule_writes(const Action& action);
  void take_liveness_snapshot(const Action& stop, RunResult& result);

  const Scenario& scenario_;
  std::uint64_t seed_;
  Kernel kernel_;
  Sequencer sequencer_;
  SimCluster cluster_;
  ObservationLog log_;  // registered first: observations are logged before they cause events
  TrackerBank primary_;
  TrackerBank comparison_;
};

void World::play(RunResult& result) {
  cluster_.start();
  for (NodeIndex node = 0; node < cluster_.size(); ++node) log_.note_start(node);
  primary_.start_all();
  comparison_.start_all();
  for (const Action& action : scenario_.timeline) {
    Time when = action.at;
    if (action.random_delay > Duration{0}) {
      // Its own stream, named by the action, as every random thing in a run is.
      Random random = Random::for_stream(seed_, "action/crash/" + action.node + "@" + std::to_string(time_ns(action.at)));
      when += random.uniform_duration(Duration{0}, action.random_delay - Duration{1});
    }
    at(when, [this, &action, &result] { perform(action, result); });
  }
  kernel_.run_until(time_zero + scenario_.duration);

  result.events = primary_.events();
  result.comparison_events = comparison_.events();
  result.truth = cluster_.truth();
  for (NodeIndex node = 0; node < cluster_.size(); ++node) {
    result.node_ids.push_back(cluster_.id(node));
    result.inputs.push_back(log_.inputs(node));
    const model::LeaderStateTracker* tracker = primary_.tracker(node);
    result.final_reported.push_back(tracker ? std::optional(tracker->reported()) : std::nullopt);
  }
  result.final_leaders = cluster_.current_leaders();
  result.network = cluster_.network().counters();
  result.kernel_events = kernel_.events_fired();
}

void World::perform(const Action& action, RunResult& result) {
  Network& net = cluster_.network();
  switch (action.kind) {
    case ActionKind::partition: {
      std::vector<std::vector<NodeIndex>> groups;
      std::string text = "partition";
      for (const auto& group : action.groups) {
        groups.emplace_back();
        text += groups.size() == 1 ? " {" : " | {";
        for (const std::string& reference : group) {
          const NodeIndex node = resolve(reference);
          if (node == model::no_node) continue;
          groups.back().push_back(node);
          text += (text.back() == '{' ? "" : ",") + describe(reference, node);
        }
        text += "}";
      }
      net.partition(groups);
      result.actions.push_back({kernel_.now(), text});
      return;
    }
    case ActionKind::partition_one_way: {
      std::vector<NodeIndex> from, to;
      for (const auto& r : action.from) if (NodeIndex n = resolve(r); n != model::no_node) from.push_back(n);
      for (const auto& r : action.to) if (NodeIndex n = resolve(r); n != model::no_node) to.push_back(n);
      net.partition_one_way(from, to);
      std::string text = "one-way cut from";
      for (NodeIndex n : from) text += " " + cluster_.id(n);
      text += " to";
      for (NodeIndex n : to) text += " " + cluster_.id(n);
      result.actions.push_back({kernel_.now(), text});
      return;
    }
    case ActionKind::heal:
      net.heal();
      result.actions.push_back({kernel_.now(), "heal"});
      return;
    case ActionKind::flap_link: {
      const NodeIndex a = resolve(action.a), b = resolve(action.b);
      if (a == model::no_node || b == model::no_node || a == b) {
        result.actions.push_back({kernel_.now(), "flap_link skipped: no leader to resolve", true});
        return;
      }
      net.flap_link(a, b, action.flap, flap_stream_name("link:" + cluster_.id(a) + "-" + cluster_.id(b), action));
      result.actions.push_back({kernel_.now(), "flap link " + cluster_.id(a) + (action.flap.one_way ? "->" : "<->") +
                                                   cluster_.id(b) + " every " + format_duration(action.flap.period) +
                                                   " until " + format_time(action.flap.end)});
      return;
    }
    case ActionKind::set_link: {
      const NodeIndex from = cluster_.find(action.from[0]), to = cluster_.find(action.to[0]);
      net.set_link_params(from, to, action.link);
      if (!action.one_way) net.set_link_params(to, from, action.link);
      result.actions.push_back({kernel_.now(), "set link " + action.from[0] + (action.one_way ? "->" : "<->") + action.to[0]});
      return;
    }
    case ActionKind::writes:
      schedule_writes(action);
      result.actions.push_back({kernel_.now(), "client writes at " + std::to_string(action.rate_per_second) +
                                                   "/s until " + format_time(action.until)});
      return;
    case ActionKind::stop_faults:
      stop_faults(action, result);
      return;
    default:
      perform_node_action(action, result);
  }
}

void World::perform_node_action(const Action& action, RunResult& result) {
  const NodeIndex node = resolve(action.node);
  const std::string name(action_name(action.kind));
  if (node == model::no_node) {
    result.actions.push_back({kernel_.now(), name + " leader skipped: no node leads now", true});
    return;
  }
  SimNode& target = cluster_.node(node);
  const NodeState state = target.state();
  const bool possible = (action.kind == ActionKind::crash && state != NodeState::crashed) ||
                        (action.kind == ActionKind::restart && state == NodeState::crashed) ||
                        (action.kind == ActionKind::pause && state == NodeState::up) ||
                        (action.kind == ActionKind::resume && state == NodeState::paused) ||
                        action.kind == ActionKind::isolate || action.kind == ActionKind::flap_node;
  if (!possible) {
    result.actions.push_back({kernel_.now(), name + " " + describe(action.node, node) + " skipped: not possible now", true});
    return;
  }
  switch (action.kind) {
    case ActionKind::crash:
      target.crash();
      if (!result.first_crash) result.first_crash = kernel_.now();
      break;
    case ActionKind::restart: target.restart(); break;
    case ActionKind::pause: target.pause(); break;
    case ActionKind::resume: target.resume(); break;
    case ActionKind::isolate: cluster_.network().isolate(node); break;
    case ActionKind::flap_node:
      cluster_.network().flap_node(node, action.flap, flap_stream_name("node:" + cluster_.id(node), action));
      break;
    default: CLUSTERSIM_ASSERT(false);
  }
  result.actions.push_back({kernel_.now(), name + " " + describe(action.node, node)});
}

void World::schedule_writes(const Action& action) {
  const auto interval = Duration{static_cast<std::int64_t>(1e9 / action.rate_per_second)};
  const Time until = action.until;
  auto tick = std::make_shared<std::function<void()>>();
  *tick = [this, interval, until, weak = std::weak_ptr<std::function<void()>>(tick)] {
    cluster_.client_write();
    if (kernel_.now() + interval < until) {
      if (auto self = weak.lock()) kernel_.schedule_after(interval, [self] { (*self)(); });
    }
  };
  kernel_.schedule_after(Duration{0}, [tick] { (*tick)(); });
}

// The start of the liveness phase: the world is made whole (partitions healed, paused nodes
// resumed, crashed nodes restarted, links back to the scenario's defaults).
void World::stop_faults(const Action& action, RunResult& result) {
  Network& net = cluster_.network();
  net.heal();
  for (NodeIndex a = 0; a < cluster_.size(); ++a) {
    for (NodeIndex b = 0; b < cluster_.size(); ++b) {
      if (a != b) net.set_link_params(a, b, scenario_.network);
    }
  }
  for (NodeIndex node = 0; node < cluster_.size(); ++node) {
    if (cluster_.node(node).state() == NodeState::paused) cluster_.node(node).resume();
    if (cluster_.node(node).state() == NodeState::crashed) cluster_.node(node).restart();
  }
  result.actions.push_back({kernel_.now(), "stop faults: liveness phase, bound " + format_duration(action.liveness_bound)});
  at(action.at + action.liveness_bound, [this, &action, &result] { take_liveness_snapshot(action, result); });
}

void World::take_liveness_snapshot(const Action& stop, RunResult& result) {
  LivenessSnapshot snapshot;
  snapshot.at = kernel_.now();
  snapshot.faults_stopped = stop.at;
  snapshot.leaders = cluster_.current_leaders();
  for (NodeIndex node = 0; node < cluster_.size(); ++node) {
    const bool up = cluster_.node(node).state() == NodeState::up;
    snapshot.up.push_back(up);
    snapshot.known_leader.push_back(up ? cluster_.node(node).raft().leader() : model::no_node);
    const model::LeaderStateTracker* tracker = primary_.tracker(node);
    snapshot.reported.push_back(tracker ? tracker->reported() : model::LeaderView{});
  }
  result.liveness = snapshot;
}

std::uint64_t hash_run(const RunResult& result) {
  TraceHash hash;
  std::string line;
  for (const RecordedEvent& e : result.events) {
    line.clear();
    model::append_event_json(line, e.event);
    hash.add(static_cast<std::uint64_t>(time_ns(e.at)));
    hash.add(std::string_view(line));
  }
  for (NodeIndex node = 0; node < result.node_ids.size(); ++node) {
    for (const NodeSnapshot& s : result.truth.history(node)) {
      hash.add(static_cast<std::uint64_t>(time_ns(s.at)));
      hash.add((s.term << 8) | static_cast<std::uint64_t>(s.role));
      hash.add(static_cast<std::uint64_t>(s.leader));
    }
  }
  return hash.value();
}

}  // namespace

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  RunResult result;
  result.scenario = scenario;
  result.seed = options.seed.value_or(scenario.seed);
  result.policy = options.policy.value_or(scenario.policy);
  result.comparison_policy = World::other(result.policy);
  auto world = std::make_unique<World>(result.scenario, result.seed, result.policy, options);
  world->play(result);
  result.trace_hash = hash_run(result);
  return result;
}

}  // namespace clustersim::sim
