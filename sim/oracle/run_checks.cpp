// Checks on the run as a whole: election safety from the ground truth, dedup, liveness after
// the faults stop, and the scenario's own expectations; and check_run, which runs them all.
#include <algorithm>
#include <sstream>

#include "model/events/event_json.h"
#include "sim/oracle/checks.h"
#include "sim/oracle/tracker_members.h"
#include "sim/oracle/node_timeline.h"

namespace clustersim::sim {

CheckResult check_election_safety(const RunResult& run) {
  CheckResult result{"election_safety"};
  for (const SafetyViolation& v : run.truth.violations()) {
    result.failures.push_back({v.node, v.at, v.check + ": " + v.detail, {}});
  }
  result.note = std::to_string(run.truth.leaders_by_term().size()) + " terms with a leader";
  return result;
}

std::size_t count_state_events(const std::vector<RecordedEvent>& events, model::NodeIndex node) {
  return static_cast<std::size_t>(std::count_if(events.begin(), events.end(), [&](const RecordedEvent& e) {
    return (node == model::no_node || e.node == node) && is_state_event(e.event);
  }));
}

DedupCounts dedup_counts(const RunResult& run) {
  const std::size_t ours = count_state_events(run.events);
  const std::size_t theirs = count_state_events(run.comparison_events);
  const bool stable = run.policy == model::TrackerPolicy::stable;
  return DedupCounts{stable ? ours : theirs, stable ? theirs : ours};
}

std::string describe_failures(const RunResult& run, const OracleReport& report) {
  std::string failed;
  for (const CheckResult& check : report.checks) {
    if (check.passed()) continue;
    const CheckFailure& first = check.failures.front();
    failed += check.name + " (" + (first.node == model::no_node ? "run" : run.node_ids[first.node]) + " at " +
              format_time(first.at) + ": " + first.message + "); ";
  }
  return failed;
}

CheckResult check_dedup(const RunResult& run) {
  CheckResult result{"dedup"};
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    const std::size_t count = count_state_events(run.events, node);
    const auto& max = run.policy == model::TrackerPolicy::stable ? run.scenario.expect.max_state_events_stable
                                                                 : run.scenario.expect.max_state_events_openziti;
    if (max && count > *max) {
      result.failures.push_back({node, time_zero + run.scenario.duration,
                                 std::to_string(count) + " state events, more than the " +
                                     std::to_string(*max) + " allowed", {}});
    }
  }
  const DedupCounts counts = dedup_counts(run);
  std::ostringstream note;
  note << "stable " << counts.stable << " vs openziti " << counts.openziti << " state events";
  if (counts.openziti > 0) note << " (ratio " << counts.ratio() << ")";
  result.note = note.str();
  return result;
}

namespace {

// What the node's running tracker may report, given its inputs up to the record numbered
// `sequence`; nothing when no inputs were logged (a run that records nothing).
std::optional<model::LeaderView> given_view(const RunResult& run, model::NodeIndex node, std::uint64_t sequence) {
  // No fault comes after stop_faults, so the tracker running at the snapshot is the last one.
  const std::vector<detail::Lifetime> lives = detail::lifetimes_of(run, node, run.events);
  if (lives.empty() || lives.back().end) return std::nullopt;
  const detail::ViewState view = detail::view_before(run, node, run.policy, lives.back(), sequence);
  if (view.leader == model::no_node) return model::LeaderView{};
  return model::LeaderView{true, run.node_ids[view.leader]};
}

}  // namespace

CheckResult check_liveness(const RunResult& run) {
  CheckResult result{"liveness", CheckKind::liveness};
  if (!run.liveness) {
    result.applies = false;
    result.note = "no stop_faults in this scenario";
    return result;
  }
  const LivenessSnapshot& s = *run.liveness;
  result.note = "by " + format_time(s.at) + " (faults stopped at " + format_time(s.faults_stopped) + ")";
  if (s.leaders.size() != 1) {
    result.failures.push_back({model::no_node, s.at, std::to_string(s.leaders.size()) +
                                                         " leaders at the end of the liveness bound", {}});
    return result;
  }
  const model::NodeIndex leader = s.leaders[0];
  const auto name = [&](const model::LeaderView& v) { return v.has_leader ? v.leader_id : std::string("no leader"); };
  for (model::NodeIndex node = 0; node < s.up.size(); ++node) {
    if (!s.up[node]) {
      result.failures.push_back({node, s.at, "not running at the end of the liveness bound", {}});
      continue;
    }
    if (!s.member[node]) continue;  // removed, or never added: no leader of its own to follow
    if (s.known_leader[node] != leader) {
      result.failures.push_back({node, s.at, "does not follow the leader " + run.node_ids[leader], {}});
      continue;
    }
    // A stable tracker rightly reports no leader when the leader is not a member to it.
    const bool counted = run.policy != model::TrackerPolicy::stable ||
                         detail::TrackerMembers::before(run, node, s.sequence).counts(leader);
    model::LeaderView want{counted, counted ? run.node_ids[leader] : ""};
    // What its tracker was given may not say so: an observer that lost the observation naming
    // the leader leaves a correct tracker behind for good (nothing new is observed under a
    // steady leader). That is a result about the embedding, not a tracker failure.
    if (const std::optional<model::LeaderView> given = given_view(run, node, s.sequence); given && *given != want) {
      const ObserverCounters& lost = run.observer.at(node);
      if (lost.dropped + lost.skipped_clears + lost.stale == 0) {
        result.failures.push_back({node, s.at, "its tracker was given " + name(*given) + ", not " + name(want) +
                                                   ", though its observer lost nothing", {}});
        continue;
      }
      result.note += "; " + run.node_ids[node] + "'s observer lost observations: its tracker is judged on what it was given, " +
                     name(*given) + ", not " + name(want);
      want = *given;
    }
    if (s.reported[node] != want) {
      result.failures.push_back({node, s.at, "its tracker reports " + name(s.reported[node]) + ", not " + name(want), {}});
    }
  }
  return result;
}

