#include "sim/cluster/leaderless_warning.h"

#include "model/assert.h"

namespace clustersim::sim {

LeaderlessWarnings::LeaderlessWarnings(Kernel& kernel, SimCluster& cluster, Duration threshold)
    : kernel_(kernel), cluster_(cluster), threshold_(threshold), watches_(cluster.size()) {
  CLUSTERSIM_ASSERT(threshold_ >= threshold_min);
}

LeaderlessWarnings::~LeaderlessWarnings() {
  for (Watch& watch : watches_) kernel_.cancel(watch.tick);
}

void LeaderlessWarnings::start_all() {
  CLUSTERSIM_ASSERT(!started_);
  started_ = true;
  for (NodeIndex node = 0; node < watches_.size(); ++node) {
    if (cluster_.node(node).state() != NodeState::crashed && !cluster_.generation_pending(node)) begin(node);
  }
}

void LeaderlessWarnings::on_generation_start(NodeIndex node, const std::optional<model::Observation>& snapshot) {
  begin(node);
  watches_[node].has_leader = snapshot.has_value();
}

void LeaderlessWarnings::begin(NodeIndex node) {
  if (!started_ || cluster_.generation_pending(node)) return;  // start_all or the generation's start begins it
  Watch& watch = watches_[node];
  kernel_.cancel(watch.tick);
  watch = Watch{};
  watch.running = true;
  watch.no_leader_since = kernel_.now();  // a process starts knowing no leader
  schedule(node);
}

void LeaderlessWarnings::schedule(NodeIndex node) {
  const NodeClock& clock = cluster_.node(node).clock();
  const Time at = clock.true_time_of(clock.local(kernel_.now()) + check_every);
  watches_[node].tick = kernel_.schedule_at(std::max(at, kernel_.now()), [this, node] { check(node); });
}

void LeaderlessWarnings::check(NodeIndex node) {
  Watch& watch = watches_[node];
  if (watch.paused) {
    watch.due_while_paused = true;
    return;
  }
  // Measured on the node's clock, as the controller's time.Since is.
  const NodeClock& clock = cluster_.node(node).clock();
  const Duration leaderless_for = clock.local(kernel_.now()) - clock.local(watch.no_leader_since);
  if (!watch.warned && !watch.has_leader && leaderless_for > threshold_) {
    warnings_.push_back({node, kernel_.now(), watch.no_leader_since});
    watch.warned = true;
  }
  schedule(node);
}

void LeaderlessWarnings::on_observation(NodeIndex node, const model::Observation& observation) {
  Watch& watch = watches_[node];
  if (!watch.running || observation.kind != model::Observation::Kind::leader) return;
  const bool has = observation.leader != model::no_node;
  if (!has && watch.has_leader) {
    watch.has_leader = false;
    watch.warned = false;
    watch.no_leader_since = kernel_.now();
  } else if (has) {
    watch.has_leader = true;
  }
}

void LeaderlessWarnings::on_crash(NodeIndex node) {
  kernel_.cancel(watches_[node].tick);
  watches_[node] = Watch{};
}

void LeaderlessWarnings::on_resume(NodeIndex node) {
  Watch& watch = watches_[node];
  watch.paused = false;
  if (watch.due_while_paused) {
    watch.due_while_paused = false;
    check(node);
  }
}

}  // namespace clustersim::sim
