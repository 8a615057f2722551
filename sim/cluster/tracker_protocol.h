// The tracker protocol's messages (docs/tracker-protocol.md): what clustersim writes to a
// tracker under test, what the tracker answers, and how both are written and read.
//
// A request is one JSON object per line with its keys in a fixed order, so that the same run
// writes the same bytes (test vectors and --observations files are these lines). An answer is
// {"events":[...],"wakeup_ns":N|null}: the OpenZiti JSON of each event the tracker emitted
// while handling the request, and when it next wants a wake-up, in the node's own time.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/events/cluster_event.h"
#include "model/raft/raft_state.h"
#include "model/tracker/tracker_config.h"

namespace clustersim::sim {

// Raised whenever a message changes meaning or a required key appears; a tracker answers a
// hello of a version it does not speak with an error.
inline constexpr int tracker_protocol_version = 1;

// When a request happens: the simulation's true time, the node's monotonic clock (the time
// the tracker is told; its deadlines are in this time) and the node's wall clock (what every
// event emitted for this request must be stamped).
struct ProtocolTime {
  std::int64_t virtual_ns = 0;
  std::int64_t now_ns = 0;
  model::Timestamp wall;
};

struct TrackerRequest {
  enum class Kind { hello, boot, start, raft_state, leader, members, wakeup, crash, bye };
  Kind kind = Kind::hello;
  std::string_view node;         // every kind but hello and bye
  ProtocolTime time;             // every kind but hello and bye
  model::RaftState state{};      // raft_state
  std::uint64_t term = 0;        // raft_state, leader
  std::string_view leader;       // leader: "" = no leader
  std::uint64_t index = 0;       // members: the configuration's log index
  const std::vector<model::ClusterPeer>* members = nullptr;  // boot, members
  const model::TrackerConfig* config = nullptr;  // boot: the node's tracker configuration
  // hello only:
  model::TrackerPolicy policy = model::TrackerPolicy::stable;
  std::chrono::nanoseconds stability_window{0};
  const std::vector<std::string>* nodes = nullptr;
};

std::string_view request_kind_name(TrackerRequest::Kind kind);

// Appends the request's JSON line (without a newline) to `out`.
void append_request(std::string& out, const TrackerRequest& request);

// Appends an answer's JSON line as a conforming tracker writes it: events in OpenZiti's key
// order (model/events/event_json.h), wakeup_ns last.
void append_answer(std::string& out, const std::vector<model::ClusterEvent>& events,
                   std::optional<std::chrono::nanoseconds> wakeup);

struct TrackerAnswer {
  std::vector<model::ClusterEvent> events;
  std::optional<std::chrono::nanoseconds> wakeup;
  std::string error;  // hello only: the tracker refuses the session, and says why
  std::string tracker;  // hello only: the tracker's name and version, for reports
};

// Reads an answer line. On a problem returns what is wrong (the key, the event's position);
// an answer carrying "error" is read, not refused: the caller decides.
std::optional<std::string> parse_answer(std::string_view line, TrackerAnswer& answer);

}  // namespace clustersim::sim