CheckResult check_expectations(const RunResult& run, const std::string* golden_text) {
  CheckResult result{"expectations", CheckKind::expectation};
  const Expectations& expect = run.scenario.expect;
  const Time end = time_zero + run.scenario.duration;
  const std::vector<const RecordedEvent*> written = written_events(run);
  for (const EventExpectation& e : expect.events) {
    if (e.policy && *e.policy != run.policy) continue;
    for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
      if (e.node != "all" && e.node != run.node_ids[node]) continue;
      std::uint64_t count = 0;
      for (const RecordedEvent* r : written) {
        if (r->node == node && r->event.type == e.type && r->at >= e.from && r->at <= e.to &&
            (e.leader.empty() || r->event.leader_id == e.leader)) {
          ++count;
        }
      }
      if (count < e.count_min || count > e.count_max) {
        result.failures.push_back({node, e.to, e.path + ": " + std::to_string(count) + " " +
                                                   std::string(model::event_type_name(e.type)) + " events in [" +
                                                   format_time(e.from) + ", " + format_time(e.to) + "]", {}});
      }
    }
  }
  for (const FinalExpectation& f : expect.final_states) {
    for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
      if (f.node != "all" && f.node != run.node_ids[node]) continue;
      const auto& reported = run.final_reported[node];
      if (!reported) {
        if (f.node != "all") result.failures.push_back({node, end, f.path + ": the node is crashed at the end", {}});
        continue;
      }
      std::string want_leader = f.leader;
      if (f.has_leader && want_leader.empty() && run.final_leaders.size() == 1) {
        want_leader = run.node_ids[run.final_leaders[0]];
      }
      const bool ok = reported->has_leader == f.has_leader &&
                      (!f.has_leader || (!want_leader.empty() && reported->leader_id == want_leader));
      if (!ok) {
        result.failures.push_back({node, end, f.path + ": reports " +
                                                  (reported->has_leader ? "has_leader(" + reported->leader_id + ")" : "is_leaderless") +
                                                  ", expected " + (f.has_leader ? "has_leader(" + want_leader + ")" : "is_leaderless"), {}});
      }
    }
  }
  if (!expect.golden_base.empty()) {
    if (golden_text == nullptr) {
      result.failures.push_back({model::no_node, end, "golden file missing: run with --rewrite, review the diff, commit it", {}});
    } else if (const std::string stream = events_jsonl(run); *golden_text != stream) {
      // The first differing line, for the report.
      std::istringstream want(*golden_text), got(stream);
      std::string want_line, got_line;
      std::size_t line = 0;
      while (true) {
        ++line;
        const bool more_want = static_cast<bool>(std::getline(want, want_line));
        const bool more_got = static_cast<bool>(std::getline(got, got_line));
        if (!more_want && !more_got) break;
        if (!more_want || !more_got || want_line != got_line) {
          result.failures.push_back({model::no_node, end, "differs from the golden stream at line " + std::to_string(line),
                                     {"golden: " + (more_want ? want_line : std::string("(end)")),
                                      "run:    " + (more_got ? got_line : std::string("(end)"))}});
          break;
        }
      }
    }
  }
  if (expect.events.empty() && expect.final_states.empty() && expect.golden_base.empty()) {
    result.applies = false;
  }
  return result;
}

CheckResult check_limit(const RunResult& run, const std::string& name) {
  CheckResult result{name};
  if (run.limit && run.limit->check == name) {
    result.failures.push_back({run.limit->node, run.limit->at, run.limit->detail + "; the run stopped here", run.limit->context});
  }
  if (name == "no_progress") {
    for (const RunawayTracker& runaway : run.runaway_trackers) {
      result.failures.push_back({runaway.node, runaway.at,
                                 "its tracker asked to be woken more than " + std::to_string(tracker_wakeups_per_second_max) +
                                     " times within one simulated second: virtual time crawled; its timer was stopped here", {}});
    }
  }
  return result;
}

OracleReport check_run(const RunResult& run, const std::string* golden_text) {
  OracleReport report;
  // First: when a limit stopped the run, the other checks see a world cut short.
  report.checks.push_back(check_limit(run, "event_budget"));
  report.checks.push_back(check_limit(run, "no_progress"));
  // An external tracker that failed (the tracker protocol) stopped the run too.
  report.checks.push_back(check_limit(run, "tracker_process"));
  report.checks.push_back(check_limit(run, "tracker_protocol"));
  report.checks.push_back(check_format(run));
  report.checks.push_back(check_election_safety(run));
  report.checks.push_back(check_alternation(run));
  report.checks.push_back(check_announcement(run));
  report.checks.push_back(check_role_events(run));
  report.checks.push_back(check_openziti_reference(run));
  report.checks.push_back(check_soundness(run));
  report.checks.push_back(check_completeness_timeliness(run));
  report.checks.push_back(check_dedup(run));
  report.checks.push_back(check_mesh(run));
  report.checks.push_back(check_members(run));
  report.checks.push_back(check_transfers(run));
  report.checks.push_back(check_liveness(run));
  report.checks.push_back(check_expectations(run, golden_text));
  return report;
}

}  // namespace clustersim::sim
