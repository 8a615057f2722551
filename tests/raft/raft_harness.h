// One RaftNode driven by hand: fixed randomness (every draw is its lower bound), and its
// effects recorded and split into what tests assert on.
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
  config.members = {{"n0"}, {"n1"}, {"n2"}};
  return config;
}

struct Send {
  NodeIndex to;
  Message message;
};

// Keeps what the node asks for, each kind in its own list, in order.
class RecordedEffects final : public Effects {
 public:
  void send(NodeIndex to, const Message& message) override { sends.push_back(Send{to, message}); }
  void timer(const TimerCommand& command) override { timers.push_back(command); }
  void observe(const Observation& observation) override { observations.push_back(observation); }

  std::vector<Send> sends;
  std::vector<TimerCommand> timers;
  std::vector<Observation> observations;
};

struct RaftHarness {
  explicit RaftHarness(RaftConfig config = three_voters(), DurableState durable = {},
                       NodeIndex self = 0)
      : node(config, self, std::move(durable), random, effects) {}

  // Observations so far as "Candidate", "leader=n1", "leader=" (cleared); then cleared.
  std::vector<std::string> observations() {
    std::vector<std::string> out;
    for (const Observation& o : effects.observations) {
      if (o.kind == Observation::Kind::raft_state) {
        out.emplace_back(raft_state_name(o.state));
      } else {
        out.push_back("leader=" + (o.leader == no_node ? std::string() : node.config().members[o.leader].id));
      }
    }
    effects.observations.clear();
    return out;
  }

  // Messages sent so far (then cleared).
  std::vector<Send> sent() {
    std::vector<Send> out = std::move(effects.sends);
    effects.sends.clear();
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
  RecordedEffects effects;
  RaftNode node;
};

}  // namespace clustersim::model::testing
