// Coverage marks of the election model: situations a run reached, counted, so that a swarm can
// say which ones its worlds never reached and steer toward the rare ones (sim/oracle/coverage.h
// adds the simulator's and the oracles' own). A node without marks attached counts nothing;
// each mark costs one untaken branch otherwise.
#pragma once

#include <array>
#include <cstdint>

namespace clustersim::model {

enum class RaftMark : std::uint8_t {
  split_vote,                     // a candidate's election timed out without a winner: it starts again
  pre_vote_rejected_leader_known, // a pre-vote refused because the voter still hears a leader (stickiness)
  vote_rejected_leader_known,     // the same for a real vote
  lease_step_down,                // a leader that lost contact with a quorum within its lease steps down
  leader_deposed_by_term,         // a leader learns of a newer term and steps down
  transfer_timeout_now,           // a leadership transfer reached its target: TimeoutNow sent
  transfer_failed,                // a leadership transfer ended without a new leader
  removed_leader_steps_down,      // a leader no longer a voter in the committed configuration
  count
};

inline constexpr std::size_t raft_mark_count = static_cast<std::size_t>(RaftMark::count);

inline constexpr std::array<const char*, raft_mark_count> raft_mark_names = {
    "split_vote",      "pre_vote_rejected_leader_known", "vote_rejected_leader_known", "lease_step_down",
    "leader_deposed_by_term", "transfer_timeout_now", "transfer_failed",           "removed_leader_steps_down"};

struct RaftMarks {
  std::array<std::uint64_t, raft_mark_count> counts{};
  void add(RaftMark mark) { ++counts[static_cast<std::size_t>(mark)]; }
};

}  // namespace clustersim::model
