// hashicorp/raft's RaftState: the role a server is in. Shared by the election model (which
// produces RaftState observations) and the tracker (which consumes them).
#pragma once

#include <cstdint>
#include <string_view>

namespace clustersim::model {

enum class RaftState : std::uint8_t { follower, candidate, leader, shutdown };

// hashicorp's spelling: "Follower", "Candidate", "Leader", "Shutdown".
std::string_view raft_state_name(RaftState state);

}  // namespace clustersim::model
