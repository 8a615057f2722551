// Checks of what trackers reported against what their nodes really saw: soundness (nothing
// said that was not so, and for the stable policy not before it held for the window) and
// completeness with timeliness (everything that held long enough was said, in time).
#include <algorithm>

#include "sim/oracle/checks.h"
#include "sim/oracle/node_timeline.h"

namespace clustersim::sim {
namespace {

Duration window_of(const RunResult& run) {
  return run.policy == model::TrackerPolicy::stable ? run.scenario.stability_window : Duration{0};
}

}  // namespace

std::string observer_note(const RunResult& run) {
  ObserverCounters all;
  for (const ObserverCounters& node : run.observer) all += node;
  if (all.total() == 0) return "";
  return "; trackers judged on what they were given: " + std::to_string(all.dropped) + " observations dropped, " +
         std::to_string(all.skipped_clears) + " leader clears skipped, " + std::to_string(all.duplicated) +
         " duplicated, " + std::to_string(all.stale) + " stale, " + std::to_string(all.delayed) + " delivered late";
}

CheckResult check_soundness(const RunResult& run) {
  CheckResult result{"soundness"};
  const Duration window = window_of(run);
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    for (const detail::Lifetime& life : detail::lifetimes_of(run, node, run.events)) {
      bool announced = false;
      for (const RecordedEvent* e : life.events) {
        if (!is_state_event(e->event)) continue;
        const detail::ViewState view = detail::view_before(run, node, run.policy, life, e->sequence);
        const bool says_leader = e->event.type == model::ClusterEventType::state_has_leader;
        const std::string seen = view.leader == model::no_node ? "no leader" : run.node_ids[view.leader];
        std::string problem;
        if (says_leader != (view.leader != model::no_node) ||
            (says_leader && run.node_ids[view.leader] != e->event.leader_id)) {
          problem = "reports " + (says_leader ? e->event.leader_id : std::string("no leader")) +
                    " but its inputs show " + seen;
        } else if (says_leader && run.truth.leader_of_term(view.term) != view.leader) {
          problem = e->event.leader_id + " never led in term " + std::to_string(view.term);
        } else if (announced && detail::after_on_node_clock(run, node, view.since, window) > e->at) {
          problem = "reported after " + format_duration(e->at - view.since) + ", before its " +
                    format_duration(window) + " window had passed";
        }
        announced = true;
        if (!problem.empty()) result.failures.push_back({node, e->at, problem, {event_line(*e)}});
      }
    }
  }
  return result;
}

CheckResult check_completeness_timeliness(const RunResult& run) {
  CheckResult result{"completeness_timeliness"};
  const Duration window = window_of(run);
  // Beyond the window (on the node's clock): the scenario's bound, and a faulty timer's lateness.
  Duration slack = run.scenario.timeliness_bound;
  if (run.policy == model::TrackerPolicy::stable) slack = model::saturating_add(slack, detail::wakeup_lateness_max(run.scenario));
  const Duration allowed = model::saturating_add(window, slack);
  const Time run_end = time_zero + run.scenario.duration;
  result.note = "every view held longer than " + format_duration(allowed) + " (the window on the node's clock) reported within it" +
                observer_note(run);
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    for (const detail::Lifetime& life : detail::lifetimes_of(run, node, run.events)) {
      const Time life_end = life.end.value_or(run_end);
      // Each interval of constant reportable view: from its start to the next change.
      std::vector<std::pair<Time, model::NodeIndex>> changes{{life.start, model::no_node}};
      detail::ReportableView view(run.policy, life.start,
                                  detail::TrackerMembers::before(run, node, life.start_sequence));
      for (const LoggedInput* input : life.inputs) {
        view.apply(*input);
        if (view.state().leader != changes.back().second) changes.emplace_back(input->at, view.state().leader);
      }
      for (std::size_t i = 0; i < changes.size(); ++i) {
        const auto [since, leader] = changes[i];
        const Time until = i + 1 < changes.size() ? changes[i + 1].first : life_end;
        const Time due = later(detail::after_on_node_clock(run, node, since, window), slack);
        if (until <= due || detail::paused_between(life, since, due)) continue;
        // The tracker's report as of `due`.
        const RecordedEvent* last = nullptr;
        for (const RecordedEvent* e : life.events) {
          if (is_state_event(e->event) && e->at <= due) last = e;
        }
        const bool reported_leader = last != nullptr && last->event.type == model::ClusterEventType::state_has_leader;
        const bool matches = last != nullptr && reported_leader == (leader != model::no_node) &&
                             (!reported_leader || last->event.leader_id == run.node_ids[leader]);
        if (!matches) {
          const std::string held = leader == model::no_node ? "no leader" : run.node_ids[leader];
          CheckFailure failure{node, due, "was given " + held + " from " + format_time(since) + " to " +
                                              format_time(until) + " but had not reported it by " +
                                              format_time(due), {}};
          if (last != nullptr) failure.events.push_back(event_line(*last));
          result.failures.push_back(failure);
        }
      }
    }
  }
  return result;
}

}  // namespace clustersim::sim
