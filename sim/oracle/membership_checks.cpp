// Checks of membership changes and leadership transfers: members.changed against the
// configurations each node stored, and what a stable tracker says through a completed transfer.
#include <algorithm>

#include "sim/oracle/checks.h"
#include "sim/oracle/node_timeline.h"

namespace clustersim::sim {
namespace {

bool is_members_changed(const RecordedEvent& e) { return e.event.type == model::ClusterEventType::members_changed; }

std::vector<model::ClusterPeer> peers_of(const RunResult& run, const model::Membership& membership) {
  std::vector<model::ClusterPeer> peers;
  for (model::NodeIndex peer = 0; peer < run.node_ids.size(); ++peer) {
    if (membership.is_member(peer)) peers.push_back(member_peer(run.node_ids[peer]));
  }
  return peers;
}

// Each view change a lifetime's inputs make, in order.
std::vector<detail::ViewState> view_changes(const RunResult& run, model::NodeIndex node, const detail::Lifetime& life) {
  detail::ReportableView view(model::TrackerPolicy::stable, life.start,
                              detail::TrackerMembers::before(run, node, life.start_sequence));
  std::vector<detail::ViewState> changes{view.state()};
  for (const LoggedInput* input : life.inputs) {
    view.apply(*input);
    if (view.state().leader != changes.back().leader) changes.push_back(view.state());
  }
  return changes;
}

}  // namespace

CheckResult check_members(const RunResult& run) {
  CheckResult result{"members"};
  std::size_t events = 0, configurations = 0;
  for (const CommittedConfiguration& c : run.truth.configurations()) configurations += c.index > 0 ? 1 : 0;
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    std::uint64_t last_index = 0;
    for (const RecordedEvent& e : run.events) {
      if (e.node != node || !is_members_changed(e)) continue;
      ++events;
      std::string problem;
      const CommittedConfiguration* configuration = run.truth.stored_configuration(node, e.event.index);
      if (e.event.index <= last_index) {
        problem = "members.changed with index " + std::to_string(e.event.index) + " after index " + std::to_string(last_index);
      } else if (configuration == nullptr) {
        problem = "members.changed with index " + std::to_string(e.event.index) + ", a configuration the node never stored";
      } else if (e.event.peers != peers_of(run, configuration->membership)) {
        problem = "members.changed does not list the members of configuration " + std::to_string(e.event.index);
      }
      last_index = std::max(last_index, e.event.index);
      if (!problem.empty()) result.failures.push_back({node, e.at, problem, {event_line(e)}});
    }
    // Every configuration a running tracker was given is told once, as it is given.
    for (const detail::Lifetime& life : detail::lifetimes_of(run, node, run.events)) {
      for (std::size_t i = 0; i < life.inputs.size(); ++i) {
        const LoggedInput& input = *life.inputs[i];
        if (input.kind != LoggedInput::Kind::members) continue;
        const std::uint64_t before = i + 1 < life.inputs.size() ? life.inputs[i + 1]->sequence : UINT64_MAX;
        const auto told = std::count_if(life.events.begin(), life.events.end(), [&](const RecordedEvent* e) {
          return is_members_changed(*e) && e->event.index == input.configuration_index && e->sequence > input.sequence &&
                 e->sequence < before;
        });
        if (told != 1) {
          result.failures.push_back({node, input.at,
                                     "configuration " + std::to_string(input.configuration_index) + " was given and told " +
                                         std::to_string(told) + " times by members.changed",
                                     {}});
        }
      }
    }
  }
  result.note = std::to_string(events) + " members.changed against " + std::to_string(configurations) +
                " stored configurations";
  return result;
}

