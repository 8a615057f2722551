#include "sim/scenario/actions/phase_actions.h"

#include <memory>

#include "sim/scenario/scenario.h"
#include "sim/scenario/scenario_reader.h"

namespace clustersim::sim {

Writes Writes::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "rate", "until"});
  Writes writes;
  writes.rate_per_second = in.reader.number_at(in.item, "rate", in.path);
  if (!(writes.rate_per_second > 0 && writes.rate_per_second <= 100'000)) {
    in.reader.fail(in.path + ".rate", "must be more than 0 and at most 100000 writes per second");
  }
  writes.until = time_zero + in.reader.duration_at(in.item, "until", in.path);
  if (writes.until <= in.at) in.reader.fail(in.path + ".until", "must come after \"at\"");
  if (writes.until > time_zero + in.scenario.duration) in.reader.fail(in.path + ".until", "is after the end of the run");
  return writes;
}

void Writes::write(ActionJson& out) const {
  out["rate"] = rate_per_second;
  out["until"] = format_time(until);
}

void Writes::apply(ActionContext& context) const {
  const auto interval = Duration{static_cast<std::int64_t>(1e9 / rate_per_second)};
  Kernel& kernel = context.kernel();
  SimCluster& cluster = context.cluster();
  const Time end = until;
  // Each write schedules the next; the last holder of the shared function is the pending
  // event, so the chain frees itself when it ends (or when the kernel is destroyed).
  auto tick = std::make_shared<std::function<void()>>();
  *tick = [&kernel, &cluster, interval, end, weak = std::weak_ptr<std::function<void()>>(tick)] {
    cluster.client_write();
    if (later(kernel.now(), interval) < end) {
      if (auto self = weak.lock()) kernel.schedule_after(interval, [self] { (*self)(); });
    }
  };
  kernel.schedule_after(Duration{0}, [tick] { (*tick)(); });
  context.record("client writes at " + std::to_string(rate_per_second) + "/s until " + format_time(until));
}

StopFaults StopFaults::read(const ActionInput& in) {
  in.reader.only_keys(in.item, in.path, {"at", "action", "liveness_bound"});
  StopFaults stop;
  stop.liveness_bound = in.reader.duration_at(in.item, "liveness_bound", in.path);
  if (stop.liveness_bound <= Duration{0}) in.reader.fail(in.path + ".liveness_bound", "must be positive");
  // `at` is before the run's end (read_action checks it first), so this cannot overflow.
  if (stop.liveness_bound > in.scenario.duration - (in.at - time_zero)) {
    in.reader.fail(in.path + ".liveness_bound", "the liveness phase ends after the run does");
  }
  return stop;
}

void StopFaults::write(ActionJson& out) const { out["liveness_bound"] = format_duration(liveness_bound); }

void StopFaults::apply(ActionContext& context) const {
  Network& net = context.network();
  SimCluster& cluster = context.cluster();
  net.heal();
  for (NodeIndex a = 0; a < cluster.size(); ++a) {
    for (NodeIndex b = 0; b < cluster.size(); ++b) {
      if (a != b) net.set_link_params(a, b, context.default_link());
    }
  }
  for (NodeIndex node = 0; node < cluster.size(); ++node) {
    cluster.set_observer_faults(node, ObserverFaults{});  // what waits is delivered now
    // A raft blocked on its full observer channel stays so until its event generation starts.
    if (cluster.node(node).state() == NodeState::paused && !cluster.raft_blocked(node)) cluster.node(node).resume();
    if (cluster.node(node).state() == NodeState::crashed) cluster.node(node).restart();
  }
  context.record("stop faults: liveness phase, bound " + format_duration(liveness_bound));
  context.begin_liveness_phase(later(context.now(), liveness_bound));
}

}  // namespace clustersim::sim
