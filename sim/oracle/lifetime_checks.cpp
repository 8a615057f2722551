// Checks on the shape of each tracker lifetime (from its start to a crash or the end of the
// run): one announcement, at its start; and role events that match, one for one, the changes
// of raft role the tracker was given.
#include "sim/oracle/checks.h"
#include "sim/oracle/node_timeline.h"

namespace clustersim::sim {
namespace {

bool is_role_event(const model::ClusterEvent& event) {
  return event.type == model::ClusterEventType::leadership_gained ||
         event.type == model::ClusterEventType::leadership_lost;
}

// The sequence number of the lifetime's first input after its start (raft's leader given at a
// delayed start is part of the start): what the tracker emits before it, it emitted while
// starting.
std::uint64_t first_input_sequence(const detail::Lifetime& life) {
  for (const LoggedInput* input : life.inputs) {
    if (input->kind != LoggedInput::Kind::snapshot) return input->sequence;
  }
  return UINT64_MAX;
}

}  // namespace

CheckResult check_announcement(const RunResult& run) {
  CheckResult result{"announcement"};
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    for (const detail::Lifetime& life : detail::lifetimes_of(run, node, run.events)) {
      const std::uint64_t starting = first_input_sequence(life);
      std::vector<const RecordedEvent*> at_start;  // state events emitted while starting
      const RecordedEvent* first_state = nullptr;
      for (const RecordedEvent* e : life.events) {
        if (!is_state_event(e->event)) continue;
        if (first_state == nullptr) first_state = e;
        if (e->sequence < starting && e->at == life.start) at_start.push_back(e);
      }
      if (at_start.size() == 1) continue;
      CheckFailure failure{node, life.start, "", {}};
      if (at_start.empty()) {
        failure.message = "the tracker started at " + format_time(life.start) + " announced nothing";
        if (first_state != nullptr) failure.events.push_back(event_line(*first_state));
      } else {
        failure.message = "the tracker started at " + format_time(life.start) + " announced " +
                          std::to_string(at_start.size()) + " times";
        for (const RecordedEvent* e : at_start) failure.events.push_back(event_line(*e));
      }
      result.failures.push_back(failure);
    }
  }
  return result;
}

CheckResult check_role_events(const RunResult& run) {
  CheckResult result{"role_events"};
  for (model::NodeIndex node = 0; node < run.node_ids.size(); ++node) {
    for (const detail::Lifetime& life : detail::lifetimes_of(run, node, run.events)) {
      // Each role change the tracker was given, and the window of records it must answer in:
      // after that input and before the next one.
      struct Expected {
        model::ClusterEventType type;
        const LoggedInput* input;
        std::uint64_t before;
      };
      std::vector<Expected> expected;
      bool was_leader = false;  // a tracker starts as a follower
      for (std::size_t i = 0; i < life.inputs.size(); ++i) {
        const LoggedInput& input = *life.inputs[i];
        if (input.kind != LoggedInput::Kind::observation || input.observation.kind != model::Observation::Kind::raft_state) {
          continue;
        }
        const bool is_leader = input.observation.state == model::RaftState::leader;
        if (is_leader == was_leader) continue;
        was_leader = is_leader;
        const std::uint64_t before = i + 1 < life.inputs.size() ? life.inputs[i + 1]->sequence : UINT64_MAX;
        expected.push_back({is_leader ? model::ClusterEventType::leadership_gained : model::ClusterEventType::leadership_lost,
                            &input, before});
      }
      std::vector<const RecordedEvent*> actual;
      for (const RecordedEvent* e : life.events) {
        if (is_role_event(e->event)) actual.push_back(e);
      }
      for (std::size_t i = 0; i < std::max(expected.size(), actual.size()); ++i) {
        std::string problem;
        if (i >= expected.size()) {
          problem = "a role event no role change explains";
        } else if (i >= actual.size()) {
          problem = "no " + std::string(model::event_type_name(expected[i].type)) + " for the role change at " +
                    format_time(expected[i].input->at);
        } else if (actual[i]->event.type != expected[i].type) {
          problem = std::string(model::event_type_name(actual[i]->event.type)) + " where the role change at " +
                    format_time(expected[i].input->at) + " calls for " + std::string(model::event_type_name(expected[i].type));
        } else if (actual[i]->sequence < expected[i].input->sequence || actual[i]->sequence >= expected[i].before) {
          problem = "not emitted when its role change at " + format_time(expected[i].input->at) + " was given";
        } else if (expected[i].type == model::ClusterEventType::leadership_gained) {
          // The members it lists are those it has as it emits the event.
          const std::vector<model::ClusterPeer> peers = detail::TrackerMembers::before(run, node, actual[i]->sequence).peers();
          if (actual[i]->event.peers != peers) {
            problem = "leadership.gained does not list the tracker's " + std::to_string(peers.size()) + " members as peers";
          }
        }
        if (problem.empty()) continue;
        const Time at = i < actual.size() ? actual[i]->at : expected[i].input->at;
        CheckFailure failure{node, at, problem, {}};
        if (i < actual.size()) failure.events.push_back(event_line(*actual[i]));
        result.failures.push_back(failure);
        break;  // the rest of this lifetime would only repeat the difference
      }
    }
  }
  return result;
}

}  // namespace clustersim::sim
