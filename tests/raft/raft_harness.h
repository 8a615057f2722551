// One RaftNode driven by hand: fixed randomness (every draw is its lower bound), and the
// output split into what tests assert on.
#pragma once

#include <string>
#include <vector>

#include "model/raft/raft_node.h"

namespace clustersim::model::testing {

using std::chrono::milliseconds;

class LowestDraw final : public RandomSource {
 public:
  std::chrono::nanoseconds uniform(std::chrono::nanoseconds low, std::chrono::nanoseconds) override {
    return low;
  }
};

inline RaftConfig three_voters() {
  RaftConfig config = RaftConfig::hashicorp_defaults();
  config.members = {{"n0", true}, {"n1", true}, {"n2", true}};
  return config;
}

struct RaftHarness {
  explicit RaftHarness(RaftConfig config = three_voters(), DurableState durable = {},
                       NodeIndex self = 0)
      : node(config, self, std::move(durable), random, output) {}

  // Observations so far as "Candidate", "leader=n1", "leader=" (cleared); then cleared.
  std::vector<std::string> observations() {
    std::vector<std::string> out;
    for (const Observation& o : node.output().observations) {
      if (o.kind == Observation::Kind::raft_state) {
        out.emplace_back(raft_state_name(o.state));
      } else {
        out.push_back("leader=" + (o.leader == no_node ? std::string() : node.config().members[o.leader].id));
      }
    }
    node.output().observations.clear();
    return out;
  }

  // Messages sent so far (then cleared).
  std::vector<Send> sent() {
    std::vector<Send> out = std::move(node.output().sends);
    node.output().sends.clear();
    return out;
  }

  Message heartbeat_from_term(std::uint64_t term) {
    Message m;
    m.type = MessageType::append_entries;
    m.heartbeat = true;
    m.term = term;
    return m;
  }

  Message vote_request(MessageType type, std::uint64_t term, std::uint64_t last_index,
                       std::uint64_t last_term) {
    Message m;
    m.type = type;
    m.term = term;
    m.last_log_index = last_index;
    m.last_log_term = last_term;
    return m;
  }

  Message vote_response(MessageType type, std::uint64_t term, bool granted) {
    Message m;
    m.type = type;
    m.term = term;
    m.granted = granted;
    return m;
  }

  LowestDraw random;
  Output output;
  RaftNode node;
};

}  // namespace clustersim::model::testing
