// The election model's messages: hashicorp/raft's RPCs that matter for leader election.
//
// One plain struct for all six kinds, with the fields each kind uses documented beside
// them; the sender is not a field (the transport knows it). Heartbeats are AppendEntries
// with `heartbeat` set: like hashicorp's, they carry no entries and skip the log check.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace clustersim::model {

using NodeIndex = std::uint32_t;  // position in RaftConfig::members
inline constexpr NodeIndex no_node = UINT32_MAX;

enum class MessageType : std::uint8_t {
  append_entries,
  append_entries_response,
  request_vote,
  request_vote_response,
  request_pre_vote,
  request_pre_vote_response,
};
std::string_view message_type_name(MessageType type);

struct Message {
  MessageType type = MessageType::append_entries;
  std::uint64_t term = 0;  // the sender's term (for a pre-vote request: the term it would use)

  // append_entries
  bool heartbeat = false;
  std::uint64_t prev_log_index = 0;
  std::uint64_t prev_log_term = 0;
  std::vector<std::uint64_t> entry_terms;  // the terms of entries prev_log_index + 1, ...
  std::uint64_t leader_commit = 0;

  // request_vote, request_pre_vote: the candidate's last log entry
  // append_entries_response: the follower's last log index
  std::uint64_t last_log_index = 0;
  std::uint64_t last_log_term = 0;

  // all responses
  bool granted = false;  // vote granted, or entries accepted
};

}  // namespace clustersim::model
