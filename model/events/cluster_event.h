// ClusterEvent: one event of the OpenZiti controller's `cluster` namespace, as the tracker
// emits it and as the `check` command reads it back from a controller's event log.
//
// All ten OpenZiti cluster event types exist here, although the leader-state tracker emits
// only some of them, so that logs from real controllers can be read whole. The JSON form
// (model/events/event_json.h) is exactly OpenZiti's: namespace, event_src_id, timestamp,
// eventType, then index, peers and leaderId when they are not empty.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/events/timestamp.h"

namespace clustersim::model {

enum class ClusterEventType : std::uint8_t {
  peer_connected,
  peer_disconnected,
  peer_not_member,
  members_changed,
  leadership_gained,
  leadership_lost,
  state_has_leader,
  state_is_leaderless,
  state_ro,
  state_rw,
};
inline constexpr std::size_t cluster_event_type_count = 10;

// The wire name, for example "state.has_leader".
std::string_view event_type_name(ClusterEventType type);

// Where OpenZiti puts a peer list: the members when leadership is gained or the membership
// changes, and the one peer of a peer.* event. Never on the state or role-lost events.
bool carries_peers(ClusterEventType type);
// The type with that wire name, or nothing for an unknown name.
std::optional<ClusterEventType> parse_event_type(std::string_view name);

// One of a controller's API addresses, as a mesh peer announces them in its hello: an API
// binding ("edge-client") and its URL and API version.
struct ApiAddress {
  std::string binding;
  std::string url;
  std::string version;
  friend bool operator==(const ApiAddress&, const ApiAddress&) = default;
};

// One cluster member as events list it. The mesh's peer.* events also carry the peer's
// version and API addresses (written when present; read back: the version, the addresses
// skipped).
struct ClusterPeer {
  std::string id;
  std::string addr;
  std::string version{};                      // empty = absent
  std::vector<ApiAddress> api_addresses{};  // empty = absent
  friend bool operator==(const ClusterPeer&, const ClusterPeer&) = default;
};

inline constexpr std::string_view cluster_namespace = "cluster";

struct ClusterEvent {
  ClusterEventType type = ClusterEventType::state_is_leaderless;
  std::string source_id;  // event_src_id: the controller that emitted it
  Timestamp timestamp;
  std::uint64_t index = 0;         // members.changed only; 0 = absent
  std::vector<ClusterPeer> peers;  // empty = absent
  std::string leader_id;           // empty = absent

  friend bool operator==(const ClusterEvent&, const ClusterEvent&) = default;
};

}  // namespace clustersim::model
