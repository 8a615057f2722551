#include "model/tracker/leader_state_tracker.h"

#include <utility>

#include "model/tracker/openziti_tracker.h"
#include "model/tracker/stable_tracker.h"

namespace clustersim::model {

std::unique_ptr<LeaderStateTracker> make_tracker(TrackerConfig config, EventSink& sink) {
  if (auto problem = config.problem()) throw TrackerConfigError("tracker: " + *problem);
  if (config.policy == TrackerPolicy::openziti) {
    return std::make_unique<detail::OpenZitiTracker>(std::move(config), sink);
  }
  return std::make_unique<detail::StableTracker>(std::move(config), sink);
}

}  // namespace clustersim::model
