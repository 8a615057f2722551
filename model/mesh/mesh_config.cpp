#include "model/mesh/mesh_config.h"

#include <cmath>

namespace clustersim::model {

std::optional<std::string> MeshConfig::problem() const {
  const struct {
    const char* name;
    Nanos value;
  } durations[] = {{"min_retry", min_retry},           {"max_retry", max_retry},
                   {"fast_failure_window", fast_failure_window},
                   {"dial_timeout", dial_timeout},     {"scan_every", scan_every},
                   {"queue_check_every", queue_check_every},
                   {"heartbeat_every", heartbeat_every}, {"check_every", check_every},
                   {"unresponsive_after", unresponsive_after},
                   {"not_member_grace", not_member_grace}};
  for (const auto& d : durations) {
    if (d.value <= Nanos{0}) return std::string(d.name) + " must be positive";
    if (d.value > duration_max) return std::string(d.name) + " must be at most 24h";
  }
  if (min_retry > max_retry) return "min_retry must not be longer than max_retry";
  if (!std::isfinite(backoff_factor) || backoff_factor < 1.0 || backoff_factor > 10.0) {
    return "backoff_factor must be a number from 1 to 10";
  }
  if (unresponsive_after <= heartbeat_every) {
    return "unresponsive_after must be longer than heartbeat_every (else a healthy channel is closed)";
  }
  return std::nullopt;
}

}  // namespace clustersim::model
