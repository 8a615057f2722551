// The election model's invariants, checked after every input in LogCabin's style: what must
// hold of a node's state at rest, and what must hold of any change from one input to the
// next. RaftNode asserts them itself in builds with CLUSTERSIM_RAFT_INVARIANTS (Debug and the
// sanitizer build); tests call them directly after every input in any build.
#pragma once

#include <optional>
#include <string>

#include "model/raft/raft_node.h"

namespace clustersim::model {

// What is wrong with the node's state, or nothing:
//   - a leader knows itself as leader; a follower or candidate never names itself;
//   - a vote is never from a future term; a candidate past its pre-vote voted for itself;
//   - log terms never decrease and never exceed the current term; the commit index is in the log;
//   - a candidate counts exactly the votes it recorded, its own included;
//   - only a leader has a leadership transfer in progress;
//   - the role's own timer is armed and no other role's (follower: follower; candidate:
//     election; leader: lease, and in range mode its one heartbeat timer).
std::optional<std::string> state_violation(const RaftNode& node);

// What is wrong with the change from `before` to the node's state now, or nothing: the term
// never decreases, a vote once cast in a term never changes, the commit index never decreases.
std::optional<std::string> transition_violation(const RaftNode::Before& before, const RaftNode& node);

}  // namespace clustersim::model
