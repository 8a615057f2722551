#include "sim/simulation/request_log.h"

namespace clustersim::sim {

std::string describe_request(const model::RequestEnded& ended, const std::vector<std::string>& ids) {
  if (ended.kind == model::RequestEnded::Kind::leadership_transfer) return "transfer to " + ids.at(ended.target);
  return std::string(model::change_kind_name(ended.change.kind)) + " " + ids.at(ended.change.node);
}

void RequestLog::on_request_ended(NodeIndex node, const model::RequestEnded& ended) {
  outcomes_.push_back({kernel_.now(), node, ended});
  std::vector<std::string> ids;
  for (NodeIndex i = 0; i < cluster_.size(); ++i) ids.push_back(cluster_.id(i));
  record_(describe_request(ended, ids) + " at " + cluster_.id(node) + (ended.succeeded ? ": done, " : ": FAILED, ") +
          ended.reason);
}

}  // namespace clustersim::sim