CheckResult check_transfers(const RunResult& run) {
  CheckResult result{"transfers"};
  std::size_t completed = 0, handovers = 0;
  for (const RequestOutcome& outcome : run.requests) {
    completed += outcome.ended.kind == model::RequestEnded::Kind::leadership_transfer && outcome.ended.succeeded ? 1 : 0;
  }
  if (completed == 0 || run.policy != model::TrackerPolicy::stable || run.scenario.stability_window == Duration{0}) {
    result.applies = false;
    result.note = completed == 0 ? "no completed leadership transfer" : "the stable policy with a window only";
    return result;
  }
  const Duration window = run.scenario.stability_window;
  const Duration reach = 2 * run.scenario.raft.election_timeout;  // a transfer ends within this of its handover
  const Duration late = detail::wakeup_lateness_max(run.scenario);  // a faulty timer's lateness
  // Each lifetime's view is replayed once, and every completed transfer looked for in it.
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    // When a view held since `since` is due to be reported: the window on the node's clock, and
    // any lateness the scenario allows a report.
    const auto due = [&](Time since) {
      return later(detail::after_on_node_clock(run, node, since, window), model::saturating_add(run.scenario.timeliness_bound, late));
    };
    for (const detail::Lifetime& life : detail::lifetimes_of(run, node, run.events)) {
      const std::vector<detail::ViewState> changes = view_changes(run, node, life);
      for (const RequestOutcome& outcome : run.requests) {
        if (outcome.ended.kind != model::RequestEnded::Kind::leadership_transfer || !outcome.ended.succeeded) continue;
        const model::NodeIndex from = outcome.node, to = outcome.ended.target;
        // A clean handover at this node, near the transfer's end: from, then (perhaps no
        // leader, then) to.
        for (std::size_t i = 0; i + 1 < changes.size(); ++i) {
          if (changes[i].leader != from) continue;
          std::size_t next = i + 1;
          if (changes[next].leader == model::no_node && next + 1 < changes.size()) ++next;
          if (changes[next].leader != to) continue;
          const Time gap_from = changes[i + 1].since, taken = changes[next].since;
          // Each leader must hold here until its report is due: else the tracker rightly says
          // nothing of it.
          if (due(changes[i].since) > gap_from) continue;
          if (taken + reach < outcome.at || gap_from > outcome.at + reach) continue;
          const Duration gap = taken - gap_from;
          // Long enough to be reported (on the node's clock): soundness and completeness judge it.
          if (detail::after_on_node_clock(run, node, gap_from, window) <= taken) continue;
          const Time held_until = next + 1 < changes.size() ? changes[next + 1].since : life.end.value_or(time_zero + run.scenario.duration);
          const Time told_by = due(taken);
          if (told_by >= held_until) continue;
          ++handovers;
          std::size_t leaderless = 0, has_to = 0;
          std::vector<std::string> lines;
          for (const RecordedEvent* e : life.events) {
            // What it said while the leader went from A to B and B held: about this handover.
            if (e->at < gap_from || e->at >= held_until || !is_state_event(e->event)) continue;
            lines.push_back(event_line(*e));
            if (e->event.type == model::ClusterEventType::state_is_leaderless) ++leaderless;
            if (e->event.type == model::ClusterEventType::state_has_leader && e->event.leader_id == run.node_ids[to]) ++has_to;
          }
          // A node that died or was paused meanwhile may tell it late: completeness judges that.
          const bool ran_through = (!life.end || *life.end > told_by) && !detail::paused_between(life, gap_from, told_by);
          if (leaderless == 0 && has_to <= 1 && (has_to == 1 || !ran_through) && lines.size() == has_to) continue;
          result.failures.push_back({node, taken,
                                     "the transfer from " + run.node_ids[from] + " to " + run.node_ids[to] + " (" +
                                         format_duration(gap) + " without a leader here, within the " +
                                         format_duration(window) + " window) was told with " + std::to_string(lines.size()) +
                                         " state events, not one has_leader(" + run.node_ids[to] + ")",
                                     lines});
        }
      }
    }
  }
  result.note = std::to_string(completed) + " transfers completed, " + std::to_string(handovers) +
                " handovers within the window seen by a tracker";
  return result;
}

}  // namespace clustersim::sim
