#include "model/raft/decision_log.h"

namespace clustersim::model {

std::string format_nanos(std::chrono::nanoseconds duration) {
  const std::int64_t ns = duration.count();
  if (ns != 0 && ns % 1'000'000'000 == 0) return std::to_string(ns / 1'000'000'000) + "s";
  if (ns != 0 && ns % 1'000'000 == 0) return std::to_string(ns / 1'000'000) + "ms";
  if (ns != 0 && ns % 1'000 == 0) return std::to_string(ns / 1'000) + "us";
  return std::to_string(ns) + "ns";
}

}  // namespace clustersim::model
