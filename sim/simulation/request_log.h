// RequestLog: how each operator request a run made ended (membership changes and leadership
// transfers, from the timeline or the preferred-leader transfer), kept for the summary and the
// oracles, and told as a line of the run's action record.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/cluster/cluster.h"

namespace clustersim::sim {

struct RequestOutcome {
  Time at;        // when it ended
  NodeIndex node;  // the leader that took it
  model::RequestEnded ended;
};

// "add voter ctrl4" or "transfer to ctrl3", in the node ids of `ids`.
std::string describe_request(const model::RequestEnded& ended, const std::vector<std::string>& ids);

class RequestLog final : public NodeListener {
 public:
  RequestLog(Kernel& kernel, SimCluster& cluster, std::function<void(std::string)> record)
      : kernel_(kernel), cluster_(cluster), record_(std::move(record)) {}
  const std::vector<RequestOutcome>& outcomes() const { return outcomes_; }

 private:
  void on_observation(NodeIndex, const model::Observation&) override {}
  void on_state(NodeIndex, model::RaftState, std::uint64_t, NodeIndex) override {}
  void on_crash(NodeIndex) override {}
  void on_restart(NodeIndex) override {}
  void on_held_down(NodeIndex) override {}
  void on_pause(NodeIndex) override {}
  void on_resume(NodeIndex) override {}
  void on_request_ended(NodeIndex node, const model::RequestEnded& ended) override;

  Kernel& kernel_;
  SimCluster& cluster_;
  std::function<void(std::string)> record_;
  std::vector<RequestOutcome> outcomes_;
};

}  // namespace clustersim::sim
