// Configuration of a leader-state tracker, and the names of its two policies.
//
// Built by whoever embeds a tracker (a simulated node, the Asio adapter, a test) and checked
// with problem() before a tracker is made: a bad configuration is an error a person can act
// on, never an assertion.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/events/cluster_event.h"
#include "model/events/timestamp.h"
#include "model/tracker/peer_list.h"

namespace clustersim::model {

enum class TrackerPolicy : std::uint8_t {
  openziti,  // what the OpenZiti controller does today: boolean flips, no window
  stable,    // stability window + leader validation + leader changes reported
};

std::string_view policy_name(TrackerPolicy policy);
std::optional<TrackerPolicy> parse_policy(std::string_view name);

struct TrackerConfig {
  TrackerPolicy policy = TrackerPolicy::stable;
  std::string self_id;                 // this controller's id: event_src_id of every event
  PeerList members;                    // the cluster's members, this node included (shared by copies)
  std::chrono::nanoseconds stability_window{0};  // stable policy: how long a state must hold
  WallClock clock;                     // maps the time the tracker is told to timestamps

  // Why this configuration cannot be used, or nothing.
  std::optional<std::string> problem() const;
};

}  // namespace clustersim::model
