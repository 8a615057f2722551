// The election model's and the mesh's messages in words, for a full trace and `run --verbose`:
// "RequestVote term 3, last entry 12/2", "AppendEntries term 3 heartbeat, commit 12".
#pragma once

#include <string>

#include "model/mesh/mesh_effects.h"
#include "model/raft/message.h"

namespace clustersim::sim {

std::string message_text(const model::Message& message);
std::string message_text(const model::MeshMessage& message);

}  // namespace clustersim::sim
