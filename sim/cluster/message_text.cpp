#include "sim/cluster/message_text.h"

namespace clustersim::sim {

std::string message_text(const model::Message& m) {
  using T = model::MessageType;
  std::string text = std::string(model::message_type_name(m.type)) + " term " + std::to_string(m.term);
  switch (m.type) {
    case T::append_entries:
      if (m.heartbeat) text += " heartbeat";
      text += ", after " + std::to_string(m.prev_log_index) + "/" + std::to_string(m.prev_log_term);
      if (!m.entry_terms.empty()) text += ", " + std::to_string(m.entry_terms.size()) + " entries";
      text += ", commit " + std::to_string(m.leader_commit);
      break;
    case T::request_vote:
    case T::request_pre_vote:
      text += ", last entry " + std::to_string(m.last_log_index) + "/" + std::to_string(m.last_log_term);
      if (m.leadership_transfer) text += ", for a transfer";
      break;
    case T::append_entries_response:
      text += m.granted ? ", accepted" : ", refused";
      text += ", last index " + std::to_string(m.last_log_index);
      break;
    case T::request_vote_response:
    case T::request_pre_vote_response:
    case T::timeout_now_response:
      text += m.granted ? ", granted" : ", refused";
      break;
    case T::timeout_now:
      break;
  }
  return text;
}

std::string message_text(const model::MeshMessage& m) {
  std::string text = "mesh " + std::string(model::mesh_message_type_name(m.type));
  if (!m.version.empty()) text += " version " + m.version;
  if (m.type == model::MeshMessageType::hello_reply) text += m.accepted ? ", accepted" : ", refused";
  return text;
}

}  // namespace clustersim::sim
