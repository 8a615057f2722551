#include "sim/logcheck/log_event.h"

namespace clustersim::sim::logcheck {

Id IdTable::intern(std::string_view text) {
  if (const auto found = ids_.find(text); found != ids_.end()) return found->second;
  const Id id = static_cast<Id>(names_.size());
  names_.emplace_back(text);
  ids_.emplace(names_.back(), id);
  return id;
}

Id IdTable::find(std::string_view text) const {
  const auto found = ids_.find(text);
  return found == ids_.end() ? no_id : found->second;
}

}  // namespace clustersim::sim::logcheck
