// An EventSink that keeps every event, for tracker tests.
#pragma once

#include <string>
#include <vector>

#include "model/events/event_sink.h"

namespace clustersim::model::testing {

class RecordingSink : public EventSink {
 public:
  void accept(const ClusterEvent& event) override { events.push_back(event); }

  // "has_leader(ctrl1)", "is_leaderless", "leadership.gained", ... for compact assertions.
  std::vector<std::string> summary() const {
    std::vector<std::string> out;
    for (const ClusterEvent& e : events) {
      if (e.type == ClusterEventType::state_has_leader) {
        out.push_back("has_leader(" + e.leader_id + ")");
      } else if (e.type == ClusterEventType::state_is_leaderless) {
        out.push_back("is_leaderless");
      } else {
        out.emplace_back(event_type_name(e.type));
      }
    }
    return out;
  }

  std::vector<ClusterEvent> events;
};

}  // namespace clustersim::model::testing
