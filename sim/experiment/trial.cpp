#include "sim/experiment/trial.h"

#include <algorithm>

#include "sim/experiment/metrics.h"

namespace clustersim::sim {
namespace {

// The last instant the timeline acts on the world: each action's own time (with its drawn
// delay), a flap's end, an upgraded node's restart, the end of a stream of writes.
Time inputs_end(const Scenario& scenario, std::uint64_t seed) {
  Time end = time_zero;
  for (const TimedAction& action : scenario.timeline) {
    Time last = action.when(seed);
    if (const auto* flap = action.get_if<FlapLink>()) last = std::max(last, flap->flap.end);
    if (const auto* flap = action.get_if<FlapNode>()) last = std::max(last, flap->flap.end);
    if (const auto* upgrade = action.get_if<Upgrade>()) last = later(last, upgrade->downtime);
    if (const auto* writes = action.get_if<Writes>()) last = std::max(last, writes->until);
    end = std::max(end, last);
  }
  return end;
}

// Whether every node with a tracker has named `leader` since the mark.
bool converged_on(const Simulation& simulation, Time mark, NodeIndex leader) {
  const std::vector<std::optional<Time>> reported =
      first_reports_of(simulation.events(), simulation.cluster().size(), mark, simulation.cluster().id(leader));
  for (NodeIndex node = 0; node < simulation.cluster().size(); ++node) {
    if (simulation.trackers().tracker(node) != nullptr && !reported[node]) return false;
  }
  return true;
}

}  // namespace

bool decidable_early(const std::string& metric) {
  return metric == "downtime" || metric == "election_terms" || metric == "tracker_convergence";
}

TrialRule::TrialRule(const Scenario& scenario, std::uint64_t seed, const std::vector<std::string>& metrics)
    : may_end_early_(!metrics.empty() && std::all_of(metrics.begin(), metrics.end(), decidable_early)),
      convergence_(std::find(metrics.begin(), metrics.end(), "tracker_convergence") != metrics.end()),
      inputs_end_(inputs_end(scenario, seed)) {}

// Whether no node can crash, restart, boot or gain a tracker from now on.
bool TrialRule::lifecycles_settled(const Simulation& simulation) const {
  const SimCluster& cluster = simulation.cluster();
  if (simulation.now() <= inputs_end_) return false;
  for (NodeIndex node = 0; node < cluster.size(); ++node) {
    if (cluster.node(node).boot_at() > simulation.now() || cluster.generation_pending(node)) return false;
  }
  return true;
}

bool TrialRule::decided(const Simulation& simulation) {
  if (!may_end_early_) return false;
  const std::optional<Time> mark = simulation.mark();
  if (!mark) return false;
  // The first leader after the mark, once there is one, stays the first: the history only grows
  // at the current time, after it. Found once, not again at every check.
  if (!leader_ || leader_mark_ != *mark) {
    const auto first = first_leader_after(simulation.cluster().truth(), simulation.cluster().size(), *mark);
    if (!first) return false;  // downtime and election_terms wait for it; so does convergence
    leader_ = first->first;
    leader_mark_ = *mark;
  }
  return !convergence_ || (lifecycles_settled(simulation) && converged_on(simulation, *mark, *leader_));
}

RunOptions trial_options(std::uint64_t seed, bool observations) {
  RunOptions options;
  options.seed = seed;
  options.compare_policies = false;
  options.observation_log = observations;
  options.trace_hash = false;
  return options;
}

TrialRun run_trial(const Scenario& scenario, const RunOptions& options, const std::vector<std::string>& metrics,
                   bool whole_run) {
  Simulation simulation(scenario, options);
  simulation.start();
  const Time end = time_zero + scenario.duration;
  TrialRun trial;
  TrialRule rule(scenario, simulation.seed(), metrics);
  if (whole_run || !rule.may_end_early()) {
    simulation.run_until(end);  // in one go: no check could stop it
  } else {
    while (simulation.now() < end && simulation.run_until(std::min(end, later(simulation.now(), trial_check_interval)))) {
      if (simulation.now() < end && rule.decided(simulation)) {
        trial.ended_early = true;
        break;
      }
    }
  }
  trial.ended = simulation.now();
  trial.run = simulation.result();
  return trial;
}

}  // namespace clustersim::sim
