// The election model's messages: hashicorp/raft's RPCs that matter for leader election.
//
// One plain struct for all eight kinds, with the fields each kind uses documented beside
// them; the sender is not a field (the transport knows it). Heartbeats are AppendEntries
// with `heartbeat` set: like hashicorp's, they carry no entries and skip the log check.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "model/raft/raft_log.h"

namespace clustersim::model {

enum class MessageType : std::uint8_t {
  append_entries,
  append_entries_response,
  request_vote,
  request_vote_response,
  request_pre_vote,
  request_pre_vote_response,
  timeout_now,           // leadership transfer: the leader tells its target to campaign at once
  timeout_now_response,
};
std::string_view message_type_name(MessageType type);

// Laid out small, since every send copies one: the flags share the first word, and the rare
// configuration entries are shared, not copied (null when there are none, nearly always).
struct Message {
  MessageType type = MessageType::append_entries;
  bool heartbeat = false;            // append_entries (and its response): a heartbeat
  bool granted = false;              // all responses: vote granted, or entries accepted
  // request_vote: the election was started by a leadership transfer, so voters grant it even
  // though they know a leader (hashicorp's LeadershipTransfer flag)
  bool leadership_transfer = false;
  std::uint64_t term = 0;  // the sender's term (for a pre-vote request: the term it would use)

  // append_entries
  std::uint64_t prev_log_index = 0;
  std::uint64_t prev_log_term = 0;
  std::uint64_t leader_commit = 0;
  std::vector<std::uint64_t> entry_terms;  // the terms of entries prev_log_index + 1, ...
  // Those of the entries that are configurations, in index order; null when none is.
  std::shared_ptr<const std::vector<ConfigurationEntry>> configurations;

  // request_vote, request_pre_vote: the candidate's last log entry
  // append_entries_response: the follower's last log index
  std::uint64_t last_log_index = 0;
  std::uint64_t last_log_term = 0;
};

}  // namespace clustersim::model
