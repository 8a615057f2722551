#include "model/events/cluster_event.h"

#include <array>

namespace clustersim::model {
namespace {

constexpr std::array<std::string_view, cluster_event_type_count> type_names{
    "peer.connected",    "peer.disconnected", "peer.not_member",  "members.changed",
    "leadership.gained", "leadership.lost",   "state.has_leader", "state.is_leaderless",
    "state.ro",          "state.rw",
};

}  // namespace

std::string_view event_type_name(ClusterEventType type) {
  return type_names[static_cast<std::size_t>(type)];
}

std::optional<ClusterEventType> parse_event_type(std::string_view name) {
  for (std::size_t i = 0; i < type_names.size(); ++i) {
    if (type_names[i] == name) return static_cast<ClusterEventType>(i);
  }
  return std::nullopt;
}

bool carries_peers(ClusterEventType type) {
  using T = ClusterEventType;
  return type == T::leadership_gained || type == T::members_changed || type == T::peer_connected ||
         type == T::peer_disconnected || type == T::peer_not_member;
}

}  // namespace clustersim::model
