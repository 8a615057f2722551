// Internal to sim/oracle: one node's tracker inputs and events merged in exact order, split
// into tracker lifetimes (from a start to a crash or the end of the run).
#pragma once

#include <optional>
#include <vector>

#include "sim/oracle/tracker_members.h"
#include "sim/simulation/simulation.h"

namespace clustersim::sim::detail {

struct Lifetime {
  Time start;
  std::uint64_t start_sequence = 0;  // the start input's record number
  std::optional<Time> end;  // a crash; nothing if it ran to the end of the run
  std::vector<const LoggedInput*> inputs;  // observations, pauses, resumes, in order
  std::vector<const RecordedEvent*> events;  // this node's events (all types), in order
};

// Lifetimes of `node` for the given event list (primary or comparison bank).
std::vector<Lifetime> lifetimes_of(const RunResult& run, model::NodeIndex node,
                                   const std::vector<RecordedEvent>& events);

// What a node's tracker of `policy` may report, replayed over the inputs it was given (its
// delivered observations; other inputs change nothing):
//   stable    the validated leader: the last observed leader (one observed in an older term
//             than already seen is ignored) if the tracker counts it as a member and it came
//             in the newest term the node has seen, else no leader;
//   openziti  the controller's flip rule: the first leader of the current run of leaders (a
//             direct change A -> B keeps A), no leader once one is cleared.
// `since` is when that view last changed (the lifetime's start if never); `term` the term of
// the observation that names its leader.
struct ViewState {
  model::NodeIndex leader = model::no_node;
  Time since;
  std::uint64_t term = 0;
};

class ReportableView {
 public:
  // `members`: whom the tracker counts as a member as the lifetime starts.
  ReportableView(model::TrackerPolicy policy, Time start, TrackerMembers members);
  void apply(const LoggedInput& input);
  const ViewState& state() const { return view_; }

 private:
  bool counts_as_member(model::NodeIndex leader) const;

  model::TrackerPolicy policy_;
  TrackerMembers members_;  // as of the input applied last
  model::NodeIndex raw_ = model::no_node;
  std::uint64_t raw_term_ = 0;
  std::uint64_t newest_term_ = 0;
  ViewState view_;
};

// The true instant at which `span` has passed on the node's own clock since `since`: a tracker
// measures its window with its node's clock, which runs at its own rate (NodeClock).
Time after_on_node_clock(const RunResult& run, model::NodeIndex node, Time since, Duration span);

// Whether the node was paused at any moment of [from, to] (its tracker's timer waits then).
bool paused_between(const Lifetime& life, Time from, Time to);

// The latest any wake-up of the scenario may fire (ObserverFaults::wakeup_late): a stable
// tracker decides when its timer fires, so a report may come that much after its window.
Duration wakeup_lateness_max(const Scenario& scenario);

// The view of `policy` just before the record numbered `sequence`.
ViewState view_before(const RunResult& run, model::NodeIndex node, model::TrackerPolicy policy,
                      const Lifetime& lifetime, std::uint64_t sequence);

}  // namespace clustersim::sim::detail
