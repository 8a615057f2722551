// The log, modelled as far as leader election and membership need it: the term of each entry,
// and the configuration carried by each configuration entry. That is enough for the vote
// restriction (a voter rejects a candidate whose log is behind, by last term then last index),
// for replication's consistency check, and for hashicorp's rule that the latest configuration
// in the log is the one in force. Indexes start at 1; index 0 is the empty log's "last entry"
// with term 0, and the configuration at index 0 is the one the node was bootstrapped with.
#pragma once

#include <cstdint>
#include <vector>

#include "model/assert.h"
#include "model/raft/membership.h"

namespace clustersim::model {

struct ConfigurationEntry {
  std::uint64_t index = 0;
  Membership membership;
  friend bool operator==(const ConfigurationEntry&, const ConfigurationEntry&) = default;
};

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
  // Appends a configuration entry: its membership is in force from now on (hashicorp acts on
  // the latest configuration in its log, committed or not).
  void append_configuration(std::uint64_t term, Membership membership) {
    terms_.push_back(term);
    configurations_.push_back({last_index(), std::move(membership)});
  }

  // Removes entries after `index` (a follower dropping a conflicting suffix), with any
  // configuration among them.
  void truncate_after(std::uint64_t index) {
    CLUSTERSIM_ASSERT(index <= last_index());
    terms_.resize(index);
    while (!configurations_.empty() && configurations_.back().index > index) configurations_.pop_back();
  }

  // The configuration entries, oldest first; their indexes increase.
  const std::vector<ConfigurationEntry>& configurations() const { return configurations_; }
  // The newest configuration entry at or before `index`, or null if none.
  const ConfigurationEntry* configuration_at_or_before(std::uint64_t index) const {
    for (auto entry = configurations_.rbegin(); entry != configurations_.rend(); ++entry) {
      if (entry->index <= index) return &*entry;
    }
    return nullptr;
  }

  // True when a log ending at (last_term, last_index) is at least as up to date as this one:
  // Raft's vote restriction.
  bool is_behind_or_equal_to(std::uint64_t other_last_term, std::uint64_t other_last_index) const {
    if (other_last_term != last_term()) return other_last_term > last_term();
    return other_last_index >= last_index();
  }

 private:
  std::vector<std::uint64_t> terms_;
  std::vector<ConfigurationEntry> configurations_;  // by increasing index
};

}  // namespace clustersim::model
