// The log, modelled as far as leader election needs it: the term of each entry. That is
// enough for the vote restriction (a voter rejects a candidate whose log is behind, by last
// term then last index) and for replication's consistency check. Indexes start at 1; index
// 0 is the empty log's "last entry" with term 0.
#pragma once

#include <cstdint>
#include <vector>

#include "model/assert.h"

namespace clustersim::model {

class RaftLog {
 public:
  std::uint64_t last_index() const { return terms_.size(); }
  std::uint64_t last_term() const { return terms_.empty() ? 0 : terms_.back(); }

  // Term of the entry at `index`; 0 for index 0. Precondition: index <= last_index().
  std::uint64_t term_at(std::uint64_t index) const {
    CLUSTERSIM_ASSERT(index <= last_index());
    return index == 0 ? 0 : terms_[index - 1];
  }

  void append(std::uint64_t term) { terms_.push_back(term); }

  // Removes entries after `index` (a follower dropping a conflicting suffix).
  void truncate_after(std::uint64_t index) {
    CLUSTERSIM_ASSERT(index <= last_index());
    terms_.resize(index);
  }

  // True when a log ending at (last_term, last_index) is at least as up to date as this one:
  // Raft's vote restriction.
  bool is_behind_or_equal_to(std::uint64_t other_last_term, std::uint64_t other_last_index) const {
    if (other_last_term != last_term()) return other_last_term > last_term();
    return other_last_index >= last_index();
  }

 private:
  std::vector<std::uint64_t> terms_;
};

}  // namespace clustersim::model
