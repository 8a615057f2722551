#include "model/raft/raft_state.h"

namespace clustersim::model {

std::string_view raft_state_name(RaftState state) {
  switch (state) {
    case RaftState::follower: return "Follower";
    case RaftState::candidate: return "Candidate";
    case RaftState::leader: return "Leader";
    case RaftState::shutdown: return "Shutdown";
  }
  return "Unknown";
}

}  // namespace clustersim::model
