// Checks on the event stream itself: format, alternation, and the openziti policy against a
// deliberately simple reference model of the controller's rules.
#include <algorithm>

#include "model/events/event_json.h"
#include "sim/oracle/checks.h"
#include "sim/oracle/node_timeline.h"

namespace clustersim::sim {

bool is_state_event(const model::ClusterEvent& event) {
  return event.type == model::ClusterEventType::state_has_leader ||
         event.type == model::ClusterEventType::state_is_leaderless;
}

std::string event_line(const RecordedEvent& event) {
  return format_time(event.at) + " " + model::event_to_json(event.event);
}

std::string events_jsonl(const RunResult& run) {
  std::string text;
  for (const RecordedEvent* e : written_events(run)) {
    model::append_event_json(text, e->event);
    text.push_back('\n');
  }
  return text;
}

namespace {

// Whether `read` is `written` as the reader gives it back: a peer's API addresses are written,
// not read. Only an event listing API addresses is copied to compare without them (a mesh
// peer event); every other event compares as it is.
bool reads_back_as(const model::ClusterEvent& read, const model::ClusterEvent& written) {
  const bool lists_api_addresses = std::any_of(written.peers.begin(), written.peers.end(),
                                               [](const model::ClusterPeer& p) { return !p.api_addresses.empty(); });
  if (!lists_api_addresses) return read == written;
  model::ClusterEvent without = written;
  for (model::ClusterPeer& peer : without.peers) peer.api_addresses.clear();
  return read == without;
}

}  // namespace

CheckResult check_format(const RunResult& run) {
  CheckResult result{"format"};
  const model::WallClock run_clock = run.scenario.wall_clock();
  std::string line;  // one buffer for every event's line: a run has thousands
  for (const std::vector<RecordedEvent>* events : {&run.events, &run.comparison_events, &run.mesh_events}) {
    for (const RecordedEvent& e : *events) {
      line.clear();
      model::append_event_json(line, e.event);
      const model::EventParseResult parsed = model::parse_event_json(line);
      std::string problem;
      if (!parsed.ok()) {
        problem = "does not read back: " + parsed.key + ": " + parsed.error;
      } else if (!reads_back_as(*parsed.event, e.event)) {
        problem = "reads back as a different event";
      } else if (e.event.source_id != run.node_ids[e.node]) {
        problem = "event_src_id is not the emitting node";
      } else if (const model::Timestamp want = run_clock.at(run.clocks[e.node].wall(e.at)); !(e.event.timestamp == want)) {
        // An event is stamped when the tracker decides, which is when it is emitted, by its
        // node's wall clock: a stamp from another instant (the candidate state's start, say)
        // misleads every timeline.
        problem = "timestamp " + model::format_timestamp(e.event.timestamp) + " is not the instant it was emitted, " +
                  model::format_timestamp(want);
      }
      // (Which types carry a leaderId and peers is the reader's rule: such an event does not
      // read back, and says why.)
      if (!problem.empty()) result.failures.push_back({e.node, e.at, problem, {event_line(e)}});
    }
  }
  return result;
}

CheckResult check_alternation(const RunResult& run) {
  CheckResult result{"alternation"};
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    for (const detail::Lifetime& life : detail::lifetimes_of(run, node, run.events)) {
      const RecordedEvent* previous = nullptr;
      for (const RecordedEvent* e : life.events) {
        if (!is_state_event(e->event)) continue;
        if (previous != nullptr && previous->event.type == e->event.type &&
            previous->event.leader_id == e->event.leader_id) {
          const bool leaderless = e->event.type == model::ClusterEventType::state_is_leaderless;
          result.failures.push_back({node, e->at,
                                     leaderless ? "two is_leaderless in a row"
                                                : "two has_leader in a row with the same leaderId",
                                     {event_line(*previous), event_line(*e)}});
        }
        previous = e;
      }
    }
  }
  return result;
}

namespace {

// The controller's rules restated over a node's inputs: an announcement at start, then an
// event wherever "has a leader" flips, naming the id that began the run of leaders; roles
// likewise. Returns "has_leader(id)", "is_leaderless", "leadership.gained", ... .
std::vector<std::string> reference_events(const RunResult& run, const detail::Lifetime& life) {
  std::vector<std::string> expected;
  bool had = false;
  std::string first_of_run;
  bool was_leader = false;
  // A new tracker knows no leader yet, unless a delayed event generation gave it raft's.
  std::size_t first = 0;
  if (!life.inputs.empty() && life.inputs.front()->kind == LoggedInput::Kind::snapshot) {
    had = true;
    first_of_run = run.node_ids[life.inputs.front()->observation.leader];
    first = 1;
  }
  expected.push_back(had ? "has_leader(" + first_of_run + ")" : "is_leaderless");
  for (std::size_t i = first; i < life.inputs.size(); ++i) {
    const LoggedInput* input = life.inputs[i];
    if (input->kind != LoggedInput::Kind::observation) continue;
    const model::Observation& o = input->observation;
    if (o.kind == model::Observation::Kind::leader) {
      const bool has = o.leader != model::no_node;
      if (has && !had) first_of_run = run.node_ids[o.leader];
      if (has != had) expected.push_back(has ? "has_leader(" + first_of_run + ")" : "is_leaderless");
      had = has;
    } else {
      const bool is_leader = o.state == model::RaftState::leader;
      if (is_leader != was_leader) expected.emplace_back(is_leader ? "leadership.gained" : "leadership.lost");
      was_leader = is_leader;
    }
  }
  return expected;
}

std::string summary_of(const model::ClusterEvent& e) {
  if (e.type == model::ClusterEventType::state_has_leader) return "has_leader(" + e.leader_id + ")";
  if (e.type == model::ClusterEventType::state_is_leaderless) return "is_leaderless";
  return std::string(model::event_type_name(e.type));
}

}  // namespace

CheckResult check_openziti_reference(const RunResult& run) {
  CheckResult result{"openziti_reference"};
  const bool primary = run.policy == model::TrackerPolicy::openziti;
  const std::vector<RecordedEvent>& events = primary ? run.events : run.comparison_events;
  result.note = primary ? "the run's own events" : "the openziti tracker run alongside";
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    for (const detail::Lifetime& life : detail::lifetimes_of(run, node, events)) {
      const std::vector<std::string> expected = reference_events(run, life);
      std::vector<const RecordedEvent*> actual;
      for (const RecordedEvent* e : life.events) {
        if (e->event.type != model::ClusterEventType::members_changed) actual.push_back(e);
      }
      for (std::size_t i = 0; i < std::max(expected.size(), actual.size()); ++i) {
        const std::string want = i < expected.size() ? expected[i] : "(nothing)";
        const std::string got = i < actual.size() ? summary_of(actual[i]->event) : "(nothing)";
        if (want == got) continue;
        const Time at = i < actual.size() ? actual[i]->at : life.start;
        CheckFailure failure{node, at, "event " + std::to_string(i) + " of the tracker started at " +
                                           format_time(life.start) + ": expected " + want + ", got " + got, {}};
        if (i < actual.size()) failure.events.push_back(event_line(*actual[i]));
        result.failures.push_back(failure);
        break;  // the rest of this lifetime would only repeat the difference
      }
    }
  }
  return result;
}

}  // namespace clustersim::sim
