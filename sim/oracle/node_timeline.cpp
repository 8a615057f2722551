#include "sim/oracle/node_timeline.h"

#include <algorithm>

namespace clustersim::sim::detail {

std::vector<Lifetime> lifetimes_of(const RunResult& run, model::NodeIndex node,
                                   const std::vector<RecordedEvent>& events) {
  std::vector<Lifetime> lifetimes;
  std::vector<const RecordedEvent*> mine;
  for (const RecordedEvent& e : events) {
    if (e.node == node) mine.push_back(&e);
  }
  std::size_t next_event = 0;
  const auto& inputs = run.inputs[node];
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const LoggedInput& input = inputs[i];
    // A process that crashed before its (delayed) event generation started had no tracker: its
    // crash, and a pause or resume before it, belong to no lifetime.
    const bool open = !lifetimes.empty() && !lifetimes.back().end;
    if (input.kind == LoggedInput::Kind::start) {
      lifetimes.push_back(Lifetime{input.at, input.sequence, std::nullopt, {}, {}});
    } else if (input.kind == LoggedInput::Kind::crash) {
      if (open) lifetimes.back().end = input.at;
    } else if (open) {
      lifetimes.back().inputs.push_back(&input);
    }
    // Events up to the next input belong to the lifetime now open.
    const std::uint64_t limit = i + 1 < inputs.size() ? inputs[i + 1].sequence : UINT64_MAX;
    while (next_event < mine.size() && mine[next_event]->sequence < limit) {
      if (!lifetimes.empty()) lifetimes.back().events.push_back(mine[next_event]);
      ++next_event;
    }
  }
  return lifetimes;
}

ReportableView::ReportableView(model::TrackerPolicy policy, Time start, TrackerMembers members)
    : policy_(policy), members_(std::move(members)), view_{model::no_node, start, 0} {}

bool ReportableView::counts_as_member(model::NodeIndex leader) const { return members_.counts(leader); }

void ReportableView::apply(const LoggedInput& input) {
  if (input.kind == LoggedInput::Kind::members) {
    // A tracker reconsiders its leader with its new members (the stable policy's validation).
    members_.apply(input);
    if (policy_ != model::TrackerPolicy::stable) return;
    const model::NodeIndex leader = raw_ != model::no_node && raw_term_ >= newest_term_ && counts_as_member(raw_) ? raw_ : model::no_node;
    if (leader != view_.leader) view_ = {leader, input.at, raw_term_};
    return;
  }
  if (!input.given()) return;
  const model::Observation& o = input.observation;
  const std::uint64_t newest_before = newest_term_;
  newest_term_ = std::max(newest_term_, o.term);
  model::NodeIndex leader = view_.leader;
  std::uint64_t term = view_.term;
  if (policy_ == model::TrackerPolicy::stable) {
    // A leader observed in an older term than one already seen was overtaken: it is ignored.
    if (o.kind == model::Observation::Kind::leader && o.term >= newest_before) {
      raw_ = o.leader;
      raw_term_ = o.term;
    }
    // A raft state in a newer term invalidates a leader as surely as a newer leader does.
    const bool valid = raw_ != model::no_node && raw_term_ >= newest_term_ && counts_as_member(raw_);
    leader = valid ? raw_ : model::no_node;
    term = raw_term_;
  } else if (o.kind == model::Observation::Kind::leader) {
    const bool flips = (o.leader != model::no_node) != (view_.leader != model::no_node);
    if (flips) {
      leader = o.leader;
      term = o.term;
    }
  }
  if (leader != view_.leader) view_.since = input.at;
  view_.leader = leader;
  view_.term = term;
}

Time after_on_node_clock(const RunResult& run, model::NodeIndex node, Time since, Duration span) {
  if (node >= run.clocks.size()) return later(since, span);
  const NodeClock& clock = run.clocks[node];
  // Not before `since`: a slow clock reads the same for several nanoseconds.
  return std::max(since, clock.true_time_of(model::saturating_add(clock.local(since), span)));
}

bool paused_between(const Lifetime& life, Time from, Time to) {
  bool paused = false;  // as of `from`
  for (const LoggedInput* input : life.inputs) {
    const bool toggles = input->kind == LoggedInput::Kind::pause || input->kind == LoggedInput::Kind::resume;
    if (!toggles) continue;
    if (input->at >= from) return input->at <= to || paused;
    paused = input->kind == LoggedInput::Kind::pause;
  }
  return paused;
}

Duration wakeup_lateness_max(const Scenario& scenario) {
  Duration latest{0};
  for (const TimedAction& action : scenario.timeline) {
    if (const auto* set = action.get_if<SetObserver>()) latest = std::max(latest, set->faults.wakeup_late);
  }
  return latest;
}

ViewState view_before(const RunResult& run, model::NodeIndex node, model::TrackerPolicy policy,
                      const Lifetime& lifetime, std::uint64_t sequence) {
  ReportableView view(policy, lifetime.start, TrackerMembers::before(run, node, lifetime.start_sequence));
  for (const LoggedInput* input : lifetime.inputs) {
    if (input->sequence >= sequence) break;
    view.apply(*input);
  }
  return view.state();
}

}  // namespace clustersim::sim::detail
